"""No page clips or overlaps text at 125 %, 150 % and 200 % scaling, in either orientation.

The scale is the device pixel ratio of a high-DPI tablet (``QT_SCALE_FACTOR``), which Qt reads
only when the QApplication is made, so each scale is walked by ``scaling_probe.py`` in its own
process; the three run at once. The window keeps 1280x800 (or 800x1280) logical pixels. Each
case is one scale, one orientation and one of the patient's display choices; the staff pages
are walked with the standard display (the patient's choice does not reach them).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from scaling_probe import DISPLAYS, SIZES

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("scaling_probe.py")
SCALES = ("1.25", "1.5", "2")
#: Every page the walk must reach, or an early stop would pass for "nothing clipped".
STAFF_PAGES = {"intake", "checklist", "handover", "review", "staff_signatures", "done"}
PATIENT_PAGES = {
    "procedure",
    "positioning",
    "allergy",
    "risks",
    "understanding",
    "decision",
    "patient_signature",
}


def _cases() -> list:
    cases = []
    for scale in SCALES:
        for width, height in SIZES:
            for display, _button, _contrast in DISPLAYS:
                cases.append(
                    pytest.param(
                        scale,
                        f"{width}x{height}",
                        display,
                        id=f"{scale}-{width}x{height}-{display}",
                    )
                )
    return cases


@pytest.fixture(scope="module")
def probes(tmp_path_factory) -> dict[str, dict]:
    """Each scale walked once, the three in parallel: what ``clipped`` found, per state."""
    shots = tmp_path_factory.mktemp("clipped_pages")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
        ),
    }
    running = {
        scale: subprocess.Popen(
            [sys.executable, str(PROBE), "--shots", str(shots)],
            env={**env, "QT_SCALE_FACTOR": scale},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for scale in SCALES
    }
    results = {}
    for scale, process in running.items():
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, f"probe at scale {scale} failed:\n{err[-3000:]}"
        results[scale] = json.loads(out) | {"shots": str(shots)}
    return results


@pytest.mark.parametrize(("scale", "size", "display"), _cases())
def test_no_text_is_clipped_or_overlapping(probes, scale, size, display):
    probe = probes[scale]
    prefix = f"{size} {display} "
    visited = {key[len(prefix) :].split()[0] for key in probe["visited"] if key.startswith(prefix)}
    expected = PATIENT_PAGES | (STAFF_PAGES if display == DISPLAYS[0][0] else set())
    assert visited >= expected, f"the walk missed {sorted(expected - visited)}"
    found = {key: lines for key, lines in probe["findings"].items() if key.startswith(prefix)}
    assert found == {}, f"screenshots of these pages in {probe['shots']}"
