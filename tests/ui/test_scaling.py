"""No page clips or overlaps text at 125 %, 150 % and 200 % scaling, in either orientation.

The scale is the device pixel ratio of a high-DPI tablet (``QT_SCALE_FACTOR``), which Qt reads
only when the QApplication is made, so each scale is walked by ``scaling_probe.py`` in its own
process, and the patient pages in Spanish in one more process per scale; all run at once. The
window keeps 1280x800 (or 800x1280) logical pixels. Each case is one scale, one orientation, one
language and one of the patient's display choices; the staff pages are walked once, in English
with the standard display (neither the patient's language nor display reaches them).

Spanish sentences run longer than English ones, so Spanish clips first where room is scarcest:
at the largest text, in both themes. It is walked there, at the smallest and the largest
scale: four walks more than the twelve in English, not twelve. (Walked at every text size
and scale once, Spanish found nothing more than these cases do.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from scaling_probe import DISPLAYS, LANGUAGES, SIZES

from consent_app.domain.form_versions import PATIENT_PAGE_CONTENT

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("scaling_probe.py")
SCALES = ("1.25", "1.5", "2")
#: Where the patient pages are also walked in Spanish: the scales and the displays.
SPANISH_SCALES = ("1.25", "2")
SPANISH_DISPLAYS = ("largest", "largest+contrast")
#: Every page the walk must reach, or an early stop would pass for "nothing clipped".
STAFF_PAGES = {"intake", "checklist", "handover", "review", "staff_signatures", "done"}
PATIENT_PAGES = set(PATIENT_PAGE_CONTENT)


def _walks() -> dict[tuple[str, str], list[str]]:
    """The probe's arguments for each (scale, language) process."""
    english = {(scale, "en"): [] for scale in SCALES}
    displays = [arg for display in SPANISH_DISPLAYS for arg in ("--display", display)]
    spanish = {(scale, "es"): ["--language", "es", *displays] for scale in SPANISH_SCALES}
    return english | spanish


def _cases() -> list:
    cases = []
    for (scale, language), _args in _walks().items():
        displays = [d[0] for d in DISPLAYS] if language == "en" else SPANISH_DISPLAYS
        for width, height in SIZES:
            for display in displays:
                size = f"{width}x{height}"
                cases.append(
                    pytest.param(
                        scale, size, language, display, id=f"{scale}-{size}-{language}-{display}"
                    )
                )
    return cases


@pytest.fixture(scope="module")
def probes(tmp_path_factory) -> dict[tuple[str, str], dict]:
    """Each scale walked once per language, all at once: what ``clipped`` found, per state."""
    shots = tmp_path_factory.mktemp("clipped_pages")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
        ),
    }
    running = {
        (scale, language): subprocess.Popen(
            [sys.executable, str(PROBE), "--shots", str(shots), *args],
            env={**env, "QT_SCALE_FACTOR": scale},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for (scale, language), args in _walks().items()
    }
    results = {}
    for (scale, language), process in running.items():
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, (
            f"probe at scale {scale} ({language}) failed:\n{err[-3000:]}"
        )
        results[scale, language] = json.loads(out) | {"shots": str(shots)}
    return results


@pytest.mark.parametrize(("scale", "size", "language", "display"), _cases())
def test_no_text_is_clipped_or_overlapping(probes, scale, size, language, display):
    probe = probes[scale, language]
    prefix = f"{size} {language} {display} "
    visited = {key[len(prefix) :].split()[0] for key in probe["visited"] if key.startswith(prefix)}
    staff = language == LANGUAGES[0] and display == DISPLAYS[0][0]
    expected = PATIENT_PAGES | (STAFF_PAGES if staff else set())
    assert visited >= expected, f"the walk missed {sorted(expected - visited)}"
    found = {key: lines for key, lines in probe["findings"].items() if key.startswith(prefix)}
    assert found == {}, f"screenshots of these pages in {probe['shots']}"
