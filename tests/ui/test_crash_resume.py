"""Killed at any moment, the app loses at most the last second; a restart resumes exactly there.

A scripted session runs in its own process (tests/crash/scripted_session.py) and is killed
with SIGKILL at 20 moments drawn at random (from fixed seeds, so a failure can be replayed).
After each kill the app is started again on the same data folder: the paused session must be
offered for resume, must hold everything entered more than a second before the kill, and the
wizard must resume on the page and card where it stopped.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from wizard_driver import make_app

from consent_app.domain.session import ConsentSession
from consent_app.pin import StaffPin
from consent_app.store import SessionStore

HERE = Path(__file__).resolve().parent
SCRIPT = HERE.parent / "crash" / "scripted_session.py"
sys.path.insert(0, str(HERE.parent / "crash"))
from projection import answers_of  # noqa: E402

#: How much typing a kill may lose: the issue's promise.
GRACE_S = 1.0
KILLS = 20


def _journal(path: Path) -> tuple[float, list[tuple[float, dict]]]:
    ready, states = 0.0, []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by the kill
        if "ready" in entry:
            ready = entry["ready"]
        elif "answers" in entry:
            states.append((entry["t"], entry["answers"]))
    return ready, states


def _run_and_kill(data: Path, journal: Path, seed: int) -> float:
    """Start the scripted session, kill it at a random moment; returns the time of the kill."""
    rng = random.Random(seed)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}
    child = subprocess.Popen(
        [sys.executable, str(SCRIPT), str(data / "data"), str(journal), str(seed)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not journal.exists() or "ready" not in journal.read_text(encoding="utf-8"):
            assert child.poll() is None, child.stderr.read().decode()
            assert time.monotonic() < deadline, "the scripted session did not start"
            time.sleep(0.02)
        # Anywhere in the session: intake, checklist, patient pages, signatures or export.
        time.sleep(rng.uniform(0.3, 9.0))
        assert child.poll() is None, child.stderr.read().decode()
    finally:
        killed_at = time.time()
        child.send_signal(signal.SIGKILL)
        child.wait()
    return killed_at


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(KILLS))
def test_a_kill_loses_at_most_the_last_second_and_resumes_where_it_stopped(
    tmp_path: Path, qtbot, monkeypatch, seed: int
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "settings.json").write_text(
        json.dumps({"clinic_name": "Test Clinic", "timezone": "Europe/London"})
    )
    StaffPin(tmp_path / "data" / "staff_pin.json").set("2468")
    journal = tmp_path / "journal.jsonl"
    killed_at = _run_and_kill(tmp_path, journal, seed)
    _, states = _journal(journal)
    # Everything the session held a second before the kill must be saved: the stored record
    # is that state or a later one, never an earlier one and never one that did not happen.
    due = max((i for i, (t, _) in enumerate(states) if t <= killed_at - GRACE_S), default=-1)

    wizard, data = make_app(tmp_path, qtbot, monkeypatch)
    store = SessionStore(data / "sessions.sqlite3")
    saved = store.session_ids()
    if due < 0 and not saved:
        return  # killed before anything was entered: nothing to lose
    assert len(saved) == 1, f"seed {seed}: expected one saved session, found {len(saved)}"
    stored = store.load(saved[0])
    later = [answers for _, answers in states[max(due, 0) :]]
    assert answers_of(stored) in later, (
        f"seed {seed}: the saved session is not one the script held in the last {GRACE_S} s "
        f"before the kill (journal entries {len(states)}, due from entry {due})"
    )
    if store.versions(stored.session_id):
        return  # killed after the sealed summary was written: nothing left to resume

    assert [row.session_id for row in store.resumable()] == [stored.session_id]
    assert wizard.page_for_name("intake").resume_button.isEnabled()
    wizard.resume(stored.session_id)
    resumed: ConsentSession = wizard.context.session
    assert answers_of(resumed) == answers_of(stored), f"seed {seed}"
    if stored.current_page:
        assert wizard.currentPage().objectName() == stored.current_page, f"seed {seed}"
        deck = getattr(wizard.currentPage(), "deck", None)
        if deck is not None:
            assert deck.index() == stored.current_card, f"seed {seed}"
