"""Autosave: every change reaches the database within a second, without stalling the screen.

The UI thread only takes a snapshot of the session (a JSON string) and hands it over; a single
writer thread diffs it against the last saved one, turns the differences into audit events and
writes record and events in one SQLite transaction. If a write fails (storage full, database
locked by another program, folder not writable) nothing is dropped: the snapshot and its events
wait, the screen says what is wrong, and the next attempt writes everything.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from consent_app.domain.audit import AuditEvent, EventKind, answer_events
from consent_app.domain.session import ConsentSession, SessionStatus
from consent_app.store import SessionStore, StoreError, search_values

log = logging.getLogger(__name__)

#: Quiet time after the last change before saving, and the longest a change may wait.
DEBOUNCE_MS = 250
MAX_WAIT_MS = 700
#: How often a failed save is tried again.
RETRY_MS = 2000


@dataclass
class _Job:
    """One snapshot to write, with the events that go with it."""

    session: ConsentSession | None = None
    record: str = ""
    search: tuple[str, ...] = ()
    changed_at: datetime | None = None
    events: list[AuditEvent] = field(default_factory=list)
    done: threading.Event | None = None
    ok: bool = False


class Autosaver(QObject):
    """Debounced saving of one session at a time, written on a background thread."""

    failed = Signal(str, str)  # the Fault's value, and what was being done ("saved")
    recovered = Signal()

    def __init__(
        self,
        store: SessionStore,
        clock: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self._session: ConsentSession | None = None
        self._touched = False
        self._events: list[AuditEvent] = []
        self._changed_at: datetime | None = None
        self._lock = threading.Lock()
        self._saved: dict[str, Mapping[str, Any]] = {}  # session id → last saved snapshot
        self._failing = False
        self._unsaved_since: datetime | None = None
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._thread = threading.Thread(target=self._write_forever, name="autosave", daemon=True)
        self._thread.start()
        self._debounce = self._timer(DEBOUNCE_MS)
        self._deadline = self._timer(MAX_WAIT_MS)
        self._retry = self._timer(RETRY_MS)
        self.failed.connect(self._retry_later)

    def _retry_later(self, _fault: str, _doing: str) -> None:
        self._retry.start()

    def _timer(self, interval: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(self.flush)
        return timer

    # -- what the wizard calls ---------------------------------------------------------------
    def track(self, session: ConsentSession, *, saved: bool) -> None:
        """Save this session from now on. ``saved``: it was loaded from the store (a resume).

        A new session is not written until something is entered in it, so opening the app
        and closing it again leaves no empty records behind.
        """
        self.flush(wait=True)
        self._session = session
        self._touched = saved
        self._changed_at = None
        with self._lock:
            self._events = []
            if saved:
                self._saved[session.session_id] = session.model_dump(mode="json")
            else:
                self._saved.pop(session.session_id, None)

    def changed(self) -> None:
        """Something was entered: save soon (within a second, even while typing goes on)."""
        self._touched = True
        self._changed_at = self.clock()
        self._debounce.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def record(self, kind: EventKind, **data: Any) -> None:
        """Add an event to the audit trail; it is written with the next save."""
        with self._lock:
            self._events.append(AuditEvent(kind, self.clock(), data))
        if self._touched and not self._deadline.isActive():
            self._deadline.start()

    def flush(self, wait: bool = False) -> bool:
        """Hand the session as it stands to the writer now; with ``wait``, until it is written.

        Returns False only when waiting and the write failed.
        """
        self._debounce.stop()
        self._deadline.stop()
        self._retry.stop()
        session = self._session
        if session is None or not self._touched:
            return True
        with self._lock:
            events, self._events = self._events, []
        with self._lock:
            # After a failed write its changes are still unsaved: they date from then.
            changed_at = self._unsaved_since or self._changed_at
            self._unsaved_since = None
        job = _Job(
            session=session,
            record=session.model_dump_json(),
            search=search_values(session),
            changed_at=changed_at,
            events=events,
            done=threading.Event() if wait else None,
        )
        self._changed_at = None
        if not self._thread.is_alive():  # closed: write here rather than wait for nobody
            self._write(job)
            return job.ok
        self._queue.put(job)
        if job.done is None:
            return True
        job.done.wait()
        return job.ok

    def failing(self) -> bool:
        """Whether the last write failed (and is being retried)."""
        return self._failing

    def close(self) -> bool:
        """Write what is pending and stop the writer thread."""
        ok = self.flush(wait=True)
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout=10)
        return ok

    # -- the writer thread -------------------------------------------------------------------
    def _write_forever(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            self._write(job)

    def _write(self, job: _Job) -> None:
        session = job.session
        assert session is not None
        snapshot = json.loads(job.record)
        with self._lock:
            before = self._saved.get(session.session_id)
        changes = answer_events(before, snapshot, job.changed_at or self.clock())
        try:
            self.store.save_record(
                session.session_id,
                SessionStatus(snapshot["status"]),
                self.clock(),
                job.search,
                job.record,
                # In the order they happened: a change typed before a page was left comes first.
                sorted([*changes, *job.events], key=lambda event: event.at),
            )
        except StoreError as exc:
            log.warning("autosave failed (%s); will retry", exc.fault.value)
            with self._lock:
                # Nothing is lost: the events go back in front of any newer ones.
                self._events[:0] = job.events
                self._unsaved_since = self._unsaved_since or job.changed_at
            self._failing = True
            self.failed.emit(exc.fault.value, exc.doing)
        else:
            with self._lock:
                self._saved[session.session_id] = snapshot
            job.ok = True
            if self._failing:
                self._failing = False
                log.info("autosave recovered")
                self.recovered.emit()
        finally:
            if job.done is not None:
                job.done.set()
