"""The Qt-free rule: the domain, the store and the PDF renderer never import Qt.

Checked two ways: import-linter reads the static imports (the contract is in pyproject.toml),
and a clean interpreter imports the domain and shows what it actually loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# importlinter.cli has no __main__ guard: `python -m importlinter.cli` does nothing and exits 0.
LINT_IMPORTS = (
    "import sys; from importlinter.cli import lint_imports_command; "
    "lint_imports_command(sys.argv[1:])"
)

DOMAIN_MODULES = [
    "consent_app.domain.clearance",
    "consent_app.domain.validation",
    "consent_app.domain.session",
    "consent_app.domain.form",
    "consent_app.domain.holds",
    "consent_app.settings",
]

PROBE = f"""
import importlib, json, sys
for name in {DOMAIN_MODULES!r}:
    importlib.import_module(name)
print(json.dumps(sorted(sys.modules)))
"""


def test_import_linter_contracts_hold() -> None:
    result = subprocess.run(
        [sys.executable, "-c", LINT_IMPORTS, "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_domain_imports_load_neither_qt_nor_reportlab() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    loaded = json.loads(result.stdout)
    top_level = {name.partition(".")[0] for name in loaded}
    assert set(DOMAIN_MODULES) <= set(loaded)
    assert not top_level & {"PySide6", "shiboken6", "reportlab"}
