"""Sealed versions of a session: the first export, and every later one (a late attestation).

Qt-free. A new version never replaces an earlier file: each is sealed on its own, carries the
head of the audit trail as it stood, and is listed in the store with its SHA-256.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from consent_app.domain.audit import AuditEvent, EventKind, answer_events, summarise
from consent_app.domain.form import FormDefinition
from consent_app.domain.session import (
    AuditSeal,
    ConsentSession,
    PhysicianDecision,
    SessionStatus,
    Signature,
    SignatureRole,
)
from consent_app.paths import DataPaths
from consent_app.settings import Settings
from consent_app.store import RecordVersion, SessionStore

FIRST_EXPORT = "first export"
LATE_ATTESTATION = "late physician attestation"


def seal_audit(store: SessionStore, session: ConsentSession) -> None:
    """Put the audit trail's head, length and time per page into the record to be sealed."""
    summary = summarise(store.events(session.session_id))
    session.audit = AuditSeal(
        head=summary.head, events=summary.events, seconds_by_page=summary.seconds_by_page
    )


def prepare_version(
    store: SessionStore, session: ConsentSession, at: datetime, reason: str
) -> None:
    """Make the session its next version, ready to seal: number, reason, time and audit head.

    The session must already be saved with every event up to now (the audit head is read from
    the store).
    """
    session.record_version = len(store.versions(session.session_id)) + 1
    session.version_reason = reason
    session.exported_at = at
    seal_audit(store, session)


def list_version(
    store: SessionStore, session: ConsentSession, path: Path, sha256: str
) -> RecordVersion:
    """List the sealed file of a prepared session as its next version, and save the session
    with the EXPORTED event."""
    at = session.exported_at
    if at is None:
        raise ValueError("The session was not prepared as a version before it was sealed.")
    version = store.add_version(session.session_id, str(path), sha256, at, session.version_reason)
    session.exported_pdf = str(path)
    store.save(
        session,
        [
            AuditEvent(
                EventKind.EXPORTED,
                at,
                {"file": path.name, "sha256": sha256, "version": version.version},
            )
        ],
    )
    return version


def seal_version(
    store: SessionStore,
    session: ConsentSession,
    form: FormDefinition,
    settings: Settings,
    paths: DataPaths,
    folder: Path,
    at: datetime,
    reason: str,
) -> RecordVersion:
    """Seal the session as its next version in this process, write it to ``folder`` and list
    it in the store (the window seals in a child process: ``consent_app.seal_worker``).

    Heavy libraries load here, never at start-up.
    """
    from consent_app.export import export_sealed

    prepare_version(store, session, at, reason)
    path = export_sealed(session, form, settings, paths, folder)
    return list_version(store, session, path, hashlib.sha256(path.read_bytes()).hexdigest())


@dataclass(frozen=True)
class LateAttestation:
    """What a physician gives when attesting after the summary was sealed."""

    signature: Signature
    decision: PhysicianDecision | None = None
    reason: str = ""


def prepare_attestation(
    store: SessionStore, session_id: str, attestation: LateAttestation
) -> ConsentSession:
    """Add the physician's signature (and review) to a sealed session, save it with its audit
    events, and make it the next version, ready to seal (``seal_worker``, then
    ``list_version``). Earlier versions and their files are left exactly as they are."""
    session = store.load(session_id)
    if session.status is not SessionStatus.COMPLETED:
        raise ValueError("Only a completed session can be attested.")
    before = session.model_dump(mode="json")
    signature = attestation.signature
    review = session.physician_review
    review.physician_name = signature.printed_name
    if attestation.decision is not None:
        review.decision = attestation.decision
        review.reason = attestation.reason
    session.put_signature(signature)
    session.attestation_deferred = False
    at = signature.signed_at
    # The same events autosave writes: the review's changes and SIGNATURE_CAPTURED.
    store.save(session, answer_events(before, session.model_dump(mode="json"), at))
    prepare_version(store, session, at, LATE_ATTESTATION)
    return session


def attestation_due(session: ConsentSession, versions: list[RecordVersion]) -> bool:
    """Whether a sealed, completed session still waits for the physician's attestation.

    Also true when the physician signed but no version was sealed after it (a failed seal), so
    the attestation can be given, and sealed, again.
    """
    if session.status is not SessionStatus.COMPLETED or not versions:
        return False
    signed = session.signature(SignatureRole.PHYSICIAN)
    return signed is None or signed.signed_at > versions[-1].created_at


def resumable(session: ConsentSession, versions: list[RecordVersion]) -> bool:
    """Whether the wizard can take the session up again: unfinished, or never sealed."""
    return session.status is not SessionStatus.COMPLETED or not versions
