"""The session record: an exact JSON round trip, unanswered kept unanswered, signatures by role."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from pydantic import ValidationError
from sessions import SCHEDULED, ready_session, signature

from consent_app.domain.clearance import evaluate
from consent_app.domain.form import Answer, FormDefinition
from consent_app.domain.session import (
    ChecklistRecord,
    ConsentSession,
    RiskAcknowledgement,
    RiskResponse,
    SignatureMeaning,
    SignatureRole,
    TeachBackAnswer,
)
from consent_app.settings import Settings


def round_trip(session: ConsentSession) -> ConsentSession:
    return ConsentSession.model_validate_json(session.model_dump_json())


def unanswered_session(form: FormDefinition) -> ConsentSession:
    """A ready session with one of everything left unanswered."""
    session = ready_session(form)
    session.set_answer(form.patient_questions()[0].id, None)
    session.checklist.entry(form.checklist.items[0].id).answer = None
    session.risks[form.risks.items[0].id] = RiskAcknowledgement(response=None)
    session.understanding[form.understanding.questions[0].id] = TeachBackAnswer()
    session.decision = None
    return session


def test_ready_session_round_trips_through_json_exactly(form: FormDefinition) -> None:
    session = ready_session(form)
    again = round_trip(session)
    assert again == session
    assert again.model_dump_json() == session.model_dump_json()


def test_round_trip_keeps_every_instant(form: FormDefinition) -> None:
    session = ready_session(form)
    session.checklist.anticoagulant_last_dose = SCHEDULED - timedelta(hours=71, minutes=59)
    again = round_trip(session)
    assert again.intake.scheduled_at == SCHEDULED
    assert again.intake.scheduled_at.utcoffset() == SCHEDULED.utcoffset()
    assert again.checklist.anticoagulant_last_dose == session.checklist.anticoagulant_last_dose
    assert again.created_at == session.created_at


def test_round_trip_gives_the_same_clearance(form: FormDefinition, settings: Settings) -> None:
    session = unanswered_session(form)
    session.checklist.anticoagulant_drug = "apixaban"
    session.checklist.anticoagulant_last_dose = SCHEDULED - timedelta(hours=71)
    assert evaluate(round_trip(session), form, settings) == evaluate(session, form, settings)


def test_unanswered_stays_none_after_the_round_trip(form: FormDefinition) -> None:
    again = round_trip(unanswered_session(form))
    assert again.answer(form.patient_questions()[0].id) is None
    assert again.checklist.answer(form.checklist.items[0].id) is None
    assert again.risks[form.risks.items[0].id].response is None
    assert again.understanding[form.understanding.questions[0].id].first_choice is None
    assert again.decision is None


def test_unanswered_is_stored_as_null_not_no(form: FormDefinition) -> None:
    stored = json.loads(unanswered_session(form).model_dump_json())
    assert stored["answers"][form.patient_questions()[0].id]["answer"] is None
    assert stored["checklist"]["entries"][form.checklist.items[0].id]["answer"] is None


def test_answer_is_none_for_a_question_never_asked() -> None:
    session = ConsentSession(form_id="f", form_version="1")
    assert session.answer("allergy.bone_cement") is None
    assert session.checklist.answer("checklist.inr") is None
    assert session.checklist.entries == {}


def test_checklist_entry_starts_unanswered() -> None:
    record = ChecklistRecord()
    assert record.entry("checklist.inr").answer is None
    assert "checklist.inr" in record.entries


def test_answer_outside_the_choices_is_refused() -> None:
    session = ConsentSession(form_id="f", form_version="1")
    with pytest.raises(ValidationError):
        session.set_answer("allergy.bone_cement", "maybe")  # type: ignore[arg-type]


def test_set_answer_keeps_the_detail_when_none_is_given() -> None:
    session = ConsentSession(form_id="f", form_version="1")
    session.set_answer("allergy.latex", Answer.YES, "Rash from gloves")
    session.set_answer("allergy.latex", Answer.YES)
    assert session.answers["allergy.latex"].detail == "Rash from gloves"


def test_put_signature_replaces_the_same_role() -> None:
    session = ConsentSession(form_id="f", form_version="1")
    session.put_signature(signature(SignatureRole.WITNESS, SignatureMeaning.WITNESS, "Nurse A"))
    session.put_signature(signature(SignatureRole.PATIENT, SignatureMeaning.CONSENT, "Pat"))
    session.put_signature(signature(SignatureRole.WITNESS, SignatureMeaning.WITNESS, "Nurse B"))
    assert [s.role for s in session.signatures].count(SignatureRole.WITNESS) == 1
    assert session.signature(SignatureRole.WITNESS).printed_name == "Nurse B"
    assert session.signature(SignatureRole.PATIENT).printed_name == "Pat"


def test_remove_signature_drops_only_that_role() -> None:
    session = ConsentSession(form_id="f", form_version="1")
    session.put_signature(signature(SignatureRole.PATIENT, SignatureMeaning.CONSENT, "Pat"))
    session.put_signature(signature(SignatureRole.WITNESS, SignatureMeaning.WITNESS, "Nurse A"))
    session.remove_signature(SignatureRole.PATIENT)
    assert session.signature(SignatureRole.PATIENT) is None
    assert session.signature(SignatureRole.WITNESS) is not None


def test_questions_raised_lists_only_question_risks() -> None:
    session = ConsentSession(form_id="f", form_version="1")
    session.risks = {
        "risk.a": RiskAcknowledgement(response=RiskResponse.UNDERSTOOD),
        "risk.b": RiskAcknowledgement(response=RiskResponse.QUESTION, question="How often?"),
        "risk.c": RiskAcknowledgement(response=None, question="typed but not marked"),
        "risk.d": RiskAcknowledgement(response=RiskResponse.QUESTION),
    }
    assert session.questions_raised() == [("risk.b", "How often?"), ("risk.d", "")]


def test_teach_back_first_choice_is_the_first_made() -> None:
    assert TeachBackAnswer(choices=["b", "a"]).first_choice == "b"
    assert TeachBackAnswer().first_choice is None
