"""The Qt runtime the app relies on does not abort a long session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_long_session_of_qt_calls_does_not_abort_the_process() -> None:
    # 300,000 calls that return nothing: far more than None's reference count at start-up.
    code = (
        "import consent_app.ui\n"
        "from PySide6.QtCore import QPointF\n"
        "p = QPointF()\n"
        "for _ in range(300_000):\n"
        "    p.setX(1.0)\n"
        "print('alive')\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "alive"


def test_a_whole_session_in_a_fresh_process_exits_cleanly() -> None:
    # The interpreter must also survive its own shutdown after a full session with export.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/ui/test_wizard.py",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=ROOT,
    )
    assert "Fatal Python error" not in result.stderr
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
