"""Running ``consent-app`` as a person would: a separate process, headless."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str, stdin: str = "", cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``python -m consent_app ARGS`` with the offscreen Qt platform; output captured as text."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return _run([sys.executable, "-m", "consent_app", *args], stdin, env, cwd)


def run_installed(
    program: str | Path, *args: str, stdin: str = "", cwd: Path, platform: str = "offscreen"
) -> subprocess.CompletedProcess[str]:
    """An installed ``consent-app`` (a venv's or a bundle's), started as a clinic would start it:
    from a folder outside the checkout, with no PYTHONPATH leading back to it; offscreen unless
    ``platform`` names another Qt platform."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CONSENT_APP_DATA_DIR")}
    env["QT_QPA_PLATFORM"] = platform
    return _run([str(program), *args], stdin, env, cwd)


def _run(
    argv: list[str], stdin: str, env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    """A command, fed ``stdin``, its output captured as text; two minutes at most."""
    return subprocess.run(
        argv, input=stdin, capture_output=True, text=True, env=env, timeout=120, cwd=cwd
    )


def smoke_run(program: Path, folder: Path) -> subprocess.CompletedProcess[str]:
    """Provision a staff PIN in a new data folder inside ``folder``, then ``--smoke`` there."""
    data = folder / "smoke-data"
    pin = run_installed(
        program, "--data-dir", str(data), "admin", "set-pin", stdin="4821\n", cwd=folder
    )
    assert pin.returncode == 0, pin.stdout + pin.stderr
    return run_installed(program, "--data-dir", str(data), "--smoke", cwd=folder)


def seal_request(folder: Path) -> str:
    """The seal worker's request (JSON) for a ready session, with its data folder and records
    folder inside ``folder``."""
    from sessions import ready_session

    from consent_app.paths import DataPaths
    from consent_app.resources_door import load_form
    from consent_app.seal_worker import SealRequest
    from consent_app.settings import Settings

    session = ready_session(load_form("vertebroplasty", "en"))
    settings = Settings(clinic_name="Test Clinic", timezone="Europe/London")
    data, records = DataPaths(folder / "seal-data"), folder / "seal-records"
    return SealRequest.for_session(session, settings, data, records).model_dump_json()


def sealed_answer(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    """The seal worker's answer, which must say the summary was sealed and checked intact."""
    assert result.returncode == 0, result.stdout + result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["outcome"] == "sealed", answer
    assert answer["check"]["ok"], answer
    assert Path(answer["file"]).is_file()
    return answer
