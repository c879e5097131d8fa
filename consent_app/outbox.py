"""The outbox: sealed sessions posted to the clinic's FHIR server, retried until it takes them.

Qt-free. A sealed version is queued in the records database with the bytes to post (a FHIR R4
transaction Bundle, built by the seal worker); ``deliver_due`` posts what is due and records
each reply. A row is marked sent only on a 2xx reply. Nothing here raises on a network fault: every
failure becomes an ``Outcome`` with a reason staff can read, and a time to try again.

Retry policy. A try that may pass on its own (no connection, no answer in time, the server
busy or failing with a 5xx) stays *pending* and is tried again after 5 s, 10 s, 20 s … up to
every 15 minutes. A 4xx means the server understood and refused the record: trying again soon
cannot help, so the row is *failing*, its reason is shown to staff, and it is tried again every
15 minutes (the server's configuration may be fixed meanwhile) or at once with "Send now". It is
never given up on, and never dropped.
"""

from __future__ import annotations

import http.client
import json
import logging
import re
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from consent_app.domain.phrases import phrase
from consent_app.store import OutboxRow, OutboxState, SessionStore, StoreError

log = logging.getLogger(__name__)

#: The wait after the first failed try; each further failure doubles it, up to the longest.
FIRST_RETRY = timedelta(seconds=5)
LONGEST_WAIT = timedelta(minutes=15)
#: How much of a reply body is read looking for an OperationOutcome.
REPLY_LIMIT = 1_000_000
#: The longest reason kept from a server's diagnostics.
DETAIL_LIMIT = 300

FHIR_JSON = "application/fhir+json"


class SendFailure(StrEnum):
    """Why a post did not reach a 2xx reply, in the kinds staff are told about."""

    REFUSED = "refused"  # nothing listening at that address
    UNREACHABLE = "unreachable"  # no network, no route, connection lost
    UNKNOWN_HOST = "unknown_host"  # the server's name cannot be looked up
    TIMEOUT = "timeout"  # no answer in time
    CERTIFICATE = "certificate"  # the server's TLS certificate was not trusted
    BUSY = "busy"  # 408 or 429: the server asks to be tried later
    SERVER_ERROR = "server_error"  # 5xx
    REJECTED = "rejected"  # 4xx: the server understood and refused the record
    UNEXPECTED = "unexpected"  # a redirect, or anything else not foreseen


#: Each failure in one line for staff: what happened. ``{status}`` is the HTTP status and
#: ``{detail}`` the server's own diagnostics (or the network's message).
FAILURE_SENTENCES = {
    SendFailure.REFUSED: phrase(
        "Outbox", "The records server refused the connection (it may be down or restarting)."
    ),
    SendFailure.UNREACHABLE: phrase(
        "Outbox", "The records server cannot be reached (no network?). {detail}"
    ),
    SendFailure.UNKNOWN_HOST: phrase(
        "Outbox",
        "The records server's name is not known on this network: check the network, or the "
        "server's address in the settings.",
    ),
    SendFailure.TIMEOUT: phrase("Outbox", "The records server did not answer in time."),
    SendFailure.CERTIFICATE: phrase(
        "Outbox", "The records server's certificate is not trusted by this tablet. {detail}"
    ),
    SendFailure.BUSY: phrase("Outbox", "The records server is busy (HTTP {status})."),
    SendFailure.SERVER_ERROR: phrase(
        "Outbox", "The records server had an error (HTTP {status}). {detail}"
    ),
    SendFailure.REJECTED: phrase(
        "Outbox", "The records server did not accept the record (HTTP {status}): {detail}"
    ),
    SendFailure.UNEXPECTED: phrase(
        "Outbox", "The records server gave an unexpected answer (HTTP {status}). {detail}"
    ),
}


def reason(failure: SendFailure | str, status: int | None, detail: str) -> str:
    """One line saying why a record was not sent (in English; the screen translates it)."""
    sentence = FAILURE_SENTENCES[SendFailure(failure)]
    return sentence.format(status=status if status is not None else "—", detail=detail).strip()


@dataclass(frozen=True)
class Outcome:
    """The result of one post: sent (2xx), or why not."""

    sent: bool
    status: int | None = None
    failure: SendFailure | None = None
    detail: str = ""

    @property
    def reason(self) -> str:
        """Why it was not sent, in one line; "" when it was."""
        return "" if self.failure is None else reason(self.failure, self.status, self.detail)

    @property
    def state(self) -> OutboxState:
        """The state a row takes after this outcome."""
        if self.sent:
            return OutboxState.SENT
        return OutboxState.FAILING if self.failure is SendFailure.REJECTED else OutboxState.PENDING


def backoff(attempts: int) -> timedelta:
    """The wait after ``attempts`` failed tries in a row: 5 s, 10 s, 20 s … at most 15 min."""
    if attempts < 1:
        return timedelta(0)
    doublings = min(attempts - 1, 16)  # 5 s * 2**16 is far beyond the cap already
    return min(FIRST_RETRY * 2**doublings, LONGEST_WAIT)


def next_attempt_at(outcome: Outcome, attempts: int, now: datetime) -> datetime:
    """When to try again after a failed try (``attempts`` counts it): a refusal (4xx) waits
    the longest interval, anything else backs off."""
    if outcome.failure is SendFailure.REJECTED:
        return now + LONGEST_WAIT
    return now + backoff(attempts)


# -- posting -------------------------------------------------------------------------------------
class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is reported, never followed: urllib would re-send a POST as a bodiless GET,
    and that GET's 200 must not count as the record delivered."""

    def redirect_request(self, *_args: Any, **_kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def send(payload: bytes, base_url: str, timeout: float) -> Outcome:
    """POST a FHIR transaction Bundle to the server's base URL; never raises.

    2xx is sent. A 4xx/5xx reply's OperationOutcome becomes the reason; a refused connection,
    no answer within ``timeout`` seconds, or an unknown host become a calm reason too.
    """
    try:
        request = urllib.request.Request(
            base_url,
            data=payload,
            method="POST",
            headers={"Content-Type": FHIR_JSON, "Accept": FHIR_JSON},
        )
        with _OPENER.open(request, timeout=timeout) as reply:
            reply.read(REPLY_LIMIT)
            status = reply.status
    except urllib.error.HTTPError as exc:
        try:
            body = _read_body(exc)
        finally:
            exc.close()
        return _refusal(exc.code, body, str(exc.reason or ""))
    except urllib.error.URLError as exc:
        return _network_fault(exc.reason)
    except (OSError, http.client.HTTPException) as exc:  # a reply cut short, or read too slowly
        return _network_fault(exc)
    except ValueError as exc:  # an address urllib cannot use
        return Outcome(False, None, SendFailure.UNEXPECTED, _one_line(str(exc)))
    except Exception as exc:  # a sender that dies would leave records unsent: never raise
        log.exception("posting to the records server failed unexpectedly")
        return Outcome(False, None, SendFailure.UNEXPECTED, _one_line(type(exc).__name__))
    if 200 <= status < 300:
        return Outcome(True, status)
    return Outcome(False, status, SendFailure.UNEXPECTED, "")


def _read_body(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read(REPLY_LIMIT) or b""
    except (OSError, http.client.HTTPException):
        return b""


def _refusal(status: int, body: bytes, phrase_text: str) -> Outcome:
    """An HTTP error reply: its kind, with the server's own diagnostics as the detail."""
    detail = diagnostics(body) or _one_line(phrase_text)
    if status in (408, 429):
        failure = SendFailure.BUSY
    elif 400 <= status < 500:
        failure = SendFailure.REJECTED
    elif status >= 500:
        failure = SendFailure.SERVER_ERROR
    else:  # a redirect (not followed), or anything else
        failure = SendFailure.UNEXPECTED
    return Outcome(False, status, failure, detail)


def _network_fault(cause: object) -> Outcome:
    """A fault below HTTP, in the words of what staff can check."""
    if isinstance(cause, TimeoutError | socket.timeout):
        return Outcome(False, None, SendFailure.TIMEOUT)
    if isinstance(cause, ConnectionRefusedError):
        return Outcome(False, None, SendFailure.REFUSED)
    if isinstance(cause, ssl.SSLCertVerificationError):
        return Outcome(False, None, SendFailure.CERTIFICATE, _one_line(cause.verify_message or ""))
    if isinstance(cause, socket.gaierror):
        return Outcome(False, None, SendFailure.UNKNOWN_HOST)
    if isinstance(cause, OSError | http.client.HTTPException):
        return Outcome(False, None, SendFailure.UNREACHABLE, _one_line(_os_words(cause)))
    return Outcome(False, None, SendFailure.UNEXPECTED, _one_line(str(cause)))


def _os_words(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror + "."
    return type(exc).__name__


def diagnostics(body: bytes) -> str:
    """The issues of an OperationOutcome reply (also inside a transaction-response Bundle) as
    one line: each issue's diagnostics, else its details' text, else its code; "" if none."""
    try:
        return _one_line("; ".join(_issue_texts(json.loads(body))))
    except (ValueError, UnicodeDecodeError, AttributeError, TypeError, KeyError, IndexError):
        return ""  # not JSON, or not shaped as FHIR: the HTTP reason phrase will do


def _issue_texts(resource: Any) -> list[str]:
    """Each issue's words; malformed FHIR raises (AttributeError …), which ``diagnostics`` takes."""
    if resource.get("resourceType") == "Bundle":
        entries = resource.get("entry") or []
        outcomes = [(entry.get("response") or {}).get("outcome") or {} for entry in entries]
    else:
        outcomes = [resource]
    texts = []
    for outcome in outcomes:
        if outcome.get("resourceType") != "OperationOutcome":
            continue
        for issue in outcome.get("issue") or []:
            details = issue.get("details") or {}
            coding = (details.get("coding") or [{}])[0]
            text = (
                issue.get("diagnostics")
                or details.get("text")
                or coding.get("display")
                or issue.get("code")
                or ""
            )
            if isinstance(text, str) and text.strip():
                texts.append(text)
    return texts


def _one_line(text: str) -> str:
    """Text on one line, at most ``DETAIL_LIMIT`` characters."""
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= DETAIL_LIMIT else text[: DETAIL_LIMIT - 1].rstrip() + "…"


# -- the queue -----------------------------------------------------------------------------------
def record_outcome(store: SessionStore, row: OutboxRow, outcome: Outcome, now: datetime) -> None:
    """Write one try's result to the row: sent, or the reason and when to try again."""
    if outcome.sent:
        assert outcome.status is not None
        store.mark_sent(row.session_id, row.version, outcome.status, now)
        return
    assert outcome.failure is not None
    attempts = row.attempts + 1
    store.mark_failed(
        row.session_id,
        row.version,
        state=outcome.state,
        failure=outcome.failure.value,
        error=outcome.detail,
        status=outcome.status,
        next_attempt_at=next_attempt_at(outcome, attempts, now),
        at=now,
    )


def deliver_due(
    store: SessionStore,
    base_url: str,
    timeout: float,
    clock: Callable[[], datetime],
    stopping: Callable[[], bool] = lambda: False,
    delivered: Callable[[OutboxRow, Outcome], None] = lambda _row, _outcome: None,
) -> int:
    """Post every row now due, oldest first, and record each reply; returns how many were tried.

    ``stopping`` is asked between rows; ``delivered`` hears each result once it is recorded.
    A reply that cannot be recorded (the database busy) leaves the row as it was: it is sent
    again later, which the server takes as the same update (every entry is a PUT by id).
    """
    tried = 0
    for row in store.outbox_due(clock()):
        if stopping():
            break
        outcome = send(row.payload, base_url, timeout)
        tried += 1
        # Only kinds and statuses are logged: a server's diagnostics may quote patient details.
        if outcome.sent:
            log.info("outbox: version %d sent (HTTP %s)", row.version, outcome.status)
        else:
            log.warning(
                "outbox: version %d not sent (%s, HTTP %s, try %d)",
                row.version,
                outcome.failure,
                outcome.status,
                row.attempts + 1,
            )
        try:
            record_outcome(store, row, outcome, clock())
        except StoreError as exc:
            log.warning("outbox: the reply could not be recorded (%s)", exc.fault.value)
            continue
        delivered(row, outcome)
    return tried
