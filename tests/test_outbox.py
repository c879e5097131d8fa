"""The outbox: sealed sessions reach a real (small) FHIR server, and nothing is lost on the way.

Every test posts over HTTP to the server in ``fhir_server.py`` on 127.0.0.1. Time is a test
clock moved by hand, so the backoff is checked by value and no test waits for a retry.
"""

from __future__ import annotations

import json
import socket
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fhir_server import FhirServer, Mode, patient_id, transaction_bundle
from pydantic import ValidationError
from sessions import ready_session

from consent_app import outbox
from consent_app.domain.audit import EventKind, verify_chain
from consent_app.outbox import (
    LONGEST_WAIT,
    Outcome,
    SendFailure,
    backoff,
    deliver_due,
    diagnostics,
    send,
)
from consent_app.settings import Settings
from consent_app.store import OutboxRow, OutboxState, SessionStore, StoreError

T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
#: The client's timeout in these tests; the slow server takes far longer.
TIMEOUT = 0.5


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    return SessionStore(tmp_path / "sessions.sqlite3")


def sealed(store: SessionStore, form, version: int = 1) -> str:
    """A saved session with ``version`` sealed versions listed (the files need not exist)."""
    session = ready_session(form)
    store.save(session)
    for _ in range(version):
        store.add_version(session.session_id, "summary.pdf", "0" * 64, T0, "first export")
    return session.session_id


def queued(store: SessionStore, form, clock: Clock, version: int = 1) -> tuple[str, bytes]:
    """A sealed session queued with its transaction Bundle."""
    session_id = sealed(store, form, version)
    payload = transaction_bundle(session_id, version)
    assert store.enqueue(session_id, version, payload, clock())
    return session_id, payload


def only_row(store: SessionStore) -> OutboxRow:
    (row,) = store.outbox()
    return row


def deliver(store: SessionStore, server: FhirServer, clock: Clock) -> int:
    return deliver_due(store, server.base_url, TIMEOUT, clock)


def payload_kept(store: SessionStore, clock: Clock, payload: bytes) -> None:
    """The row is still unsent, and its payload is exactly what was queued."""
    (due,) = store.outbox_due(clock() + timedelta(days=1))
    assert due.payload == payload


def recover(store: SessionStore, server: FhirServer, clock: Clock, session_id: str) -> OutboxRow:
    """Let the server answer normally, wait out the backoff, deliver; the row as it ends."""
    server.mode = Mode.OK
    clock.advance(LONGEST_WAIT)
    assert deliver(store, server, clock) == 1
    row = only_row(store)
    assert row.state is OutboxState.SENT
    assert server.resource("Consent", session_id) is not None
    return row


# -- the backoff schedule ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("attempts", "seconds"),
    [
        *[(0, 0), (1, 5), (2, 10), (3, 20), (4, 40), (5, 80), (6, 160), (7, 320), (8, 640)],
        *[(9, 900), (10, 900), (60, 900), (10_000, 900)],
    ],
)
def test_backoff_doubles_from_five_seconds_to_fifteen_minutes(attempts: int, seconds: int) -> None:
    assert backoff(attempts) == timedelta(seconds=seconds)


def test_a_refusal_waits_the_longest_interval_even_on_the_first_try() -> None:
    rejected = Outcome(False, 422, SendFailure.REJECTED, "invalid")
    assert outbox.next_attempt_at(rejected, 1, T0) == T0 + timedelta(minutes=15)
    assert rejected.state is OutboxState.FAILING
    refused = Outcome(False, None, SendFailure.REFUSED)
    assert outbox.next_attempt_at(refused, 1, T0) == T0 + timedelta(seconds=5)
    assert refused.state is OutboxState.PENDING


# -- sending -------------------------------------------------------------------------------------
def test_a_transaction_is_sent_on_a_2xx_and_the_server_holds_its_resources(
    fhir_server: FhirServer,
) -> None:
    outcome = send(transaction_bundle("a1b2c3d4e5"), fhir_server.base_url, TIMEOUT)
    assert outcome == Outcome(True, 200)
    assert fhir_server.resource("Patient", patient_id("a1b2c3d4e5"))["name"] == [
        {"text": "Test Patient"}
    ]
    assert fhir_server.resource("Consent", "a1b2c3d4e5")["patient"] == {
        "reference": f"Patient/{patient_id('a1b2c3d4e5')}"
    }
    assert fhir_server.resource("DocumentReference", "a1b2c3d4e5-v1") is not None


def test_sending_again_updates_the_same_resources_never_a_second_copy(
    fhir_server: FhirServer,
) -> None:
    payload = transaction_bundle("a1b2c3d4e5")
    assert send(payload, fhir_server.base_url, TIMEOUT).sent
    assert send(payload, fhir_server.base_url, TIMEOUT).sent
    assert fhir_server.count("Consent") == fhir_server.count("Patient") == 1
    assert fhir_server.resource("Consent", "a1b2c3d4e5")["meta"]["versionId"] == "2"


def test_a_refused_connection_is_a_calm_reason(fhir_server: FhirServer) -> None:
    fhir_server.stop()
    outcome = send(transaction_bundle("a1b2c3d4e5"), fhir_server.base_url, TIMEOUT)
    assert outcome == Outcome(False, None, SendFailure.REFUSED)
    assert outcome.reason == (
        "The records server refused the connection (it may be down or restarting)."
    )


def test_no_answer_in_time_is_a_timeout(fhir_server: FhirServer) -> None:
    fhir_server.mode = Mode.SLOW
    outcome = send(transaction_bundle("a1b2c3d4e5"), fhir_server.base_url, TIMEOUT)
    assert outcome == Outcome(False, None, SendFailure.TIMEOUT)
    assert outcome.reason == "The records server did not answer in time."


def test_a_4xx_reason_is_the_operation_outcome_s_diagnostics(fhir_server: FhirServer) -> None:
    fhir_server.mode = Mode.REJECT
    outcome = send(transaction_bundle("a1b2c3d4e5"), fhir_server.base_url, TIMEOUT)
    assert outcome == Outcome(False, 422, SendFailure.REJECTED, fhir_server.reject_reason)
    assert outcome.reason == (
        "The records server did not accept the record (HTTP 422): "
        "Consent.patient: the referenced Patient is not valid"
    )


def test_a_5xx_is_a_server_error_with_its_diagnostics(fhir_server: FhirServer) -> None:
    fhir_server.mode = Mode.SERVER_ERROR
    outcome = send(transaction_bundle("a1b2c3d4e5"), fhir_server.base_url, TIMEOUT)
    assert outcome.failure is SendFailure.SERVER_ERROR
    assert outcome.status == 500
    assert outcome.reason == (
        "The records server had an error (HTTP 500). "
        "The database behind the server is not available."
    )


def test_a_redirect_is_not_followed_so_a_get_s_200_never_counts_as_sent(
    fhir_server: FhirServer,
) -> None:
    fhir_server.mode = Mode.REDIRECT
    outcome = send(transaction_bundle("a1b2c3d4e5"), fhir_server.base_url, TIMEOUT)
    assert not outcome.sent
    assert (outcome.status, outcome.failure) == (302, SendFailure.UNEXPECTED)
    assert fhir_server.count("Consent") == 0


def test_a_server_that_does_not_take_the_bundle_says_why(fhir_server: FhirServer) -> None:
    """The test server is a FHIR server too: a Bundle that is not a transaction is refused."""
    batch = json.loads(transaction_bundle("a1b2c3d4e5"))
    batch["type"] = "batch"
    outcome = send(json.dumps(batch).encode(), fhir_server.base_url, TIMEOUT)
    assert (outcome.status, outcome.failure) == (400, SendFailure.REJECTED)
    assert outcome.detail == "Only transaction Bundles are accepted here."


def test_an_unknown_host_is_said_as_such(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_host(*_args, **_kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    outcome = send(b"{}", "http://records.clinic.invalid/fhir", TIMEOUT)
    assert outcome == Outcome(False, None, SendFailure.UNKNOWN_HOST)


def test_an_unusable_address_never_raises() -> None:
    outcome = send(b"{}", "records-server", TIMEOUT)
    assert (outcome.sent, outcome.failure) == (False, SendFailure.UNEXPECTED)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {
                "resourceType": "OperationOutcome",
                "issue": [
                    {"severity": "error", "code": "invalid", "diagnostics": "Bad date"},
                    {"severity": "error", "code": "required", "details": {"text": "No id"}},
                    {"severity": "error", "code": "business-rule"},
                ],
            },
            "Bad date; No id; business-rule",
        ),
        (
            {
                "resourceType": "Bundle",
                "type": "transaction-response",
                "entry": [
                    {"response": {"status": "200 OK"}},
                    {
                        "response": {
                            "status": "422",
                            "outcome": {
                                "resourceType": "OperationOutcome",
                                "issue": [{"code": "invalid", "diagnostics": "Consent.scope"}],
                            },
                        }
                    },
                ],
            },
            "Consent.scope",
        ),
        ({"resourceType": "Patient"}, ""),
        ({"resourceType": "OperationOutcome", "issue": "not a list"}, ""),
        (["not", "FHIR"], ""),
        (
            {"resourceType": "OperationOutcome", "issue": [{"diagnostics": "one\n  two\tthree"}]},
            "one two three",
        ),
    ],
)
def test_diagnostics_are_read_from_an_operation_outcome(body, expected: str) -> None:
    assert diagnostics(json.dumps(body).encode()) == expected


def test_diagnostics_of_a_non_json_body_are_empty_and_long_ones_are_cut() -> None:
    assert diagnostics(b"<html>Bad Gateway</html>") == ""
    long = {"resourceType": "OperationOutcome", "issue": [{"diagnostics": "x" * 1000}]}
    text = diagnostics(json.dumps(long).encode())
    assert len(text) == outbox.DETAIL_LIMIT
    assert text.endswith("…")


# -- the queue in the records database -----------------------------------------------------------
def test_enqueue_is_idempotent_per_session_and_version(store: SessionStore, form, clock) -> None:
    session_id, payload = queued(store, form, clock)
    assert not store.enqueue(session_id, 1, b"another payload", clock())
    (row,) = store.outbox_due(clock())
    assert (row.session_id, row.version, row.state, row.attempts) == (
        session_id,
        1,
        OutboxState.PENDING,
        0,
    )
    assert row.payload == payload


def test_only_a_sealed_version_can_be_queued(store: SessionStore, form, clock) -> None:
    session_id = sealed(store, form)
    with pytest.raises(StoreError):
        store.enqueue(session_id, 2, b"{}", clock())


def test_delivered_on_a_2xx_the_row_is_sent_and_the_server_holds_it(
    store: SessionStore, form, clock, fhir_server: FhirServer
) -> None:
    session_id, _ = queued(store, form, clock)
    clock.advance(timedelta(seconds=1))
    assert deliver(store, fhir_server, clock) == 1
    row = only_row(store)
    assert (row.state, row.attempts, row.last_status) == (OutboxState.SENT, 1, 200)
    assert row.sent_at == clock()
    assert fhir_server.resource("Consent", session_id)["id"] == session_id
    assert store.outbox_due(clock() + timedelta(days=1)) == []
    assert deliver(store, fhir_server, clock) == 0
    assert fhir_server.posts() == 1
    # The records officer sees it in the session's audit trail: once, with when and how.
    sent = [e for e in store.events(session_id) if e.kind == EventKind.SENT_TO_RECORDS.value]
    assert len(sent) == 1
    assert json.loads(sent[0].data) == {"version": 1, "status": 200}
    assert verify_chain(store.events(session_id)) == []


def test_connection_refused_keeps_the_row_pending_and_it_is_sent_on_recovery(
    store: SessionStore, form, clock, fhir_server: FhirServer
) -> None:
    session_id, payload = queued(store, form, clock)
    fhir_server.stop()
    assert deliver(store, fhir_server, clock) == 1
    row = only_row(store)
    assert (row.state, row.failure, row.attempts) == (OutboxState.PENDING, "refused", 1)
    assert row.next_attempt_at == clock() + timedelta(seconds=5)
    # Not due again before its time.
    assert deliver(store, fhir_server, clock) == 0
    clock.advance(timedelta(seconds=5))
    assert deliver(store, fhir_server, clock) == 1
    row = only_row(store)
    assert (row.attempts, row.next_attempt_at) == (2, clock() + timedelta(seconds=10))
    payload_kept(store, clock, payload)
    fhir_server.start()
    assert recover(store, fhir_server, clock, session_id).attempts == 3


def test_a_timeout_keeps_the_row_pending_and_the_resend_makes_no_duplicate(
    store: SessionStore, form, clock, fhir_server: FhirServer
) -> None:
    session_id, payload = queued(store, form, clock)
    fhir_server.mode = Mode.SLOW
    assert deliver(store, fhir_server, clock) == 1
    row = only_row(store)
    assert (row.state, row.failure, row.last_status) == (OutboxState.PENDING, "timeout", None)
    payload_kept(store, clock, payload)
    recover(store, fhir_server, clock, session_id)
    fhir_server.stop()  # the slow answer, released, may apply the same PUTs once more
    assert fhir_server.count("Consent") == fhir_server.count("DocumentReference") == 1


def test_a_4xx_is_failing_with_the_server_s_reason_and_retried_at_the_longest_interval(
    store: SessionStore, form, clock, fhir_server: FhirServer
) -> None:
    session_id, payload = queued(store, form, clock)
    fhir_server.mode = Mode.REJECT
    assert deliver(store, fhir_server, clock) == 1
    row = only_row(store)
    assert (row.state, row.failure, row.last_status) == (OutboxState.FAILING, "rejected", 422)
    assert row.last_error == fhir_server.reject_reason
    assert row.next_attempt_at == clock() + timedelta(minutes=15)
    payload_kept(store, clock, payload)
    # Staff press "Send now" once IT has fixed the server: it goes at once.
    fhir_server.mode = Mode.OK
    assert store.retry_now(clock()) == 1
    assert deliver(store, fhir_server, clock) == 1
    row = only_row(store)
    assert (row.state, row.failure, row.last_error) == (OutboxState.SENT, "", "")
    assert fhir_server.resource("Consent", session_id) is not None


def test_a_5xx_keeps_the_row_pending_with_the_reason_and_it_is_sent_on_recovery(
    store: SessionStore, form, clock, fhir_server: FhirServer
) -> None:
    session_id, payload = queued(store, form, clock)
    fhir_server.mode = Mode.SERVER_ERROR
    for _ in range(3):
        assert deliver(store, fhir_server, clock) == 1
        clock.advance(LONGEST_WAIT)
    row = only_row(store)
    assert (row.state, row.failure, row.last_status, row.attempts) == (
        OutboxState.PENDING,
        "server_error",
        500,
        3,
    )
    assert row.last_error == "The database behind the server is not available."
    payload_kept(store, clock, payload)
    recover(store, fhir_server, clock, session_id)


def test_rows_survive_a_restart_and_a_new_store_sends_them(
    tmp_path: Path, form, clock, fhir_server: FhirServer
) -> None:
    first = SessionStore(tmp_path / "sessions.sqlite3")
    session_id, payload = queued(first, form, clock)
    fhir_server.stop()
    deliver(first, fhir_server, clock)
    del first
    fhir_server.start()
    again = SessionStore(tmp_path / "sessions.sqlite3")
    payload_kept(again, clock, payload)
    assert only_row(again).failure == "refused"
    recover(again, fhir_server, clock, session_id)


def test_a_later_version_waits_for_an_earlier_one_never_overtaking_it(
    store: SessionStore, form, clock, fhir_server: FhirServer
) -> None:
    session_id = sealed(store, form, version=2)
    store.enqueue(session_id, 1, transaction_bundle(session_id, 1), clock())
    fhir_server.mode = Mode.REJECT
    deliver(store, fhir_server, clock)
    store.enqueue(session_id, 2, transaction_bundle(session_id, 2), clock())
    # Version 2 is due but waits behind version 1, which is not due for 15 minutes.
    assert store.outbox_due(clock()) == []
    assert store.outbox_next_attempt() == clock() + LONGEST_WAIT
    fhir_server.mode = Mode.OK
    clock.advance(LONGEST_WAIT)
    assert [row.version for row in store.outbox_due(clock())] == [1]
    deliver(store, fhir_server, clock)
    assert [row.version for row in store.outbox_due(clock())] == [2]
    deliver(store, fhir_server, clock)
    assert [row.state for row in store.outbox()] == [OutboxState.SENT, OutboxState.SENT]
    assert fhir_server.resource("DocumentReference", f"{session_id}-v2") is not None


def test_a_sent_row_lets_its_payload_go_and_counts_say_where_all_rows_stand(
    store: SessionStore, form, clock, fhir_server: FhirServer
) -> None:
    sent_id, _ = queued(store, form, clock)
    deliver(store, fhir_server, clock)
    fhir_server.mode = Mode.REJECT
    queued(store, form, clock)
    deliver(store, fhir_server, clock)
    queued(store, form, clock)
    assert store.outbox_counts() == {
        OutboxState.PENDING: 1,
        OutboxState.SENT: 1,
        OutboxState.FAILING: 1,
    }
    assert [row.session_id for row in store.outbox([sent_id])] == [sent_id]

    with closing(sqlite3.connect(store.path)) as db:
        (size,) = db.execute(
            "SELECT length(payload) FROM outbox WHERE session_id = ?", (sent_id,)
        ).fetchone()
    assert size == 0


# -- settings ------------------------------------------------------------------------------------
def test_no_records_server_by_default_and_ten_seconds_to_answer() -> None:
    settings = Settings()
    assert settings.fhir_base_url == ""
    assert settings.fhir_timeout_seconds == 10


@pytest.mark.parametrize("address", ["ftp://records/fhir", "records.clinic/fhir", "https://"])
def test_the_records_server_must_be_a_web_address(address: str) -> None:
    with pytest.raises(ValidationError, match="http"):
        Settings(fhir_base_url=address)


def test_a_records_server_address_is_kept_as_written() -> None:
    settings = Settings(fhir_base_url=" https://fhir.clinic.example/r4 ", fhir_timeout_seconds=3)
    assert settings.fhir_base_url == "https://fhir.clinic.example/r4"
