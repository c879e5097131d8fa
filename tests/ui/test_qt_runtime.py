"""The Qt runtime the app relies on does not abort a long session."""

from __future__ import annotations

import os
import subprocess
import sys


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
