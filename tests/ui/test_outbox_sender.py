"""The outbox sender on its thread, the app's wiring, and what staff see in the records browser.

A real FHIR-like server on 127.0.0.1 (``fhir_server.py``) takes the posts. Waits are generous
(``qtbot.waitUntil`` of several seconds): the machine is shared and its timing is not ours.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fhir_server import FhirServer, Mode, transaction_bundle
from PySide6.QtWidgets import QLabel, QPushButton, QTableWidget
from sessions import SIGNATURE_STROKES, ready_session
from wizard_driver import Driver, make_app

from consent_app import app
from consent_app.domain.session import SessionStatus
from consent_app.paths import DataPaths
from consent_app.pin import StaffPin
from consent_app.seal_worker import SealCheck, SealedSummary, worker_command
from consent_app.settings import Settings
from consent_app.store import OutboxRow, OutboxState, SessionStore
from consent_app.ui.context import WizardContext
from consent_app.ui.outbox_sender import OutboxSender
from consent_app.ui.records_browser import LateAttestationDialog, RecordsBrowser

#: The client's timeout here; the slow server takes far longer.
TIMEOUT = 0.5
#: How long a test waits for the sender thread (it usually takes milliseconds).
WAIT_MS = 15_000
SEALED_AT = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def now() -> datetime:
    return datetime.now(UTC)


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    return SessionStore(tmp_path / "sessions.sqlite3")


def sealed(store: SessionStore, form, name: str = "Margaret Ellis", mrn: str = "MRN-104233") -> str:
    """A saved, completed session with one sealed version listed (no file needed here)."""
    session = ready_session(form)
    session.intake.full_name, session.intake.mrn = name, mrn
    store.save(session)
    store.add_version(session.session_id, "summary.pdf", "0" * 64, SEALED_AT, "first export")
    return session.session_id


def bundled(session_id: str, version: int = 1) -> SealedSummary:
    """The seal worker's answer for a sealed version, with the Bundle it built for it."""
    return SealedSummary(
        file=Path(f"summary-v{version}.pdf"),
        sha256="0" * 64,
        check=SealCheck(ok=True),
        bundle=transaction_bundle(session_id, version).decode("utf-8"),
    )


def make_sender(store: SessionStore, server: FhirServer, qtbot) -> OutboxSender:
    sender = OutboxSender(store, server.base_url, TIMEOUT, now)
    sender.start()
    qtbot.waitUntil(sender.running, timeout=WAIT_MS)
    return sender


@pytest.fixture
def senders(qtbot):
    """Every sender a test makes is closed after it, so no thread outlives its test."""
    made: list[OutboxSender] = []

    def make(store: SessionStore, server: FhirServer) -> OutboxSender:
        sender = make_sender(store, server, qtbot)
        made.append(sender)
        return sender

    yield make
    for sender in made:
        sender.close()


def row_of(store: SessionStore, session_id: str) -> OutboxRow | None:
    rows = store.outbox([session_id])
    return rows[0] if rows else None


def wait_for(qtbot, store: SessionStore, session_id: str, check) -> OutboxRow:
    """Wait until the session's row satisfies ``check``; the row."""
    qtbot.waitUntil(
        lambda: (row := row_of(store, session_id)) is not None and check(row), timeout=WAIT_MS
    )
    row = row_of(store, session_id)
    assert row is not None
    return row


def is_sent(row: OutboxRow) -> bool:
    return row.state is OutboxState.SENT


# -- the sender ----------------------------------------------------------------------------------
def test_a_queued_session_is_sent_in_the_background(
    store: SessionStore, form, fhir_server: FhirServer, senders, qtbot
) -> None:
    sender = senders(store, fhir_server)
    session_id = sealed(store, form)
    with qtbot.waitSignal(sender.changed, timeout=WAIT_MS):
        assert sender.enqueue(session_id, 1, bundled(session_id))
    row = wait_for(qtbot, store, session_id, is_sent)
    assert row.last_status == 200
    assert fhir_server.resource("Consent", session_id)["id"] == session_id
    assert fhir_server.transactions == 1


def _refuse(server: FhirServer) -> None:
    server.stop()


@pytest.mark.parametrize(
    ("break_server", "failure", "state"),
    [
        (_refuse, "refused", OutboxState.PENDING),
        (lambda s: setattr(s, "mode", Mode.SLOW), "timeout", OutboxState.PENDING),
        (lambda s: setattr(s, "mode", Mode.SERVER_ERROR), "server_error", OutboxState.PENDING),
        (lambda s: setattr(s, "mode", Mode.REJECT), "rejected", OutboxState.FAILING),
    ],
    ids=["refused", "timeout", "5xx", "4xx"],
)
def test_a_failure_keeps_the_row_with_its_reason_and_it_is_sent_once_the_server_recovers(
    store: SessionStore, form, fhir_server: FhirServer, senders, qtbot, break_server, failure, state
) -> None:
    break_server(fhir_server)
    sender = senders(store, fhir_server)
    session_id = sealed(store, form)
    payload = transaction_bundle(session_id)
    sender.enqueue(session_id, 1, bundled(session_id))
    row = wait_for(qtbot, store, session_id, lambda r: r.attempts >= 1)
    assert (row.state, row.failure) == (state, failure)
    assert store.outbox_due(now() + timedelta(days=1))[0].payload == payload
    # The server comes back; staff press "Send now" rather than wait out the backoff.
    fhir_server.mode = Mode.OK
    if failure == "refused":
        fhir_server.start()
    assert sender.send_now() == 1
    wait_for(qtbot, store, session_id, is_sent)
    assert fhir_server.count("Consent") == 1


def test_rows_left_pending_are_sent_by_the_next_sender_after_a_restart(
    tmp_path: Path, form, fhir_server: FhirServer, senders, qtbot
) -> None:
    first = SessionStore(tmp_path / "sessions.sqlite3")
    fhir_server.stop()
    sender = senders(first, fhir_server)
    session_id = sealed(first, form)
    sender.enqueue(session_id, 1, bundled(session_id))
    wait_for(qtbot, first, session_id, lambda r: r.attempts >= 1)
    sender.close()
    fhir_server.start()
    # A new app on the same database: the row goes out once its backoff (5 s) is over.
    again = SessionStore(tmp_path / "sessions.sqlite3")
    senders(again, fhir_server)
    row = wait_for(qtbot, again, session_id, is_sent)
    assert row.attempts >= 2
    assert fhir_server.resource("Consent", session_id) is not None


def test_a_bundle_the_worker_could_not_build_is_logged_and_nothing_is_queued(
    store: SessionStore, form, fhir_server: FhirServer, senders, caplog
) -> None:
    sender = senders(store, fhir_server)
    session_id = sealed(store, form)
    unbuilt = bundled(session_id).model_copy(
        update={"bundle": None, "bundle_error": "FormError at resources_door.py:59 in load_form"}
    )
    assert not sender.enqueue(session_id, 1, unbuilt)
    assert store.outbox() == []
    assert "could not be built (FormError at resources_door.py:59" in caplog.text
    assert sender.running()


# -- the wiring ----------------------------------------------------------------------------------
def test_without_a_records_server_no_sender_starts(tmp_path: Path, qtbot, monkeypatch) -> None:
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    assert app.connect_outbox(wizard) is None
    assert wizard.context.outbox is None


def test_a_finished_session_reaches_the_records_server_as_a_fhir_bundle(
    tmp_path: Path, qtbot, monkeypatch, fhir_server: FhirServer
) -> None:
    """The app as wired: a records server in the settings is all it takes."""
    from consent_app.fhir import resource_id

    wizard, _ = make_app(tmp_path, qtbot, monkeypatch, fhir_base_url=fhir_server.base_url)
    sender = wizard.context.outbox
    assert sender is not None
    try:
        Driver(wizard).consent_to_done()
        session_id = wizard.context.session.session_id
        row = wait_for(qtbot, wizard.context.store, session_id, is_sent)
        assert row.version == 1
        consent = fhir_server.resource("Consent", resource_id("Consent", session_id))
        assert consent is not None
        assert consent["status"] == "active"
        for kind in ("Patient", "Organization", "DocumentReference", "Provenance"):
            assert fhir_server.count(kind) == 1, kind
    finally:
        sender.close()


# -- what staff see ------------------------------------------------------------------------------
class Desk:
    """A records browser over three sealed sessions: one sent, one refused (4xx), one waiting."""

    def __init__(self, tmp_path: Path, form, settings: Settings, store: SessionStore, qtbot):
        self.store = store
        self.context = WizardContext(
            form=form,
            settings=settings,
            store=store,
            staff_pin=StaffPin(tmp_path / "staff_pin.json"),
            records_dir=tmp_path / "records",
            clock=now,
        )
        self.sent = sealed(store, form, "Zoë Ashworth", "MRN-200417")
        self.refused = sealed(store, form, "Peter Quill", "MRN-310001")
        self.waiting = sealed(store, form, "Ruth Adeyemi", "MRN-201999")
        for session_id in (self.sent, self.refused, self.waiting):
            store.enqueue(session_id, 1, transaction_bundle(session_id), SEALED_AT)
        store.mark_sent(self.sent, 1, 201, SEALED_AT + timedelta(minutes=1))
        store.mark_failed(
            self.refused,
            1,
            state=OutboxState.FAILING,
            failure="rejected",
            error="Consent.patient: the referenced Patient is not valid",
            status=422,
            next_attempt_at=SEALED_AT + timedelta(minutes=16),
            at=SEALED_AT + timedelta(minutes=1),
        )
        store.mark_failed(
            self.waiting,
            1,
            state=OutboxState.PENDING,
            failure="refused",
            error="",
            status=None,
            next_attempt_at=SEALED_AT + timedelta(minutes=1, seconds=5),
            at=SEALED_AT + timedelta(minutes=1),
        )

    def browser(self, qtbot, sender: OutboxSender | None) -> RecordsBrowser:
        self.context.outbox = sender
        browser = RecordsBrowser(self.context)
        qtbot.addWidget(browser)
        return browser


def server_cells(browser: RecordsBrowser) -> dict[str, str]:
    """Each name on show, and its "Records server" cell."""
    table = browser.findChild(QTableWidget, "records_table")
    column = table.columnCount() - 1
    assert table.horizontalHeaderItem(column).text() == "Records server"
    return {table.item(i, 0).text(): table.item(i, column).text() for i in range(table.rowCount())}


def summary(browser: RecordsBrowser) -> str:
    return browser.findChild(QLabel, "outbox_summary").text()


@pytest.fixture
def desk(tmp_path: Path, form, settings: Settings, store: SessionStore, qtbot) -> Desk:
    return Desk(tmp_path, form, settings, store, qtbot)


def test_the_browser_shows_pending_sent_and_failing_with_the_reason(
    desk: Desk, fhir_server: FhirServer, qtbot
) -> None:
    sender = OutboxSender(desk.store, fhir_server.base_url, TIMEOUT, now)
    browser = desk.browser(qtbot, sender)  # the sender is not started: nothing changes
    assert server_cells(browser) == {
        "Zoë Ashworth": "Sent 2026-11-24 12:01 GMT",
        "Peter Quill": "Failing: The records server did not accept the record (HTTP 422): "
        "Consent.patient: the referenced Patient is not valid",
        "Ruth Adeyemi": "Pending, will try again: The records server refused the connection "
        "(it may be down or restarting).",
    }
    assert summary(browser) == "Records server: 1 waiting to be sent, 1 failing."
    assert browser.findChild(QPushButton, "outbox_send_now").isEnabled()
    browser.select(desk.refused)
    details = browser.findChild(QLabel, "record_outbox").text()
    assert "Records server (version 1): Failing: The records server did not accept" in details
    assert "Tries so far: 1; next try 2026-11-24 12:16 GMT." in details


def test_send_now_sends_what_waits_and_the_browser_follows(
    desk: Desk, fhir_server: FhirServer, senders, qtbot
) -> None:
    sender = senders(desk.store, fhir_server)
    browser = desk.browser(qtbot, sender)
    browser.findChild(QPushButton, "outbox_send_now").click()
    qtbot.waitUntil(
        lambda: summary(browser) == "Records server: nothing waiting to be sent.", timeout=WAIT_MS
    )
    assert all(cell.startswith("Sent ") for cell in server_cells(browser).values())
    assert not browser.findChild(QPushButton, "outbox_send_now").isEnabled()
    assert fhir_server.resource("Consent", desk.refused) is not None


def test_without_a_records_server_the_browser_says_nothing_of_one(desk: Desk, qtbot) -> None:
    browser = desk.browser(qtbot, None)
    table = browser.findChild(QTableWidget, "records_table")
    assert table.columnCount() == 6
    assert not browser.findChild(QLabel, "outbox_summary").isVisibleTo(browser)
    assert not browser.findChild(QPushButton, "outbox_send_now").isVisibleTo(browser)


def test_a_late_attestation_s_new_version_is_sealed_with_its_bundle_and_sent_too(
    tmp_path: Path, desk: Desk, fhir_server: FhirServer, senders, qtbot
) -> None:
    from consent_app.fhir import resource_id

    paths = DataPaths(tmp_path / "data")
    paths.ensure()
    desk.context.paths = paths
    desk.context.seal_command = worker_command()
    desk.context.outbox = senders(desk.store, fhir_server)
    session = desk.store.load(desk.sent)
    session.status = SessionStatus.COMPLETED
    desk.store.save(session)
    dialog = LateAttestationDialog(desk.context, desk.sent)
    qtbot.addWidget(dialog)
    dialog.block.name.setText("Dr Amir Patel")
    for stroke in SIGNATURE_STROKES:
        dialog.block.pad.add_stroke(stroke)
    assert dialog.sign()
    dialog.finish()
    assert dialog.version is not None, dialog.problems_label.text()
    assert [r.version for r in desk.store.outbox([desk.sent])] == [1, 2]
    qtbot.waitUntil(
        lambda: desk.store.outbox([desk.sent])[-1].state is OutboxState.SENT, timeout=WAIT_MS
    )
    document = fhir_server.resource(
        "DocumentReference", resource_id("DocumentReference", desk.sent)
    )
    assert document is not None
    attachment = document["content"][0]["attachment"]
    assert attachment["title"] == Path(dialog.version.file).name
