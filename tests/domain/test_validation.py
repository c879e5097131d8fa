"""What staff and patients enter: each bad input names its field, and nothing raises."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sessions import SCHEDULED, SIGNATURE_STROKES, ready_session

from consent_app.domain.form import Answer, ChecklistItem, FormDefinition
from consent_app.domain.session import ChecklistRecord, Consenter, Intake, Point
from consent_app.domain.validation import (
    Problem,
    clean_text,
    validate_checklist,
    validate_intake,
    validate_printed_name,
    validate_signature,
)
from consent_app.resources_door import load_form
from consent_app.settings import Settings

FORM = load_form("vertebroplasty", "en")
TODAY = date(2026, 11, 23)
NOW = SCHEDULED - timedelta(hours=1)

# --- intake --------------------------------------------------------------------------------

VALID_INTAKE: dict[str, Any] = {
    "full_name": "Margaret Ellis",
    "date_of_birth": date(1948, 3, 2),
    "mrn": "MRN-104233",
    "procedure": "Percutaneous vertebroplasty",
    "levels": ["T12", "L1"],
    "proceduralist": "Dr Amir Patel",
    "scheduled_at": SCHEDULED,
}


def intake(**changes: Any) -> Intake:
    return Intake.model_validate({**VALID_INTAKE, **changes})


def test_valid_intake_has_no_problems(settings: Settings) -> None:
    assert validate_intake(intake(), settings, TODAY) == []


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        pytest.param({"full_name": ""}, "full_name", "full name", id="name-blank"),
        pytest.param({"full_name": "  \t\n "}, "full_name", "full name", id="name-whitespace"),
        pytest.param(
            {"full_name": "\x00\x1b\x7f"}, "full_name", "full name", id="name-control-characters"
        ),
        pytest.param({"date_of_birth": None}, "date_of_birth", "Enter", id="dob-missing"),
        pytest.param(
            {"date_of_birth": TODAY + timedelta(days=1)},
            "date_of_birth",
            "future",
            id="dob-tomorrow",
        ),
        pytest.param(
            {"date_of_birth": date(1905, 11, 23)},
            "date_of_birth",
            "more than 120 years",
            id="dob-121-years-ago",
        ),
        pytest.param(
            {"date_of_birth": date(1906, 11, 22)},
            "date_of_birth",
            "more than 120 years",
            id="dob-120-years-and-a-day-ago",
        ),
        pytest.param({"mrn": ""}, "mrn", "Enter the MRN", id="mrn-blank"),
        pytest.param({"mrn": "AB1"}, "mrn", "pattern", id="mrn-too-short"),
        pytest.param({"mrn": "MRN 104233"}, "mrn", "pattern", id="mrn-space"),
        pytest.param({"mrn": "MRN_104233"}, "mrn", "pattern", id="mrn-underscore"),
        pytest.param({"mrn": "M" * 21}, "mrn", "pattern", id="mrn-too-long"),
        pytest.param({"procedure": " "}, "procedure", "procedure", id="procedure-blank"),
        pytest.param({"levels": []}, "levels", "at least one", id="no-levels"),
        pytest.param({"levels": ["C4"]}, "levels", "between T5 and L5", id="level-C4"),
        pytest.param({"levels": ["T4"]}, "levels", "between T5 and L5", id="level-T4"),
        pytest.param({"levels": ["S1"]}, "levels", "between T5 and L5", id="level-S1"),
        pytest.param({"levels": ["t12"]}, "levels", "between T5 and L5", id="level-lower-case"),
        pytest.param({"levels": ["T12", "C4"]}, "levels", "between T5 and L5", id="one-bad-level"),
        pytest.param({"proceduralist": ""}, "proceduralist", "proceduralist", id="no-doctor"),
        pytest.param({"scheduled_at": None}, "scheduled_at", "scheduled", id="no-schedule"),
        pytest.param(
            {"scheduled_at": SCHEDULED - timedelta(days=5)},
            "scheduled_at",
            "past",
            id="schedule-in-the-past",
        ),
        pytest.param(
            {"preferred_language": ""}, "preferred_language", "language", id="no-language"
        ),
        pytest.param(
            {"interpreter_used": True, "interpreter_name": ""},
            "interpreter_name",
            "interpreter",
            id="interpreter-without-name",
        ),
        pytest.param(
            {
                "consenter": Consenter.REPRESENTATIVE,
                "representative_name": " ",
                "representative_relationship": "Daughter",
            },
            "representative_name",
            "representative's name",
            id="representative-without-name",
        ),
        pytest.param(
            {
                "consenter": Consenter.REPRESENTATIVE,
                "representative_name": "Ruth Ellis",
                "representative_relationship": "",
            },
            "representative_relationship",
            "relationship",
            id="representative-without-relationship",
        ),
    ],
)
def test_intake_problem(settings: Settings, changes: dict[str, Any], field: str, text: str) -> None:
    problems = validate_intake(intake(**changes), settings, TODAY)
    assert [p.field for p in problems] == [field]
    assert text in problems[0].message


def test_representative_without_name_or_relationship_has_two_problems(
    settings: Settings,
) -> None:
    problems = validate_intake(intake(consenter=Consenter.REPRESENTATIVE), settings, TODAY)
    assert {p.field for p in problems} == {"representative_name", "representative_relationship"}


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"date_of_birth": date(1906, 11, 23)}, id="dob-exactly-120-years-ago"),
        pytest.param({"date_of_birth": TODAY}, id="dob-today"),
        pytest.param({"levels": ["T5", "L5"]}, id="levels-at-the-ends"),
        pytest.param({"full_name": "Zoë Łukasz-Ñandú"}, id="name-with-accents"),
        pytest.param({"full_name": "مريم الحسن"}, id="name-right-to-left"),
        pytest.param({"mrn": "  MRN-104233  "}, id="mrn-with-spaces-around"),
        pytest.param({"scheduled_at": SCHEDULED - timedelta(days=2)}, id="scheduled-yesterday"),
        pytest.param(
            {"interpreter_used": True, "interpreter_name": "Ana Costa"}, id="interpreter-named"
        ),
    ],
)
def test_intake_accepts(settings: Settings, changes: dict[str, Any]) -> None:
    assert validate_intake(intake(**changes), settings, TODAY) == []


text_field = st.text()


@hypothesis_settings(database=None, deadline=None)
@given(
    full_name=text_field,
    mrn=text_field,
    procedure=text_field,
    proceduralist=text_field,
    preferred_language=text_field,
    interpreter_name=text_field,
    representative_name=text_field,
    representative_relationship=text_field,
    levels=st.lists(text_field, max_size=4),
    date_of_birth=st.none() | st.dates(),
)
def test_validate_intake_never_raises_for_any_text(**fields: Any) -> None:
    record = Intake(
        **fields,
        interpreter_used=True,
        consenter=Consenter.REPRESENTATIVE,
        scheduled_at=SCHEDULED,
    )
    problems = validate_intake(record, Settings(timezone="Europe/London"), TODAY)
    assert all(isinstance(p, Problem) and p.field and p.message for p in problems)


# --- checklist -----------------------------------------------------------------------------

CHECKLIST_IDS = [item.id for item in FORM.checklist.items]
NO_NA_IDS = [item.id for item in FORM.checklist.items if not item.allow_not_applicable]
NA_IDS = [item.id for item in FORM.checklist.items if item.allow_not_applicable]


def item_of_kind(form: FormDefinition, kind: str) -> ChecklistItem:
    return next(item for item in form.checklist.items if item.kind == kind)


def valid_record(form: FormDefinition) -> ChecklistRecord:
    """The ready session's checklist, taking apixaban last taken four days ago."""
    record = ready_session(form).checklist
    record.entry(item_of_kind(form, "anticoagulant").id).answer = Answer.YES
    record.anticoagulant_drug = "apixaban"
    record.anticoagulant_last_dose = SCHEDULED - timedelta(days=4)
    return record


def check(record: ChecklistRecord, form: FormDefinition, settings: Settings) -> list[Problem]:
    return validate_checklist(record, form, settings, NOW, SCHEDULED)


def test_valid_checklist_has_no_problems(form: FormDefinition, settings: Settings) -> None:
    assert check(valid_record(form), form, settings) == []


@pytest.mark.parametrize("item_id", CHECKLIST_IDS)
def test_unanswered_checklist_line_is_a_problem(
    form: FormDefinition, settings: Settings, item_id: str
) -> None:
    record = valid_record(form)
    record.entry(item_id).answer = None
    assert check(record, form, settings) == [Problem(item_id, "Answer yes, no or not applicable.")]


def test_the_form_has_lines_that_refuse_not_applicable() -> None:
    assert {"checklist.identity_wristband", "checklist.anticoagulant"} <= set(NO_NA_IDS)


@pytest.mark.parametrize("item_id", NO_NA_IDS)
def test_not_applicable_is_refused_where_the_form_forbids_it(
    form: FormDefinition, settings: Settings, item_id: str
) -> None:
    record = valid_record(form)
    record.entry(item_id).answer = Answer.NOT_APPLICABLE
    if item_id == "checklist.anticoagulant":
        # A medicine entered under a non-"yes" is its own problem, tested below.
        record.anticoagulant_drug, record.anticoagulant_last_dose = "", None
    assert check(record, form, settings) == [
        Problem(item_id, "Not applicable is not an option here.")
    ]


def test_a_medicine_entered_under_a_no_must_be_resolved(
    form: FormDefinition, settings: Settings
) -> None:
    record = valid_record(form)
    record.entry("checklist.anticoagulant").answer = Answer.NO
    record.anticoagulant_drug = "apixaban"
    assert check(record, form, settings) == [
        Problem("checklist.anticoagulant", "A medicine is entered below: answer yes, or clear it.")
    ]


@pytest.mark.parametrize("item_id", NA_IDS)
def test_not_applicable_is_accepted_where_the_form_allows_it(
    form: FormDefinition, settings: Settings, item_id: str
) -> None:
    record = valid_record(form)
    record.entry(item_id).answer = Answer.NOT_APPLICABLE
    assert check(record, form, settings) == []


TOMORROW = NOW.date() + timedelta(days=1)
NAN = float("nan")


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        pytest.param({"imaging_date": None}, "imaging_date", "date of the imaging", id="imaging"),
        pytest.param({"imaging_date": TOMORROW}, "imaging_date", "future", id="imaging-future"),
        pytest.param({"inr": None}, "inr", "Enter the INR", id="inr-missing"),
        pytest.param({"inr": 0.1}, "inr", "between 0.5 and 10", id="inr-0.1"),
        pytest.param({"inr": 25.0}, "inr", "between 0.5 and 10", id="inr-25"),
        pytest.param({"inr": NAN}, "inr", "between 0.5 and 10", id="inr-nan"),
        pytest.param({"inr": float("inf")}, "inr", "between 0.5 and 10", id="inr-inf"),
        pytest.param({"inr_drawn": None}, "inr_drawn", "blood was drawn", id="inr-drawn-missing"),
        pytest.param({"inr_drawn": TOMORROW}, "inr_drawn", "future", id="inr-drawn-future"),
        pytest.param({"platelets": None}, "platelets", "Enter the platelets", id="plt-missing"),
        pytest.param({"platelets": 0.0}, "platelets", "between 1 and 2000", id="plt-0"),
        pytest.param({"platelets": 2001.0}, "platelets", "between 1 and 2000", id="plt-2001"),
        pytest.param({"platelets": NAN}, "platelets", "between 1 and 2000", id="plt-nan"),
        pytest.param(
            {"platelets_drawn": None}, "platelets_drawn", "blood was drawn", id="plt-drawn-missing"
        ),
        pytest.param(
            {"platelets_drawn": TOMORROW}, "platelets_drawn", "future", id="plt-drawn-future"
        ),
        pytest.param(
            {"anticoagulant_drug": ""}, "anticoagulant_drug", "Choose the medicine", id="no-drug"
        ),
        pytest.param(
            {"anticoagulant_last_dose": None},
            "anticoagulant_last_dose",
            "last dose",
            id="no-last-dose",
        ),
        pytest.param(
            {"anticoagulant_last_dose": NOW + timedelta(minutes=1)},
            "anticoagulant_last_dose",
            "future",
            id="last-dose-future",
        ),
        pytest.param(
            {"last_solid_food": None}, "last_solid_food", "last solid food", id="no-solid-time"
        ),
        pytest.param(
            {"last_solid_food": NOW + timedelta(minutes=1)},
            "last_solid_food",
            "future",
            id="solid-time-future",
        ),
        pytest.param(
            {"last_clear_fluid": None}, "last_clear_fluid", "last clear fluid", id="no-fluid-time"
        ),
        pytest.param(
            {"last_clear_fluid": NOW + timedelta(minutes=1)},
            "last_clear_fluid",
            "future",
            id="fluid-time-future",
        ),
    ],
)
def test_checklist_value_problem(
    form: FormDefinition, settings: Settings, changes: dict[str, Any], field: str, text: str
) -> None:
    record = valid_record(form)
    for name, value in changes.items():
        setattr(record, name, value)
    problems = check(record, form, settings)
    assert [p.field for p in problems] == [field]
    assert text in problems[0].message


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"inr": 0.5}, id="inr-at-low-end"),
        pytest.param({"inr": 10.0}, id="inr-at-high-end"),
        pytest.param({"platelets": 1.0}, id="platelets-at-low-end"),
        pytest.param({"platelets": 2000.0}, id="platelets-at-high-end"),
        pytest.param({"anticoagulant_last_dose": NOW}, id="last-dose-now"),
        pytest.param({"inr_drawn": NOW.date()}, id="inr-drawn-today"),
    ],
)
def test_checklist_accepts(
    form: FormDefinition, settings: Settings, changes: dict[str, Any]
) -> None:
    record = valid_record(form)
    for name, value in changes.items():
        setattr(record, name, value)
    assert check(record, form, settings) == []


@pytest.mark.parametrize("kind", ["imaging", "inr", "platelets", "anticoagulant", "fasting"])
def test_values_are_not_asked_for_when_the_line_is_no(
    form: FormDefinition, settings: Settings, kind: str
) -> None:
    record = ChecklistRecord()
    for item in form.checklist.items:
        record.entry(item.id).answer = Answer.YES
    record.entry(item_of_kind(form, kind).id).answer = Answer.NO
    fields = {p.field for p in check(record, form, settings)}
    own = {
        "imaging": {"imaging_date"},
        "inr": {"inr", "inr_drawn"},
        "platelets": {"platelets", "platelets_drawn"},
        "anticoagulant": {"anticoagulant_drug", "anticoagulant_last_dose"},
        "fasting": {"last_solid_food", "last_clear_fluid"},
    }[kind]
    assert fields
    assert not fields & own


# --- signatures ----------------------------------------------------------------------------

TINY_SQUIGGLE: list[list[Point]] = [[(300.0, 100.0, 0.5), (303.0, 102.0, 0.5), (301.0, 105.0, 0.5)]]
TAPS: list[list[Point]] = [[(float(x), 100.0, 0.5)] for x in range(20, 580, 40)]


@pytest.mark.parametrize(
    ("strokes", "text"),
    [
        pytest.param([], "Please sign", id="empty"),
        pytest.param([[]], "Please sign", id="empty-stroke"),
        pytest.param([[(300.0, 100.0, 0.5)]], "too small", id="a-single-dot"),
        pytest.param(TINY_SQUIGGLE, "too small", id="tiny-squiggle"),
        pytest.param(TAPS, "too small", id="taps-across-the-pad"),
    ],
)
def test_signature_problem(strokes: list[list[Point]], text: str) -> None:
    [problem] = validate_signature(strokes, 600, 200)
    assert problem.field == "signature"
    assert text in problem.message


def test_signature_strokes_are_a_signature() -> None:
    assert validate_signature(SIGNATURE_STROKES, 600, 200) == []


@pytest.mark.parametrize("name", ["", "   ", "\x00\x1b"])
def test_printed_name_must_be_there(name: str) -> None:
    assert [p.field for p in validate_printed_name(name)] == ["printed_name"]


# --- clean_text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        pytest.param("Ann\x00e", "Anne", id="nul"),
        pytest.param("\x1b[31mRed", "[31mRed", id="escape"),
        pytest.param("Del\x7fete", "Delete", id="delete"),
        pytest.param("a\x85b\x9fc", "abc", id="c1-controls"),
        pytest.param("a\ud800b", "ab", id="lone-surrogate"),
        pytest.param("line one\nline two", "line one\nline two", id="newline-kept"),
        pytest.param("a\r\nb", "a\nb", id="carriage-return-dropped"),
        pytest.param("a\tb", "a\tb", id="tab-kept"),
        pytest.param("  padded \n", "padded", id="ends-trimmed"),
        pytest.param("Zoë Łukasz Ñandú 王秀英", "Zoë Łukasz Ñandú 王秀英", id="unicode-letters"),
        pytest.param("👍🏽 👩‍⚕️ 🇬🇧", "👍🏽 👩‍⚕️ 🇬🇧", id="emoji"),
        pytest.param("مريم الحسن", "مريم الحسن", id="arabic"),
        pytest.param("שרה כהן", "שרה כהן", id="hebrew"),
        pytest.param("e\u0301", "e\u0301", id="combining-accent"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@hypothesis_settings(database=None)
@given(st.text())
def test_clean_text_is_idempotent_and_leaves_no_control_characters(raw: str) -> None:
    clean = clean_text(raw)
    assert clean_text(clean) == clean
    assert clean == clean.strip()
    assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in clean)
    assert "\x7f" not in clean
