"""The PyInstaller one-folder bundle: built from packaging/consent-app.spec, it starts offscreen,
finds its forms and resources, and seals and verifies a summary with what it carries.

Building takes about a minute, once for the module. The seal and verify step is there because
the smoke run never loads the PDF stack: a font, a module excluded by the spec or a data file
of reportlab, pikepdf or pyHanko missing from the bundle fails only there.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from commands import run_installed, seal_request, sealed_answer, smoke_run
from sessions import ready_session

from consent_app.resources_door import load_form

pytest.importorskip(
    "PyInstaller",
    reason="PyInstaller is not installed (the [test] extra installs it; CI always has it)",
)

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``dist/consent-app/consent-app``, built once for the module outside the checkout."""
    folder = tmp_path_factory.mktemp("bundle")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(folder / "dist"),
            "--workpath",
            str(folder / "work"),
            str(ROOT / "packaging" / "consent-app.spec"),
        ],
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-5000:]
    return folder / "dist" / "consent-app" / "consent-app"


def test_bundle_answers_help(bundle: Path) -> None:
    result = run_installed(bundle, "--help", cwd=bundle.parent.parent)
    assert result.returncode == 0, result.stderr
    assert "--data-dir" in result.stdout


def test_bundle_passes_the_smoke_run_with_its_own_data(bundle: Path) -> None:
    result = smoke_run(bundle, bundle.parent.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("smoke ok: "), result.stdout
    data = Path(result.stdout.rsplit("data from ", 1)[1].strip())
    assert data.is_relative_to(bundle.parent), data


@pytest.mark.skipif(
    shutil.which("xvfb-run") is None, reason="Xvfb is not installed (apt-get install xvfb xauth)"
)
def test_bundle_starts_on_an_x11_screen(bundle: Path) -> None:
    folder = bundle.parent.parent
    data = ["--data-dir", str(folder / "x11-data")]
    pin = run_installed(bundle, *data, "admin", "set-pin", stdin="4821\n", cwd=folder)
    assert pin.returncode == 0, pin.stderr
    # The xcb platform plugin and the X libraries it needs travelled with the bundle.
    result = run_installed(
        "xvfb-run", "-a", str(bundle), *data, "--smoke", cwd=folder, platform="xcb"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "platform xcb" in result.stdout


def test_bundle_seals_a_summary_and_verifies_it(bundle: Path) -> None:
    folder = bundle.parent.parent
    record = folder / "record.json"
    record.write_text(ready_session(load_form("vertebroplasty", "en")).model_dump_json())
    data = ["--data-dir", str(folder / "render-data")]
    rendered = run_installed(bundle, *data, "render", str(record), "-o", "out.pdf", cwd=folder)
    assert rendered.returncode == 0, rendered.stderr
    verified = run_installed(bundle, "verify", "out.pdf", cwd=folder)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "intact" in verified.stdout


def test_bundle_seals_in_its_own_seal_worker(bundle: Path) -> None:
    """The child the bundled window starts to seal a summary (``[sys.executable, "seal-worker"]``
    when frozen) finds reportlab, pikepdf and pyHanko in the bundle, though the window never
    imports them."""
    folder = bundle.parent.parent
    result = run_installed(bundle, "seal-worker", stdin=seal_request(folder), cwd=folder)
    sealed_answer(result)
