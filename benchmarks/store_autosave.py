"""Benchmark: records search over 100,000 stored sessions, and autosave's cost on the UI thread.

Targets (issue 4): a search answers in at most 50 ms with 100,000 sessions stored; autosave
takes at most one frame (16 ms) of the UI thread. Reported as medians with the spread and as a
ratio to the target, never asserted: this machine is shared and noisy.

Run: ``python benchmarks/store_autosave.py [--sessions N] [--runs N] [--json OUT.json]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

SEARCH_TARGET_MS = 50.0
FRAME_MS = 16.0
FIRST = ["Margaret", "John", "Zoë", "Amir", "Ruth", "Peter", "Ana", "Wei", "Olga", "Kofi"]
LAST = ["Ellis", "O'Brien", "Łukasiewicz", "Patel", "Adeyemi", "Quill", "García", "Chen"]


def _stats(samples: list[float], target_ms: float) -> dict[str, float]:
    ordered = sorted(samples)
    median = statistics.median(ordered) * 1000
    return {
        "median_ms": round(median, 2),
        "min_ms": round(ordered[0] * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
        "target_ms": target_ms,
        "ratio_to_target": round(median / target_ms, 3),
    }


def _fill(store, form, count: int) -> None:
    """``count`` sessions: varied names, MRNs, dates and statuses, written in bulk."""
    from sessions import ready_session

    from consent_app.domain.session import SessionStatus

    rng = random.Random(4)
    template = ready_session(form)
    statuses = list(SessionStatus)
    start = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)

    def sessions():
        for n in range(count):
            session = template.model_copy(deep=True)
            session.session_id = f"{n:032x}"
            session.intake.full_name = f"{rng.choice(FIRST)} {rng.choice(LAST)}-{n}"
            session.intake.mrn = f"MRN-{n:06d}"
            session.intake.scheduled_at = start + timedelta(hours=7 * n)
            session.updated_at = session.intake.scheduled_at - timedelta(days=1)
            session.status = rng.choice(statuses)
            yield session

    store.save_many(sessions())


def _time(call, runs: int) -> list[float]:
    call()  # warm the page cache, as a browser already open would be
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        samples.append(time.perf_counter() - began)
    return samples


def fill_store(path: Path, count: int) -> float:
    """A store at ``path`` holding ``count`` sessions; returns the seconds the fill took."""
    from consent_app.resources_door import load_form
    from consent_app.store import SessionStore

    store = SessionStore(path)
    began = time.perf_counter()
    _fill(store, form=load_form("vertebroplasty", "en"), count=count)
    return time.perf_counter() - began


def search_timings(path: Path, runs: int) -> dict[str, dict[str, float]]:
    """Each kind of search the records browser makes, over the store at ``path``."""
    from consent_app.domain.session import SessionStatus
    from consent_app.store import SessionStore

    store = SessionStore(path)
    queries = {
        "name part ('obrien' folded)": lambda: store.search("o'brien"),
        "name, rare ('adeyemi-9999')": lambda: store.search("adeyemi-9999"),
        "MRN prefix ('MRN-0999')": lambda: store.search("MRN-0999"),
        "status (awaiting discussion)": lambda: store.search(
            status=SessionStatus.AWAITING_DISCUSSION
        ),
        "procedure date": lambda: store.search(on=date(2026, 3, 1)),
        "name + status + date": lambda: store.search(
            "margaret", SessionStatus.COMPLETED, date(2026, 3, 1)
        ),
        "resume list": store.resumable,
    }
    return {name: _stats(_time(query, runs), SEARCH_TARGET_MS) for name, query in queries.items()}


def bench_search(count: int, runs: int) -> dict[str, object]:
    path = Path(tempfile.mkdtemp()) / "sessions.sqlite3"
    filled_s = fill_store(path, count)
    return {
        "sessions": count,
        "fill_seconds": round(filled_s, 1),
        "database_mb": round(path.stat().st_size / 1e6, 1),
        "queries": search_timings(path, runs),
    }


def bench_autosave(runs: int) -> dict[str, object]:
    from PySide6.QtWidgets import QApplication
    from sessions import ready_session

    import consent_app.ui  # noqa: F401
    from consent_app.resources_door import load_form
    from consent_app.store import SessionStore
    from consent_app.ui.autosave import Autosaver

    app = QApplication.instance() or QApplication([])
    form = load_form("vertebroplasty", "en")
    store = SessionStore(Path(tempfile.mkdtemp()) / "sessions.sqlite3")
    saver = Autosaver(store, lambda: datetime.now(UTC))
    session = ready_session(form)  # a whole session: every answer and four signatures
    saver.track(session, saved=False)
    saver.changed()
    ui_thread, written = [], []
    for n in range(runs):
        session.intake.proceduralist = f"Dr Amir Patel {n}"  # one answer changed
        began = time.perf_counter()
        saver.changed()
        saver.flush()  # the UI thread's part: snapshot and hand-over
        ui_thread.append(time.perf_counter() - began)
        began = time.perf_counter()
        saver.flush(wait=True)  # the background write, with its fsync (not on the UI thread)
        written.append(time.perf_counter() - began)
        app.processEvents()
    saver.close()
    return {
        "record_kb": round(len(session.model_dump_json()) / 1024, 1),
        "ui_thread": _stats(ui_thread, FRAME_MS),
        "background_write": _stats(written, FRAME_MS),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--json", metavar="OUT.json")
    args = parser.parse_args()
    report = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "search": bench_search(args.sessions, args.runs),
        "autosave": bench_autosave(args.runs),
    }
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
