"""The performance harness runs and reports every measurement; its figures are never asserted.

This machine is shared and noisy, so nothing here times anything: ``--quick`` runs a little of
each part only to show that the harness works and writes a complete report.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VERDICTS = {"pass", "FAIL", "info"}


def _quick_run(tmp_path: Path, *args: str) -> tuple[dict, str]:
    out = tmp_path / "results.json"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run_all.py"),
            "--quick",
            "--json",
            str(out),
            "--cache",
            str(tmp_path / "cache"),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(out.read_text(encoding="utf-8")), done.stdout


def _rows(report: dict) -> dict[str, dict[str, str]]:
    return {row["measure"]: row for row in report["summary"]}


def test_quick_startup_and_search_are_reported_beside_their_baselines(tmp_path):
    report, printed = _quick_run(tmp_path, "--only", "startup,search")
    assert report["quick"] is True
    assert {"cpu", "cores", "python", "pyside6", "qt", "os"} <= set(report["machine"])
    startup = report["startup"]
    assert startup["app"]["median_ms"] > 0
    assert startup["bare_qwizard_baseline"]["median_ms"] > 0
    assert startup["ratio"] > 0
    # The app's QApplication is made inside main(), as consent-app makes it: in build_window.
    assert {"interpreter", "imports", "build_window", "first_paint"} == set(
        startup["app"]["phases_median_ms"]
    )
    assert {"interpreter", "qt_application", "build_window", "first_paint"} == set(
        startup["bare_qwizard_baseline"]["phases_median_ms"]
    )
    assert startup["intake_widgets_in_plain_qt"]["median_ms"] > 0
    search = report["search"]
    assert search["store"]["sessions"] == report["scale"]["search_sessions"]
    assert search["baseline_store"]["sessions"] == report["scale"]["search_baseline_sessions"]
    assert search["store"]["filled_in_this_run"] is True
    assert len(search["store"]["queries"]) == len(search["baseline_store"]["queries"]) == 7
    rows = _rows(report)
    assert len(rows) == 4
    assert {row["result"] for row in rows.values()} <= VERDICTS
    assert "--quick" in printed
    assert "start-up to first page" in printed


def test_a_filled_search_store_is_reused_from_the_cache(tmp_path):
    first, _ = _quick_run(tmp_path, "--only", "search")
    again, _ = _quick_run(tmp_path, "--only", "search")
    assert first["search"]["store"]["filled_in_this_run"] is True
    assert again["search"]["store"]["filled_in_this_run"] is False
    assert again["search"]["store"]["fill_seconds"] == first["search"]["store"]["fill_seconds"]


@pytest.mark.slow
def test_quick_transitions_render_and_memory_are_reported_beside_their_baselines(tmp_path):
    # Each of these builds the real app or seals a record: about half a minute together.
    report, _ = _quick_run(tmp_path, "--only", "transitions,render_seal,memory")
    transitions = report["transitions"]
    assert transitions["app"]["count"] == transitions["bare_qwizard_baseline"]["count"] > 10
    assert transitions["app"]["p95_ms"] > 0
    assert transitions["entering_done_with_export"]["count"] == 1
    # Handing back to staff waits for the PIN: timed apart, not inside the move.
    assert transitions["staff_pin_checks"]["count"] == 1
    assert "patient_signature > review" in transitions["pages_by_move"]
    # The sealed summary shows after the page does: it is sealed in a child process meanwhile.
    shown = transitions["entering_done_shown"]["p50_ms"]
    assert 0 < shown < transitions["entering_done_with_export"]["p50_ms"]
    render = report["render_seal"]
    for name in (
        "render_and_seal_warm",
        "one_page_pdf_baseline",
        "render_command_process",
        "bare_python_baseline",
    ):
        assert render[name]["median_ms"] > 0
    memory = report["memory"]
    assert memory["after_one_session_mb"] > memory["bare_qwizard_baseline_mb"] > 0
    assert len(memory["after_each_session_mb"]) == report["scale"]["memory_sessions"]
    rows = _rows(report)
    assert len(rows) == 8
    assert {row["result"] for row in rows.values()} <= VERDICTS
    assert report["load_average_at_start"]
    assert report["load_average_at_end"]
