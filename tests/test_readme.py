"""The README's first screen stays true: CI runs exactly its test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _shell_blocks(text: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", text, flags=re.S)]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    test_command = next(b for b in _shell_blocks(readme) if "pytest" in b)
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci_lines


def test_readme_start_command_installs_and_starts_the_app() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_screen = readme[: readme.index("## ")]
    blocks = _shell_blocks(first_screen)
    assert len(blocks) == 2
    assert "pip install ." in blocks[0]
    assert blocks[0].endswith("consent-app")
    assert "pytest" in blocks[1]


def test_every_picture_the_readme_shows_is_in_the_repository() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme)
    assert len(pictures) >= 3
    assert [p for p in pictures if not (ROOT / p).is_file()] == []
