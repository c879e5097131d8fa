"""The outbox sender: posts sealed sessions to the records server on a background thread.

The queue lives in the records database (``consent_app.outbox``), so nothing is held here that
a restart could lose: a new sender picks up whatever was left pending. The thread sleeps until
the next row is due (at most ``POLL_S``), and wakes at once on ``wake()`` — after a new session
is queued, or when staff press "Send now". The screen never waits for the network.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from consent_app.outbox import Outcome, deliver_due
from consent_app.seal_worker import SealedSummary
from consent_app.store import OutboxRow, SessionStore, StoreError

log = logging.getLogger(__name__)

#: The longest the sender sleeps: rows queued by another process are picked up within this.
POLL_S = 30.0
#: After the records database could not be read, wait this long before looking again.
AFTER_STORE_FAULT_S = 5.0
#: The shortest sleep, so a clock that jumps cannot make the thread spin.
MIN_WAIT_S = 0.05
#: The longest ``close`` waits for a post under way (the thread is a daemon beyond that).
CLOSE_WAIT_S = 3.0


class OutboxSender(QObject):
    """Sends due outbox rows on one background thread, and queues newly sealed versions."""

    #: Some row's state or reason changed (emitted from the sender thread; delivered queued).
    changed = Signal()

    def __init__(
        self,
        store: SessionStore,
        base_url: str,
        timeout: float,
        clock: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.base_url = base_url
        self.timeout = timeout
        self.clock = clock
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="outbox", daemon=True)
        # Destroyed with its parent window without close(): the thread must not outlive it.
        stop, wake = self._stop, self._wake
        self.destroyed.connect(lambda *_: (stop.set(), wake.set()))

    # -- what the app calls ------------------------------------------------------------------
    def start(self) -> None:
        """Start sending (whatever is already due goes out at once)."""
        if not self._thread.is_alive() and not self._stop.is_set():
            self._thread.start()

    def running(self) -> bool:
        """Whether the sender thread is alive."""
        return self._thread.is_alive()

    def wake(self) -> None:
        """Look for due rows now rather than at the next scheduled time."""
        self._wake.set()

    def enqueue(self, session_id: str, version: int, sealed: SealedSummary) -> bool:
        """Queue a newly sealed version with the FHIR Bundle the seal worker built for it, and
        wake the sender; never raises.

        False (and a log line) when the worker could not build the Bundle, or the store is
        failing: the sealed PDF is safe in the records folder either way.
        """
        if sealed.bundle is None:
            why = sealed.bundle_error or "none was asked for"
            log.error("outbox: the payload for version %d could not be built (%s)", version, why)
            return False
        try:
            self.store.enqueue(session_id, version, sealed.bundle.encode("utf-8"), self.clock())
        except StoreError as exc:
            log.warning("outbox: version %d could not be queued (%s)", version, exc.fault.value)
            return False
        self.changed.emit()
        self.wake()
        return True

    def send_now(self, session_id: str | None = None) -> int:
        """Make every unsent row (or one session's) due now and wake the sender; how many.

        Raises StoreError when the records database cannot be written.
        """
        count = self.store.retry_now(self.clock(), session_id)
        self.wake()
        return count

    def close(self) -> None:
        """Stop the thread, waiting a little for a post under way (its reply is still kept)."""
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=min(self.timeout + 1, CLOSE_WAIT_S))

    # -- the sender thread -------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                deliver_due(
                    self.store,
                    self.base_url,
                    self.timeout,
                    self.clock,
                    stopping=self._stop.is_set,
                    delivered=self._delivered,
                )
                wait = self._until_next()
            except StoreError as exc:
                log.warning("outbox: the records database cannot be read (%s)", exc.fault.value)
                wait = AFTER_STORE_FAULT_S
            except Exception:  # the thread must live on: a dead sender strands every record
                log.exception("outbox: sending failed unexpectedly")
                wait = AFTER_STORE_FAULT_S
            self._wake.wait(wait)

    def _until_next(self) -> float:
        due = self.store.outbox_next_attempt()
        if due is None:
            return POLL_S
        return min(max((due - self.clock()).total_seconds(), MIN_WAIT_S), POLL_S)

    def _delivered(self, _row: OutboxRow, _outcome: Outcome) -> None:
        # The Qt side may be gone (the app is closing): the row is recorded all the same.
        with contextlib.suppress(RuntimeError):
            self.changed.emit()
