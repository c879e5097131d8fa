"""The sealed summary, from session to file: render, make archival, seal, write atomically.

Qt-free, and heavy: reportlab, pikepdf and pyHanko load when this module does, so only the
export and the ``render`` / ``verify`` commands import it, never start-up.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from consent_app.atomic import write_atomically
from consent_app.domain.clearance import Clearance, evaluate
from consent_app.domain.form import FormDefinition, FormError
from consent_app.domain.session import ConsentSession
from consent_app.paths import DataPaths
from consent_app.pdf.archive import (
    RECORD_HASH_KEY,
    embedded_record,
    make_archival,
    record_bytes,
    record_digest,
)
from consent_app.pdf.summary import (
    RECORD_FILE_NAME,
    document_title,
    render_sealable,
    summary_file_name,
)
from consent_app.resources_door import load_form
from consent_app.seal import (
    NoSeal,
    NotAPdf,
    SealIdentity,
    load_or_create_identity,
    seal_pdf,
    verify_seal,
)
from consent_app.settings import Settings

log = logging.getLogger(__name__)

__all__ = [
    "NoSeal",
    "NotAPdf",
    "Verdict",
    "clinic_form_for",
    "export_sealed",
    "seal_session",
    "sealed_summary",
    "verify_summary",
    "write_atomically",
]


def clinic_form_for(
    session: ConsentSession, settings: Settings, paths: DataPaths
) -> FormDefinition | None:
    """The session's form in the clinic's language, for the summary's staff sections.

    None when the patient used the clinic's language, or when that form cannot be loaded: the
    summary is then in the patient's language only, which is logged (never with patient data).
    """
    if settings.clinic_language == session.language:
        return None
    try:
        return load_form(session.form_id, settings.clinic_language, paths.root / "forms")
    except FormError as exc:
        log.warning(
            "the form in the clinic's language (%s) cannot be loaded, so the summary's staff "
            "sections are in the patient's language (%s) only: %s",
            settings.clinic_language,
            session.language,
            exc,
        )
        return None


def sealed_summary(
    session: ConsentSession,
    form: FormDefinition,
    settings: Settings,
    clearance: Clearance,
    identity: SealIdentity,
    clinic_form: FormDefinition | None = None,
) -> bytes:
    """The sealed, archival PDF summary of a session, as bytes (nothing written).

    ``form`` is the form in the patient's language; ``clinic_form``, the same form in the
    clinic's language, makes the staff sections bilingual.
    """
    record = record_bytes(session)
    rendered = render_sealable(
        session, form, settings, clearance, record_digest(record), clinic_form
    )
    archival = make_archival(
        rendered.pdf,
        record,
        title=document_title(form),
        author=settings.clinic_name,
        created=session.exported_at or session.updated_at,
    )
    return seal_pdf(archival, identity, clinic=settings.clinic_name, box=rendered.seal_box)


def seal_session(
    session: ConsentSession, form: FormDefinition, settings: Settings, paths: DataPaths
) -> bytes:
    """The session's sealed summary, as bytes, under this device's (or the clinic's) seal.

    The staff sections are also in the clinic's language when the patient used another.
    """
    identity = load_or_create_identity(paths, settings)
    clearance = evaluate(session, form, settings)
    clinic_form = clinic_form_for(session, settings, paths)
    return sealed_summary(session, form, settings, clearance, identity, clinic_form)


def export_sealed(
    session: ConsentSession,
    form: FormDefinition,
    settings: Settings,
    paths: DataPaths,
    folder: Path,
) -> Path:
    """Seal the session's summary and write it into the records folder; returns its path."""
    data = seal_session(session, form, settings, paths)
    return write_atomically(data, Path(folder) / summary_file_name(session, settings))


@dataclass(frozen=True)
class Verdict:
    """What ``consent-app verify`` found: all clear only when every check holds."""

    ok: bool
    signer: str
    signed_at: str
    record_sha256: str
    problems: tuple[str, ...]


def verify_summary(pdf: bytes, trust_pem: bytes | None = None) -> Verdict:
    """Check the seal (intact, valid, whole file, trusted if asked) and the attached record.

    Raises NotAPdf for a file that is not a PDF and NoSeal for a PDF with no seal.
    """
    report = verify_seal(pdf, trust_pem)
    problems = list(report.problems)
    record = embedded_record(pdf)
    digest = record_digest(record) if record is not None else ""
    if record is None:
        problems.append(f"The session record ({RECORD_FILE_NAME}) is missing.")
    elif digest != _stated_hash(pdf):
        problems.append("The attached session record does not match the hash printed in the PDF.")
    ok = (
        report.intact
        and report.valid
        and report.covers_whole_file
        and report.trusted is not False
        and not problems
    )
    signed_at = report.signed_at.isoformat() if report.signed_at else "unknown"
    return Verdict(ok, report.signer, signed_at, digest, tuple(problems))


def _stated_hash(pdf: bytes) -> str:
    """The record hash the PDF states: the one printed on its last page, also kept in its
    document information (``/ConsentRecordSHA256``) so it can be read back exactly; the seal
    covers both."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return str(document.docinfo.get(RECORD_HASH_KEY, ""))
