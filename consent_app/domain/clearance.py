"""The clearance: turn a session into Ready / Physician review required / Do not proceed.

Safety-critical and pure. Which answers lead where lives in the form's rules; this module reads
them, adds what it works out itself (lab thresholds, hold and fasting times), and never reads an
unanswered question as "no": an unanswered question counts as its most serious possible answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from consent_app.domain.form import Answer, FormDefinition, Severity
from consent_app.domain.holds import HoldVerdict, anticoagulant_hold, describe_duration, elapsed
from consent_app.domain.session import (
    ConsentSession,
    Decision,
    MealType,
    MedicineDose,
    RiskResponse,
)
from consent_app.settings import Settings


class ClearanceStatus(StrEnum):
    """The overall outcome of the checks."""

    READY = "ready"
    PHYSICIAN_REVIEW = "physician_review"
    DO_NOT_PROCEED = "do_not_proceed"


_STATUS_FOR = {
    Severity.NURSE_ACTION: ClearanceStatus.READY,
    Severity.PHYSICIAN_REVIEW: ClearanceStatus.PHYSICIAN_REVIEW,
    Severity.DO_NOT_PROCEED: ClearanceStatus.DO_NOT_PROCEED,
}

# Computed findings a checklist line of each kind can raise when answered "yes": an unanswered
# line counts as the worst of these, as well as the worst of its answer rules.
_KIND_COMPUTED = {
    "inr": ("inr_above_threshold", "inr_not_recorded"),
    "platelets": ("platelets_below_threshold", "platelets_not_recorded"),
    "anticoagulant": (
        "anticoagulant_details_missing",
        "anticoagulant_hold_short",
        "anticoagulant_hold_borderline",
        "anticoagulant_needs_review",
    ),
    "fasting": ("fasting_not_recorded", "fasting_solids_short", "fasting_fluids_short"),
}


@dataclass(frozen=True)
class Finding:
    """One reason the procedure is held back, and the field it came from."""

    code: str
    severity: Severity
    message: str
    field: str


@dataclass(frozen=True)
class Clearance:
    """The status worked out from every answer, with every finding behind it."""

    status: ClearanceStatus
    findings: tuple[Finding, ...]

    def with_severity(self, severity: Severity) -> list[Finding]:
        """The findings of one severity, in form order."""
        return [f for f in self.findings if f.severity is severity]

    @property
    def attestation_may_wait(self) -> bool:
        """Whether the physician's attestation may be signed later (not when review is due)."""
        return self.status is not ClearanceStatus.PHYSICIAN_REVIEW


class _Safe(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class _Findings:
    """Collects findings, reading severities and messages from the form's rules."""

    def __init__(self, form: FormDefinition) -> None:
        self.form = form
        self.items: list[Finding] = []

    def computed(self, name: str, field: str, **values: object) -> None:
        rule = self.form.rules.computed[name]
        message = rule.message.format_map(_Safe(values))
        self.items.append(Finding(rule.code, rule.severity, message, field))

    def answered(self, field: str, answer: Answer) -> bool:
        """Add the findings the form's rules give this answer; True when any rule matched."""
        matched = [rule for rule in self.form.rules_for(field) if answer in rule.answers]
        for rule in matched:
            self.items.append(Finding(rule.code, rule.severity, rule.message, field))
        return bool(matched)

    def unanswered(self, field: str, label: str, computed: Iterable[str] = ()) -> None:
        """An unanswered question counts as the most serious answer it could have had."""
        rule = self.form.rules.computed["not_answered"]
        severities = [rule.severity]
        severities += [r.severity for r in self.form.rules_for(field)]
        severities += [self.form.rules.computed[name].severity for name in computed]
        worst = max(severities, key=lambda s: s.rank)
        message = rule.message.format_map(_Safe(label=label))
        self.items.append(Finding(rule.code, worst, message, field))


def evaluate(session: ConsentSession, form: FormDefinition, settings: Settings) -> Clearance:
    """Work out the clearance for a session from every answer in it."""
    found = _Findings(form)
    _checklist(session, form, settings, found)
    for question in form.patient_questions():
        answer = session.answer(question.id)
        if answer is None or (
            not found.answered(question.id, answer) and answer is Answer.NOT_APPLICABLE
        ):
            found.unanswered(question.id, question.staff_label)
    _risks(session, form, found)
    _understanding(session, form, found)
    _decision(session, found)
    findings = sorted(found.items, key=lambda f: -f.severity.rank)
    worst = max((f.severity for f in findings), key=lambda s: s.rank, default=None)
    status = _STATUS_FOR[worst] if worst else ClearanceStatus.READY
    return Clearance(status, tuple(findings))


def _checklist(
    session: ConsentSession, form: FormDefinition, settings: Settings, found: _Findings
) -> None:
    record = session.checklist
    for item in form.checklist.items:
        answer = record.answer(item.id)
        computed = _KIND_COMPUTED.get(item.kind, ())
        if answer is None:
            found.unanswered(item.id, item.label, computed)
            continue
        matched = found.answered(item.id, answer)
        if answer is Answer.NOT_APPLICABLE and not item.allow_not_applicable and not matched:
            found.unanswered(item.id, item.label, computed)
        if answer is not Answer.YES:
            continue
        if item.kind == "inr":
            if record.inr is None:
                found.computed("inr_not_recorded", item.id)
            # Written so that a NaN (never <= anything) fails safe and is flagged.
            elif not record.inr <= settings.inr_max:
                found.computed(
                    "inr_above_threshold", item.id, value=record.inr, threshold=settings.inr_max
                )
        elif item.kind == "platelets":
            if record.platelets is None:
                found.computed("platelets_not_recorded", item.id)
            elif not record.platelets >= settings.platelets_min:
                found.computed(
                    "platelets_below_threshold",
                    item.id,
                    value=f"{record.platelets:g}",
                    threshold=f"{settings.platelets_min:g}",
                )
        elif item.kind == "anticoagulant":
            _anticoagulant(session, form, item.id, found)
        elif item.kind == "fasting":
            _fasting(session, form, item.id, found)


def _anticoagulant(
    session: ConsentSession, form: FormDefinition, field: str, found: _Findings
) -> None:
    """Check the hold of every medicine entered; one not held long enough is enough to stop."""
    for dose in session.checklist.anticoagulant_doses():
        _anticoagulant_dose(session, form, field, dose, found)


def _anticoagulant_dose(
    session: ConsentSession,
    form: FormDefinition,
    field: str,
    dose: MedicineDose,
    found: _Findings,
) -> None:
    record = session.checklist
    if not dose.drug or dose.last_dose is None:
        found.computed("anticoagulant_details_missing", field)
        return
    drug = form.anticoagulant(dose.drug)
    if drug is None:
        found.computed("anticoagulant_needs_review", field, drug=dose.drug, note="")
        return
    if drug.always_review:
        found.computed("anticoagulant_needs_review", field, drug=drug.name, note=drug.note)
        return
    if session.intake.scheduled_at is None:
        # Without a procedure time the hold cannot be shown to be long enough.
        found.computed("anticoagulant_details_missing", field)
        return
    hold = anticoagulant_hold(
        drug, dose.last_dose, session.intake.scheduled_at, record.renal_impairment
    )
    values = {
        "drug": drug.name,
        "held": describe_duration(hold.held, form.meta.language),
        "required": describe_duration(hold.full, form.meta.language),
        "minimum": describe_duration(hold.minimum, form.meta.language),
    }
    if hold.verdict is HoldVerdict.TOO_SHORT:
        found.computed("anticoagulant_hold_short", field, **values)
    elif hold.verdict is HoldVerdict.BORDERLINE:
        found.computed("anticoagulant_hold_borderline", field, **values)


def _fasting(session: ConsentSession, form: FormDefinition, field: str, found: _Findings) -> None:
    record = session.checklist
    scheduled = session.intake.scheduled_at
    if record.last_solid_food is None or record.last_clear_fluid is None:
        found.computed("fasting_not_recorded", field)
        return
    if scheduled is None:
        found.computed("schedule_missing", field)
        return
    rules = form.checklist.fasting
    # A meal of unknown kind counts as a heavy one: the longer fast applies.
    solid_hours = (
        rules.light_meal_hours if record.meal_type is MealType.LIGHT else rules.heavy_meal_hours
    )
    for name, since, hours in (
        ("fasting_solids_short", record.last_solid_food, solid_hours),
        ("fasting_fluids_short", record.last_clear_fluid, rules.clear_fluid_hours),
    ):
        held = elapsed(since, scheduled)
        required = timedelta(hours=hours)
        if held < required:
            found.computed(
                name,
                field,
                held=describe_duration(held, form.meta.language),
                required=describe_duration(required, form.meta.language),
            )


def _risks(session: ConsentSession, form: FormDefinition, found: _Findings) -> None:
    for risk in form.risks.items:
        ack = session.risks.get(risk.id)
        if ack is None or ack.response is None:
            found.unanswered(risk.id, risk.title, ("risk_question",))
        elif ack.response is RiskResponse.QUESTION:
            question = ack.question.strip() or "(to be asked in person)"
            found.computed("risk_question", risk.id, risk=risk.title, question=question)


def _understanding(session: ConsentSession, form: FormDefinition, found: _Findings) -> None:
    for question in form.understanding.questions:
        response = session.understanding.get(question.id)
        first = response.first_choice if response else None
        if first is None:
            found.unanswered(question.id, question.text, ("teach_back_wrong",))
        elif first != question.correct:
            found.computed("teach_back_wrong", question.id, question=question.text)


def _decision(session: ConsentSession, found: _Findings) -> None:
    if session.decision is None:
        found.computed("decision_missing", "decision")
    elif session.decision is Decision.REFUSE:
        found.computed("decision_refused", "decision")
    elif session.decision is Decision.TALK_FIRST:
        found.computed("decision_talk_first", "decision")
