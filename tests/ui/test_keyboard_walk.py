"""The whole wizard can be completed with the keyboard alone, in a real window.

Offscreen Qt has no focus widget, so ``keyboard_walk.py`` runs on a virtual X display (Xvfb,
``QT_QPA_PLATFORM=xcb``) in its own process. It finds every control by Tab (and the arrows
within a group of choices) and presses it with Space, types into text fields and the staff PIN
dialog, and reports each step the keyboard could not do.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WALK = Path(__file__).with_name("keyboard_walk.py")

pytestmark = pytest.mark.skipif(
    shutil.which("Xvfb") is None,
    reason="Xvfb is not installed (apt-get install xvfb): a real window is needed for focus",
)


@pytest.fixture(scope="module")
def display():
    """A private virtual X display, larger than the 1280x800 window; stopped afterwards."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1400x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as announced:
        number = announced.readline().strip()  # Xvfb writes its display number when ready
    assert number, "Xvfb did not start"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module")
def walk(display) -> dict:
    """The walk's report: the page reached, each step's keys, and what needed more than keys."""
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
        ),
    }
    env.pop("WAYLAND_DISPLAY", None)
    done = subprocess.run(
        [sys.executable, str(WALK)], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"the keyboard walk failed:\n{done.stderr[-3000:]}"
    return json.loads(done.stdout)


def test_the_whole_wizard_can_be_completed_by_keyboard_alone(walk):
    assert walk["platform"] == "xcb"
    assert walk["error"] == ""
    assert walk["gaps"] == []
    assert walk["reached"] == "done"
    assert walk["exported"]
    pages = {step["page"] for step in walk["steps"]}
    assert {"intake", "checklist", "handover", "risks", "review", "staff_signatures"} <= pages


def test_the_signature_pads_can_be_signed_by_keyboard(walk):
    """Each pad takes the keyboard: Tab to it, type the name, press Enter."""
    assert walk["mouse"] == []
