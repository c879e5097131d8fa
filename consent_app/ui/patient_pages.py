"""The patient's pages: what the procedure is, the questions, the risks, the decision, signing.

Every sentence a patient reads comes from the form; these pages only lay it out, one idea per
card, in large type with large buttons, and write what the patient chooses into the session.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from consent_app.domain.form import Answer, FormDefinition, Question
from consent_app.domain.session import (
    Consenter,
    ConsentSession,
    Decision,
    RiskAcknowledgement,
    RiskResponse,
    SessionStatus,
    Signature,
    SignatureMeaning,
    SignatureRole,
    TeachBackAnswer,
)
from consent_app.domain.validation import (
    Problem,
    clean_text,
    unanswered,
    validate_printed_name,
    validate_signature,
)
from consent_app.ui.base import ConsentPage, PageId
from consent_app.ui.context import WizardContext
from consent_app.ui.controls import (
    TOUCH,
    AnswerButtons,
    ButtonRow,
    CardDeck,
    ChoiceButtons,
    heading,
    paragraph,
)
from consent_app.ui.i18n import Localised
from consent_app.ui.positioning_illustration import PositioningIllustration
from consent_app.ui.signature_pad import SignaturePad
from consent_app.ui.spine_diagram import SpineDiagram

#: The procedure text sits beside the spine picture from this page width; below it, above it.
SIDE_BY_SIDE_WIDTH = 1000
#: Patient buttons are well above the touch minimum: hands may shake and eyes may be weak.
BIG_BUTTON_HEIGHT = TOUCH + 24
YES_NO_NOT_SURE = [Answer.YES, Answer.NO, Answer.NOT_SURE]

#: What each decision means when it is signed; "talk first" is never signed.
DECISION_MEANING: dict[Decision, SignatureMeaning] = {
    Decision.AGREE: SignatureMeaning.CONSENT,
    Decision.REFUSE: SignatureMeaning.REFUSAL,
}
#: The signatures that stand under the patient's decision and fall when it changes.
DECISION_SIGNERS = (SignatureRole.PATIENT, SignatureRole.REPRESENTATIVE, SignatureRole.INTERPRETER)


# -- pure rules (no Qt): what the patient pages still need ------------------------------------
def unmarked_risks(form: FormDefinition, session: ConsentSession) -> list[Problem]:
    """A problem for each risk card the patient has not yet marked."""
    return [
        Problem(risk.id, "Please choose \u201cI understand\u201d or \u201cI have a question\u201d.")
        for risk in form.risks.items
        if (ack := session.risks.get(risk.id)) is None or ack.response is None
    ]


def unanswered_teach_back(form: FormDefinition, session: ConsentSession) -> list[Problem]:
    """A problem for each teach-back question with no choice yet (a wrong choice still counts)."""
    return [
        Problem(question.id, "Please choose an answer.")
        for question in form.understanding.questions
        if (given := session.understanding.get(question.id)) is None or not given.choices
    ]


def drop_signatures_not_matching(session: ConsentSession) -> None:
    """Remove decision signatures whose meaning no longer matches the decision.

    A consent signature must never stand under a refusal (or the reverse); the interpreter's
    signature attests the signing it accompanied, so it falls with it.
    """
    meaning = DECISION_MEANING.get(session.decision) if session.decision else None
    signer = next(
        (
            s
            for s in session.signatures
            if s.role in (SignatureRole.PATIENT, SignatureRole.REPRESENTATIVE)
        ),
        None,
    )
    if signer is None or signer.meaning == meaning:
        return
    for role in DECISION_SIGNERS:
        session.remove_signature(role)


# -- small builders ---------------------------------------------------------------------------
class _Card(Localised, QFrame):
    """A white card in a deck (``role="card"`` in the stylesheet)."""


def _card(parent: QWidget) -> tuple[QFrame, QVBoxLayout]:
    """A white card for the deck, its content at the top."""
    card = _Card(parent)
    card.setProperty("role", "card")
    layout = QVBoxLayout(card)
    layout.setSpacing(16)
    layout.setContentsMargins(20, 16, 20, 16)
    return card, layout


def _big_button(text: str, name: str, parent: QWidget, role: str = "primary") -> QPushButton:
    """A large button for a finger that may shake."""
    button = QPushButton(text, parent)
    button.setObjectName(name)
    if role:
        button.setProperty("role", role)
    button.setMinimumSize(TOUCH * 4, BIG_BUTTON_HEIGHT)
    return button


def _right(widget: QWidget) -> QHBoxLayout:
    """A row with the widget on the right, where Next sits in the wizard."""
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget)
    return row


def _writing_box(name: str, label: str, parent: QWidget) -> QPlainTextEdit:
    """A box for a few words; filling it is always optional."""
    box = QPlainTextEdit(parent)
    box.setObjectName(name)
    box.setAccessibleName(label)
    box.setTabChangesFocus(True)
    # About three lines: room to write, while the card's Next stays in view on a landscape tablet.
    box.setFixedHeight(TOUCH * 2 + 24)
    box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return box


def _box_and_button(box: QPlainTextEdit, button: QPushButton, parent: QWidget) -> QWidget:
    """A writing box with the card's Next beside it, level with its bottom edge."""
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(16)
    layout.addWidget(box, 1)
    layout.addWidget(button, 0, Qt.AlignmentFlag.AlignBottom)
    return row


def _enlarge(buttons: list[QPushButton]) -> None:
    """Make answer buttons taller than the touch minimum."""
    for button in buttons:
        button.setMinimumHeight(BIG_BUTTON_HEIGHT)
        button.setMinimumWidth(max(button.minimumWidth(), TOUCH * 3))


def _fill(box: QPlainTextEdit, text: str) -> None:
    """Show ``text`` in a writing box; the same words again are left alone (setting them lays
    the box's document out anew, at every visit of the page)."""
    if box.toPlainText() != text:
        box.setPlainText(text)


def _page_scroll(page: ConsentPage) -> QScrollArea:
    """The scroll area the base page puts its body in."""
    scroll = page.findChild(QScrollArea, "", Qt.FindChildOption.FindDirectChildrenOnly)
    assert scroll is not None, "ConsentPage keeps its body in a scroll area"
    return scroll


def _hand_back_to_staff(page: QWizardPage) -> bool:
    """Ask for the staff PIN through the wizard; without a consent wizard, stay locked."""
    unlock = getattr(page.wizard(), "unlock_staff", None)
    return bool(unlock()) if callable(unlock) else False


# -- pages ------------------------------------------------------------------------------------
class ProcedurePage(ConsentPage):
    """What vertebroplasty is, beside a picture of the spine with the patient's levels marked."""

    page = PageId.PROCEDURE
    audience = "patient"

    def build(self) -> None:
        super().build()
        context = self.context
        content = context.patient_form.procedure
        self.row = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.row.setSpacing(32)
        text = QVBoxLayout()
        text.setSpacing(16)
        text.addWidget(heading(content.heading, self.body))
        for line in content.paragraphs:
            text.addWidget(paragraph(line, self.body))
        text.addStretch(1)
        self.spine = SpineDiagram(self.body)
        self.spine.setObjectName("spine_diagram")
        self._spine_minimum = self.spine.minimumHeight()
        self.row.addLayout(text, 3)
        self.row.addWidget(self.spine, 2)
        self.layout_.addLayout(self.row)
        self.layout_.addStretch(1)

    def load(self) -> None:
        """Mark the levels to be treated."""
        self.spine.set_levels(self.session.intake.levels)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Side by side on a wide screen, the picture under the text on a tall one."""
        wide = event.size().width() >= SIDE_BY_SIDE_WIDTH
        self.row.setDirection(
            QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        )
        # Under the text the picture would shrink to its minimum and its level labels with it;
        # it keeps its full size there and the page scrolls instead.
        self.spine.setMinimumHeight(self._spine_minimum if wide else self.spine.sizeHint().height())
        super().resizeEvent(event)


class _DeckPage(ConsentPage):
    """A page of cards shown one at a time; complete only once the last card has been reached."""

    audience = "patient"
    deck_name = ""

    def build(self) -> None:
        super().build()
        self.deck = CardDeck(self.deck_name, self.body)
        # Kept here rather than CardDeck.seen_all() so a new patient starts unseen (see reset).
        self._furthest = 0
        self.deck.moved.connect(self._moved)
        self.layout_.addWidget(self.deck, 1)
        self.layout_.addWidget(self.problem_label(self.deck_name))

    def add_card(self, card: QWidget) -> None:
        """Append a card to the deck."""
        self.deck.add_card(card)

    def initializePage(self) -> None:
        """How far the patient has read is part of the session, so a resume keeps it."""
        self.ensure_built()  # first: building starts a deck unread
        self._furthest = self.session.cards_seen.get(self.page_id, 0)
        super().initializePage()

    def _moved(self, index: int) -> None:
        self._furthest = max(self._furthest, index)
        wizard = self.wizard()
        if not self._loading and wizard is not None and wizard.currentPage() is self:
            if self._furthest:  # card 0 is where every page starts: nothing to keep
                self.session.cards_seen[self.page_id] = self._furthest
            self.session.current_card = index
            self.context.edited()
        # A new card starts at its top, even if the last one was scrolled to reach its Next.
        _page_scroll(self).verticalScrollBar().setValue(0)
        self.refresh()

    def missing_text(self, count: int) -> str:
        """A calm line for the patient, without a count to worry about."""
        return self.tr("When every card has an answer, you can press Next.")

    def forward(self) -> None:
        """A card's Next: the next card, or from the last card the next page when it is done."""
        if self.deck.index() < self.deck.count() - 1:
            self.deck.advance()
            return
        wizard = self.wizard()
        if wizard is not None and self.isComplete():
            wizard.next()

    def seen_all(self) -> bool:
        """Whether the patient has reached the last card."""
        return self._furthest >= self.deck.count() - 1

    def deck_problems(self) -> list[Problem]:
        """A problem while cards remain unseen."""
        if self.seen_all():
            return []
        return [Problem(self.deck_name, self.tr("Please go through every card."))]

    def reset(self) -> None:
        """A new patient starts at the first card, with nothing seen (as a deck not built yet
        will, when it is)."""
        if self.built:
            self.deck.go_to(0)
            self._furthest = 0
        super().reset()

    def add_intro_card(self, title: str, lines: list[str], name: str) -> QVBoxLayout:
        """A first card: a heading, paragraphs, and a big Next that turns to the next card."""
        card, layout = _card(self.deck)
        layout.addWidget(heading(title, card))
        for line in lines:
            layout.addWidget(paragraph(line, card))
        forward = _big_button(self.tr("Next  ▶"), f"{name}_next", card)
        forward.clicked.connect(self.forward)
        layout.addLayout(_right(forward))
        layout.addStretch(1)
        self.add_card(card)
        return layout

    def add_text_card(self, title: str, lines: list[str], name: str, button: str) -> QPushButton:
        """A card of text with one big button at the bottom."""
        card, layout = _card(self.deck)
        layout.addWidget(heading(title, card))
        for line in lines:
            layout.addWidget(paragraph(line, card))
        forward = _big_button(button, name, card)
        layout.addLayout(_right(forward))
        layout.addStretch(1)
        self.add_card(card)
        return forward


class _QuestionDeckPage(_DeckPage):
    """Yes / no / not sure questions, one per card.

    "No" and "Not sure" turn to the next card at once. "Yes" on a question with a detail prompt
    opens an optional box for details (patients may not be able to type) and a Next.
    """

    def questions(self) -> list[Question]:
        """The questions on this page, in order."""
        raise NotImplementedError

    def asks_detail(self, question: Question) -> bool:
        """Whether "yes" to this question opens a box for details."""
        return bool(question.detail_prompt)

    def add_question_cards(self, group_headings: dict[str, str] | None = None) -> None:
        """One card per question; a group heading, if any, shows small above the question."""
        self.answers: dict[str, AnswerButtons] = {}
        self.details: dict[str, QPlainTextEdit] = {}
        self._detail_parts: dict[str, list[QWidget]] = {}
        for question in self.questions():
            card, layout = _card(self.deck)
            group = (group_headings or {}).get(question.id)
            if group:
                over = paragraph(group, card)
                over.setObjectName(f"{question.id}_group")
                layout.addWidget(over)
            layout.addWidget(heading(question.text, card, 2))
            buttons = AnswerButtons(question.id, YES_NO_NOT_SURE, question.text, card)
            _enlarge([buttons.button(a) for a in YES_NO_NOT_SURE])
            buttons.answered.connect(lambda a, q=question: self._answered(q, a))
            self.answers[question.id] = buttons
            layout.addWidget(buttons)
            layout.addWidget(self.problem_label(question.id))
            if self.asks_detail(question):
                self._add_detail(question, card, layout)
            layout.addStretch(1)
            self.add_card(card)

    def _add_detail(self, question: Question, card: QWidget, layout: QVBoxLayout) -> None:
        prompt = paragraph(question.detail_prompt or self.tr("Please tell us a little more."), card)
        optional = paragraph(
            self.tr("You do not have to write anything. You can tell the nurse instead."), card
        )
        optional.setObjectName(f"{question.id}_optional")
        box = _writing_box(f"{question.id}_detail", prompt.text(), card)
        box.textChanged.connect(lambda q=question: self.changed(f"{q.id}_detail"))
        forward = _big_button(self.tr("Next  ▶"), f"{question.id}_next", card)
        forward.clicked.connect(self.forward)
        row = _box_and_button(box, forward, card)
        for widget in (prompt, optional, row):
            layout.addWidget(widget)
        self.details[question.id] = box
        self._detail_parts[question.id] = [prompt, optional, row]

    def _show_detail(self, question_id: str, visible: bool) -> None:
        for widget in self._detail_parts.get(question_id, []):
            widget.setVisible(visible)

    def _answered(self, question: Question, answer: Answer) -> None:
        self.changed(question.id)
        opens_detail = answer is Answer.YES and question.id in self.details
        self._show_detail(question.id, opens_detail)
        if not opens_detail:
            self.deck.advance()

    def load(self) -> None:
        """Show each answer given, and the details under a "yes"."""
        for question in self.questions():
            answer = self.session.answer(question.id)
            self.answers[question.id].set_value(answer)
            if question.id in self.details:
                entry = self.session.answers.get(question.id)
                _fill(self.details[question.id], entry.detail if entry else "")
                self._show_detail(question.id, answer is Answer.YES)

    def store(self) -> None:
        """Record each answer; details only stand under a "yes"."""
        for question in self.questions():
            answer = self.answers[question.id].value()
            if answer is None:
                continue
            detail: str | None = None
            if question.id in self.details:
                typed = clean_text(self.details[question.id].toPlainText())
                detail = typed if answer is Answer.YES else ""
            self.session.set_answer(question.id, answer, detail=detail)

    def problems(self) -> list[Problem]:
        """Every question answered, every card seen."""
        ids = [q.id for q in self.questions()]
        given = {field: self.session.answer(field) for field in ids}
        return unanswered(ids, given) + self.deck_problems()


class PositioningPage(_QuestionDeckPage):
    """How the patient will lie, then whether they can."""

    page = PageId.POSITIONING
    deck_name = "positioning_deck"

    def build(self) -> None:
        super().build()
        context = self.context
        content = context.patient_form.positioning
        intro = self.add_intro_card(content.heading, content.paragraphs, "positioning_intro")
        picture = PositioningIllustration(self.deck.card(0))
        picture.setObjectName("positioning_illustration")
        # The picture sits under the heading, before the words it illustrates.
        intro.insertWidget(1, picture)
        self.add_question_cards()

    def questions(self) -> list[Question]:
        """The positioning questions."""
        return list(self.context.patient_form.positioning.questions)


class AllergyPage(_QuestionDeckPage):
    """The bone-cement allergy check, then the other things used on the day."""

    page = PageId.ALLERGY
    deck_name = "allergy_deck"

    def build(self) -> None:
        super().build()
        context = self.context
        content = context.patient_form.allergy
        self.add_intro_card(content.heading, [content.intro], "allergy_intro")
        self.add_question_cards(
            {q.id: group.heading for group in content.groups for q in group.questions}
        )

    def questions(self) -> list[Question]:
        """Every allergy question, group by group."""
        return [q for group in self.context.patient_form.allergy.groups for q in group.questions]

    def asks_detail(self, question: Question) -> bool:
        """Any "yes" to an allergy question asks what happened."""
        return True


class RisksPage(_DeckPage):
    """One card per risk, then the benefits and the other choices."""

    page = PageId.RISKS
    deck_name = "risks_deck"

    def build(self) -> None:
        super().build()
        context = self.context
        content = context.patient_form.risks
        self.add_intro_card(content.heading, [content.intro], "risks_intro")
        self.groups: dict[str, QButtonGroup] = {}
        self.understood: dict[str, QPushButton] = {}
        self.asked: dict[str, QPushButton] = {}
        self.question_texts: dict[str, QPlainTextEdit] = {}
        self._question_parts: dict[str, list[QWidget]] = {}
        for risk in content.items:
            self._add_risk_card(risk.id, risk.title, risk.body, risk.likelihood)
        benefits = content.benefits
        forward = self.add_text_card(
            benefits.heading, benefits.paragraphs, "risks_benefits_next", self.tr("Next  ▶")
        )
        forward.clicked.connect(self.forward)
        alternatives = content.alternatives
        self.read_alternatives = self.add_text_card(
            alternatives.heading,
            alternatives.paragraphs,
            "risks_alternatives_read",
            self.tr("I have read this"),
        )
        # Arriving on the last card happens by itself; reading it is what the patient confirms.
        self.read_alternatives.setCheckable(True)
        self.read_alternatives.clicked.connect(self._read_alternatives)
        self.layout_.addWidget(self.problem_label("risks_alternatives_read"))

    def _add_risk_card(self, risk_id: str, title: str, body: str, likelihood: str) -> None:
        card, layout = _card(self.deck)
        layout.addWidget(heading(title, card))
        layout.addWidget(paragraph(body, card))
        how_often = paragraph(likelihood, card)
        how_often.setObjectName(f"{risk_id}_likelihood")
        how_often.setProperty("role", "likelihood")
        layout.addWidget(how_often)
        understood = _big_button(self.tr("I understand"), f"{risk_id}_understood", card, "")
        asked = _big_button(self.tr("I have a question"), f"{risk_id}_question", card, "")
        group = QButtonGroup(card)
        for button in (understood, asked):
            button.setCheckable(True)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            group.addButton(button)
        row = ButtonRow(16, card)
        row.add(understood, 1)
        row.add(asked, 1)
        layout.addWidget(row)
        layout.addWidget(self.problem_label(risk_id))
        prompt = paragraph(self.tr("What would you like to ask? You can also ask the nurse."), card)
        box = _writing_box(f"{risk_id}_question_text", prompt.text(), card)
        box.textChanged.connect(lambda r=risk_id: self.changed(f"{r}_question_text"))
        forward = _big_button(self.tr("Next  ▶"), f"{risk_id}_next", card)
        forward.clicked.connect(self.forward)
        next_row = _box_and_button(box, forward, card)
        for widget in (prompt, next_row):
            layout.addWidget(widget)
            widget.hide()
        layout.addStretch(1)
        understood.clicked.connect(lambda _=False, r=risk_id: self._understood(r))
        asked.clicked.connect(lambda _=False, r=risk_id: self._asked(r))
        self.groups[risk_id] = group
        self.understood[risk_id] = understood
        self.asked[risk_id] = asked
        self.question_texts[risk_id] = box
        self._question_parts[risk_id] = [prompt, next_row]
        self.add_card(card)

    def _read_alternatives(self) -> None:
        # Stays checked: a second tap by an unsteady hand must not undo the first.
        self.read_alternatives.setChecked(True)
        self.changed("risks_alternatives_read")

    def _show_question(self, risk_id: str, visible: bool) -> None:
        for widget in self._question_parts[risk_id]:
            widget.setVisible(visible)

    def _understood(self, risk_id: str) -> None:
        self._show_question(risk_id, False)
        self.changed(risk_id)
        self.deck.advance()

    def _asked(self, risk_id: str) -> None:
        self._show_question(risk_id, True)
        self.changed(risk_id)

    def load(self) -> None:
        """Show each mark given and any question written."""
        for risk in self.context.patient_form.risks.items:
            ack = self.session.risks.get(risk.id)
            response = ack.response if ack else None
            group = self.groups[risk.id]
            group.setExclusive(False)
            self.understood[risk.id].setChecked(response is RiskResponse.UNDERSTOOD)
            self.asked[risk.id].setChecked(response is RiskResponse.QUESTION)
            group.setExclusive(True)
            _fill(self.question_texts[risk.id], ack.question if ack else "")
            self._show_question(risk.id, response is RiskResponse.QUESTION)
        self.read_alternatives.setChecked(self.session.alternatives_read)

    def store(self) -> None:
        """Record each mark; a question is kept only under "I have a question"."""
        for risk in self.context.patient_form.risks.items:
            if self.understood[risk.id].isChecked():
                ack = RiskAcknowledgement(response=RiskResponse.UNDERSTOOD)
            elif self.asked[risk.id].isChecked():
                text = clean_text(self.question_texts[risk.id].toPlainText())
                ack = RiskAcknowledgement(response=RiskResponse.QUESTION, question=text)
            else:
                continue
            self.session.risks[risk.id] = ack
        self.session.alternatives_read = self.read_alternatives.isChecked()

    def problems(self) -> list[Problem]:
        """Every risk marked, every card seen, the other choices read."""
        problems = unmarked_risks(self.context.patient_form, self.session) + self.deck_problems()
        if not self.read_alternatives.isChecked():
            problems.append(
                Problem(
                    "risks_alternatives_read",
                    self.tr("Please read about the other choices, then press the button."),
                )
            )
        return problems


class UnderstandingPage(_DeckPage):
    """Teach-back: a few questions; a wrong answer shows the explanation and may be tried again.

    The first choice is what counts for understanding; every later choice is kept as well. A
    patient who cannot get an answer right is not held here: the clearance flags it instead.
    """

    page = PageId.UNDERSTANDING
    deck_name = "understanding_deck"

    def build(self) -> None:
        super().build()
        context = self.context
        content = context.patient_form.understanding
        self.add_intro_card(content.heading, [content.intro], "understanding_intro")
        self.choices: dict[str, ChoiceButtons] = {}
        self.explanations: dict[str, QLabel] = {}
        self.feedback: dict[str, QLabel] = {}
        self.next_rows: dict[str, QWidget] = {}
        for question in content.questions:
            card, layout = _card(self.deck)
            layout.addWidget(heading(question.text, card, 2))
            choices = ChoiceButtons(
                question.id,
                [(c.id, c.text) for c in question.choices],
                vertical=True,
                parent=card,
                wrap=True,
            )
            _enlarge([choices.button(c.id) for c in question.choices])
            choices.chosen.connect(lambda key, q=question.id: self._chosen(q, key))
            layout.addWidget(choices)
            layout.addWidget(self.problem_label(question.id))
            explanation = paragraph(question.explanation, card)
            explanation.setObjectName(f"{question.id}_explanation")
            explanation.setProperty("role", "statement")
            feedback = paragraph("", card)
            feedback.setObjectName(f"{question.id}_feedback")
            forward = _big_button(self.tr("Next  ▶"), f"{question.id}_next", card)
            forward.clicked.connect(self.forward)
            row = QWidget(card)
            row.setLayout(_right(forward))
            row.layout().setContentsMargins(0, 0, 0, 0)
            for widget in (explanation, feedback, row):
                layout.addWidget(widget)
                widget.hide()
            layout.addStretch(1)
            self.choices[question.id] = choices
            self.explanations[question.id] = explanation
            self.feedback[question.id] = feedback
            self.next_rows[question.id] = row
            self.add_card(card)

    def _chosen(self, question_id: str, key: str) -> None:
        given = self.session.understanding.setdefault(question_id, TeachBackAnswer())
        given.choices = [*given.choices, key]
        self._show_result(question_id, key)
        self.changed(question_id)

    def _show_result(self, question_id: str, key: str | None) -> None:
        question = next(
            q for q in self.context.patient_form.understanding.questions if q.id == question_id
        )
        feedback = self.feedback[question_id]
        if key is None:
            feedback.hide()
            self.explanations[question_id].hide()
            self.next_rows[question_id].hide()
            return
        right = key == question.correct
        feedback.setText(self.tr("That's right.") if right else self.tr("Please choose again."))
        feedback.show()
        self.explanations[question_id].setVisible(not right)
        # Never trapped: Next shows after any answer; a wrong first answer is flagged to staff.
        self.next_rows[question_id].show()

    def load(self) -> None:
        """Show the last choice made on each question and what it means."""
        for question in self.context.patient_form.understanding.questions:
            given = self.session.understanding.get(question.id)
            last = given.choices[-1] if given and given.choices else None
            self.choices[question.id].set_value(last)
            self._show_result(question.id, last)

    def problems(self) -> list[Problem]:
        """Every question answered at least once, every card seen."""
        return unanswered_teach_back(self.context.patient_form, self.session) + self.deck_problems()


class DecisionPage(ConsentPage):
    """The patient's decision: yes, no, or talk with the doctor first."""

    page = PageId.DECISION
    audience = "patient"

    def build(self) -> None:
        super().build()
        context = self.context
        content = context.patient_form.decision
        self.layout_.addWidget(heading(content.heading, self.body))
        self.layout_.addWidget(paragraph(content.intro, self.body))
        self.choice = ChoiceButtons(
            "decision",
            [
                (Decision.AGREE.value, content.agree),
                (Decision.REFUSE.value, content.refuse),
                (Decision.TALK_FIRST.value, content.talk_first),
            ],
            vertical=True,
            parent=self.body,
            wrap=True,
        )
        _enlarge([self.choice.button(d.value) for d in Decision])
        self.choice.chosen.connect(lambda _key: self.changed("decision"))
        self.layout_.addWidget(self.choice)
        self.layout_.addWidget(self.problem_label("decision"))
        self.layout_.addStretch(1)

    def load(self) -> None:
        """Show the decision made."""
        decision = self.session.decision
        self.choice.set_value(decision.value if decision else None)

    def store(self) -> None:
        """Record the decision; a signature given under another decision no longer stands."""
        key = self.choice.value()
        if key is None:
            return
        self.session.decision = Decision(key)
        drop_signatures_not_matching(self.session)

    def missing_text(self, count: int) -> str:
        """A calm line for the patient."""
        return self.tr("Please choose one. Then you can press Next.")

    def problems(self) -> list[Problem]:
        """A decision must be chosen."""
        if self.session.decision is None:
            return [Problem("decision", self.tr("Please choose one."))]
        return []

    def nextId(self) -> int:
        """Talking first goes to the nurse's review; a yes or no goes on to signing."""
        if self.session.decision is Decision.TALK_FIRST:
            return int(PageId.REVIEW)
        return int(PageId.PATIENT_SIGNATURE)

    def validatePage(self) -> bool:
        """Talking first hands the tablet back to staff, behind the PIN."""
        self.store()
        session = self.session
        if session.decision is not Decision.TALK_FIRST:
            if session.status is SessionStatus.AWAITING_DISCUSSION:
                session.status = SessionStatus.IN_PROGRESS
            return True
        before = session.status
        session.status = SessionStatus.AWAITING_DISCUSSION
        if _hand_back_to_staff(self):
            return True
        session.status = before
        return False


class PatientSignaturePage(ConsentPage):
    """The signature under the decision, with what it means, and the interpreter's if one helped."""

    page = PageId.PATIENT_SIGNATURE
    audience = "patient"

    def build(self) -> None:
        super().build()
        context = self.context
        statements = context.patient_form.signatures
        # The page's finger scrolling takes a drag across a pad for a scroll, so the pad never
        # sees the moves of a mouse or of a touch screen that sends mouse events. Here the page
        # scrolls with its scroll bar only.
        QScroller.ungrabGesture(_page_scroll(self).viewport())
        self.layout_.addWidget(heading(statements.heading, self.body))
        self.signing_for = heading("", self.body, 2)
        self.signing_for.setObjectName("signing_for")
        self.layout_.addWidget(self.signing_for)
        self.statement = self._statement("signature_statement")
        self.representative_statement = self._statement("representative_statement")
        self.representative_statement.setText(statements.representative)
        self.pad = SignaturePad(self.body)
        self.pad.setObjectName("signature_patient")
        self.pad.changed.connect(lambda: self.changed(self.pad.objectName()))
        self.clear_button = self._pad_row(self.pad)
        for name in ("signature_patient", "signature_representative"):
            self.layout_.addWidget(self.problem_label(name))
        self.printed_name = self._name_field("printed_name", self.tr("Your name, printed"))

        self.interpreter_part = QWidget(self.body)
        part = QVBoxLayout(self.interpreter_part)
        part.setContentsMargins(0, 24, 0, 0)
        part.setSpacing(16)
        part.addWidget(heading(self.tr("Interpreter"), self.interpreter_part, 2))
        interpreter_statement = paragraph(statements.interpreter, self.interpreter_part)
        interpreter_statement.setObjectName("interpreter_statement")
        interpreter_statement.setProperty("role", "statement")
        part.addWidget(interpreter_statement)
        self.layout_.addWidget(self.interpreter_part)
        self.interpreter_pad = SignaturePad(self.body)
        self.interpreter_pad.setObjectName("signature_interpreter")
        self.interpreter_pad.changed.connect(lambda: self.changed("signature_interpreter"))
        self.interpreter_clear = self._pad_row(self.interpreter_pad, part)
        part.addWidget(self.problem_label("signature_interpreter"))
        self.interpreter_name = self._name_field(
            "interpreter_printed_name", self.tr("Interpreter's name, printed"), part
        )

        # The tablet goes back to the nurse after this page; the patient is told so here.
        self.layout_.addSpacing(24)
        handover = heading(context.patient_form.handover.to_staff_heading, self.body, 2)
        handover.setObjectName("handover_to_staff")
        self.layout_.addWidget(handover)
        self.layout_.addWidget(paragraph(context.patient_form.handover.to_staff_text, self.body))
        self.layout_.addStretch(1)

    def _statement(self, name: str) -> QLabel:
        label = paragraph("", self.body)
        label.setObjectName(name)
        label.setProperty("role", "statement")
        self.layout_.addWidget(label)
        return label

    def _pad_row(self, pad: SignaturePad, layout: QVBoxLayout | None = None) -> QPushButton:
        """The pad with its Clear button beside it, at the bottom where the hand ends."""
        target = layout if layout is not None else self.layout_
        clear = _big_button(self.tr("Clear"), f"{pad.objectName()}_clear", self.body, "")
        clear.setMinimumWidth(TOUCH * 3)
        clear.setAccessibleName(self.tr("Clear the signature"))
        clear.clicked.connect(pad.clear)
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addWidget(pad, 1)
        row.addWidget(clear, 0, Qt.AlignmentFlag.AlignBottom)
        target.addLayout(row)
        return clear

    def _name_field(self, field: str, label: str, layout: QVBoxLayout | None = None) -> QLineEdit:
        target = layout if layout is not None else self.layout_
        caption = paragraph(label, self.body)
        edit = QLineEdit(self.body)
        edit.setObjectName(field)
        edit.setAccessibleName(label)
        edit.setMaxLength(200)
        edit.setMinimumHeight(BIG_BUTTON_HEIGHT)
        edit.textChanged.connect(lambda _t: self.changed(field))
        target.addWidget(caption)
        target.addWidget(edit)
        target.addWidget(self.problem_label(field))
        return edit

    def missing_text(self, count: int) -> str:
        """A calm line for the signer."""
        return self.tr("When the box is signed and the name is filled in, you can press Next.")

    # -- who signs, and what it means ------------------------------------------------------
    def signer(self) -> SignatureRole:
        """The patient, or the representative signing for them."""
        if self.session.intake.consenter is Consenter.REPRESENTATIVE:
            return SignatureRole.REPRESENTATIVE
        return SignatureRole.PATIENT

    def meaning(self) -> SignatureMeaning | None:
        """Consent or refusal, from the decision; None when there is nothing to sign."""
        decision = self.session.decision
        return DECISION_MEANING.get(decision) if decision else None

    def interpreter_signs(self) -> bool:
        """Whether an interpreter helped and signs too."""
        return self.session.intake.interpreter_used

    def load(self) -> None:
        """Show the statement for the decision, and any signature already given under it."""
        intake = self.session.intake
        statements = self.context.patient_form.signatures
        role = self.signer()
        meaning = self.meaning()
        self.statement.setText(
            statements.refusal if meaning is SignatureMeaning.REFUSAL else statements.consent
        )
        representative = role is SignatureRole.REPRESENTATIVE
        self.representative_statement.setVisible(representative)
        self.signing_for.setVisible(representative)
        self.signing_for.setText(
            self.tr("Signing for {0} as {1}").format(
                intake.full_name, intake.representative_relationship
            )
        )
        self.pad.setObjectName(f"signature_{role.value}")
        self.clear_button.setObjectName(f"signature_{role.value}_clear")
        self.pad.setAccessibleName(
            self.tr("Signature of the representative")
            if representative
            else self.tr("Signature of the patient")
        )
        saved = self.session.signature(role)
        if saved is not None and saved.meaning == meaning:
            self.pad.set_strokes(saved.strokes, saved.typed)
            self.printed_name.setText(saved.printed_name)
        else:
            self.pad.clear()
            self.printed_name.setText(
                intake.representative_name if representative else intake.full_name
            )
        self.interpreter_part.setVisible(self.interpreter_signs())
        saved = self.session.signature(SignatureRole.INTERPRETER)
        if saved is not None:
            self.interpreter_pad.set_strokes(saved.strokes, saved.typed)
            self.interpreter_name.setText(saved.printed_name)
        else:
            self.interpreter_pad.clear()
            self.interpreter_name.setText(intake.interpreter_name)

    def problems(self) -> list[Problem]:
        """Each required pad signed (not a dot) and each printed name given."""
        problems: list[Problem] = []
        if self.meaning() is None:
            problems.append(Problem("decision", self.tr("Please go back and choose yes or no.")))
        pads = [(self.pad, self.printed_name, "printed_name")]
        if self.interpreter_signs():
            pads.append((self.interpreter_pad, self.interpreter_name, "interpreter_printed_name"))
        for pad, name, name_field in pads:
            width, height = pad.canvas_size()
            problems += [
                Problem(pad.objectName(), p.template, p.values)
                for p in validate_signature(pad.strokes(), width, height)
            ]
            problems += [
                Problem(name_field, p.template, p.values)
                for p in validate_printed_name(name.text())
            ]
        return problems

    def validatePage(self) -> bool:
        """Store the signatures, timed by the app, then hand the tablet back behind the PIN."""
        meaning = self.meaning()
        if meaning is None or self.problems():
            return False
        intake = self.session.intake
        signed_at = self.context.now()
        role = self.signer()
        width, height = self.pad.canvas_size()
        self.session.put_signature(
            Signature(
                role=role,
                meaning=meaning,
                printed_name=clean_text(self.printed_name.text()),
                relationship=(
                    clean_text(intake.representative_relationship)
                    if role is SignatureRole.REPRESENTATIVE
                    else ""
                ),
                signed_at=signed_at,
                strokes=self.pad.strokes(),
                canvas_width=width,
                canvas_height=height,
                typed=self.pad.was_typed(),
            )
        )
        if self.interpreter_signs():
            width, height = self.interpreter_pad.canvas_size()
            self.session.put_signature(
                Signature(
                    role=SignatureRole.INTERPRETER,
                    meaning=SignatureMeaning.INTERPRETER,
                    printed_name=clean_text(self.interpreter_name.text()),
                    signed_at=signed_at,
                    strokes=self.interpreter_pad.strokes(),
                    canvas_width=width,
                    canvas_height=height,
                    typed=self.interpreter_pad.was_typed(),
                )
            )
        return _hand_back_to_staff(self)


def patient_pages(context: WizardContext) -> list[ConsentPage]:
    """The seven patient pages, in order."""
    return [
        ProcedurePage(context),
        PositioningPage(context),
        AllergyPage(context),
        RisksPage(context),
        UnderstandingPage(context),
        DecisionPage(context),
        PatientSignaturePage(context),
    ]
