"""The wheel: it carries the forms and resources, and installed outside the checkout it starts.

The virtual environment is made with ``--system-site-packages`` and only our wheel goes into it,
with ``--no-deps``. CI reaches no network but the package registries, and downloading and
installing PySide6, reportlab, pyHanko and the rest again (hundreds of MB) would take minutes
and prove nothing about this project: the point is that OUR package's data travels in the
wheel. The interpreter's own site-packages holds an editable install that points at a checkout,
so the tests also check that the venv imports its own copy and that the app reads its data from
there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from commands import run_installed, seal_request, sealed_answer, smoke_run

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built once for the module."""
    folder = tmp_path_factory.mktemp("wheel")
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", folder, ROOT, cwd=folder)
    return next(folder.glob("consent_app-*.whl"))


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    """A virtual environment outside the checkout with the wheel installed, and nothing else."""
    folder = tmp_path_factory.mktemp("install")
    assert not folder.is_relative_to(ROOT)
    env = folder / "venv"
    # No pip of its own: the interpreter's pip, seen through the system site, installs into it.
    _run(sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", env, cwd=folder)
    _run(
        env / "bin" / "python",
        "-m",
        "pip",
        "install",
        "--no-deps",
        "--force-reinstall",
        "--no-index",
        wheel,
        cwd=folder,
    )
    return env


def test_wheel_carries_the_forms_and_resources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "consent_app/forms/vertebroplasty/en.toml" in names
    assert "consent_app/forms/vertebroplasty/es.toml" in names
    assert "consent_app/resources/styles/app.qss" in names
    assert "consent_app/resources/styles/contrast.qss" in names
    assert "consent_app/resources/i18n/consent_app_es.qm" in names
    assert "consent_app/resources/i18n/consent_app_en.qm" in names
    assert "consent_app/resources/summary/en.toml" in names
    assert "consent_app/resources/summary/es.toml" in names
    assert "consent_app/ui/wizard.py" in names


def test_venv_imports_its_own_copy_not_the_checkout(venv: Path) -> None:
    code = "import consent_app.resources as r; print(r.__file__)"
    result = _run(venv / "bin" / "python", "-c", code, cwd=venv.parent)
    where = Path(result.stdout.strip())
    assert where.is_relative_to(venv), where
    assert not where.is_relative_to(ROOT)


def test_installed_app_answers_help(venv: Path) -> None:
    result = run_installed(venv / "bin" / "consent-app", "--help", cwd=venv.parent)
    assert result.returncode == 0, result.stderr
    assert "--data-dir" in result.stdout


def test_installed_app_passes_the_smoke_run_with_its_own_data(venv: Path) -> None:
    result = smoke_run(venv / "bin" / "consent-app", venv.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("smoke ok: "), result.stdout
    data = Path(result.stdout.rsplit("data from ", 1)[1].strip())
    assert data.is_relative_to(venv), data


def test_installed_app_seals_in_its_own_seal_worker(venv: Path) -> None:
    """The child the window starts to seal a summary: the venv's interpreter, running the
    installed package from the folder that holds it."""
    code = (
        "import json; from consent_app.seal_worker import worker_command; "
        "c = worker_command(); print(json.dumps([c.argv, c.cwd]))"
    )
    argv, cwd = json.loads(_run(venv / "bin" / "python", "-c", code, cwd=venv.parent).stdout)
    assert Path(argv[0]).is_relative_to(venv), argv
    assert Path(cwd).is_relative_to(venv), cwd
    result = run_installed(*argv, stdin=seal_request(venv.parent), cwd=Path(cwd))
    sealed_answer(result)
