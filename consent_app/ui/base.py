"""The page base class: pages read and write the session, and ask pure validators what is wrong."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from consent_app.domain.session import ConsentSession, TextSize
from consent_app.domain.validation import Problem
from consent_app.ui.context import WizardContext
from consent_app.ui.controls import ProblemLabel
from consent_app.ui.i18n import Localised, problem_text
from consent_app.ui.patient_bar import PatientBar


class PageId(IntEnum):
    """The wizard's pages in order; each page's objectName is its name in lower case."""

    INTAKE = 1
    CHECKLIST = 2
    HANDOVER = 3
    PROCEDURE = 4
    POSITIONING = 5
    ALLERGY = 6
    RISKS = 7
    UNDERSTANDING = 8
    DECISION = 9
    PATIENT_SIGNATURE = 10
    REVIEW = 11
    STAFF_SIGNATURES = 12
    DONE = 13


class ConsentPage(Localised, QWizardPage):
    """A wizard page bound to the session.

    Subclasses build widgets in ``build``, and implement ``load`` (session → widgets),
    ``store`` (widgets → session) and ``problems`` (a pure validator's verdict). Messages show
    beside fields once they have been touched; Next stays disabled while any problem remains.

    A page's widgets are built when it is first needed (shown, or asked for one of them), not
    with the page: start-up builds only the first page, and the wizard builds the rest while
    nobody is waiting (``ensure_built``).
    """

    page: PageId
    audience = "staff"

    @property
    def page_id(self) -> str:
        """The page's objectName: ``intake``, ``risks``, ``done`` …"""
        return self.page.name.lower()

    def __init__(self, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName(self.page_id)
        self.setProperty("audience", self.audience)
        self._loading = False
        self._touched: set[str] = set()
        self._problem_labels: dict[str, ProblemLabel] = {}
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self._scroll: QScrollArea | None = None  # made with the page's widgets
        # Where a save that failed says so, above everything else on the page.
        self.fault = QLabel(self)
        self.fault.setObjectName(f"{self.page_id}_fault")
        self.fault.setProperty("role", "flag")
        self.fault.setProperty("severity", "do_not_proceed")
        self.fault.setWordWrap(True)
        self.fault.hide()
        self._outer.insertWidget(0, self.fault)
        self.patient_bar: PatientBar | None = None
        self.summary = QLabel(self)
        self.summary.setObjectName(f"{self.page_id}_summary")
        self.summary.setProperty("role", "summary")
        self.summary.setWordWrap(True)
        self.summary.hide()
        self._outer.addWidget(self.summary)
        self._built_language: str | None = None  # not built yet
        self._building = False

    @property
    def built(self) -> bool:
        """Whether the page's widgets exist yet."""
        return self._built_language is not None

    def ensure_built(self) -> None:
        """Build the page's widgets now, if they do not exist yet or speak another language
        than the page's reader now does (a new patient, or a resumed session)."""
        if self._built_language != self.ui_language():
            self._build_body()

    def __getattr__(self, name: str) -> object:
        """Only reached for a name the page does not have: one of its widgets, asked for before
        the page was built. Build it, then answer; anything else is an AttributeError."""
        state = self.__dict__
        if name.startswith("__") or state.get("_building", True) or "_built_language" not in state:
            raise AttributeError(name)
        if state["_built_language"] is not None:
            raise AttributeError(name)
        self._build_body()
        return object.__getattribute__(self, name)

    def _build_body(self) -> None:
        """The page's widgets (and a patient page's bar), in the language of its reader."""
        self._building = True
        try:
            self._build_widgets()
        finally:
            self._building = False

    def _make_scroll_area(self) -> QScrollArea:
        """The area the page's body scrolls in, between the bar and the summary line."""
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Long text scrolls with a finger on the tablet, as on a phone.
        finger = QScroller.ScrollerGestureType.LeftMouseButtonGesture
        QScroller.grabGesture(scroll.viewport(), finger)
        self._outer.insertWidget(self._outer.indexOf(self.summary), scroll, 1)
        return scroll

    def _build_widgets(self) -> None:
        if self._scroll is None:
            self._scroll = self._make_scroll_area()
        self._built_language = self.ui_language()
        if self.audience == "patient":
            if self.patient_bar is not None:
                self._outer.removeWidget(self.patient_bar)
                self.patient_bar.setParent(None)  # gone at once, not at the next event loop
                self.patient_bar.deleteLater()
            self.patient_bar = PatientBar(self.page_id, self)
            self.patient_bar.display_chosen.connect(self._display_chosen)
            self.patient_bar.listen_requested.connect(self.read_aloud)
            self.patient_bar.language_chosen.connect(self._language_chosen)
            self._outer.insertWidget(1, self.patient_bar)
        # Parented at once, so every widget built into it knows whose language it speaks.
        self.body = QWidget(self._scroll)
        self.body.setObjectName(f"{self.page_id}_body")
        self.layout_ = QVBoxLayout(self.body)
        self.layout_.setSpacing(16)
        self._problem_labels = {}
        self.build()
        self._scroll.setWidget(self.body)  # the body before it, if any, is deleted
        if self.patient_bar is not None:
            QWidget.setTabOrder(self.patient_bar, self._scroll)  # the bar first, as it is read

    def take_focus(self) -> None:
        """On arrival, the keyboard starts at the top of this page's content, unless it is on
        the page already: never left on the wizard's Next, where Enter would move on at once."""
        focused = QApplication.focusWidget()
        if self._scroll is not None and (focused is None or not self.isAncestorOf(focused)):
            self._scroll.setFocus(Qt.FocusReason.OtherFocusReason)

    def ui_language(self) -> str:
        """The language of the person this page is for: the patient's, or the clinic's."""
        if self.audience == "patient":
            return self.session.language
        return self.context.settings.clinic_language

    def rebuild(self) -> None:
        """Build the page again in its reader's language (now a different one), then refill it
        from the session, on the card it was on (a page not built yet is built when needed)."""
        if not self.built:
            return
        deck = getattr(self, "deck", None)
        card = deck.index() if deck is not None else 0
        self._build_body()
        self.initializePage()
        deck = getattr(self, "deck", None)
        if deck is not None and card:
            deck.go_to(card)

    def _language_chosen(self, language: str) -> None:
        """The patient asked for the pages in another language."""
        switch = getattr(self.wizard(), "switch_language", None)
        if callable(switch):
            switch(language)

    @property
    def session(self) -> ConsentSession:
        """The session being filled in."""
        return self.context.session

    # -- to implement ------------------------------------------------------------------------
    def build(self) -> None:
        """Make the page's widgets in ``self.body`` / ``self.layout_`` (every text through
        ``self.tr`` or the form). Called again, on a new body, when the reader's language
        changes, so it keeps no state but widgets."""

    def load(self) -> None:
        """Show what the session holds."""

    def store(self) -> None:
        """Write what the widgets show into the session."""

    def problems(self) -> list[Problem]:
        """What still stops this page from being complete."""
        return []

    def settle(self) -> None:
        """Finish what is under way for the session on show (the Done page's seal), before the
        window closes or another session takes its place."""

    # -- shared behaviour --------------------------------------------------------------------
    def reset(self) -> None:
        """Forget what the last patient entered: reload from the (new) session, untouched."""
        self._touched.clear()
        if self.built:  # one not built yet shows nothing of the last patient
            self.initializePage()

    def spoken_text(self) -> str:
        """What "Listen" reads: the words on show, top to bottom (a deck reads its card)."""
        deck = getattr(self, "deck", None)
        root = deck.card(deck.index()) if deck is not None else self.body
        labels = [
            label
            for label in root.findChildren(QLabel)
            if label.isVisibleTo(root) and label.text().strip()
        ]
        labels.sort(key=lambda label: label.mapTo(root, label.rect().topLeft()).y())
        return "\n".join(label.text() for label in labels)

    def read_aloud(self) -> bool:
        """Read the page aloud in the session's language; False (and logged) if it cannot."""
        return self.context.speaker.say(self.spoken_text(), self.session.language)

    def _display_chosen(self, size: str, contrast: bool) -> None:
        """The patient chose a text size or theme: keep it in the session and show it."""
        self.session.text_size = TextSize(size)
        self.session.high_contrast = contrast
        self.context.edited()
        apply_display = getattr(self.wizard(), "apply_display", None)
        if callable(apply_display):
            apply_display()

    def show_fault(self, message: str) -> None:
        """Show (or, with "", hide) the line saying the last save failed and what to do."""
        self.fault.setText(message)
        self.fault.setVisible(bool(message))

    def problem_label(self, field: str) -> ProblemLabel:
        """The message label for a field, created on first use (place it under the field)."""
        if field not in self._problem_labels:
            self._problem_labels[field] = ProblemLabel(field, self.body)
        return self._problem_labels[field]

    def initializePage(self) -> None:
        """Fill the widgets from the session each time the page is shown."""
        self.ensure_built()
        self._loading = True
        try:
            if self.patient_bar is not None:
                self.patient_bar.show_choice(self.session.text_size, self.session.high_contrast)
            self.load()
        finally:
            self._loading = False
        self.refresh()

    def changed(self, field: str = "") -> None:
        """A widget changed: store it, then show what is still wrong."""
        if self._loading:
            return
        if field:
            self._touched.add(field)
        self.store()
        self.context.edited()
        self.refresh()

    def refresh(self) -> None:
        """Show messages beside touched fields and a count of what remains, then re-check Next."""
        problems = self.problems()
        by_field: dict[str, str] = {}
        for problem in problems:
            by_field.setdefault(problem.field, problem_text(self, problem))
        for field, label in self._problem_labels.items():
            label.show_message(by_field.get(field, "") if field in self._touched else "")
        if problems:
            self.summary.setText(self.missing_text(len(problems)))
            self.summary.show()
        else:
            self.summary.hide()
        self.completeChanged.emit()

    def missing_text(self, count: int) -> str:
        """The line under the page saying how much is left to do."""
        return self.tr("%n item(s) still need an answer before you can go on.", "", count)

    def isComplete(self) -> bool:
        """Complete when the validator finds nothing wrong (and never while being built: Qt
        asks as soon as a commit page is marked as one)."""
        if self._building:
            return False
        return not self.problems()
