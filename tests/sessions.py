"""Builders for test sessions, derived from the form so they follow its content."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from consent_app.domain.form import Answer, FormDefinition
from consent_app.domain.session import (
    ConsentSession,
    Decision,
    MealType,
    RiskAcknowledgement,
    RiskResponse,
    Signature,
    SignatureMeaning,
    SignatureRole,
    TeachBackAnswer,
)

LONDON = ZoneInfo("Europe/London")
SCHEDULED = datetime(2026, 11, 24, 10, 0, tzinfo=LONDON)

# A signature-like zigzag, long enough to be a signature and not a dot.
SIGNATURE_STROKES = [
    [(20.0 + 12 * i, 80.0 + (30 if i % 2 else -30), 0.5) for i in range(30)],
    [(60.0, 140.0, 0.4), (300.0, 150.0, 0.7)],
]


def harmless_answer(form: FormDefinition, field: str, options: list[Answer]) -> Answer:
    """The first answer that no rule of the form turns into a finding."""
    flagged = {a for rule in form.rules_for(field) for a in rule.answers}
    return next(a for a in options if a not in flagged)


def signature(role: SignatureRole, meaning: SignatureMeaning, name: str) -> Signature:
    """A drawn signature for a role."""
    return Signature(
        role=role,
        meaning=meaning,
        printed_name=name,
        signed_at=SCHEDULED - timedelta(hours=2),
        strokes=SIGNATURE_STROKES,
        canvas_width=600,
        canvas_height=200,
    )


def ready_session(form: FormDefinition) -> ConsentSession:
    """A session answered in full, with nothing that holds the procedure back."""
    session = ConsentSession(form_id=form.meta.form_id, form_version=form.meta.version)
    intake = session.intake
    intake.full_name = "Margaret Ellis"
    intake.date_of_birth = date(1948, 3, 2)
    intake.mrn = "MRN-104233"
    intake.procedure = form.meta.procedure_name
    intake.levels = ["T12", "L1"]
    intake.proceduralist = "Dr Amir Patel"
    intake.scheduled_at = SCHEDULED
    record = session.checklist
    for item in form.checklist.items:
        options = [Answer.YES, Answer.NO, Answer.NOT_APPLICABLE]
        record.entry(item.id).answer = harmless_answer(form, item.id, options)
        if item.kind == "anticoagulant":
            # "Yes" raises no answer rule, but it needs a drug and a dose time: say no.
            record.entry(item.id).answer = Answer.NO
    record.imaging_date = date(2026, 11, 10)
    record.inr, record.inr_drawn = 1.1, date(2026, 11, 23)
    record.platelets, record.platelets_drawn = 210, date(2026, 11, 23)
    record.last_solid_food = SCHEDULED - timedelta(hours=12)
    record.meal_type = MealType.LIGHT
    record.last_clear_fluid = SCHEDULED - timedelta(hours=3)
    for question in form.patient_questions():
        session.set_answer(question.id, harmless_answer(form, question.id, [Answer.NO, Answer.YES]))
    for risk in form.risks.items:
        session.risks[risk.id] = RiskAcknowledgement(response=RiskResponse.UNDERSTOOD)
    for teach in form.understanding.questions:
        session.understanding[teach.id] = TeachBackAnswer(choices=[teach.correct])
    session.decision = Decision.AGREE
    session.put_signature(
        signature(SignatureRole.PATIENT, SignatureMeaning.CONSENT, intake.full_name)
    )
    session.put_signature(
        signature(SignatureRole.WITNESS, SignatureMeaning.WITNESS, "Nurse Joy Okafor")
    )
    session.put_signature(
        signature(SignatureRole.PHYSICIAN, SignatureMeaning.PHYSICIAN_ATTESTATION, "Dr Amir Patel")
    )
    return session
