"""FHIR R4 export: a sealed consent as a transaction Bundle a record system can take.

The Bundle holds the clinic (Organization), the patient (Patient), the sealed PDF summary
(DocumentReference), the consent itself (Consent, whose source is that document) and who signed
it and when (Provenance). Every id is derived from the session (the patient's from the MRN, the
clinic's from its name) and every entry is a PUT, so sending the same consent twice changes
nothing. Qt-free; fhir.resources, which validates the Bundle, loads only when one is built.

Only the patient and the clinic become resources. Everyone else is known here only by the name
they printed, so they are references by name (``display``) that make no record of a
practitioner the receiving system would have to reconcile.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from consent_app.domain.form import FormDefinition
from consent_app.domain.session import (
    Consenter,
    ConsentSession,
    Decision,
    Signature,
    SignatureRole,
)
from consent_app.settings import Settings
from consent_app.store import SessionStore

JSON = dict[str, Any]

#: The ids of one installation's resources are uuid5 names in this namespace.
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:consent-app:fhir")
#: The system of the Consent's identifier: this app's session id.
SESSION_SYSTEM = "urn:consent-app:session"

_LOINC = "http://loinc.org"
_V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203"
_CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
_PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
_PARTICIPANT = "http://terminology.hl7.org/CodeSystem/participant-type"
_PROVENANCE_AGENT = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
_SIGNATURE_TYPE = "urn:iso-astm:E1762-95:2013"

Code = tuple[str, str, str]  # system, code, display

_PATIENT_CONSENT: Code = (_LOINC, "59284-0", "Patient Consent")
_MEDICAL_RECORD_NUMBER: Code = (_V2_0203, "MR", "Medical record number")
_TREATMENT: Code = (_CONSENT_SCOPE, "treatment", "Treatment")
# The proceduralist performs what is consented to: PPRF, not PRCP (the primary information
# recipient, for consents to disclose records).
_PRIMARY_PERFORMER: Code = (_PARTICIPATION, "PPRF", "primary performer")
_WITNESS: Code = (_PARTICIPATION, "WIT", "witness")
_TRANSLATOR: Code = (_PARTICIPANT, "translator", "Translator")
_CUSTODIAN: Code = (_PROVENANCE_AGENT, "custodian", "Custodian")

#: Consent.status for each decision (FHIR R4 consent-state-codes).
CONSENT_STATUS: dict[Decision | None, str] = {
    Decision.AGREE: "active",
    Decision.REFUSE: "rejected",
    # The consent was offered and is being considered: the patient wants to talk to the doctor
    # before deciding, so it neither holds nor was refused.
    Decision.TALK_FIRST: "proposed",
    None: "draft",
}

#: Each signer's signature purpose (ASTM E1762, FHIR's signature-type) and part in the
#: Provenance (provenance-participant-type; participant-type for the interpreter, which the
#: former has no code for).
_CONSENT_SIGNATURE: Code = (_SIGNATURE_TYPE, "1.2.840.10065.1.12.1.7", "Consent Signature")
_AUTHOR: Code = (_PROVENANCE_AGENT, "author", "Author")
_SIGNERS: dict[SignatureRole, tuple[Code, Code]] = {
    SignatureRole.PATIENT: (_CONSENT_SIGNATURE, _AUTHOR),
    SignatureRole.REPRESENTATIVE: (_CONSENT_SIGNATURE, _AUTHOR),
    SignatureRole.WITNESS: (
        (_SIGNATURE_TYPE, "1.2.840.10065.1.12.1.11", "Consent Witness Signature"),
        (_PROVENANCE_AGENT, "verifier", "Verifier"),
    ),
    SignatureRole.INTERPRETER: (
        (_SIGNATURE_TYPE, "1.2.840.10065.1.12.1.12", "Interpreter Signature"),
        _TRANSLATOR,
    ),
    # The physician attests that the consent was informed: a verification of the document.
    SignatureRole.PHYSICIAN: (
        (_SIGNATURE_TYPE, "1.2.840.10065.1.12.1.5", "Verification Signature"),
        (_PROVENANCE_AGENT, "attester", "Attester"),
    ),
}


class NoSealedSummary(LookupError):
    """The session has no sealed PDF summary yet, so there is no document to send."""


class SealedSummaryChanged(ValueError):
    """The sealed PDF on disk is not the one the store lists (changed, or replaced)."""


def resource_id(resource_type: str, key: str) -> str:
    """The id of a resource of this type for this key: the same key, the same id, always."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{resource_type}|{key}"))


def consent_status(decision: Decision | None) -> str:
    """Consent.status for the patient's decision.

    Agreed is ``active`` and refused ``rejected``. Talk first (the session awaits discussion) is
    ``proposed``: offered and under consideration, neither given nor refused. No decision yet
    is ``draft``.
    """
    return CONSENT_STATUS[decision]


def transaction_bundle(
    session: ConsentSession,
    form: FormDefinition,
    settings: Settings,
    pdf: bytes,
    pdf_name: str,
) -> JSON:
    """The FHIR R4 transaction Bundle for a session and its sealed PDF, as JSON-ready data.

    ``form`` gives the document's title (the app passes its form in the clinic's language).
    Raises ValueError (pydantic's ValidationError) if the Bundle is not valid R4.
    """
    ids = {
        "Organization": resource_id("Organization", settings.clinic_name),
        "Patient": _patient_id(session, settings),
        **{
            kind: resource_id(kind, session.session_id)
            for kind in ("DocumentReference", "Consent", "Provenance")
        },
    }
    refs = {kind: f"urn:uuid:{rid}" for kind, rid in ids.items()}
    resources = [
        ("Organization", _organization(settings)),
        ("Patient", _patient(session, settings)),
        ("DocumentReference", _document_reference(session, form, settings, pdf, pdf_name, refs)),
        ("Consent", _consent(session, form, settings, refs)),
        ("Provenance", _provenance(session, settings, refs)),
    ]
    entries = []
    for kind, content in resources:
        entries.append(
            {
                "fullUrl": refs[kind],
                "resource": {"resourceType": kind, "id": ids[kind], **_compact(content)},
                "request": {"method": "PUT", "url": f"{kind}/{ids[kind]}"},
            }
        )
    bundle: JSON = {"resourceType": "Bundle", "type": "transaction", "entry": entries}
    _validate(bundle)
    return bundle


def bundle_bytes(
    session: ConsentSession,
    form: FormDefinition,
    settings: Settings,
    pdf: bytes,
    pdf_name: str,
) -> bytes:
    """The transaction Bundle as UTF-8 JSON, ready to POST to a FHIR server's base URL."""
    bundle = transaction_bundle(session, form, settings, pdf, pdf_name)
    return json.dumps(bundle, indent=2, ensure_ascii=False).encode("utf-8")


def bundle_for_session(
    store: SessionStore, session_id: str, form: FormDefinition, settings: Settings
) -> bytes:
    """The Bundle for a finished session: its latest sealed PDF and the record sealed in it.

    Raises NoSealedSummary when nothing is sealed yet, SealedSummaryChanged when the file is not
    the one sealed, OSError when it cannot be read.
    """
    versions = store.versions(session_id)
    if not versions:
        raise NoSealedSummary(f"session {session_id} has no sealed summary yet")
    latest = versions[-1]
    pdf = Path(latest.file).read_bytes()
    if hashlib.sha256(pdf).hexdigest() != latest.sha256:
        raise SealedSummaryChanged(f"{latest.file} is not the summary that was sealed")
    return bundle_for_file(pdf, Path(latest.file).name, form, settings)


def bundle_for_file(pdf: bytes, pdf_name: str, form: FormDefinition, settings: Settings) -> bytes:
    """The Bundle for a sealed summary, from the record sealed in it.

    The record comes from the PDF, not the store, so the Bundle says exactly what the document
    it carries says (a session resumed after a "talk first" has moved on since). Raises
    SealedSummaryChanged when the file carries no record.
    """
    from consent_app.pdf.archive import embedded_record

    record = embedded_record(pdf)
    if record is None:
        raise SealedSummaryChanged(f"{pdf_name} carries no session record")
    session = ConsentSession.model_validate_json(record)
    return bundle_bytes(session, form, settings, pdf, pdf_name)


# --- the resources ----------------------------------------------------------------------------


def _patient_id(session: ConsentSession, settings: Settings) -> str:
    """One Patient per MRN, so a second consent updates the same patient; without an MRN, one
    per session."""
    mrn = session.intake.mrn.strip()
    return resource_id("Patient", f"{settings.mrn_system}|{mrn}" if mrn else session.session_id)


def _organization(settings: Settings) -> JSON:
    return {"active": True, "name": settings.clinic_name}


def _patient(session: ConsentSession, settings: Settings) -> JSON:
    intake = session.intake
    mrn, name = intake.mrn.strip(), intake.full_name.strip()
    identifier = {
        "use": "usual",
        "type": _concept(_MEDICAL_RECORD_NUMBER),
        "system": settings.mrn_system,
        "value": mrn,
    }
    return {
        "identifier": [identifier] if mrn else [],
        # The name as the nurse typed it: splitting it into given and family names would guess.
        "name": [{"use": "official", "text": name}] if name else [],
        "birthDate": intake.date_of_birth.isoformat() if intake.date_of_birth else None,
    }


def _document_reference(
    session: ConsentSession,
    form: FormDefinition,
    settings: Settings,
    pdf: bytes,
    pdf_name: str,
    refs: dict[str, str],
) -> JSON:
    sealed = _time(session.exported_at or session.updated_at, settings)
    return {
        "status": "current",
        "docStatus": "final",
        "type": _concept(_PATIENT_CONSENT),
        "subject": {"reference": refs["Patient"]},
        "date": sealed,
        "author": [{"reference": refs["Organization"]}],
        "custodian": {"reference": refs["Organization"]},
        "description": f"{form.meta.title} ({session.form_id} {session.form_version})",
        "content": [
            {
                "attachment": {
                    "contentType": "application/pdf",
                    "language": session.language,
                    "data": base64.b64encode(pdf).decode("ascii"),
                    "size": len(pdf),
                    # FHIR's Attachment.hash is the base64 of the SHA-1 digest.
                    "hash": base64.b64encode(hashlib.sha1(pdf).digest()).decode("ascii"),
                    "title": pdf_name,
                    "creation": sealed,
                }
            }
        ],
    }


def _consent(
    session: ConsentSession, form: FormDefinition, settings: Settings, refs: dict[str, str]
) -> JSON:
    intake = session.intake
    given = _consenting_signature(session)
    actors = [_actor(_PRIMARY_PERFORMER, "Practitioner", intake.proceduralist)]
    for role, code, kind in (
        (SignatureRole.WITNESS, _WITNESS, "Practitioner"),
        (SignatureRole.INTERPRETER, _TRANSLATOR, None),
    ):
        signature = session.signature(role)
        if signature is not None:
            actors.append(_actor(code, kind, signature.printed_name))
    procedure = " ".join(filter(None, [intake.procedure.strip(), ", ".join(intake.levels)]))
    return {
        "identifier": [{"system": SESSION_SYSTEM, "value": session.session_id}],
        "status": consent_status(session.decision),
        "scope": _concept(_TREATMENT),
        "category": [_concept(_PATIENT_CONSENT)],
        "patient": {"reference": refs["Patient"]},
        # When the patient (or representative) signed; with no signature (talk first), when
        # the summary was sealed.
        "dateTime": _time(
            given.signed_at if given else session.exported_at or session.updated_at, settings
        ),
        "performer": [_consenter(session, refs)],
        "organization": [{"reference": refs["Organization"]}],
        "sourceReference": {"reference": refs["DocumentReference"]},
        # R4 asks for a policy or a policy rule: the form, at the version the patient read.
        "policyRule": {"text": f"{form.meta.title}, form {session.form_id} {session.form_version}"},
        # What was offered, whatever the decision: the status says whether it holds.
        "provision": {
            "type": "permit",
            "period": {"start": _time(intake.scheduled_at, settings)},
            "actor": actors,
            "code": [{"text": procedure}],
        },
    }


def _provenance(session: ConsentSession, settings: Settings, refs: dict[str, str]) -> JSON:
    signed = [s for s in session.signatures if s.role in _SIGNERS]
    times = sorted(s.signed_at for s in signed)
    agents: list[JSON] = []
    signatures: list[JSON] = []
    for signature in signed:
        purpose, part = _SIGNERS[signature.role]
        who = _signer(signature, refs)
        on_behalf_of = (
            {"reference": refs["Patient"]}
            if signature.role is SignatureRole.REPRESENTATIVE
            else None
        )
        agents.append({"type": _concept(part), "who": who, "onBehalfOf": on_behalf_of})
        signatures.append(
            {
                "type": [_coding(purpose)],
                "when": _time(signature.signed_at, settings),
                "who": who,
                "onBehalfOf": on_behalf_of,
            }
        )
    # The clinic keeps the sealed original (and a Provenance needs an agent even with no signer).
    agents.append({"type": _concept(_CUSTODIAN), "who": {"reference": refs["Organization"]}})
    return {
        "target": [{"reference": refs["Consent"]}, {"reference": refs["DocumentReference"]}],
        "occurredPeriod": {
            "start": _time(times[0], settings) if times else None,
            "end": _time(times[-1], settings) if times else None,
        },
        "recorded": _time(session.exported_at or session.updated_at, settings),
        "agent": agents,
        "signature": signatures,
    }


def _consenting_signature(session: ConsentSession) -> Signature | None:
    """The signature under the decision: the patient's, or their representative's."""
    representative = session.intake.consenter is Consenter.REPRESENTATIVE
    return session.signature(
        SignatureRole.REPRESENTATIVE if representative else SignatureRole.PATIENT
    )


def _consenter(session: ConsentSession, refs: dict[str, str]) -> JSON:
    """Consent.performer: the patient, or the representative who decided for them."""
    intake = session.intake
    if intake.consenter is not Consenter.REPRESENTATIVE:
        return {"reference": refs["Patient"]}
    signed = session.signature(SignatureRole.REPRESENTATIVE)
    if signed is not None:
        return _named("RelatedPerson", signed.printed_name, signed.relationship)
    return _named("RelatedPerson", intake.representative_name, intake.representative_relationship)


def _signer(signature: Signature, refs: dict[str, str]) -> JSON:
    """Who signed: the Patient resource, or a reference by the name the signer printed."""
    if signature.role is SignatureRole.PATIENT:
        return {"reference": refs["Patient"], "display": signature.printed_name}
    kind = {
        SignatureRole.REPRESENTATIVE: "RelatedPerson",
        SignatureRole.WITNESS: "Practitioner",
        SignatureRole.PHYSICIAN: "Practitioner",
    }.get(signature.role)
    return _named(kind, signature.printed_name, signature.relationship)


def _named(kind: str | None, name: str, relationship: str = "") -> JSON:
    """A reference by name only (and of a resource type, when it is known)."""
    name, relationship = name.strip(), relationship.strip()
    return {"type": kind, "display": f"{name} ({relationship})" if relationship else name}


def _actor(role: Code, kind: str | None, name: str) -> JSON | None:
    """A provision actor by name; None (dropped) when no name was given."""
    return {"role": _concept(role), "reference": _named(kind, name)} if name.strip() else None


# --- values -----------------------------------------------------------------------------------


def _coding(code: Code) -> JSON:
    system, value, display = code
    return {"system": system, "code": value, "display": display}


def _concept(code: Code) -> JSON:
    return {"coding": [_coding(code)]}


def _time(moment: datetime | None, settings: Settings) -> str | None:
    """A FHIR dateTime or instant; a time stored without a zone is the clinic's."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=settings.zone)).isoformat()


def _compact(value: Any) -> Any:
    """Drop what is empty, at any depth: FHIR allows no empty strings, lists or objects."""
    if isinstance(value, dict):
        kept = {key: _compact(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if item not in _EMPTY}
    if isinstance(value, list):
        return [item for item in map(_compact, value) if item not in _EMPTY]
    return value


_EMPTY: tuple[Any, ...] = (None, "", [], {})


def _validate(bundle: JSON) -> None:
    """Check the Bundle against fhir.resources' R4B models (the package has no R4; R4B left
    these five resources as R4 defined them). Heavy, so imported only now."""
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(bundle)
