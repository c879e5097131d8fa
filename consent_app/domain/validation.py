"""Validation of what staff and patients enter: pure functions from the record to problems.

Each problem names the field it belongs to, so the page can show the message beside it. The
wizard's pages only call these; Next stays disabled while any problem remains.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from consent_app.domain.form import Answer, FormDefinition
from consent_app.domain.phrases import phrase
from consent_app.domain.session import (
    VERTEBRAL_LEVELS,
    ChecklistRecord,
    Consenter,
    Intake,
    Point,
)
from consent_app.settings import Settings

MAX_AGE_YEARS = 120
# A signature must cover this share of the pad's width, and have this much ink: a tap or a dot
# is not a signature.
SIGNATURE_MIN_SPAN = 0.12
SIGNATURE_MIN_INK = 0.25


@dataclass(frozen=True)
class Problem:
    """Something wrong with one field, in words for the person looking at it.

    ``template`` is marked for translation (context "Validation") and may hold ``{names}``
    filled from ``values`` once it is in the reader's language.
    """

    field: str
    template: str
    values: Mapping[str, str] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The message in English, filled in."""
        return self.template.format_map(self.values) if self.values else self.template


# Bidirectional embedding and override controls can make a printed name display as something it
# is not; right-to-left names need none of them (the Unicode bidi algorithm orders them).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_text(value: str) -> str:
    """Text as it is stored: control characters removed (newlines and tabs kept), ends trimmed."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    kept = (
        ch
        for ch in value
        if ch in "\n\t"
        or (unicodedata.category(ch) not in {"Cc", "Cs"} and ch not in _BIDI_CONTROLS)
    )
    return "".join(kept).strip()


def _blank(value: str) -> bool:
    return not clean_text(value)


def validate_intake(intake: Intake, settings: Settings, today: date) -> list[Problem]:
    """Problems with the intake page: identifiers, procedure, schedule, who consents."""
    problems: list[Problem] = []

    def need(field: str, value: str, message: str) -> None:
        if _blank(value):
            problems.append(Problem(field, message))

    need("full_name", intake.full_name, phrase("Validation", "Enter the patient's full name."))
    dob = intake.date_of_birth
    if dob is None:
        problems.append(Problem("date_of_birth", phrase("Validation", "Enter the date of birth.")))
    elif dob > today:
        problems.append(
            Problem(
                "date_of_birth", phrase("Validation", "The date of birth cannot be in the future.")
            )
        )
    elif dob < _years_before(today, MAX_AGE_YEARS):
        problems.append(
            Problem(
                "date_of_birth",
                phrase("Validation", "The date of birth is more than {years} years ago."),
                {"years": str(MAX_AGE_YEARS)},
            )
        )
    mrn = clean_text(intake.mrn)
    if not mrn:
        problems.append(Problem("mrn", phrase("Validation", "Enter the MRN.")))
    elif not re.fullmatch(settings.mrn_pattern, mrn):
        problems.append(
            Problem(
                "mrn",
                phrase("Validation", "This MRN does not fit the clinic's pattern: {hint}."),
                {"hint": settings.mrn_hint},
            )
        )
    need("procedure", intake.procedure, phrase("Validation", "Enter the procedure."))
    if not intake.levels:
        problems.append(
            Problem("levels", phrase("Validation", "Choose at least one vertebral level."))
        )
    elif any(level not in VERTEBRAL_LEVELS for level in intake.levels):
        problems.append(
            Problem("levels", phrase("Validation", "Levels must be between T5 and L5."))
        )
    need("proceduralist", intake.proceduralist, phrase("Validation", "Enter the proceduralist."))
    if intake.scheduled_at is None:
        problems.append(
            Problem("scheduled_at", phrase("Validation", "Enter the scheduled date and time."))
        )
    elif intake.scheduled_at.date() < today - timedelta(days=1):
        problems.append(
            Problem("scheduled_at", phrase("Validation", "The scheduled date is in the past."))
        )
    need(
        "preferred_language",
        intake.preferred_language,
        phrase("Validation", "Choose the preferred language."),
    )
    if intake.interpreter_used:
        need(
            "interpreter_name",
            intake.interpreter_name,
            phrase("Validation", "Enter the interpreter's name."),
        )
    if intake.consenter is Consenter.REPRESENTATIVE:
        need(
            "representative_name",
            intake.representative_name,
            phrase("Validation", "Enter the representative's name."),
        )
        need(
            "representative_relationship",
            intake.representative_relationship,
            phrase("Validation", "Enter the representative's relationship to the patient."),
        )
    return problems


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _not_future(field: str, value: date | datetime | None, now: datetime) -> list[Problem]:
    if value is None:
        return []
    future = value > now if isinstance(value, datetime) else value > now.date()
    return [Problem(field, phrase("Validation", "This cannot be in the future."))] if future else []


def _lab(
    field: str,
    value: float | None,
    drawn: date | None,
    plausible: tuple[float, float],
    messages: tuple[str, str],
    now: datetime,
) -> list[Problem]:
    """A lab value's problems; ``messages`` say it is missing and it is out of range."""
    problems: list[Problem] = []
    low, high = plausible
    missing, out_of_range = messages
    if value is None:
        problems.append(Problem(field, missing))
    elif not math.isfinite(value) or not low <= value <= high:
        problems.append(Problem(field, out_of_range, {"low": f"{low:g}", "high": f"{high:g}"}))
    if drawn is None:
        problems.append(
            Problem(f"{field}_drawn", phrase("Validation", "Enter the date the blood was drawn."))
        )
    problems += _not_future(f"{field}_drawn", drawn, now)
    return problems


def validate_checklist(
    record: ChecklistRecord,
    form: FormDefinition,
    settings: Settings,
    now: datetime,
    scheduled_at: datetime | None,
) -> list[Problem]:
    """Problems with the checklist: every line answered, and the values a "yes" needs."""
    problems: list[Problem] = []
    for item in form.checklist.items:
        answer = record.answer(item.id)
        if answer is None:
            problems.append(
                Problem(item.id, phrase("Validation", "Answer yes, no or not applicable."))
            )
            continue
        if answer is Answer.NOT_APPLICABLE and not item.allow_not_applicable:
            problems.append(
                Problem(item.id, phrase("Validation", "Not applicable is not an option here."))
            )
        if answer is not Answer.YES:
            if item.kind == "anticoagulant" and any(
                dose.entered for dose in record.anticoagulant_doses()
            ):
                problems.append(
                    Problem(
                        item.id,
                        phrase(
                            "Validation", "A medicine is entered below: answer yes, or clear it."
                        ),
                    )
                )
            continue
        if item.kind == "imaging":
            if record.imaging_date is None:
                problems.append(
                    Problem("imaging_date", phrase("Validation", "Enter the date of the imaging."))
                )
            problems += _not_future("imaging_date", record.imaging_date, now)
        elif item.kind == "inr":
            problems += _lab(
                "inr",
                record.inr,
                record.inr_drawn,
                settings.inr_plausible,
                (
                    phrase("Validation", "Enter the INR result."),
                    phrase("Validation", "INR must be between {low} and {high}."),
                ),
                now,
            )
        elif item.kind == "platelets":
            problems += _lab(
                "platelets",
                record.platelets,
                record.platelets_drawn,
                settings.platelets_plausible,
                (
                    phrase("Validation", "Enter the platelets result."),
                    phrase("Validation", "Platelets must be between {low} and {high}."),
                ),
                now,
            )
        elif item.kind == "anticoagulant":
            if not record.anticoagulant_drug:
                problems.append(
                    Problem("anticoagulant_drug", phrase("Validation", "Choose the medicine."))
                )
            dose = record.anticoagulant_last_dose
            if dose is None:
                problems.append(
                    Problem(
                        "anticoagulant_last_dose",
                        phrase("Validation", "Enter the date and time of the last dose."),
                    )
                )
            problems += _not_future("anticoagulant_last_dose", dose, now)
            for number, more in enumerate(record.more_anticoagulants, start=2):
                if not more.entered:
                    continue
                if not more.drug:
                    problems.append(
                        Problem(
                            f"anticoagulant_drug_{number}",
                            phrase("Validation", "Choose the medicine."),
                        )
                    )
                if more.last_dose is None:
                    problems.append(
                        Problem(
                            f"anticoagulant_last_dose_{number}",
                            phrase("Validation", "Enter the date and time of the last dose."),
                        )
                    )
                problems += _not_future(f"anticoagulant_last_dose_{number}", more.last_dose, now)
        elif item.kind == "fasting":
            for name, value, missing in (
                (
                    "last_solid_food",
                    record.last_solid_food,
                    phrase("Validation", "Enter the time of the last solid food."),
                ),
                (
                    "last_clear_fluid",
                    record.last_clear_fluid,
                    phrase("Validation", "Enter the time of the last clear fluid."),
                ),
            ):
                if value is None:
                    problems.append(Problem(name, missing))
                problems += _not_future(name, value, now)
    return problems


def unanswered(fields: list[str], answers: dict[str, Answer | None]) -> list[Problem]:
    """A problem for each question that has no answer yet."""
    return [
        Problem(field, phrase("Validation", "Please choose an answer."))
        for field in fields
        if answers.get(field) is None
    ]


def validate_signature(strokes: list[list[Point]], width: int, height: int) -> list[Problem]:
    """Problems with a drawn signature: empty, or too small to be one (a dot, a tap)."""
    points = [(x, y) for stroke in strokes for (x, y, _p) in stroke]
    if not points:
        return [Problem("signature", phrase("Validation", "Please sign in the box."))]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys))
    ink = sum(math.dist(a[:2], b[:2]) for stroke in strokes for a, b in itertools.pairwise(stroke))
    if span < SIGNATURE_MIN_SPAN * width or ink < SIGNATURE_MIN_INK * width:
        return [
            Problem(
                "signature",
                phrase("Validation", "That is too small to be a signature. Please sign your name."),
            )
        ]
    return []


def validate_printed_name(name: str) -> list[Problem]:
    """The printed name beside a signature must be there."""
    return (
        [Problem("printed_name", phrase("Validation", "Please print your name."))]
        if _blank(name)
        else []
    )


DATE_HINT = phrase("Validation", "Use the form YYYY-MM-DD, for example 1948-03-02.")
DATETIME_HINT = phrase("Validation", "Use the form YYYY-MM-DD HH:MM, for example 2026-11-24 09:30.")


def parse_date(text: str) -> date | None:
    """A typed date (YYYY-MM-DD), None when blank; ValueError with a message when unreadable."""
    text = clean_text(text)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(DATE_HINT) from None


def parse_datetime(text: str, zone: tzinfo) -> datetime | None:
    """A typed local date and time in the clinic's zone, None when blank; ValueError when not."""
    text = clean_text(text).replace("T", " ")
    if not text:
        return None
    try:
        value = datetime.strptime(text, "%Y-%m-%d %H:%M")
    except ValueError:
        raise ValueError(DATETIME_HINT) from None
    return value.replace(tzinfo=zone)
