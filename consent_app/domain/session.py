"""The session record: everything the nurse and the patient entered, as one plain object.

The wizard's pages read and write it; the clearance rules, the store and the PDF renderer take
it. It serialises to JSON (``model_dump_json``) so a stored session can be reloaded exactly.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from consent_app.domain.form import Answer

SCHEMA_VERSION = 1

#: The vertebral levels vertebroplasty is offered for here, top to bottom.
VERTEBRAL_LEVELS: tuple[str, ...] = (
    *(f"T{n}" for n in range(5, 13)),
    *(f"L{n}" for n in range(1, 6)),
)


def utc_now() -> datetime:
    """The current time, timezone-aware."""
    return datetime.now(UTC)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Consenter(StrEnum):
    """Who gives consent."""

    PATIENT = "patient"
    REPRESENTATIVE = "representative"


class Intake(_Record):
    """Who the patient is and what is planned, entered by the nurse."""

    full_name: str = ""
    date_of_birth: date | None = None
    mrn: str = ""
    procedure: str = ""
    levels: list[str] = Field(default_factory=list)
    proceduralist: str = ""
    scheduled_at: datetime | None = None
    preferred_language: str = "en"
    interpreter_used: bool = False
    interpreter_name: str = ""
    consenter: Consenter = Consenter.PATIENT
    representative_name: str = ""
    representative_relationship: str = ""


class ChecklistEntry(_Record):
    """The nurse's answer to one checklist line, with a note."""

    answer: Answer | None = None
    note: str = ""


class MealType(StrEnum):
    """What the last solid food was; a heavy or fatty meal needs a longer fast."""

    LIGHT = "light"
    HEAVY = "heavy"


class MedicineDose(_Record):
    """A blood-thinning medicine the patient takes and when they last took it."""

    drug: str = ""
    last_dose: datetime | None = None

    @property
    def entered(self) -> bool:
        """Whether anything has been entered for this medicine."""
        return bool(self.drug) or self.last_dose is not None


#: How many further medicines the checklist takes besides the first (dual and triple therapy).
MORE_ANTICOAGULANTS = 2


class ChecklistRecord(_Record):
    """The pre-procedure checklist, with the values some lines carry."""

    entries: dict[str, ChecklistEntry] = Field(default_factory=dict)
    imaging_date: date | None = None
    inr: float | None = None
    inr_drawn: date | None = None
    platelets: float | None = None
    platelets_drawn: date | None = None
    anticoagulant_drug: str = ""
    anticoagulant_last_dose: datetime | None = None
    # Dual or triple therapy (e.g. aspirin with clopidogrel): every medicine's hold is checked.
    more_anticoagulants: list[MedicineDose] = Field(default_factory=list)
    renal_impairment: bool = False
    last_solid_food: datetime | None = None
    meal_type: MealType | None = None
    last_clear_fluid: datetime | None = None

    def anticoagulant_doses(self) -> list[MedicineDose]:
        """The first medicine, then every further one with anything entered."""
        first = MedicineDose(drug=self.anticoagulant_drug, last_dose=self.anticoagulant_last_dose)
        return [first, *(dose for dose in self.more_anticoagulants if dose.entered)]

    def entry(self, item_id: str) -> ChecklistEntry:
        """The entry for a checklist line, created empty (unanswered) on first use."""
        if item_id not in self.entries:
            self.entries[item_id] = ChecklistEntry()
        return self.entries[item_id]

    def answer(self, item_id: str) -> Answer | None:
        """The answer to a checklist line, or None when it has not been answered."""
        entry = self.entries.get(item_id)
        return entry.answer if entry else None


class PatientAnswer(_Record):
    """The patient's answer to a yes / no / not sure question, with details when yes."""

    answer: Answer | None = None
    detail: str = ""


class RiskResponse(StrEnum):
    """How the patient marked a risk card."""

    UNDERSTOOD = "understood"
    QUESTION = "question"


class RiskAcknowledgement(_Record):
    """The patient's mark on one risk card, and their question if they had one."""

    response: RiskResponse | None = None
    question: str = ""


class TeachBackAnswer(_Record):
    """Every choice the patient made on a teach-back question, in order."""

    choices: list[str] = Field(default_factory=list)

    @property
    def first_choice(self) -> str | None:
        """The patient's first answer, which is the one that counts for understanding."""
        return self.choices[0] if self.choices else None


class Decision(StrEnum):
    """The patient's decision."""

    AGREE = "agree"
    REFUSE = "refuse"
    TALK_FIRST = "talk_first"


class SignatureRole(StrEnum):
    """Who signs, which also fixes what the signature means."""

    PATIENT = "patient"
    REPRESENTATIVE = "representative"
    INTERPRETER = "interpreter"
    WITNESS = "witness"
    PHYSICIAN = "physician"


class SignatureMeaning(StrEnum):
    """What a signature means (21 CFR 11.50)."""

    CONSENT = "consent"
    REFUSAL = "refusal"
    INTERPRETER = "interpreter"
    WITNESS = "witness"
    PHYSICIAN_ATTESTATION = "physician attestation"


Point = tuple[float, float, float]


class Signature(_Record):
    """A handwritten signature: its raw strokes, the printed name, its meaning and its time."""

    role: SignatureRole
    meaning: SignatureMeaning
    printed_name: str
    relationship: str = ""
    signed_at: datetime
    strokes: list[list[Point]]
    canvas_width: int = Field(gt=0)
    canvas_height: int = Field(gt=0)
    #: Typed on the keyboard (the name's letters became the ink) rather than drawn.
    typed: bool = False


def _same_signing(a: Signature, b: Signature) -> bool:
    return (a.strokes, a.printed_name, a.meaning, a.relationship) == (
        b.strokes,
        b.printed_name,
        b.meaning,
        b.relationship,
    )


class PhysicianDecision(StrEnum):
    """What the physician decided after reviewing the findings."""

    PROCEED = "proceed"
    PROCEED_WITH_PRECAUTIONS = "proceed_with_precautions"
    DO_NOT_PROCEED = "do_not_proceed"


class PhysicianReview(_Record):
    """The physician's review where the clearance requires one."""

    physician_name: str = ""
    decision: PhysicianDecision | None = None
    reason: str = ""


class AuditSeal(_Record):
    """The audit trail as it stood when the record was sealed: its head, length and timings."""

    head: str
    events: int = Field(ge=0)
    seconds_by_page: dict[str, float] = Field(default_factory=dict)


class TextSize(StrEnum):
    """The three text sizes a patient can choose on their pages."""

    STANDARD = "standard"
    LARGER = "larger"
    LARGEST = "largest"


class SessionStatus(StrEnum):
    """Where the session is in its life."""

    IN_PROGRESS = "in_progress"
    AWAITING_DISCUSSION = "awaiting_discussion"
    COMPLETED = "completed"


class ConsentSession(_Record):
    """One patient's consent session, from intake to the exported summary."""

    schema_version: int = SCHEMA_VERSION
    session_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    form_id: str
    form_version: str
    #: SHA-256 of the form's content, and of each patient page's, when the session began.
    form_hash: str = ""
    page_hashes: dict[str, str] = Field(default_factory=dict)
    #: Patient pages whose content changed while the session was paused: to be read again.
    pages_to_review: list[str] = Field(default_factory=list)
    language: str = "en"
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
    status: SessionStatus = SessionStatus.IN_PROGRESS
    current_page: str = ""
    #: The card on show on the current page, and the furthest card reached on each page.
    current_card: int = Field(default=0, ge=0)
    #: The patient's display choices, kept for the rest of the session (and on resume).
    text_size: TextSize = TextSize.STANDARD
    high_contrast: bool = False
    cards_seen: dict[str, int] = Field(default_factory=dict)
    intake: Intake = Field(default_factory=Intake)
    checklist: ChecklistRecord = Field(default_factory=ChecklistRecord)
    answers: dict[str, PatientAnswer] = Field(default_factory=dict)
    risks: dict[str, RiskAcknowledgement] = Field(default_factory=dict)
    #: The patient reached and confirmed the card about the other choices (alternatives).
    alternatives_read: bool = False
    understanding: dict[str, TeachBackAnswer] = Field(default_factory=dict)
    decision: Decision | None = None
    signatures: list[Signature] = Field(default_factory=list)
    physician_review: PhysicianReview = Field(default_factory=PhysicianReview)
    attestation_deferred: bool = False
    pages_shown: dict[str, datetime] = Field(default_factory=dict)
    exported_pdf: str = ""
    exported_at: datetime | None = None
    #: 1 for the first sealed summary; later versions add to it (e.g. a late attestation).
    record_version: int = Field(default=1, ge=1)
    version_reason: str = ""
    audit: AuditSeal | None = None

    def answer(self, field: str) -> Answer | None:
        """The patient's answer to a question, or None when it has not been answered."""
        entry = self.answers.get(field)
        return entry.answer if entry else None

    def set_answer(self, field: str, answer: Answer | None, detail: str | None = None) -> None:
        """Record the patient's answer to a question (and its detail, when given)."""
        entry = self.answers.setdefault(field, PatientAnswer())
        entry.answer = answer
        if detail is not None:
            entry.detail = detail

    def signature(self, role: SignatureRole) -> Signature | None:
        """The signature for a role, if it has been given."""
        return next((s for s in self.signatures if s.role == role), None)

    def put_signature(self, signature: Signature) -> None:
        """Store a signature, replacing an earlier one for the same role.

        The same signature given again (Back and Next, or a resume) keeps its original time:
        only new strokes, a new name or a new meaning make a new signature.
        """
        earlier = self.signature(signature.role)
        if earlier is not None and _same_signing(earlier, signature):
            return
        self.signatures = [s for s in self.signatures if s.role != signature.role] + [signature]

    def remove_signature(self, role: SignatureRole) -> None:
        """Drop the signature for a role (it no longer applies, e.g. the decision changed)."""
        self.signatures = [s for s in self.signatures if s.role != role]

    def questions_raised(self) -> list[tuple[str, str]]:
        """(risk id, question) for every risk the patient marked "I have a question"."""
        return [
            (risk_id, ack.question)
            for risk_id, ack in self.risks.items()
            if ack.response is RiskResponse.QUESTION
        ]
