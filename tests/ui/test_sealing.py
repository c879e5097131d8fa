"""SealRun: one child sealing one version, its answer emitted exactly once, however it ends."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sessions import ready_session

from consent_app.paths import DataPaths
from consent_app.seal_worker import SealCommand, SealFailure, SealRequest, worker_command
from consent_app.store import Fault
from consent_app.ui.sealing import SealRun


@pytest.fixture
def sealing_request(form, settings, tmp_path: Path) -> SealRequest:
    return SealRequest.for_session(
        ready_session(form), settings, DataPaths(tmp_path / "data"), tmp_path / "records"
    )


def python(code: str) -> SealCommand:
    return SealCommand((sys.executable, "-c", code), worker_command().cwd)


def answers(run: SealRun) -> list[object]:
    found: list[object] = []
    run.ended.connect(found.append)
    return found


def test_a_child_that_cannot_start_is_a_failure(qtbot, sealing_request: SealRequest) -> None:
    run = SealRun(SealCommand(("/no/such/program",)), sealing_request)
    found = answers(run)
    run.start()
    qtbot.waitUntil(lambda: bool(found))
    [answer] = found
    assert isinstance(answer, SealFailure)
    assert "did not start" in answer.reason
    assert not run.running


def test_a_child_that_answers_nonsense_is_a_failure(qtbot, sealing_request: SealRequest) -> None:
    run = SealRun(python("import sys; sys.stdin.read(); print('all done!')"), sealing_request)
    found = answers(run)
    run.start()
    qtbot.waitUntil(lambda: bool(found), timeout=30_000)
    [answer] = found
    assert isinstance(answer, SealFailure)
    assert answer.fault is Fault.OTHER
    assert "cannot be read" in answer.reason


def test_the_child_reads_the_whole_request(qtbot, form, settings, tmp_path: Path) -> None:
    # A long signature: a request far larger than a pipe holds at once.
    session = ready_session(form)
    session.signatures[0].strokes = [[(float(i % 600), 80.0, 0.5) for i in range(20_000)]]
    sealing_request = SealRequest.for_session(
        session, settings, DataPaths(tmp_path / "data"), tmp_path / "records"
    )
    assert len(sealing_request.model_dump_json()) > 200_000
    echo = (
        "import sys, json; n = len(sys.stdin.buffer.read()); "
        "print(json.dumps({'outcome': 'failed', 'fault': 'other', 'reason': str(n)}))"
    )
    run = SealRun(python(echo), sealing_request)
    found = answers(run)
    run.start()
    qtbot.waitUntil(lambda: bool(found), timeout=30_000)
    assert found[0].reason == str(len(sealing_request.model_dump_json().encode("utf-8")))


def test_finish_waits_for_the_answer_and_stops_a_child_past_the_wait(
    qtbot, sealing_request: SealRequest
) -> None:
    run = SealRun(python("import time; time.sleep(60)"), sealing_request)
    found = answers(run)
    run.start()
    run.finish(0.5)
    [answer] = found  # emitted before finish() returned
    assert isinstance(answer, SealFailure)
    assert "after a wait of 0.5 s" in answer.reason
    assert not run.running
