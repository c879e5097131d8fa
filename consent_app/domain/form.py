"""The form definition: every sentence a patient reads, and the rules that map answers to findings.

A form lives in ``forms/<form_id>/<language>.toml``. It is validated on load; a malformed form
raises :class:`FormError`, which names the file, the field path and the problem.
"""

from __future__ import annotations

import tomllib
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

NonEmpty = Annotated[str, Field(min_length=1)]


class Answer(StrEnum):
    """An answer to a yes / no question. Unanswered is ``None``, never ``NO``."""

    YES = "yes"
    NO = "no"
    NOT_SURE = "not_sure"
    NOT_APPLICABLE = "not_applicable"


class Severity(StrEnum):
    """How much a finding holds the procedure back, least to most."""

    NURSE_ACTION = "nurse_action"
    PHYSICIAN_REVIEW = "physician_review"
    DO_NOT_PROCEED = "do_not_proceed"

    @property
    def rank(self) -> int:
        """Order of severity: a larger rank holds the procedure back more."""
        return list(Severity).index(self)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FormMeta(_Strict):
    """Who owns this version of the form, and where its facts come from."""

    form_id: NonEmpty
    version: NonEmpty
    effective_date: date
    language: NonEmpty
    title: NonEmpty
    procedure_name: NonEmpty
    sources: list[NonEmpty] = Field(min_length=1)
    clinical_reviewer: NonEmpty
    review_date: date | None = None


class ContentPage(_Strict):
    """A patient page of plain text: a heading and short paragraphs, one idea each."""

    heading: NonEmpty
    paragraphs: list[NonEmpty] = Field(min_length=1)


class Question(_Strict):
    """A yes / no / not sure question put to the patient."""

    id: NonEmpty
    text: NonEmpty
    staff_label: NonEmpty
    detail_prompt: str = ""


class PositioningPage(ContentPage):
    """How the patient lies on the table, and the questions about whether they can."""

    questions: list[Question] = Field(min_length=1)


class AllergyGroup(_Strict):
    """A set of allergy questions about one thing (the cement, or other agents)."""

    id: NonEmpty
    heading: NonEmpty
    questions: list[Question] = Field(min_length=1)


class AllergyPage(_Strict):
    """The bone-cement allergy check, then the other agents used during the procedure."""

    heading: NonEmpty
    intro: NonEmpty
    groups: list[AllergyGroup] = Field(min_length=1)


class Risk(_Strict):
    """One risk, on its own card, with its likelihood in natural frequencies."""

    id: NonEmpty
    title: NonEmpty
    body: NonEmpty
    likelihood: NonEmpty
    source: NonEmpty
    uncertain: bool = False


class RisksPage(_Strict):
    """Every risk, then honest benefits and the alternatives (including no procedure)."""

    heading: NonEmpty
    intro: NonEmpty
    items: list[Risk] = Field(min_length=1)
    benefits: ContentPage
    alternatives: ContentPage


class Choice(_Strict):
    """One option of a teach-back question."""

    id: NonEmpty
    text: NonEmpty


class TeachBackQuestion(_Strict):
    """A teach-back question: the patient picks an answer; a wrong one shows the explanation."""

    id: NonEmpty
    text: NonEmpty
    choices: list[Choice] = Field(min_length=2)
    correct: NonEmpty
    explanation: NonEmpty

    @model_validator(mode="after")
    def _correct_is_a_choice(self) -> TeachBackQuestion:
        if self.correct not in {c.id for c in self.choices}:
            raise ValueError(f"correct answer {self.correct!r} is not one of the choices")
        return self


class UnderstandingPage(_Strict):
    """Three to five teach-back questions."""

    heading: NonEmpty
    intro: NonEmpty
    questions: list[TeachBackQuestion] = Field(min_length=3, max_length=5)


class DecisionPage(_Strict):
    """The patient's decision, in their words."""

    heading: NonEmpty
    intro: NonEmpty
    agree: NonEmpty
    refuse: NonEmpty
    talk_first: NonEmpty


class SignatureStatements(_Strict):
    """What each signature means, printed beside it on screen and in the summary."""

    heading: NonEmpty
    consent: NonEmpty
    refusal: NonEmpty
    representative: NonEmpty
    interpreter: NonEmpty
    witness: NonEmpty
    physician: NonEmpty


class HandoverPage(_Strict):
    """The screens that pass the tablet between nurse and patient."""

    to_patient_heading: NonEmpty
    to_patient_text: NonEmpty
    to_staff_heading: NonEmpty
    to_staff_text: NonEmpty


ChecklistKind = Literal["simple", "imaging", "inr", "platelets", "anticoagulant", "fasting"]


class ChecklistItem(_Strict):
    """One line of the nurse's pre-procedure checklist."""

    id: NonEmpty
    label: NonEmpty
    kind: ChecklistKind = "simple"
    help: str = ""
    allow_not_applicable: bool = True


class Anticoagulant(_Strict):
    """A drug from the hold table, with how long it must be stopped before the procedure.

    Less than ``minimum_hours`` since the last dose means do not proceed; between the minimum and
    ``full_hours`` (where a source gives a range) means physician review.
    """

    id: NonEmpty
    name: NonEmpty
    minimum_hours: int = Field(ge=0)
    full_hours: int = Field(ge=0)
    renal_impairment_hours: int | None = None
    always_review: bool = False
    note: str = ""

    @model_validator(mode="after")
    def _full_not_below_minimum(self) -> Anticoagulant:
        if self.full_hours < self.minimum_hours:
            raise ValueError("full_hours must not be less than minimum_hours")
        return self


class Fasting(_Strict):
    """Fasting before sedation (ASA 2017), in hours before the scheduled time."""

    light_meal_hours: int = Field(gt=0)
    heavy_meal_hours: int = Field(gt=0)
    clear_fluid_hours: int = Field(gt=0)


class Checklist(_Strict):
    """The nurse's pre-procedure checklist."""

    heading: NonEmpty
    items: list[ChecklistItem] = Field(min_length=1)
    anticoagulants: list[Anticoagulant] = Field(min_length=1)
    fasting: Fasting


class AnswerRule(_Strict):
    """Which answers to a question lead to a finding, and how severe it is."""

    field: NonEmpty
    answers: list[Answer] = Field(min_length=1)
    severity: Severity
    code: NonEmpty
    message: NonEmpty


class ComputedRule(_Strict):
    """The severity and staff message of a finding the app works out (a lab value, a time)."""

    code: NonEmpty
    severity: Severity
    message: NonEmpty


#: The findings the app works out itself; each needs a severity and a message in the form.
COMPUTED_RULES: frozenset[str] = frozenset(
    {
        "not_answered",
        "inr_above_threshold",
        "inr_not_recorded",
        "platelets_below_threshold",
        "platelets_not_recorded",
        "anticoagulant_details_missing",
        "anticoagulant_hold_short",
        "anticoagulant_hold_borderline",
        "anticoagulant_needs_review",
        "fasting_not_recorded",
        "fasting_solids_short",
        "fasting_fluids_short",
        "schedule_missing",
        "risk_question",
        "teach_back_wrong",
        "decision_missing",
        "decision_refused",
        "decision_talk_first",
    }
)


class Rules(_Strict):
    """All the rules that turn a session into a clearance."""

    answers: list[AnswerRule] = Field(min_length=1)
    computed: dict[str, ComputedRule]

    @model_validator(mode="after")
    def _every_computed_rule_defined(self) -> Rules:
        missing = sorted(COMPUTED_RULES - self.computed.keys())
        unknown = sorted(self.computed.keys() - COMPUTED_RULES)
        if missing:
            raise ValueError(f"computed rules missing: {', '.join(missing)}")
        if unknown:
            raise ValueError(f"unknown computed rules: {', '.join(unknown)}")
        return self


class FormDefinition(_Strict):
    """A whole, validated form: metadata, every patient-facing sentence and the rules."""

    meta: FormMeta
    handover: HandoverPage
    procedure: ContentPage
    positioning: PositioningPage
    allergy: AllergyPage
    risks: RisksPage
    understanding: UnderstandingPage
    decision: DecisionPage
    signatures: SignatureStatements
    checklist: Checklist
    rules: Rules

    @model_validator(mode="after")
    def _rules_name_real_fields(self) -> FormDefinition:
        known = self.answer_field_ids() | {item.id for item in self.checklist.items}
        for index, rule in enumerate(self.rules.answers):
            if rule.field not in known:
                raise ValueError(f"rules.answers[{index}].field {rule.field!r} names no question")
        ids = [q.id for q in self.patient_questions()] + [i.id for i in self.checklist.items]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"question ids are used twice: {', '.join(duplicates)}")
        return self

    def patient_questions(self) -> list[Question]:
        """Every yes / no / not sure question the patient answers, in the order shown."""
        questions = list(self.positioning.questions)
        for group in self.allergy.groups:
            questions.extend(group.questions)
        return questions

    def answer_field_ids(self) -> set[str]:
        """The ids of every patient question."""
        return {q.id for q in self.patient_questions()}

    def anticoagulant(self, drug_id: str) -> Anticoagulant | None:
        """The hold-table entry for a drug id, or None for a drug not in the table."""
        return next((d for d in self.checklist.anticoagulants if d.id == drug_id), None)

    def rules_for(self, field: str) -> list[AnswerRule]:
        """The answer rules that read one field."""
        return [rule for rule in self.rules.answers if rule.field == field]


class FormError(Exception):
    """A form definition that cannot be used: names the file, the field path and the problem."""

    def __init__(self, path: Path | str, problems: list[tuple[str, str]]) -> None:
        self.path = str(path)
        self.problems = problems
        lines = [f"{self.path}: {where or '(top level)'}: {what}" for where, what in problems]
        super().__init__("\n".join(lines))


def _field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def parse_form(text: str, source: Path | str) -> FormDefinition:
    """Parse and validate a form definition from TOML text; raise FormError when it is malformed."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FormError(source, [("", f"not valid TOML: {exc}")]) from exc
    try:
        return FormDefinition.model_validate(raw)
    except ValidationError as exc:
        problems = [(_field_path(err["loc"]), err["msg"]) for err in exc.errors()]
        raise FormError(source, problems) from exc


def load_form_file(path: Path) -> FormDefinition:
    """Load and validate one form file; raise FormError naming the file when it cannot be used."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FormError(path, [("", f"cannot be read: {exc}")]) from exc
    return parse_form(text, path)
