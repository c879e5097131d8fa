"""The clearance rules: Ready / Physician review / Do not proceed, read from the shipped form.

Parameters are built from the form at collection time, so every rule, question and drug the form
ships is tested, and a rule added to the form is tested without touching this file.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sessions import SCHEDULED, ready_session

from consent_app.domain.clearance import Clearance, ClearanceStatus, Finding, evaluate
from consent_app.domain.form import Answer, ChecklistItem, FormDefinition, Severity
from consent_app.domain.session import (
    ConsentSession,
    Decision,
    MealType,
    RiskAcknowledgement,
    RiskResponse,
    TeachBackAnswer,
)
from consent_app.resources_door import load_form
from consent_app.settings import Settings

LONDON = ZoneInfo("Europe/London")
FORM = load_form("vertebroplasty", "en")

STATUS_FOR = {
    Severity.NURSE_ACTION: ClearanceStatus.READY,
    Severity.PHYSICIAN_REVIEW: ClearanceStatus.PHYSICIAN_REVIEW,
    Severity.DO_NOT_PROCEED: ClearanceStatus.DO_NOT_PROCEED,
}

CHECKLIST_IDS = [item.id for item in FORM.checklist.items]
QUESTION_IDS = [q.id for q in FORM.patient_questions()]


def _group(group_id: str) -> list[str]:
    group = next(g for g in FORM.allergy.groups if g.id == group_id)
    return [q.id for q in group.questions]


CEMENT_IDS = _group("cement")
OTHER_ALLERGY_IDS = [q for g in FORM.allergy.groups if g.id != "cement" for q in _group(g.id)]
ALLERGY_IDS = CEMENT_IDS + OTHER_ALLERGY_IDS

HOLD_DRUGS = [d.id for d in FORM.checklist.anticoagulants if not d.always_review]
RANGE_DRUGS = [d.id for d in FORM.checklist.anticoagulants if d.minimum_hours < d.full_hours]
REVIEW_DRUGS = [d.id for d in FORM.checklist.anticoagulants if d.always_review]

RULE_CASES = [
    pytest.param(rule.field, answer, id=f"{rule.code}-{answer.value}")
    for rule in FORM.rules.answers
    for answer in rule.answers
]


# --- helpers -------------------------------------------------------------------------------


def item_of_kind(form: FormDefinition, kind: str) -> ChecklistItem:
    return next(item for item in form.checklist.items if item.kind == kind)


def code(form: FormDefinition, name: str) -> str:
    """The code a computed finding carries, as the form spells it."""
    return form.rules.computed[name].code


def with_code(clearance: Clearance, finding_code: str) -> list[Finding]:
    return [f for f in clearance.findings if f.code == finding_code]


def codes(clearance: Clearance) -> set[str]:
    return {f.code for f in clearance.findings}


def cleared(form: FormDefinition) -> ConsentSession:
    """ready_session, with the anticoagulant line answered "no".

    ready_session answers every checklist line with the first answer no rule flags; for
    "Takes an anticoagulant or antiplatelet" that is "yes", with no drug recorded, so the
    session does not clear (see test_ready_session_clears_ready).
    """
    session = ready_session(form)
    session.checklist.entry(item_of_kind(form, "anticoagulant").id).answer = Answer.NO
    return session


def set_field(
    session: ConsentSession, form: FormDefinition, field: str, answer: Answer | None
) -> None:
    if field in {item.id for item in form.checklist.items}:
        session.checklist.entry(field).answer = answer
    else:
        session.set_answer(field, answer)


def taking(
    session: ConsentSession,
    form: FormDefinition,
    drug_id: str,
    last_dose: datetime | None,
    *,
    renal: bool = False,
) -> None:
    """Record that the patient takes a drug, last taken at last_dose."""
    record = session.checklist
    record.entry(item_of_kind(form, "anticoagulant").id).answer = Answer.YES
    record.anticoagulant_drug = drug_id
    record.anticoagulant_last_dose = last_dose
    record.renal_impairment = renal


def hold_codes(form: FormDefinition) -> set[str]:
    return {
        code(form, name)
        for name in (
            "anticoagulant_details_missing",
            "anticoagulant_hold_short",
            "anticoagulant_hold_borderline",
            "anticoagulant_needs_review",
        )
    }


def hours_before(when: datetime, hours: float) -> datetime:
    return when - timedelta(hours=hours)


# --- a fully answered session --------------------------------------------------------------


def test_ready_session_clears_ready(form: FormDefinition, settings: Settings) -> None:
    clearance = evaluate(ready_session(form), form, settings)
    assert clearance.status is ClearanceStatus.READY, clearance.findings
    assert all(f.severity is Severity.NURSE_ACTION for f in clearance.findings)


def test_session_with_no_anticoagulant_clears_ready(
    form: FormDefinition, settings: Settings
) -> None:
    clearance = evaluate(cleared(form), form, settings)
    assert clearance.status is ClearanceStatus.READY, clearance.findings
    assert clearance.findings == ()


# --- every answer rule in the form ---------------------------------------------------------


@pytest.mark.parametrize(("field", "answer"), RULE_CASES)
def test_answer_rule_produces_its_finding_and_status(
    form: FormDefinition, settings: Settings, field: str, answer: Answer
) -> None:
    session = cleared(form)
    set_field(session, form, field, answer)
    clearance = evaluate(session, form, settings)
    matching = [r for r in form.rules_for(field) if answer in r.answers]
    for rule in matching:
        assert Finding(rule.code, rule.severity, rule.message, field) in clearance.findings
    worst = max((r.severity for r in matching), key=lambda s: s.rank)
    assert clearance.status is STATUS_FOR[worst]


# --- an unanswered question is never "no" --------------------------------------------------


@pytest.mark.parametrize("field", QUESTION_IDS + CHECKLIST_IDS)
def test_unanswered_question_is_its_most_serious_answer(
    form: FormDefinition, settings: Settings, field: str
) -> None:
    session = cleared(form)
    set_field(session, form, field, None)
    clearance = evaluate(session, form, settings)
    [finding] = [f for f in with_code(clearance, code(form, "not_answered")) if f.field == field]
    floor = [form.rules.computed["not_answered"].severity]
    floor += [r.severity for r in form.rules_for(field)]
    assert all(finding.severity.rank >= s.rank for s in floor)
    assert clearance.status is not ClearanceStatus.READY


@pytest.mark.parametrize("field", QUESTION_IDS + CHECKLIST_IDS)
def test_question_never_asked_is_not_answered(
    form: FormDefinition, settings: Settings, field: str
) -> None:
    session = cleared(form)
    session.answers.pop(field, None)
    session.checklist.entries.pop(field, None)
    clearance = evaluate(session, form, settings)
    assert any(f.field == field for f in with_code(clearance, code(form, "not_answered")))
    assert clearance.status is not ClearanceStatus.READY


def lenient_form(form: FormDefinition, field: str) -> FormDefinition:
    """The form with not_answered lowered to nurse_action and no answer rules on one field.

    Left with only the line's computed findings to go on, an unanswered line must still count
    as the worst of them.
    """
    computed = dict(form.rules.computed)
    computed["not_answered"] = computed["not_answered"].model_copy(
        update={"severity": Severity.NURSE_ACTION}
    )
    answers = [rule for rule in form.rules.answers if rule.field != field]
    rules = form.rules.model_copy(update={"computed": computed, "answers": answers})
    return form.model_copy(update={"rules": rules})


@pytest.mark.parametrize("kind", ["inr", "platelets", "anticoagulant", "fasting"])
def test_unanswered_checklist_line_is_as_severe_as_its_computed_findings(
    form: FormDefinition, settings: Settings, kind: str
) -> None:
    item = item_of_kind(form, kind)
    lenient = lenient_form(form, item.id)
    session = cleared(form)
    session.checklist.entry(item.id).answer = None
    clearance = evaluate(session, lenient, settings)
    [finding] = [f for f in clearance.findings if f.field == item.id]
    computed = [r.severity for name, r in form.rules.computed.items() if name.startswith(kind)]
    assert finding.severity is max(computed, key=lambda s: s.rank)
    assert clearance.status is not ClearanceStatus.READY


def test_empty_session_does_not_proceed_and_flags_every_question(
    form: FormDefinition, settings: Settings
) -> None:
    session = ConsentSession(form_id=form.meta.form_id, form_version=form.meta.version)
    clearance = evaluate(session, form, settings)
    flagged = {f.field for f in with_code(clearance, code(form, "not_answered"))}
    assert clearance.status is ClearanceStatus.DO_NOT_PROCEED
    assert set(QUESTION_IDS + CHECKLIST_IDS) <= flagged


def test_patient_question_answered_not_applicable_is_not_read_as_no(
    form: FormDefinition, settings: Settings
) -> None:
    # Patients are offered yes / no / not sure only; "not applicable" on a patient question is a
    # corrupt or mis-wired answer and must not clear like "no".
    silent = []
    for field in QUESTION_IDS:
        session = cleared(form)
        session.set_answer(field, Answer.NOT_APPLICABLE)
        if evaluate(session, form, settings).status is ClearanceStatus.READY:
            silent.append(field)
    assert not silent, f"read as no when answered not_applicable: {silent}"


# --- allergies -----------------------------------------------------------------------------


@pytest.mark.parametrize("field", CEMENT_IDS)
def test_cement_allergy_yes_does_not_proceed(
    form: FormDefinition, settings: Settings, field: str
) -> None:
    session = cleared(form)
    session.set_answer(field, Answer.YES)
    assert evaluate(session, form, settings).status is ClearanceStatus.DO_NOT_PROCEED


@pytest.mark.parametrize("field", ALLERGY_IDS)
def test_allergy_not_sure_needs_physician_review(
    form: FormDefinition, settings: Settings, field: str
) -> None:
    session = cleared(form)
    session.set_answer(field, Answer.NOT_SURE)
    assert evaluate(session, form, settings).status is ClearanceStatus.PHYSICIAN_REVIEW


@pytest.mark.parametrize("field", OTHER_ALLERGY_IDS)
def test_other_allergy_yes_needs_physician_review(
    form: FormDefinition, settings: Settings, field: str
) -> None:
    session = cleared(form)
    session.set_answer(field, Answer.YES)
    assert evaluate(session, form, settings).status is ClearanceStatus.PHYSICIAN_REVIEW


@pytest.mark.parametrize("field", ALLERGY_IDS)
def test_allergy_no_adds_no_finding(form: FormDefinition, settings: Settings, field: str) -> None:
    session = cleared(form)
    session.set_answer(field, Answer.NO)
    assert evaluate(session, form, settings).findings == ()


# --- laboratory values ---------------------------------------------------------------------


def test_inr_above_threshold_needs_physician_review(
    form: FormDefinition, settings: Settings
) -> None:
    session = cleared(form)
    session.checklist.inr = settings.inr_max + 0.1
    clearance = evaluate(session, form, settings)
    [finding] = with_code(clearance, code(form, "inr_above_threshold"))
    assert finding.severity is Severity.PHYSICIAN_REVIEW
    assert clearance.status is ClearanceStatus.PHYSICIAN_REVIEW


def test_inr_equal_to_threshold_adds_no_finding(form: FormDefinition, settings: Settings) -> None:
    session = cleared(form)
    session.checklist.inr = settings.inr_max
    assert evaluate(session, form, settings).findings == ()


def test_inr_checked_without_a_value_is_not_recorded(
    form: FormDefinition, settings: Settings
) -> None:
    session = cleared(form)
    session.checklist.inr = None
    clearance = evaluate(session, form, settings)
    assert code(form, "inr_not_recorded") in codes(clearance)
    assert clearance.status is not ClearanceStatus.READY


def test_inr_that_is_not_a_number_does_not_clear(form: FormDefinition, settings: Settings) -> None:
    session = cleared(form)
    session.checklist.inr = float("nan")
    assert evaluate(session, form, settings).status is not ClearanceStatus.READY


def test_platelets_below_threshold_need_physician_review(
    form: FormDefinition, settings: Settings
) -> None:
    session = cleared(form)
    session.checklist.platelets = settings.platelets_min - 1
    clearance = evaluate(session, form, settings)
    [finding] = with_code(clearance, code(form, "platelets_below_threshold"))
    assert finding.severity is Severity.PHYSICIAN_REVIEW
    assert clearance.status is ClearanceStatus.PHYSICIAN_REVIEW


def test_platelets_equal_to_threshold_add_no_finding(
    form: FormDefinition, settings: Settings
) -> None:
    session = cleared(form)
    session.checklist.platelets = settings.platelets_min
    assert evaluate(session, form, settings).findings == ()


def test_platelets_checked_without_a_value_are_not_recorded(
    form: FormDefinition, settings: Settings
) -> None:
    session = cleared(form)
    session.checklist.platelets = None
    clearance = evaluate(session, form, settings)
    assert code(form, "platelets_not_recorded") in codes(clearance)
    assert clearance.status is not ClearanceStatus.READY


def test_platelets_that_are_not_a_number_do_not_clear(
    form: FormDefinition, settings: Settings
) -> None:
    session = cleared(form)
    session.checklist.platelets = float("nan")
    assert evaluate(session, form, settings).status is not ClearanceStatus.READY


# --- anticoagulant holds -------------------------------------------------------------------


@pytest.mark.parametrize("drug_id", HOLD_DRUGS)
def test_dose_exactly_full_hours_before_clears_the_hold(
    form: FormDefinition, settings: Settings, drug_id: str
) -> None:
    drug = form.anticoagulant(drug_id)
    session = cleared(form)
    taking(session, form, drug_id, hours_before(SCHEDULED, drug.full_hours))
    clearance = evaluate(session, form, settings)
    assert not codes(clearance) & hold_codes(form), clearance.findings
    assert clearance.status is ClearanceStatus.READY


@pytest.mark.parametrize("drug_id", HOLD_DRUGS)
def test_dose_a_minute_short_of_minimum_is_hold_short(
    form: FormDefinition, settings: Settings, drug_id: str
) -> None:
    drug = form.anticoagulant(drug_id)
    session = cleared(form)
    last_dose = hours_before(SCHEDULED, drug.minimum_hours) + timedelta(minutes=1)
    taking(session, form, drug_id, last_dose)
    clearance = evaluate(session, form, settings)
    [finding] = with_code(clearance, code(form, "anticoagulant_hold_short"))
    assert finding.severity is Severity.DO_NOT_PROCEED
    assert clearance.status is ClearanceStatus.DO_NOT_PROCEED


@pytest.mark.parametrize(
    ("drug_id", "at"),
    [
        pytest.param(drug_id, at, id=f"{drug_id}-{at}")
        for drug_id in RANGE_DRUGS
        for at in ("minimum", "a-minute-short-of-full")
    ],
)
def test_dose_between_minimum_and_full_is_borderline(
    form: FormDefinition, settings: Settings, drug_id: str, at: str
) -> None:
    drug = form.anticoagulant(drug_id)
    if at == "minimum":
        last_dose = hours_before(SCHEDULED, drug.minimum_hours)
    else:
        last_dose = hours_before(SCHEDULED, drug.full_hours) + timedelta(minutes=1)
    session = cleared(form)
    taking(session, form, drug_id, last_dose)
    clearance = evaluate(session, form, settings)
    [finding] = with_code(clearance, code(form, "anticoagulant_hold_borderline"))
    assert finding.severity is Severity.PHYSICIAN_REVIEW
    assert clearance.status is ClearanceStatus.PHYSICIAN_REVIEW


def test_the_form_has_drugs_with_a_hold_range() -> None:
    # Guards the borderline test above from running over an empty list.
    assert {"prasugrel", "dabigatran"} <= set(RANGE_DRUGS)


@pytest.mark.parametrize("drug_id", REVIEW_DRUGS)
def test_always_review_drug_needs_review_however_long_it_was_held(
    form: FormDefinition, settings: Settings, drug_id: str
) -> None:
    drug = form.anticoagulant(drug_id)
    session = cleared(form)
    taking(session, form, drug_id, SCHEDULED - timedelta(days=30))
    clearance = evaluate(session, form, settings)
    [finding] = with_code(clearance, code(form, "anticoagulant_needs_review"))
    assert drug.name in finding.message
    assert clearance.status is not ClearanceStatus.READY


@pytest.mark.parametrize(
    ("held", "renal", "hold_short"),
    [
        pytest.param(timedelta(hours=144) - timedelta(minutes=1), True, True, id="renal-143h59"),
        pytest.param(timedelta(hours=144), True, False, id="renal-144h"),
        pytest.param(timedelta(hours=144) - timedelta(minutes=1), False, False, id="normal-143h59"),
    ],
)
def test_dabigatran_with_renal_impairment_needs_144_hours(
    form: FormDefinition, settings: Settings, held: timedelta, renal: bool, hold_short: bool
) -> None:
    session = cleared(form)
    taking(session, form, "dabigatran", SCHEDULED - held, renal=renal)
    clearance = evaluate(session, form, settings)
    assert (code(form, "anticoagulant_hold_short") in codes(clearance)) is hold_short
    assert (clearance.status is ClearanceStatus.DO_NOT_PROCEED) is hold_short


def test_unknown_drug_needs_review(form: FormDefinition, settings: Settings) -> None:
    session = cleared(form)
    taking(session, form, "acenocoumarol", SCHEDULED - timedelta(days=30))
    clearance = evaluate(session, form, settings)
    [finding] = with_code(clearance, code(form, "anticoagulant_needs_review"))
    assert "acenocoumarol" in finding.message
    assert clearance.status is not ClearanceStatus.READY


@pytest.mark.parametrize(
    ("drug_id", "last_dose"),
    [
        pytest.param("", SCHEDULED - timedelta(days=30), id="no-drug"),
        pytest.param("apixaban", None, id="no-last-dose"),
        pytest.param("", None, id="neither"),
    ],
)
def test_anticoagulant_yes_without_details_does_not_proceed(
    form: FormDefinition, settings: Settings, drug_id: str, last_dose: datetime | None
) -> None:
    session = cleared(form)
    taking(session, form, drug_id, last_dose)
    clearance = evaluate(session, form, settings)
    [finding] = with_code(clearance, code(form, "anticoagulant_details_missing"))
    assert finding.severity is Severity.DO_NOT_PROCEED
    assert clearance.status is ClearanceStatus.DO_NOT_PROCEED


def test_anticoagulant_without_a_scheduled_time_is_details_missing(
    form: FormDefinition, settings: Settings
) -> None:
    session = cleared(form)
    taking(session, form, "apixaban", SCHEDULED - timedelta(days=30))
    session.intake.scheduled_at = None
    clearance = evaluate(session, form, settings)
    assert code(form, "anticoagulant_details_missing") in codes(clearance)
    assert clearance.status is ClearanceStatus.DO_NOT_PROCEED


def test_hold_short_message_names_the_drug_and_the_real_time_held(
    form: FormDefinition, settings: Settings
) -> None:
    session = cleared(form)
    taking(session, form, "apixaban", SCHEDULED - timedelta(hours=71, minutes=30))
    [finding] = with_code(evaluate(session, form, settings), code(form, "anticoagulant_hold_short"))
    assert "Apixaban" in finding.message
    assert "2 days 23 h 30 min" in finding.message


# --- holds across midnight and daylight saving (Europe/London) -----------------------------


def test_apixaban_is_held_72_hours_in_the_form(form: FormDefinition) -> None:
    # The midnight and daylight-saving cases below are worked out for a 72 h hold.
    drug = form.anticoagulant("apixaban")
    assert (drug.minimum_hours, drug.full_hours) == (72, 72)


def _apixaban_verdict(
    form: FormDefinition, settings: Settings, last_dose: datetime, scheduled: datetime
) -> tuple[ClearanceStatus, set[str]]:
    session = cleared(form)
    session.intake.scheduled_at = scheduled
    session.checklist.last_solid_food = scheduled - timedelta(hours=12)
    session.checklist.last_clear_fluid = scheduled - timedelta(hours=3)
    taking(session, form, "apixaban", last_dose)
    clearance = evaluate(session, form, settings)
    return clearance.status, codes(clearance)


HELD, SHORT = "held", "short"


@pytest.mark.parametrize(
    ("last_dose", "scheduled", "expected"),
    [
        pytest.param(
            datetime(2026, 11, 20, 23, 30, tzinfo=LONDON),
            datetime(2026, 11, 24, 0, 15, tzinfo=LONDON),
            HELD,
            id="midnight-72h45m",
        ),
        pytest.param(
            datetime(2026, 11, 21, 0, 30, tzinfo=LONDON),
            datetime(2026, 11, 24, 0, 15, tzinfo=LONDON),
            SHORT,
            id="midnight-three-dates-apart-but-71h45m",
        ),
        pytest.param(
            datetime(2026, 11, 21, 23, 30, tzinfo=LONDON),
            datetime(2026, 11, 24, 0, 15, tzinfo=LONDON),
            SHORT,
            id="midnight-48h45m",
        ),
        pytest.param(
            datetime(2026, 3, 27, 9, 0, tzinfo=LONDON),
            datetime(2026, 3, 30, 9, 0, tzinfo=LONDON),
            SHORT,
            id="spring-forward-wall-72h-real-71h",
        ),
        pytest.param(
            datetime(2026, 3, 27, 8, 30, tzinfo=LONDON),
            datetime(2026, 3, 30, 9, 0, tzinfo=LONDON),
            SHORT,
            id="spring-forward-wall-72h30m-real-71h30m",
        ),
        pytest.param(
            datetime(2026, 3, 27, 8, 0, tzinfo=LONDON),
            datetime(2026, 3, 30, 9, 0, tzinfo=LONDON),
            HELD,
            id="spring-forward-wall-73h-real-72h",
        ),
        pytest.param(
            datetime(2026, 11, 20, 9, 0, tzinfo=LONDON),
            datetime(2026, 11, 23, 9, 0, tzinfo=LONDON),
            HELD,
            id="november-no-change-72h",
        ),
        pytest.param(
            datetime(2026, 10, 22, 9, 0, tzinfo=LONDON),
            datetime(2026, 10, 25, 9, 0, tzinfo=LONDON),
            HELD,
            id="autumn-back-wall-72h-real-73h",
        ),
        pytest.param(
            datetime(2026, 10, 22, 9, 30, tzinfo=LONDON),
            datetime(2026, 10, 25, 8, 45, tzinfo=LONDON),
            HELD,
            id="autumn-back-wall-71h15m-real-72h15m",
        ),
        pytest.param(
            datetime(2026, 10, 22, 10, 30, tzinfo=LONDON),
            datetime(2026, 10, 25, 9, 15, tzinfo=LONDON),
            SHORT,
            id="autumn-back-wall-70h45m-real-71h45m",
        ),
        pytest.param(
            datetime(2026, 3, 27, 9, 0, tzinfo=UTC),
            datetime(2026, 3, 30, 9, 0, tzinfo=LONDON),
            SHORT,
            id="mixed-zones-spring-dose-in-utc",
        ),
        pytest.param(
            datetime(2026, 10, 22, 8, 30, tzinfo=UTC),
            datetime(2026, 10, 25, 8, 45, tzinfo=LONDON),
            HELD,
            id="mixed-zones-autumn-dose-in-utc",
        ),
        pytest.param(
            datetime(2026, 3, 27, 9, 0, tzinfo=LONDON),
            datetime(2026, 3, 30, 8, 0, tzinfo=UTC),
            SHORT,
            id="mixed-zones-spring-schedule-in-utc",
        ),
    ],
)
def test_apixaban_hold_is_measured_in_real_hours(
    form: FormDefinition,
    settings: Settings,
    last_dose: datetime,
    scheduled: datetime,
    expected: str,
) -> None:
    status, found = _apixaban_verdict(form, settings, last_dose, scheduled)
    if expected == SHORT:
        assert code(form, "anticoagulant_hold_short") in found
        assert status is ClearanceStatus.DO_NOT_PROCEED
    else:
        assert not found & hold_codes(form)
        assert status is ClearanceStatus.READY


def test_dose_recorded_in_utc_gives_the_same_clearance_as_in_london(
    form: FormDefinition, settings: Settings
) -> None:
    scheduled = datetime(2026, 3, 30, 9, 0, tzinfo=LONDON)
    in_london = datetime(2026, 3, 27, 9, 0, tzinfo=LONDON)
    in_utc = in_london.astimezone(UTC)
    assert _apixaban_verdict(form, settings, in_london, scheduled) == _apixaban_verdict(
        form, settings, in_utc, scheduled
    )


# --- fasting -------------------------------------------------------------------------------


def test_fasting_times_follow_asa_2017(form: FormDefinition) -> None:
    fasting = form.checklist.fasting
    assert (fasting.light_meal_hours, fasting.heavy_meal_hours, fasting.clear_fluid_hours) == (
        6,
        8,
        2,
    )


def _fasting_codes(
    form: FormDefinition,
    settings: Settings,
    *,
    solid: timedelta,
    meal: MealType | None,
    fluid: timedelta = timedelta(hours=3),
) -> tuple[ClearanceStatus, set[str]]:
    session = cleared(form)
    session.checklist.last_solid_food = SCHEDULED - solid
    session.checklist.meal_type = meal
    session.checklist.last_clear_fluid = SCHEDULED - fluid
    clearance = evaluate(session, form, settings)
    return clearance.status, codes(clearance)


MINUTE = timedelta(minutes=1)


@pytest.mark.parametrize(
    ("solid", "meal", "short"),
    [
        pytest.param(timedelta(hours=6), MealType.LIGHT, False, id="light-6h"),
        pytest.param(timedelta(hours=6) - MINUTE, MealType.LIGHT, True, id="light-5h59m"),
        pytest.param(timedelta(hours=8), MealType.HEAVY, False, id="heavy-8h"),
        pytest.param(timedelta(hours=7), MealType.HEAVY, True, id="heavy-7h"),
        pytest.param(timedelta(hours=8) - MINUTE, MealType.HEAVY, True, id="heavy-7h59m"),
        pytest.param(timedelta(hours=7), None, True, id="unknown-meal-7h-counts-as-heavy"),
        pytest.param(timedelta(hours=8), None, False, id="unknown-meal-8h"),
    ],
)
def test_solid_food_fast(
    form: FormDefinition,
    settings: Settings,
    solid: timedelta,
    meal: MealType | None,
    short: bool,
) -> None:
    status, found = _fasting_codes(form, settings, solid=solid, meal=meal)
    assert (code(form, "fasting_solids_short") in found) is short
    assert (status is ClearanceStatus.READY) is not short


@pytest.mark.parametrize(
    ("fluid", "short"),
    [
        pytest.param(timedelta(hours=2), False, id="2h"),
        pytest.param(timedelta(hours=2) - MINUTE, True, id="1h59m"),
        pytest.param(timedelta(minutes=-30), True, id="after-the-scheduled-time"),
    ],
)
def test_clear_fluid_fast(
    form: FormDefinition, settings: Settings, fluid: timedelta, short: bool
) -> None:
    status, found = _fasting_codes(
        form, settings, solid=timedelta(hours=12), meal=MealType.LIGHT, fluid=fluid
    )
    assert (code(form, "fasting_fluids_short") in found) is short
    assert (status is ClearanceStatus.READY) is not short


@pytest.mark.parametrize("missing", ["last_solid_food", "last_clear_fluid"])
def test_fasting_confirmed_without_times_is_not_recorded(
    form: FormDefinition, settings: Settings, missing: str
) -> None:
    session = cleared(form)
    setattr(session.checklist, missing, None)
    clearance = evaluate(session, form, settings)
    assert code(form, "fasting_not_recorded") in codes(clearance)
    assert clearance.status is not ClearanceStatus.READY


def test_fasting_without_a_scheduled_time_is_schedule_missing(
    form: FormDefinition, settings: Settings
) -> None:
    session = cleared(form)
    session.intake.scheduled_at = None
    clearance = evaluate(session, form, settings)
    assert code(form, "schedule_missing") in codes(clearance)
    assert clearance.status is not ClearanceStatus.READY


# --- risks, teach-back and the decision ----------------------------------------------------

RISK_IDS = [risk.id for risk in FORM.risks.items]
TEACH_BACK_IDS = [q.id for q in FORM.understanding.questions]


@pytest.mark.parametrize("risk_id", RISK_IDS)
def test_risk_marked_question_raises_risk_question_with_its_text(
    form: FormDefinition, settings: Settings, risk_id: str
) -> None:
    session = cleared(form)
    session.risks[risk_id] = RiskAcknowledgement(
        response=RiskResponse.QUESTION, question="Can the cement move later?"
    )
    clearance = evaluate(session, form, settings)
    [finding] = with_code(clearance, code(form, "risk_question"))
    assert finding.field == risk_id
    assert "Can the cement move later?" in finding.message
    assert clearance.status is not ClearanceStatus.READY


def test_risk_question_without_words_is_still_raised(
    form: FormDefinition, settings: Settings
) -> None:
    session = cleared(form)
    session.risks[RISK_IDS[0]] = RiskAcknowledgement(response=RiskResponse.QUESTION, question=" ")
    [finding] = with_code(evaluate(session, form, settings), code(form, "risk_question"))
    assert "(to be asked in person)" in finding.message


@pytest.mark.parametrize("risk_id", RISK_IDS)
def test_risk_left_unmarked_is_not_answered(
    form: FormDefinition, settings: Settings, risk_id: str
) -> None:
    session = cleared(form)
    session.risks[risk_id] = RiskAcknowledgement(response=None)
    clearance = evaluate(session, form, settings)
    [finding] = with_code(clearance, code(form, "not_answered"))
    assert finding.field == risk_id
    assert clearance.status is not ClearanceStatus.READY


@pytest.mark.parametrize("teach_id", TEACH_BACK_IDS)
def test_teach_back_wrong_first_is_wrong_even_when_corrected(
    form: FormDefinition, settings: Settings, teach_id: str
) -> None:
    question = next(q for q in form.understanding.questions if q.id == teach_id)
    wrong = next(c.id for c in question.choices if c.id != question.correct)
    session = cleared(form)
    session.understanding[teach_id] = TeachBackAnswer(choices=[wrong, question.correct])
    clearance = evaluate(session, form, settings)
    [finding] = with_code(clearance, code(form, "teach_back_wrong"))
    assert finding.field == teach_id
    assert clearance.status is not ClearanceStatus.READY


def test_teach_back_right_first_counts_as_right(form: FormDefinition, settings: Settings) -> None:
    question = form.understanding.questions[0]
    wrong = next(c.id for c in question.choices if c.id != question.correct)
    session = cleared(form)
    session.understanding[question.id] = TeachBackAnswer(choices=[question.correct, wrong])
    assert evaluate(session, form, settings).findings == ()


@pytest.mark.parametrize("teach_id", TEACH_BACK_IDS)
def test_teach_back_unanswered_is_not_answered(
    form: FormDefinition, settings: Settings, teach_id: str
) -> None:
    session = cleared(form)
    session.understanding[teach_id] = TeachBackAnswer(choices=[])
    clearance = evaluate(session, form, settings)
    [finding] = with_code(clearance, code(form, "not_answered"))
    assert finding.field == teach_id
    assert clearance.status is not ClearanceStatus.READY


@pytest.mark.parametrize(
    ("decision", "name", "status"),
    [
        (None, "decision_missing", ClearanceStatus.DO_NOT_PROCEED),
        (Decision.REFUSE, "decision_refused", ClearanceStatus.DO_NOT_PROCEED),
        (Decision.TALK_FIRST, "decision_talk_first", ClearanceStatus.PHYSICIAN_REVIEW),
    ],
    ids=str,
)
def test_decision_other_than_agree_holds_the_procedure(
    form: FormDefinition,
    settings: Settings,
    decision: Decision | None,
    name: str,
    status: ClearanceStatus,
) -> None:
    session = cleared(form)
    session.decision = decision
    clearance = evaluate(session, form, settings)
    assert code(form, name) in codes(clearance)
    assert clearance.status is status


# --- the clearance itself ------------------------------------------------------------------


def test_findings_are_ordered_most_severe_first(form: FormDefinition, settings: Settings) -> None:
    session = cleared(form)
    # Added in the opposite order to their severity: checklist, patient answers, decision.
    nurse_rule = next(r for r in form.rules.answers if r.severity is Severity.NURSE_ACTION)
    set_field(session, form, nurse_rule.field, nurse_rule.answers[0])
    session.set_answer(OTHER_ALLERGY_IDS[0], Answer.YES)
    session.set_answer(CEMENT_IDS[0], Answer.YES)
    session.decision = Decision.TALK_FIRST
    ranks = [f.severity.rank for f in evaluate(session, form, settings).findings]
    assert ranks == sorted(ranks, reverse=True)
    assert set(ranks) == {s.rank for s in Severity}


def test_findings_of_one_severity_keep_form_order(form: FormDefinition, settings: Settings) -> None:
    session = cleared(form)
    for field in reversed(CEMENT_IDS):
        session.set_answer(field, Answer.YES)
    clearance = evaluate(session, form, settings)
    fields = [f.field for f in clearance.with_severity(Severity.DO_NOT_PROCEED)]
    assert fields == CEMENT_IDS


@pytest.mark.parametrize(
    ("status", "may_wait"),
    [
        (ClearanceStatus.READY, True),
        (ClearanceStatus.PHYSICIAN_REVIEW, False),
        (ClearanceStatus.DO_NOT_PROCEED, True),
    ],
    ids=str,
)
def test_attestation_may_wait_except_when_physician_review_is_due(
    status: ClearanceStatus, may_wait: bool
) -> None:
    assert Clearance(status, ()).attestation_may_wait is may_wait


def test_a_short_hold_is_told_in_days_in_the_language_of_the_form(settings: Settings) -> None:
    """Staff in a Spanish clinic read "días", not "days", in the hold finding."""
    from consent_app.resources_door import load_form

    spanish = load_form("vertebroplasty", "es")
    drug = next(d for d in spanish.checklist.anticoagulants if d.minimum_hours >= 48)
    session = cleared(spanish)
    taking(session, spanish, drug.id, hours_before(SCHEDULED, drug.minimum_hours - 1))
    [finding] = with_code(
        evaluate(session, spanish, settings), code(spanish, "anticoagulant_hold_short")
    )
    assert "día" in finding.message
    assert "day" not in finding.message
