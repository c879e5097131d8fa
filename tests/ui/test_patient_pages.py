"""The patient's pages: each one alone, driven through its widgets, checked in the session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)
from sessions import SIGNATURE_STROKES, signature

from consent_app.domain.form import Answer, FormDefinition
from consent_app.domain.session import (
    Consenter,
    Decision,
    RiskResponse,
    SessionStatus,
    SignatureMeaning,
    SignatureRole,
)
from consent_app.pin import StaffPin
from consent_app.resources_door import resource_text
from consent_app.settings import Settings
from consent_app.store import SessionStore
from consent_app.ui.base import ConsentPage, PageId
from consent_app.ui.context import WizardContext
from consent_app.ui.controls import TOUCH, AnswerButtons, CardDeck
from consent_app.ui.patient_pages import (
    AllergyPage,
    DecisionPage,
    PatientSignaturePage,
    PositioningPage,
    ProcedurePage,
    RisksPage,
    UnderstandingPage,
    drop_signatures_not_matching,
    patient_pages,
)
from consent_app.ui.signature_pad import SignaturePad
from consent_app.ui.spine_diagram import SpineDiagram
from consent_app.ui.style import apply_style
from consent_app.ui.wizard import ConsentWizard

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 24, 8, 0, tzinfo=LONDON)
P = TypeVar("P", bound=ConsentPage)


@pytest.fixture
def context(tmp_path: Path, form: FormDefinition, settings: Settings) -> WizardContext:
    """A context with a real store and PIN file in tmp_path, a fixed clock and a named patient."""
    context = WizardContext(
        form=form,
        settings=settings,
        store=SessionStore(tmp_path / "sessions.sqlite"),
        staff_pin=StaffPin(tmp_path / "staff_pin.json"),
        records_dir=tmp_path / "records",
        clock=lambda: NOW,
    )
    intake = context.session.intake
    intake.full_name = "Margaret Ellis"
    intake.levels = ["T12", "L1"]
    return context


@pytest.fixture
def make_page(qtbot, context: WizardContext) -> Callable[[type[P]], P]:
    """Build a page on its own and show the session in it, as the wizard does on entering."""

    def make(cls: type[P]) -> P:
        page = cls(context)
        qtbot.addWidget(page)
        page.initializePage()
        return page

    return make


class PinPrompt:
    """Stands in for the staff PIN prompt: records each time it is asked, answers as told."""

    def __init__(self) -> None:
        self.asked = 0
        self.answers: list[bool] = []

    def __call__(self, wizard: ConsentWizard) -> bool:
        self.asked += 1
        return self.answers.pop(0) if self.answers else True


@pytest.fixture
def unlock(monkeypatch: pytest.MonkeyPatch) -> PinPrompt:
    """The staff PIN prompt, answered by the test (the right PIN unless told otherwise)."""
    prompt = PinPrompt()
    monkeypatch.setattr(ConsentWizard, "unlock_staff", lambda self: prompt(self))
    return prompt


class StartPage(ConsentPage):
    """A stand-in for the nurse's first page, so the wizard has the start it expects."""

    page = PageId.INTAKE


@pytest.fixture
def in_wizard(qtbot, context: WizardContext) -> Iterator[Callable[[ConsentPage], ConsentWizard]]:
    """Put a page inside a real consent wizard, so ``page.wizard()`` is the ConsentWizard."""
    wizards: list[ConsentWizard] = []

    def place(page: ConsentPage) -> ConsentWizard:
        wizard = ConsentWizard(context, [StartPage(context), page])
        qtbot.addWidget(wizard)
        wizards.append(wizard)  # the page lives as long as its wizard
        return wizard

    yield place
    wizards.clear()


@pytest.fixture
def app_style(qapp: QApplication) -> None:
    """The clinic's stylesheet, as the app applies it (and always runs with)."""
    apply_style()
    assert qapp.styleSheet() == resource_text("styles/app.qss")


def child(page: QWidget, kind: type[QWidget], name: str) -> QWidget:
    """A named child widget, failing clearly when it is missing."""
    found = page.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} named {name!r}"
    return found


def click(page: QWidget, name: str) -> None:
    """Press a named button."""
    button = child(page, QPushButton, name)
    assert isinstance(button, QPushButton)
    assert button.isEnabled()
    button.click()


def answer(page: QWidget, field: str, value: Answer) -> None:
    """Press one answer button of a question."""
    buttons = child(page, AnswerButtons, field)
    assert isinstance(buttons, AnswerButtons)
    buttons.button(value).click()


def deck(page: QWidget, name: str) -> CardDeck:
    """The page's deck of cards."""
    found = child(page, CardDeck, name)
    assert isinstance(found, CardDeck)
    return found


def pad(page: QWidget, name: str) -> SignaturePad:
    """A named signature pad."""
    found = child(page, SignaturePad, name)
    assert isinstance(found, SignaturePad)
    return found


def show_at(qtbot, page: QWidget, width: int, height: int) -> None:
    """Show a page at a tablet size, so its widgets have real sizes."""
    page.resize(width, height)
    page.show()
    qtbot.waitExposed(page)


# -- the pages, in order ---------------------------------------------------------------------
def test_patient_pages_come_in_order_and_all_face_the_patient(
    qtbot, context: WizardContext
) -> None:
    pages = patient_pages(context)
    for page in pages:
        qtbot.addWidget(page)
    assert [p.page for p in pages] == [
        PageId.PROCEDURE,
        PageId.POSITIONING,
        PageId.ALLERGY,
        PageId.RISKS,
        PageId.UNDERSTANDING,
        PageId.DECISION,
        PageId.PATIENT_SIGNATURE,
    ]
    assert [p.objectName() for p in pages] == [p.page.name.lower() for p in pages]
    assert {p.audience for p in pages} == {"patient"}


# -- procedure -------------------------------------------------------------------------------
def test_procedure_marks_the_patients_levels_and_is_complete(make_page) -> None:
    page = make_page(ProcedurePage)
    spine = child(page, SpineDiagram, "spine_diagram")
    assert isinstance(spine, SpineDiagram)
    assert spine.levels() == ["T12", "L1"]
    assert page.isComplete()


def test_procedure_text_comes_from_the_form(make_page, form: FormDefinition) -> None:
    page = make_page(ProcedurePage)
    shown = {label.text() for label in page.findChildren(QLabel)}
    assert form.procedure.heading in shown
    assert set(form.procedure.paragraphs) <= shown


def test_procedure_sits_side_by_side_when_wide_and_stacked_when_tall(qtbot, make_page) -> None:
    page = make_page(ProcedurePage)
    show_at(qtbot, page, 1280, 800)
    assert page.row.direction() is QBoxLayout.Direction.LeftToRight
    page.resize(800, 1280)
    qtbot.waitUntil(lambda: page.row.direction() is QBoxLayout.Direction.TopToBottom)


# -- positioning -----------------------------------------------------------------------------
def test_positioning_answer_is_stored_and_turns_to_the_next_card(
    make_page, context: WizardContext, form: FormDefinition
) -> None:
    page = make_page(PositioningPage)
    cards = deck(page, "positioning_deck")
    assert cards.index() == 0
    click(page, "positioning_intro_next")
    first = form.positioning.questions[0]
    answer(page, first.id, Answer.NO)
    assert context.session.answer(first.id) is Answer.NO
    assert cards.index() == 2


def test_positioning_is_incomplete_while_a_question_is_unanswered(
    make_page, form: FormDefinition
) -> None:
    page = make_page(PositioningPage)
    for question in form.positioning.questions[:-1]:
        answer(page, question.id, Answer.NO)
    assert not page.isComplete()
    assert form.positioning.questions[-1].id in {p.field for p in page.problems()}


def test_positioning_is_incomplete_until_every_card_has_been_seen(
    make_page, context: WizardContext, form: FormDefinition
) -> None:
    page = make_page(PositioningPage)
    for question in form.positioning.questions:
        context.session.set_answer(question.id, Answer.NO)
    page.initializePage()
    assert [p.field for p in page.problems()] == ["positioning_deck"]
    deck(page, "positioning_deck").go_to(deck(page, "positioning_deck").count() - 1)
    assert page.isComplete()


def test_positioning_is_complete_when_every_question_is_answered_in_turn(
    make_page, form: FormDefinition
) -> None:
    page = make_page(PositioningPage)
    click(page, "positioning_intro_next")
    for question in form.positioning.questions:
        answer(page, question.id, Answer.NO)
    assert page.isComplete()


def test_positioning_yes_with_a_detail_prompt_asks_for_details(
    make_page, context: WizardContext, form: FormDefinition
) -> None:
    question = next(q for q in form.positioning.questions if q.detail_prompt)
    page = make_page(PositioningPage)
    cards = deck(page, "positioning_deck")
    cards.go_to(1 + form.positioning.questions.index(question))
    answer(page, question.id, Answer.YES)
    box = child(page, QPlainTextEdit, f"{question.id}_detail")
    assert box.isVisibleTo(page)
    assert cards.index() == 1 + form.positioning.questions.index(question)
    box.setPlainText("Only on my left side")
    assert context.session.answers[question.id].detail == "Only on my left side"


# -- allergy ---------------------------------------------------------------------------------
def cement_question(form: FormDefinition):
    group = next(g for g in form.allergy.groups if g.id == "cement")
    return group.questions[0]


def test_allergy_yes_on_a_cement_question_stores_yes_and_the_detail(
    make_page, context: WizardContext, form: FormDefinition
) -> None:
    question = cement_question(form)
    page = make_page(AllergyPage)
    cards = deck(page, "allergy_deck")
    click(page, "allergy_intro_next")
    answer(page, question.id, Answer.YES)
    box = child(page, QPlainTextEdit, f"{question.id}_detail")
    assert box.isVisibleTo(page.deck.card(1))
    assert cards.index() == 1  # stays, so details can be given
    box.setPlainText("  Rash from gel nails, 2019\x07  ")
    entry = context.session.answers[question.id]
    assert entry.answer is Answer.YES
    assert entry.detail == "Rash from gel nails, 2019"
    click(page, f"{question.id}_next")
    assert cards.index() == 2


def test_allergy_yes_without_details_is_still_an_answer(
    make_page, context: WizardContext, form: FormDefinition
) -> None:
    question = cement_question(form)
    page = make_page(AllergyPage)
    answer(page, question.id, Answer.YES)
    assert context.session.answer(question.id) is Answer.YES
    assert question.id not in {p.field for p in page.problems()}


def test_allergy_no_turns_to_the_next_card_without_a_detail_box(
    make_page, form: FormDefinition
) -> None:
    question = cement_question(form)
    page = make_page(AllergyPage)
    cards = deck(page, "allergy_deck")
    cards.go_to(1)
    answer(page, question.id, Answer.NOT_SURE)
    assert cards.index() == 2
    assert not child(page, QPlainTextEdit, f"{question.id}_detail").isVisibleTo(page.deck.card(1))


def test_allergy_changing_yes_to_no_drops_the_detail(
    make_page, context: WizardContext, form: FormDefinition
) -> None:
    question = cement_question(form)
    page = make_page(AllergyPage)
    answer(page, question.id, Answer.YES)
    child(page, QPlainTextEdit, f"{question.id}_detail").setPlainText("Blisters")
    answer(page, question.id, Answer.NO)
    entry = context.session.answers[question.id]
    assert entry.answer is Answer.NO
    assert entry.detail == ""


def test_allergy_unanswered_question_keeps_the_page_incomplete(
    make_page, form: FormDefinition
) -> None:
    questions = [q for g in form.allergy.groups for q in g.questions]
    page = make_page(AllergyPage)
    for question in questions[1:]:
        answer(page, question.id, Answer.NO)
    deck(page, "allergy_deck").go_to(len(questions))
    assert not page.isComplete()
    assert [p.field for p in page.problems()] == [questions[0].id]


def test_allergy_group_heading_shows_above_each_question(make_page, form: FormDefinition) -> None:
    page = make_page(AllergyPage)
    for group in form.allergy.groups:
        label = child(page, QLabel, f"{group.questions[-1].id}_group")
        assert label.text() == group.heading


def test_allergy_shows_saved_answers_and_details_again(
    make_page, context: WizardContext, form: FormDefinition
) -> None:
    question = cement_question(form)
    context.session.set_answer(question.id, Answer.YES, detail="Swollen fingers")
    page = make_page(AllergyPage)
    buttons = child(page, AnswerButtons, question.id)
    assert buttons.value() is Answer.YES
    assert child(page, QPlainTextEdit, f"{question.id}_detail").toPlainText() == "Swollen fingers"


# -- risks -----------------------------------------------------------------------------------
def test_risk_understood_is_recorded_and_turns_to_the_next_card(
    make_page, context: WizardContext, form: FormDefinition
) -> None:
    risk = form.risks.items[0]
    page = make_page(RisksPage)
    cards = deck(page, "risks_deck")
    click(page, "risks_intro_next")
    click(page, f"{risk.id}_understood")
    assert context.session.risks[risk.id].response is RiskResponse.UNDERSTOOD
    assert cards.index() == 2


def test_risk_question_text_is_stored(
    make_page, context: WizardContext, form: FormDefinition
) -> None:
    risk = form.risks.items[1]
    page = make_page(RisksPage)
    cards = deck(page, "risks_deck")
    cards.go_to(2)
    click(page, f"{risk.id}_question")
    box = child(page, QPlainTextEdit, f"{risk.id}_question_text")
    assert box.isVisibleTo(cards.card(2))
    assert cards.index() == 2
    box.setPlainText("Does this happen more with two levels?\x00")
    ack = context.session.risks[risk.id]
    assert ack.response is RiskResponse.QUESTION
    assert ack.question == "Does this happen more with two levels?"
    click(page, f"{risk.id}_next")
    assert cards.index() == 3


def test_risk_question_without_text_is_still_a_mark(
    make_page, context: WizardContext, form: FormDefinition
) -> None:
    risk = form.risks.items[0]
    page = make_page(RisksPage)
    click(page, f"{risk.id}_question")
    assert context.session.risks[risk.id].response is RiskResponse.QUESTION
    assert risk.id not in {p.field for p in page.problems()}


def test_risks_complete_only_when_every_risk_is_marked_and_every_card_read(
    make_page, form: FormDefinition
) -> None:
    page = make_page(RisksPage)
    click(page, "risks_intro_next")
    for risk in form.risks.items[:-1]:
        click(page, f"{risk.id}_understood")
    assert not page.isComplete()
    click(page, f"{form.risks.items[-1].id}_understood")
    click(page, "risks_benefits_next")
    assert deck(page, "risks_deck").index() == deck(page, "risks_deck").count() - 1
    assert not page.isComplete()
    click(page, "risks_alternatives_read")
    assert page.isComplete()


def test_risks_show_the_likelihood_from_the_form(make_page, form: FormDefinition) -> None:
    risk = form.risks.items[0]
    page = make_page(RisksPage)
    label = child(page, QLabel, f"{risk.id}_likelihood")
    assert label.text() == risk.likelihood
    assert label.property("role") == "likelihood"


def test_reading_the_other_choices_is_not_undone_by_a_second_tap(
    make_page, form: FormDefinition
) -> None:
    page = make_page(RisksPage)
    click(page, "risks_intro_next")
    for risk in form.risks.items:
        click(page, f"{risk.id}_understood")
    click(page, "risks_benefits_next")
    click(page, "risks_alternatives_read")
    click(page, "risks_alternatives_read")
    assert page.isComplete()


# -- understanding ---------------------------------------------------------------------------
def test_right_teach_back_answer_says_so_calmly(
    make_page, context: WizardContext, form: FormDefinition
) -> None:
    question = form.understanding.questions[0]
    page = make_page(UnderstandingPage)
    click(page, f"{question.id}_{question.correct}")
    assert context.session.understanding[question.id].choices == [question.correct]
    assert child(page, QLabel, f"{question.id}_feedback").text() == "That's right."
    assert child(page, QLabel, f"{question.id}_explanation").isHidden()


def test_wrong_teach_back_shows_the_explanation_and_records_the_first_choice(
    make_page, context: WizardContext, form: FormDefinition
) -> None:
    question = form.understanding.questions[0]
    wrong = next(c.id for c in question.choices if c.id != question.correct)
    page = make_page(UnderstandingPage)
    click(page, f"{question.id}_{wrong}")
    explanation = child(page, QLabel, f"{question.id}_explanation")
    assert not explanation.isHidden()
    assert explanation.text() == question.explanation
    click(page, f"{question.id}_{question.correct}")
    given = context.session.understanding[question.id]
    assert given.first_choice == wrong
    assert given.choices == [wrong, question.correct]


def test_a_patient_who_cannot_get_it_right_is_not_trapped(make_page, form: FormDefinition) -> None:
    page = make_page(UnderstandingPage)
    click(page, "understanding_intro_next")
    for question in form.understanding.questions:
        wrong = next(c.id for c in question.choices if c.id != question.correct)
        click(page, f"{question.id}_{wrong}")
        card = page.deck.card(page.deck.index())
        assert child(page, QWidget, f"{question.id}_next").isVisibleTo(card)
        click(page, f"{question.id}_next")
    assert page.isComplete()


def test_next_on_the_last_card_goes_on_to_the_next_page(
    qtbot, make_page, context: WizardContext, form: FormDefinition
) -> None:
    page = make_page(UnderstandingPage)
    decision = DecisionPage(context)
    wizard = ConsentWizard(context, [StartPage(context), page, decision])
    qtbot.addWidget(wizard)
    wizard.setStartId(int(PageId.UNDERSTANDING))
    wizard.restart()
    click(page, "understanding_intro_next")
    for question in form.understanding.questions:
        click(page, f"{question.id}_{question.correct}")
        click(page, f"{question.id}_next")
    assert wizard.currentId() == int(PageId.DECISION)


def test_understanding_is_incomplete_while_a_question_is_unanswered(
    make_page, form: FormDefinition
) -> None:
    page = make_page(UnderstandingPage)
    for question in form.understanding.questions[1:]:
        click(page, f"{question.id}_{question.correct}")
    deck(page, "understanding_deck").go_to(len(form.understanding.questions))
    assert [p.field for p in page.problems()] == [form.understanding.questions[0].id]


# -- decision --------------------------------------------------------------------------------
def test_decision_is_recorded_and_agree_goes_on_to_signing(
    make_page, context: WizardContext
) -> None:
    page = make_page(DecisionPage)
    assert not page.isComplete()
    click(page, "decision_agree")
    assert context.session.decision is Decision.AGREE
    assert page.isComplete()
    assert page.nextId() == int(PageId.PATIENT_SIGNATURE)


def test_decision_talk_first_goes_to_the_review(make_page, context: WizardContext) -> None:
    page = make_page(DecisionPage)
    click(page, "decision_talk_first")
    assert context.session.decision is Decision.TALK_FIRST
    assert page.nextId() == int(PageId.REVIEW)


def test_decision_talk_first_hands_the_tablet_back_behind_the_pin(
    make_page, in_wizard, unlock, context: WizardContext
) -> None:
    page = make_page(DecisionPage)
    in_wizard(page)
    click(page, "decision_talk_first")
    assert page.validatePage()
    assert unlock.asked == 1
    assert context.session.status is SessionStatus.AWAITING_DISCUSSION


def test_decision_talk_first_with_a_wrong_pin_stays_on_the_page(
    make_page, in_wizard, unlock, context: WizardContext
) -> None:
    page = make_page(DecisionPage)
    in_wizard(page)
    click(page, "decision_talk_first")
    unlock.answers.append(False)
    assert not page.validatePage()
    assert context.session.status is SessionStatus.IN_PROGRESS


def test_decision_agree_needs_no_pin(make_page, in_wizard, unlock) -> None:
    page = make_page(DecisionPage)
    in_wizard(page)
    click(page, "decision_agree")
    assert page.validatePage()
    assert unlock.asked == 0


def test_changing_the_decision_drops_a_consent_signature(make_page, context: WizardContext) -> None:
    session = context.session
    session.decision = Decision.AGREE
    session.put_signature(
        signature(SignatureRole.PATIENT, SignatureMeaning.CONSENT, "Margaret Ellis")
    )
    page = make_page(DecisionPage)
    click(page, "decision_agree")
    assert session.signature(SignatureRole.PATIENT) is not None
    click(page, "decision_refuse")
    assert session.signature(SignatureRole.PATIENT) is None


@pytest.mark.parametrize("role", [SignatureRole.REPRESENTATIVE, SignatureRole.INTERPRETER])
def test_changing_the_decision_drops_the_other_decision_signatures(
    make_page, context: WizardContext, role: SignatureRole
) -> None:
    session = context.session
    session.decision = Decision.REFUSE
    session.put_signature(signature(SignatureRole.REPRESENTATIVE, SignatureMeaning.REFUSAL, "Ann"))
    session.put_signature(signature(SignatureRole.INTERPRETER, SignatureMeaning.INTERPRETER, "Ola"))
    page = make_page(DecisionPage)
    click(page, "decision_talk_first")
    assert session.signature(role) is None


@pytest.mark.parametrize(
    ("decision", "signed_as", "kept"),
    [
        (Decision.AGREE, SignatureMeaning.CONSENT, True),
        (Decision.REFUSE, SignatureMeaning.REFUSAL, True),
        (Decision.REFUSE, SignatureMeaning.CONSENT, False),
        (Decision.AGREE, SignatureMeaning.REFUSAL, False),
        (Decision.TALK_FIRST, SignatureMeaning.CONSENT, False),
        (Decision.TALK_FIRST, SignatureMeaning.REFUSAL, False),
    ],
)
def test_a_signature_stands_only_under_the_decision_it_was_given_for(
    context: WizardContext, decision: Decision, signed_as: SignatureMeaning, kept: bool
) -> None:
    session = context.session
    session.put_signature(signature(SignatureRole.PATIENT, signed_as, "Margaret Ellis"))
    session.put_signature(signature(SignatureRole.WITNESS, SignatureMeaning.WITNESS, "Joy Okafor"))
    session.decision = decision
    drop_signatures_not_matching(session)
    assert (session.signature(SignatureRole.PATIENT) is not None) is kept
    assert session.signature(SignatureRole.WITNESS) is not None


# -- signature -------------------------------------------------------------------------------
@pytest.fixture
def signing(qtbot, make_page, context: WizardContext) -> Callable[[], PatientSignaturePage]:
    """The signature page at tablet size, for a patient who agreed."""
    context.session.decision = Decision.AGREE

    def make() -> PatientSignaturePage:
        page = make_page(PatientSignaturePage)
        show_at(qtbot, page, 1280, 800)
        return page

    return make


def test_signature_page_is_incomplete_with_an_empty_pad(signing) -> None:
    page = signing()
    assert pad(page, "signature_patient").is_empty()
    assert not page.isComplete()
    assert "signature_patient" in {p.field for p in page.problems()}


def test_signature_page_is_incomplete_with_a_dot(signing) -> None:
    page = signing()
    pad(page, "signature_patient").add_stroke([(100.0, 100.0, 0.5), (101.0, 100.0, 0.5)])
    assert not page.isComplete()


def test_signature_page_is_complete_with_a_signature(signing) -> None:
    page = signing()
    signed = pad(page, "signature_patient")
    for stroke in SIGNATURE_STROKES:
        signed.add_stroke(stroke)
    assert page.isComplete()


def test_signature_clear_empties_the_pad(signing) -> None:
    page = signing()
    signed = pad(page, "signature_patient")
    signed.add_stroke(SIGNATURE_STROKES[0])
    click(page, "signature_patient_clear")
    assert signed.is_empty()


def test_signature_printed_name_is_filled_in_and_required(signing) -> None:
    page = signing()
    name = child(page, QLineEdit, "printed_name")
    assert name.text() == "Margaret Ellis"
    for stroke in SIGNATURE_STROKES:
        pad(page, "signature_patient").add_stroke(stroke)
    name.setText("   ")
    assert [p.field for p in page.problems()] == ["printed_name"]


def test_signature_shows_the_consent_statement(signing, form: FormDefinition) -> None:
    page = signing()
    assert child(page, QLabel, "signature_statement").text() == form.signatures.consent
    assert child(page, QLabel, "handover_to_staff").text() == form.handover.to_staff_heading


def test_signature_is_stored_with_the_apps_time_and_hands_back_to_staff(
    signing, in_wizard, unlock, context: WizardContext
) -> None:
    page = signing()
    in_wizard(page)
    for stroke in SIGNATURE_STROKES:
        pad(page, "signature_patient").add_stroke(stroke)
    child(page, QLineEdit, "printed_name").setText("Margaret  Ellis\x1b")
    assert page.validatePage()
    assert unlock.asked == 1
    stored = context.session.signature(SignatureRole.PATIENT)
    assert stored is not None
    assert stored.meaning is SignatureMeaning.CONSENT
    assert stored.printed_name == "Margaret  Ellis"
    assert stored.signed_at == NOW
    assert stored.strokes == [list(s) for s in SIGNATURE_STROKES]
    size = pad(page, "signature_patient").canvas_size()
    assert (stored.canvas_width, stored.canvas_height) == size


def test_a_refusal_is_signed_as_a_refusal(
    signing, in_wizard, unlock, context: WizardContext, form: FormDefinition
) -> None:
    context.session.decision = Decision.REFUSE
    page = signing()
    in_wizard(page)
    assert child(page, QLabel, "signature_statement").text() == form.signatures.refusal
    for stroke in SIGNATURE_STROKES:
        pad(page, "signature_patient").add_stroke(stroke)
    assert page.validatePage()
    stored = context.session.signature(SignatureRole.PATIENT)
    assert stored is not None
    assert stored.meaning is SignatureMeaning.REFUSAL


def test_saved_signature_comes_back_when_the_page_is_shown_again(
    signing, context: WizardContext
) -> None:
    context.session.put_signature(
        signature(SignatureRole.PATIENT, SignatureMeaning.CONSENT, "M. Ellis")
    )
    page = signing()
    assert pad(page, "signature_patient").strokes() == [list(s) for s in SIGNATURE_STROKES]
    assert child(page, QLineEdit, "printed_name").text() == "M. Ellis"
    assert page.isComplete()


def test_representative_signs_with_their_statement_and_relationship(
    signing, in_wizard, unlock, context: WizardContext, form: FormDefinition
) -> None:
    intake = context.session.intake
    intake.consenter = Consenter.REPRESENTATIVE
    intake.representative_name = "Ann Ellis"
    intake.representative_relationship = "daughter"
    page = signing()
    in_wizard(page)
    assert page.findChild(SignaturePad, "signature_patient") is None
    assert child(page, QLineEdit, "printed_name").text() == "Ann Ellis"
    signing_for = child(page, QLabel, "signing_for")
    assert not signing_for.isHidden()
    assert "Margaret Ellis" in signing_for.text()
    assert "daughter" in signing_for.text()
    statement = child(page, QLabel, "representative_statement")
    assert statement.text() == form.signatures.representative
    assert not statement.isHidden()
    for stroke in SIGNATURE_STROKES:
        pad(page, "signature_representative").add_stroke(stroke)
    click(page, "signature_representative_clear")
    assert not page.isComplete()
    for stroke in SIGNATURE_STROKES:
        pad(page, "signature_representative").add_stroke(stroke)
    assert page.validatePage()
    stored = context.session.signature(SignatureRole.REPRESENTATIVE)
    assert stored is not None
    assert stored.relationship == "daughter"
    assert stored.printed_name == "Ann Ellis"
    assert context.session.signature(SignatureRole.PATIENT) is None


def test_patient_signing_shows_no_representative_parts(signing) -> None:
    page = signing()
    assert child(page, QLabel, "signing_for").isHidden()
    assert child(page, QLabel, "representative_statement").isHidden()
    assert not pad(page, "signature_interpreter").isVisibleTo(page)


def test_interpreter_signs_too_when_one_helped(
    signing, in_wizard, unlock, context: WizardContext
) -> None:
    intake = context.session.intake
    intake.interpreter_used = True
    intake.interpreter_name = "Ola Nowak"
    page = signing()
    in_wizard(page)
    interpreter = pad(page, "signature_interpreter")
    assert interpreter.isVisibleTo(page)
    assert child(page, QLineEdit, "interpreter_printed_name").text() == "Ola Nowak"
    for stroke in SIGNATURE_STROKES:
        pad(page, "signature_patient").add_stroke(stroke)
    assert [p.field for p in page.problems()] == ["signature_interpreter"]
    for stroke in SIGNATURE_STROKES:
        interpreter.add_stroke(stroke)
    assert page.validatePage()
    stored = context.session.signature(SignatureRole.INTERPRETER)
    assert stored is not None
    assert stored.meaning is SignatureMeaning.INTERPRETER
    assert stored.printed_name == "Ola Nowak"
    assert stored.signed_at == NOW


def test_signature_page_without_a_wizard_stays_locked(signing) -> None:
    page = signing()
    for stroke in SIGNATURE_STROKES:
        pad(page, "signature_patient").add_stroke(stroke)
    assert not page.validatePage()


# -- the next patient ------------------------------------------------------------------------
def test_a_new_patient_starts_at_the_first_card_with_nothing_seen(
    make_page, context: WizardContext, form: FormDefinition
) -> None:
    page = make_page(PositioningPage)
    click(page, "positioning_intro_next")
    for question in form.positioning.questions:
        answer(page, question.id, Answer.NO)
    assert page.isComplete()
    context.session = context.new_session()
    page.reset()
    cards = deck(page, "positioning_deck")
    assert cards.index() == 0
    assert child(page, AnswerButtons, form.positioning.questions[0].id).value() is None
    assert "positioning_deck" in {p.field for p in page.problems()}


def test_a_new_patient_sees_no_earlier_signature(signing, context: WizardContext) -> None:
    page = signing()
    for stroke in SIGNATURE_STROKES:
        pad(page, "signature_patient").add_stroke(stroke)
    context.session = context.new_session()
    page.reset()
    assert pad(page, "signature_patient").is_empty()
    assert child(page, QLineEdit, "printed_name").text() == ""


# -- what the patient gets: large controls, nothing cut off ----------------------------------
ALL_PAGES = [
    ProcedurePage,
    PositioningPage,
    AllergyPage,
    RisksPage,
    UnderstandingPage,
    DecisionPage,
    PatientSignaturePage,
]


@pytest.mark.parametrize("cls", ALL_PAGES)
def test_every_control_is_large_enough_to_touch(make_page, cls: type[ConsentPage]) -> None:
    page = make_page(cls)
    controls = [
        *page.findChildren(QPushButton),
        *page.findChildren(QLineEdit),
        *page.findChildren(QPlainTextEdit),
    ]
    small = [c.objectName() for c in controls if c.minimumHeight() < TOUCH]
    assert small == []


def cards_of(page: ConsentPage) -> Iterator[None]:
    """Turn to each card of the page's deck in turn (once, for a page without a deck)."""
    found = page.findChild(CardDeck)
    if found is None:
        yield
        return
    for index in range(found.count()):
        found.go_to(index)
        yield


@pytest.mark.parametrize("size", [(1280, 800), (800, 1280)])
@pytest.mark.parametrize("cls", ALL_PAGES)
def test_nothing_is_cut_off_at_tablet_size(
    qtbot, qapp, app_style, make_page, context: WizardContext, cls: type[ConsentPage], size
) -> None:
    context.session.decision = Decision.AGREE
    context.session.intake.interpreter_used = True
    page = make_page(cls)
    show_at(qtbot, page, *size)
    scroll = page.findChild(QScrollArea)
    assert scroll is not None
    for _ in cards_of(page):
        qapp.processEvents()
        # With sideways scrolling off, anything wider than the view would be cut off.
        assert page.body.width() <= scroll.viewport().width()
        for button in page.findChildren(QPushButton):
            if not button.isVisible():
                continue
            metrics = button.fontMetrics()
            widest = max(metrics.horizontalAdvance(line) for line in button.text().split("\n"))
            assert widest < button.width(), f"{button.objectName()} cuts off its words"


def test_long_choices_wrap_onto_more_lines_on_a_narrow_screen(
    qtbot, app_style, make_page, form: FormDefinition
) -> None:
    question = form.understanding.questions[-1]
    longest = max(question.choices, key=lambda c: len(c.text))
    page = make_page(UnderstandingPage)
    show_at(qtbot, page, 800, 1280)
    page.deck.go_to(len(form.understanding.questions))
    button = child(page, QPushButton, f"{question.id}_{longest.id}")
    qtbot.waitUntil(lambda: "\n" in button.text())
    assert button.text().split() == longest.text.split()
    assert button.accessibleName() == longest.text


def test_a_drag_across_the_pad_signs_rather_than_scrolls(
    qtbot, app_style, signing, context: WizardContext
) -> None:
    context.session.intake.interpreter_used = True
    page = signing()
    page.resize(800, 600)
    scroll = page.findChild(QScrollArea)
    assert scroll is not None
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().maximum() > 0)  # the page can scroll
    signed = pad(page, "signature_patient")
    left, plain = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QTest.mousePress(signed, left, plain, QPoint(40, 80))
    for step in range(1, 25):
        QTest.mouseMove(signed, QPoint(40 + 15 * step, 80 + (25 if step % 2 else -25)), 10)
    QTest.mouseRelease(signed, left, plain, QPoint(420, 80))
    assert len(signed.strokes()) == 1
    assert len(signed.strokes()[0]) > 20
    assert "signature_patient" not in {p.field for p in page.problems()}
