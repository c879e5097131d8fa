"""``consent_app/fhir.py`` and ``consent-app fhir``: a sealed consent as a FHIR R4 transaction."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from commands import run_cli
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from sessions import SCHEDULED, ready_session, signature

from consent_app import fhir
from consent_app.domain.audit import AuditEvent, EventKind
from consent_app.domain.session import (
    Consenter,
    ConsentSession,
    Decision,
    SessionStatus,
    SignatureMeaning,
    SignatureRole,
)
from consent_app.paths import DataPaths
from consent_app.records import FIRST_EXPORT, seal_version
from consent_app.settings import Settings
from consent_app.store import SessionStore

ROOT = Path(__file__).resolve().parents[1]
PDF = b"%PDF-1.7\n% a sealed summary stands in here\n%%EOF\n"
AT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
TYPES = ["Organization", "Patient", "DocumentReference", "Consent", "Provenance"]


def _bundle(session: ConsentSession, form, settings: Settings) -> dict[str, Any]:
    # Through the bytes, as a receiving system reads it.
    return json.loads(fhir.bundle_bytes(session, form, settings, PDF, "consent-summary.pdf"))


def _resource(bundle: dict[str, Any], kind: str) -> dict[str, Any]:
    (found,) = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]
    return found


def _references(value: Any) -> list[str]:
    """Every ``reference`` anywhere in a resource."""
    if isinstance(value, dict):
        own = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return own + [r for v in value.values() for r in _references(v)]
    if isinstance(value, list):
        return [r for v in value for r in _references(v)]
    return []


def _with_interpreter(session: ConsentSession) -> ConsentSession:
    session.intake.interpreter_used = True
    session.intake.interpreter_name = "Lucía Romero"
    interpreter = signature(SignatureRole.INTERPRETER, SignatureMeaning.INTERPRETER, "Lucía Romero")
    interpreter.signed_at = SCHEDULED - timedelta(hours=2, minutes=5)
    session.put_signature(interpreter)
    return session


def test_the_bundle_is_a_transaction_of_exactly_the_five_resources(form, settings) -> None:
    bundle = _bundle(ready_session(form), form, settings)
    assert bundle["resourceType"] == "Bundle"
    assert bundle["type"] == "transaction"
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == TYPES


def test_the_bundle_and_each_resource_validate_against_the_r4_models(form, settings) -> None:
    bundle = _bundle(_with_interpreter(ready_session(form)), form, settings)
    model = Bundle.model_validate(bundle)
    assert [e.resource.get_resource_type() for e in model.entry] == TYPES
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)


@pytest.mark.parametrize(
    ("decision", "meaning", "status"),
    [
        (Decision.AGREE, SignatureMeaning.CONSENT, "active"),
        (Decision.REFUSE, SignatureMeaning.REFUSAL, "rejected"),
        (Decision.TALK_FIRST, None, "proposed"),
    ],
)
def test_consent_status_follows_the_decision(
    form, settings, decision: Decision, meaning: SignatureMeaning | None, status: str
) -> None:
    session = ready_session(form)
    session.decision = decision
    session.remove_signature(SignatureRole.PATIENT)
    if meaning is not None:
        session.put_signature(signature(SignatureRole.PATIENT, meaning, "Margaret Ellis"))
    consent = _resource(_bundle(session, form, settings), "Consent")
    assert consent["status"] == status
    Bundle.model_validate(_bundle(session, form, settings))


def test_consent_is_a_treatment_consent_sourced_from_the_document(form, settings) -> None:
    session = ready_session(form)
    bundle = _bundle(session, form, settings)
    consent = _resource(bundle, "Consent")
    urls = {e["resource"]["resourceType"]: e["fullUrl"] for e in bundle["entry"]}
    assert consent["scope"]["coding"][0]["code"] == "treatment"
    assert consent["category"][0]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "59284-0",
        "display": "Patient Consent",
    }
    assert consent["patient"]["reference"] == urls["Patient"]
    assert consent["performer"] == [{"reference": urls["Patient"]}]
    assert consent["organization"] == [{"reference": urls["Organization"]}]
    assert consent["sourceReference"]["reference"] == urls["DocumentReference"]
    patient_signed = session.signature(SignatureRole.PATIENT).signed_at
    assert datetime.fromisoformat(consent["dateTime"]) == patient_signed
    assert consent["identifier"] == [{"system": fhir.SESSION_SYSTEM, "value": session.session_id}]
    assert _resource(bundle, "Organization")["name"] == settings.clinic_name


def test_the_provision_is_the_scheduled_procedure_with_its_proceduralist_and_witness(
    form, settings
) -> None:
    provision = _resource(_bundle(ready_session(form), form, settings), "Consent")["provision"]
    assert datetime.fromisoformat(provision["period"]["start"]) == SCHEDULED
    assert provision["code"] == [{"text": "Vertebroplasty T12, L1"}]
    actors = {a["role"]["coding"][0]["code"]: a["reference"]["display"] for a in provision["actor"]}
    assert actors == {"PPRF": "Dr Amir Patel", "WIT": "Nurse Joy Okafor"}


def test_the_patient_carries_the_mrn_under_the_clinics_system(form) -> None:
    settings = Settings(mrn_system="urn:oid:1.2.826.0.1.3680043.2.99", timezone="Europe/London")
    patient = _resource(_bundle(ready_session(form), form, settings), "Patient")
    (identifier,) = patient["identifier"]
    assert identifier["system"] == "urn:oid:1.2.826.0.1.3680043.2.99"
    assert identifier["value"] == "MRN-104233"
    assert identifier["type"]["coding"][0]["code"] == "MR"
    assert patient["name"] == [{"use": "official", "text": "Margaret Ellis"}]
    assert patient["birthDate"] == "1948-03-02"


def test_the_mrn_system_defaults_to_a_placeholder() -> None:
    assert Settings().mrn_system == "urn:consent-app:mrn"


def test_the_attachment_is_the_pdf_with_its_size_and_sha1(form, settings) -> None:
    session = ready_session(form)
    session.exported_at = AT
    document = _resource(_bundle(session, form, settings), "DocumentReference")
    (content,) = document["content"]
    attachment = content["attachment"]
    assert attachment["contentType"] == "application/pdf"
    assert base64.b64decode(attachment["data"]) == PDF
    assert attachment["size"] == len(PDF)
    assert base64.b64decode(attachment["hash"]) == hashlib.sha1(PDF).digest()
    assert attachment["title"] == "consent-summary.pdf"
    assert datetime.fromisoformat(attachment["creation"]) == AT
    assert document["type"]["coding"][0]["code"] == "59284-0"
    assert document["description"].startswith(form.meta.title)


def test_ids_are_the_same_for_the_same_session_and_differ_between_sessions(form, settings) -> None:
    session = ready_session(form)
    first, again = _bundle(session, form, settings), _bundle(session, form, settings)
    other = ready_session(form)
    other.intake.mrn = "MRN-200001"
    different = _bundle(other, form, settings)

    def ids(bundle: dict[str, Any]) -> dict[str, str]:
        return {e["resource"]["resourceType"]: e["resource"]["id"] for e in bundle["entry"]}

    assert ids(first) == ids(again)
    assert first == again
    for kind in ("Patient", "DocumentReference", "Consent", "Provenance"):
        assert ids(first)[kind] != ids(different)[kind]
    assert ids(first)["Organization"] == ids(different)["Organization"]


def test_two_consents_of_one_patient_update_one_patient(form, settings) -> None:
    first, second = ready_session(form), ready_session(form)
    patients = {_resource(_bundle(s, form, settings), "Patient")["id"] for s in (first, second)}
    consents = {_resource(_bundle(s, form, settings), "Consent")["id"] for s in (first, second)}
    assert len(patients) == 1
    assert len(consents) == 2


def test_every_entry_is_a_put_to_its_own_type_and_id(form, settings) -> None:
    for entry in _bundle(ready_session(form), form, settings)["entry"]:
        resource = entry["resource"]
        assert entry["request"] == {
            "method": "PUT",
            "url": f"{resource['resourceType']}/{resource['id']}",
        }
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"


def test_every_reference_resolves_within_the_bundle(form, settings) -> None:
    bundle = _bundle(_with_interpreter(ready_session(form)), form, settings)
    full_urls = {e["fullUrl"] for e in bundle["entry"]}
    references = _references(bundle["entry"])
    assert references
    assert set(references) <= full_urls


def test_provenance_lists_every_signer_with_their_time(form, settings) -> None:
    session = _with_interpreter(ready_session(form))
    session.signature(SignatureRole.PHYSICIAN).signed_at = SCHEDULED - timedelta(minutes=30)
    bundle = _bundle(session, form, settings)
    provenance = _resource(bundle, "Provenance")
    urls = {e["resource"]["resourceType"]: e["fullUrl"] for e in bundle["entry"]}
    assert {t["reference"] for t in provenance["target"]} == {
        urls["Consent"],
        urls["DocumentReference"],
    }
    signed = {
        s["who"]["display"]: (datetime.fromisoformat(s["when"]), s["type"][0]["display"])
        for s in provenance["signature"]
    }
    assert signed == {
        s.printed_name: (s.signed_at, purpose)
        for s, purpose in (
            (session.signature(SignatureRole.PATIENT), "Consent Signature"),
            (session.signature(SignatureRole.WITNESS), "Consent Witness Signature"),
            (session.signature(SignatureRole.INTERPRETER), "Interpreter Signature"),
            (session.signature(SignatureRole.PHYSICIAN), "Verification Signature"),
        )
    }
    agents = {a["who"].get("display"): a["type"]["coding"][0]["code"] for a in provenance["agent"]}
    assert agents == {
        "Margaret Ellis": "author",
        "Nurse Joy Okafor": "verifier",
        "Lucía Romero": "translator",
        "Dr Amir Patel": "attester",
        None: "custodian",
    }
    patient_signature = next(s for s in provenance["signature"] if s["who"].get("reference"))
    assert patient_signature["who"]["reference"] == urls["Patient"]


def test_a_representative_decides_on_behalf_of_the_patient(form, settings) -> None:
    session = ready_session(form)
    session.intake.consenter = Consenter.REPRESENTATIVE
    session.intake.representative_name = "Helen Ellis"
    session.intake.representative_relationship = "daughter"
    session.remove_signature(SignatureRole.PATIENT)
    given = signature(SignatureRole.REPRESENTATIVE, SignatureMeaning.CONSENT, "Helen Ellis")
    given.relationship = "daughter"
    given.signed_at = SCHEDULED - timedelta(hours=3)
    session.put_signature(given)
    bundle = _bundle(session, form, settings)
    Bundle.model_validate(bundle)
    consent = _resource(bundle, "Consent")
    patient_url = f"urn:uuid:{_resource(bundle, 'Patient')['id']}"
    assert consent["performer"] == [{"type": "RelatedPerson", "display": "Helen Ellis (daughter)"}]
    assert datetime.fromisoformat(consent["dateTime"]) == given.signed_at
    (agent,) = [
        a
        for a in _resource(bundle, "Provenance")["agent"]
        if a["type"]["coding"][0]["code"] == "author"
    ]
    assert agent["who"]["display"] == "Helen Ellis (daughter)"
    assert agent["onBehalfOf"] == {"reference": patient_url}


def test_importing_the_module_loads_no_fhir_models() -> None:
    probe = (
        "import sys, consent_app.fhir; "
        "print(sorted(m for m in sys.modules if m.startswith(('fhir.', 'reportlab', 'pikepdf'))))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# --- bundle_for_session and the command line --------------------------------------------------


@pytest.fixture
def worktree_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command runs this checkout's code, whatever is installed."""
    earlier = os.environ.get("PYTHONPATH")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), earlier])))


@pytest.fixture
def stored(tmp_path: Path, form, settings) -> tuple[DataPaths, SessionStore, ConsentSession]:
    """A data folder with one session sealed into the records folder."""
    paths = DataPaths(tmp_path / "data")
    paths.ensure()
    clinic = {"timezone": "Europe/London", "clinic_name": "Test Clinic"}
    paths.settings.write_text(json.dumps(clinic))
    store = SessionStore(paths.database)
    session = ready_session(form)
    session.status = SessionStatus.COMPLETED
    store.save(session, [AuditEvent(EventKind.PAGE_ENTERED, AT, {"page": "intake"})])
    seal_version(store, session, form, settings, paths, paths.records, AT, FIRST_EXPORT)
    return paths, store, session


def test_bundle_for_session_carries_the_latest_sealed_pdf(stored, form, settings) -> None:
    _, store, session = stored
    bundle = json.loads(fhir.bundle_for_session(store, session.session_id, form, settings))
    Bundle.model_validate(bundle)
    (version,) = store.versions(session.session_id)
    sealed = Path(version.file).read_bytes()
    attachment = _resource(bundle, "DocumentReference")["content"][0]["attachment"]
    assert base64.b64decode(attachment["data"]) == sealed
    assert attachment["title"] == Path(version.file).name
    assert _resource(bundle, "Consent")["identifier"][0]["value"] == session.session_id


def test_bundle_for_session_says_what_the_sealed_record_says(stored, form, settings) -> None:
    """A session changed after sealing (resumed, not yet sealed again) is sent as sealed."""
    _, store, session = stored
    session.decision = Decision.REFUSE
    store.save(session, [])
    bundle = json.loads(fhir.bundle_for_session(store, session.session_id, form, settings))
    assert _resource(bundle, "Consent")["status"] == "active"


def test_bundle_for_session_without_a_sealed_pdf_raises(stored, form, settings) -> None:
    _, store, _ = stored
    unsealed = ready_session(form)
    store.save(unsealed, [AuditEvent(EventKind.PAGE_ENTERED, AT, {"page": "intake"})])
    with pytest.raises(fhir.NoSealedSummary):
        fhir.bundle_for_session(store, unsealed.session_id, form, settings)


def test_the_command_writes_a_bundle_for_a_stored_session(
    stored, tmp_path: Path, worktree_on_path
) -> None:
    paths, store, session = stored
    out = tmp_path / "bundle.json"
    result = run_cli("--data-dir", str(paths.root), "fhir", session.session_id, "-o", str(out))
    assert result.returncode == 0, result.stderr
    bundle = json.loads(out.read_bytes())
    Bundle.model_validate(bundle)
    (version,) = store.versions(session.session_id)
    attachment = _resource(bundle, "DocumentReference")["content"][0]["attachment"]
    assert base64.b64decode(attachment["data"]) == Path(version.file).read_bytes()
    assert _resource(bundle, "Organization")["name"] == "Test Clinic"


def test_the_command_seals_a_record_file_into_the_bundle(
    tmp_path: Path, form, worktree_on_path
) -> None:
    from consent_app.export import verify_summary

    record = tmp_path / "record.json"
    record.write_text(ready_session(form).model_dump_json())
    out = tmp_path / "bundle.json"
    data = tmp_path / "data"
    result = run_cli("--data-dir", str(data), "fhir", str(record), "-o", str(out))
    assert result.returncode == 0, result.stderr
    bundle = json.loads(out.read_bytes())
    Bundle.model_validate(bundle)
    attachment = _resource(bundle, "DocumentReference")["content"][0]["attachment"]
    pdf = base64.b64decode(attachment["data"])
    assert verify_summary(pdf).ok
    assert attachment["title"].endswith(".pdf")


def test_the_command_refuses_an_unknown_session(stored, tmp_path: Path, worktree_on_path) -> None:
    paths, _, _ = stored
    out = tmp_path / "bundle.json"
    result = run_cli("--data-dir", str(paths.root), "fhir", "0123456789abcdef", "-o", str(out))
    assert result.returncode == 2
    assert "no session '0123456789abcdef'" in result.stderr
    assert not out.exists()


def test_the_command_refuses_a_session_with_nothing_sealed(
    stored, form, tmp_path: Path, worktree_on_path
) -> None:
    paths, store, _ = stored
    unsealed = ready_session(form)
    store.save(unsealed, [AuditEvent(EventKind.PAGE_ENTERED, AT, {"page": "intake"})])
    out = tmp_path / "bundle.json"
    result = run_cli("--data-dir", str(paths.root), "fhir", unsealed.session_id, "-o", str(out))
    assert result.returncode == 2
    assert "no sealed summary" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("text", "says"),
    [("{not json", "$: Invalid JSON"), ('{"form_id": "vertebroplasty"}', "$.form_version")],
)
def test_the_command_refuses_an_invalid_record(
    tmp_path: Path, worktree_on_path, text: str, says: str
) -> None:
    record = tmp_path / "record.json"
    record.write_text(text)
    out = tmp_path / "bundle.json"
    result = run_cli("--data-dir", str(tmp_path / "data"), "fhir", str(record), "-o", str(out))
    assert result.returncode == 2
    assert says in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_the_command_fails_when_the_sealed_pdf_was_changed(
    stored, tmp_path: Path, worktree_on_path
) -> None:
    paths, store, session = stored
    (version,) = store.versions(session.session_id)
    Path(version.file).write_bytes(Path(version.file).read_bytes() + b"\n")
    out = tmp_path / "bundle.json"
    result = run_cli("--data-dir", str(paths.root), "fhir", session.session_id, "-o", str(out))
    assert result.returncode == 1
    assert "not the summary that was sealed" in result.stderr
    assert not out.exists()
