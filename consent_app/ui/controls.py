"""Reusable controls: answer buttons, date entry, messages beside fields, a deck of cards."""

from __future__ import annotations

import math
from datetime import date, datetime, tzinfo

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QVBoxLayout,
    QWidget,
)

from consent_app.domain.form import Answer, Severity
from consent_app.domain.phrases import phrase
from consent_app.domain.validation import DATE_HINT, DATETIME_HINT, parse_date, parse_datetime
from consent_app.ui.i18n import Localised, in_language_of

#: Touch targets are at least this many logical pixels in each direction.
TOUCH = 48

#: The ground the drawn pictures (spine, positioning) are painted on, in every theme: their
#: colours were chosen against it, so on the high-contrast black page they keep a panel of it.
PICTURE_GROUND = "#f7f8fa"


_ANSWER_WORDS = {
    Answer.YES: phrase("Answers", "Yes"),
    Answer.NO: phrase("Answers", "No"),
    Answer.NOT_SURE: phrase("Answers", "Not sure"),
    Answer.NOT_APPLICABLE: phrase("Answers", "Not applicable"),
}

_SEVERITY_WORDS = {
    Severity.DO_NOT_PROCEED: phrase("Severity", "DO NOT PROCEED"),
    Severity.PHYSICIAN_REVIEW: phrase("Severity", "PHYSICIAN REVIEW"),
    Severity.NURSE_ACTION: phrase("Severity", "NURSE ACTION"),
}


def answer_words(widget: QWidget) -> dict[Answer, str]:
    """The words on answer buttons, in the language of the person holding the tablet."""
    return {
        answer: in_language_of(widget, "Answers", text) for answer, text in _ANSWER_WORDS.items()
    }


def severity_words(widget: QWidget, severity: Severity) -> str:
    """A finding's severity in words: colour is never the only signal."""
    return in_language_of(widget, "Severity", _SEVERITY_WORDS[severity])


def restyle(widget: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property (severity, audience) changed."""
    if isinstance(widget, QLabel):
        # A re-polished label keeps its old padding (a status line turning into a boxed flag
        # would have its words against the border); reading a sheet of its own again does not.
        sheet = widget.styleSheet()
        widget.setStyleSheet(f"{sheet} ")
        widget.setStyleSheet(sheet)
    else:
        widget.style().unpolish(widget)
        widget.style().polish(widget)
    # Padding and borders from the new style change the size the layout must give it.
    widget.updateGeometry()


def mark(widget: QWidget, name: str, value: str | None) -> None:
    """Set a property the stylesheet styles by (severity, role …; None takes it off),
    restyling only when it changes: a restyle parses the widget's stylesheet again, on every
    page and every answer."""
    if widget.property(name) != value:
        widget.setProperty(name, value)
        restyle(widget)


class FindingLabel(Localised, QLabel):
    """One finding: its severity in words, its message, and the colour of its severity."""

    def __init__(self, severity: Severity, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setText(f"{severity_words(self, severity)}: {message}")
        self.setProperty("severity", severity.value)
        self.setAccessibleName(self.text())


class _RowLayout(QBoxLayout):
    """The row's box, answering height-for-width with the row's own rule (see ButtonRow)."""

    # The row is reached through Qt (parentWidget), not kept here: a reference back from the
    # layout would make a cycle that keeps every row, and its page, alive until Python's
    # collector runs.

    def hasHeightForWidth(self) -> bool:
        """The height depends on the width: stacked buttons take one row each."""
        return True

    def heightForWidth(self, width: int) -> int:
        """The row's height at ``width``, in whichever direction that width calls for."""
        row = self.parentWidget()
        return row.height_at(width) if isinstance(row, ButtonRow) else -1

    def invalidate(self) -> None:
        """Qt says a button's size (words, font, style, shown or not) may have changed: the
        row measures again when next asked."""
        row = self.parentWidget()
        if isinstance(row, ButtonRow):
            row.forget_sizes()
        super().invalidate()

    def setGeometry(self, rect: QRect) -> None:
        """Turn for the new width first, then lay the buttons out: never side by side in a
        width that cannot hold them, not even until the next event loop."""
        row = self.parentWidget()
        if isinstance(row, ButtonRow):
            row.turn_for(rect.width())
        super().setGeometry(rect)


class ButtonRow(Localised, QWidget):
    """Buttons side by side while they fit; one above the other when they do not.

    Large text on a portrait tablet would otherwise cut "I understand" to "understan". The row
    asks only for the widest button's width, so it never forces its page wider than the screen,
    and tells its layout how tall it is at any width (stacked or not) before it is laid out.
    """

    def __init__(self, spacing: int = 12, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # What the buttons need, measured once until Qt says their sizes changed (a page's
        # layout asks again and again, at every move, for every row on it).
        self._needs: int | None = None
        self._heights: dict[int, int] = {}
        self._layout = _RowLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(spacing)
        self._buttons: list[QWidget] = []
        self._stretches: dict[QWidget, int] = {}
        self._stretch = True

    def forget_sizes(self) -> None:
        """Measure the buttons again when next asked."""
        self._needs = None
        self._heights = {}

    def add(self, button: QWidget, stretch: int = 0) -> None:
        """Append a button."""
        if self._stretch and self._layout.count():
            self._layout.takeAt(self._layout.count() - 1)  # the trailing stretch
        self._buttons.append(button)
        self._stretches[button] = stretch
        self._layout.addWidget(button, stretch)
        self._layout.addStretch(0 if stretch else 1)
        self.updateGeometry()

    def stacked(self) -> bool:
        """Whether the buttons are one above the other."""
        return self._layout.direction() == QBoxLayout.Direction.TopToBottom

    def _shown(self) -> list[QWidget]:
        return [b for b in self._buttons if not b.isHidden()]

    def _needed(self) -> int:
        if self._needs is None:
            self._needs = self._measure_needed()
        return self._needs

    def _measure_needed(self) -> int:
        shown = self._shown()
        widths = sum(b.sizeHint().width() for b in shown if not self._stretches[b])
        # Stretched buttons share the room by their stretch, whatever their words: each share
        # must hold its button's words, so the widest for its stretch sets the room they need.
        stretched = [b for b in shown if self._stretches[b]]
        if stretched:
            share = max(b.sizeHint().width() / self._stretches[b] for b in stretched)
            widths += math.ceil(share * sum(self._stretches[b] for b in stretched))
        return widths + self._layout.spacing() * max(0, len(shown) - 1)

    def _fits_side_by_side(self, width: int) -> bool:
        return self._needed() <= width

    def turn_for(self, width: int) -> None:
        """Side by side, or one above the other, for a row ``width`` wide."""
        wanted = (
            QBoxLayout.Direction.LeftToRight
            if self._fits_side_by_side(width)
            else QBoxLayout.Direction.TopToBottom
        )
        if self._layout.direction() != wanted:
            self._layout.setDirection(wanted)

    def height_at(self, width: int) -> int:
        """As tall as the buttons side by side, or one above the other, at ``width``."""
        if width not in self._heights:
            self._heights[width] = self._measure_height_at(width)
        return self._heights[width]

    def _measure_height_at(self, width: int) -> int:
        heights = [b.sizeHint().expandedTo(b.minimumSize()).height() for b in self._shown()]
        if not heights:
            return 0
        if self._fits_side_by_side(width):
            return max(heights)
        return sum(heights) + self._layout.spacing() * (len(heights) - 1)

    def minimumSizeHint(self) -> QSize:
        """As narrow as the widest button; as tall as the buttons need when stacked."""
        hint = super().minimumSizeHint()
        widest = max((b.minimumSizeHint().width() for b in self._buttons), default=0)
        return QSize(min(hint.width(), max(widest, TOUCH)), hint.height())

    def event(self, event: QEvent) -> bool:
        """A new font (a bigger text size) changes what fits, and so the row's height."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.forget_sizes()
            self.turn_for(self.width())
            self.updateGeometry()
        return super().event(event)


class AnswerButtons(ButtonRow):
    """A row of large toggle buttons for one answer; nothing is chosen until someone chooses."""

    answered = Signal(object)

    def __init__(
        self, field: str, options: list[Answer], label: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(12, parent)
        self.setObjectName(field)
        self.setAccessibleName(label or field)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._answers: dict[Answer, QPushButton] = {}
        words = answer_words(self)
        for answer in options:
            button = QPushButton(words[answer], self)
            button.setObjectName(f"{field}:{answer.value}")
            button.setCheckable(True)
            button.setMinimumSize(TOUCH * 2, TOUCH)
            button.setProperty("answer", answer.value)
            button.setAccessibleName(f"{label} — {words[answer]}" if label else words[answer])
            self._group.addButton(button)
            self._answers[answer] = button
            self.add(button)
            button.clicked.connect(lambda _=False, a=answer: self.answered.emit(a))

    def button(self, answer: Answer) -> QPushButton:
        """The button for one answer."""
        return self._answers[answer]

    def value(self) -> Answer | None:
        """The chosen answer, or None when nothing has been chosen."""
        return next((a for a, b in self._answers.items() if b.isChecked()), None)

    def set_value(self, answer: Answer | None) -> None:
        """Show an answer (None clears the choice) without emitting ``answered``."""
        self._group.setExclusive(False)
        for option, button in self._answers.items():
            button.setChecked(option is answer)
        self._group.setExclusive(True)


class WrappingButton(Localised, QPushButton):
    """A push button whose words wrap onto more lines as it narrows, growing taller to fit.

    QPushButton never wraps: a long choice ("An adult takes me home, and ...") would be cut off
    on a portrait tablet, or would widen the page past the screen. The button tells its layout
    how tall it is at any width, so the layout gives it the lines' height in the same pass that
    gives it the width, not one event loop after the words were broken.
    """

    #: Room taken by the stylesheet's padding and border on each side, with some to spare.
    MARGIN = 72

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._words = text
        self.setAccessibleName(text)
        # Its width comes from the layout, not from the (unwrapped) text.
        self.setMinimumWidth(TOUCH * 3)
        # Not Fixed in height, as buttons are: a layout caps a fixed widget at its size hint,
        # the height of the lines of its last width, whatever height the new width needs.
        policy = self.sizePolicy()
        policy.setVerticalPolicy(QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _lines(self, width: int) -> str:
        """The words with as many on each line as fit in a button ``width`` wide."""
        room = width - self.MARGIN
        metrics = self.fontMetrics()
        lines: list[str] = []
        for word in self._words.split():
            if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= room:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        return "\n".join(lines)

    def heightForWidth(self, width: int) -> int:
        """The height of the button with its words wrapped at ``width`` (as QPushButton's
        sizeHint measures a text: the lines' size, plus what the style adds around them)."""
        text = self._lines(width)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = text
        lines = self.fontMetrics().size(Qt.TextFlag.TextShowMnemonic, text)
        option.rect.setSize(lines)
        size = self.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, option, lines, self)
        return max(size.height(), self.minimumHeight())

    def wrap(self) -> None:
        """Break the words into lines for the button's present width and font."""
        text = self._lines(self.width())
        if text != self.text():
            self.setText(text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width breaks the words anew."""
        self.wrap()
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        """A new font or style (a bigger text size) breaks the words anew and changes the
        height at every width."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.Polish):
            self.wrap()
            self.updateGeometry()
        return super().event(event)


class ChoiceButtons(Localised, QWidget):
    """Large, exclusive, checkable buttons for a choice between named options.

    With ``wrap``, long option texts wrap onto more lines instead of being cut off.
    """

    chosen = Signal(str)

    def __init__(
        self,
        name: str,
        options: list[tuple[str, str]],
        vertical: bool = False,
        parent: QWidget | None = None,
        wrap: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        layout = QVBoxLayout(self) if vertical else QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self._group = QButtonGroup(self)
        self._buttons: dict[str, QPushButton] = {}
        for key, text in options:
            button = WrappingButton(text, self) if wrap else QPushButton(text, self)
            button.setObjectName(f"{name}_{key}")
            button.setCheckable(True)
            button.setMinimumHeight(TOUCH + 8)
            if wrap:
                policy = button.sizePolicy()  # keeping its height-for-width
                policy.setHorizontalPolicy(QSizePolicy.Policy.Expanding)
                button.setSizePolicy(policy)
            else:
                button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self._group.addButton(button)
            self._buttons[key] = button
            layout.addWidget(button)
            button.clicked.connect(lambda _=False, k=key: self.chosen.emit(k))
        # Any room to spare goes after the buttons, never into them or between them.
        layout.addStretch(1)

    def button(self, key: str) -> QPushButton:
        """The button for one option."""
        return self._buttons[key]

    def value(self) -> str | None:
        """The chosen option's key, or None."""
        return next((k for k, b in self._buttons.items() if b.isChecked()), None)

    def set_value(self, key: str | None) -> None:
        """Show a choice (None clears it) without emitting ``chosen``."""
        self._group.setExclusive(False)
        for option, button in self._buttons.items():
            button.setChecked(option == key)
        self._group.setExclusive(True)


class ProblemLabel(Localised, QLabel):
    """The message shown beside a field when something is wrong with it."""

    def __init__(self, field: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{field}_problem")
        self.setProperty("role", "problem")
        self.setWordWrap(True)
        self.hide()

    def show_message(self, message: str) -> None:
        """Show a message, or hide the label when the message is empty."""
        self.setText(message)
        self.setVisible(bool(message))


class DateInput(Localised, QLineEdit):
    """A typed date (YYYY-MM-DD): unambiguous, and blank until someone enters it."""

    def __init__(self, field: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(field)
        self.setPlaceholderText("YYYY-MM-DD")
        self.setToolTip(in_language_of(self, "Validation", DATE_HINT))
        self.setMinimumHeight(TOUCH)
        self.setMaxLength(10)

    def value(self) -> date | None:
        """The date entered, or None when blank or unreadable."""
        try:
            return parse_date(self.text())
        except ValueError:
            return None

    def problem(self) -> str:
        """A message when the text cannot be read as a date, else an empty string."""
        try:
            parse_date(self.text())
        except ValueError as exc:
            return str(exc)
        return ""

    def set_value(self, value: date | None) -> None:
        """Show a date, or blank for None."""
        self.setText(value.isoformat() if value else "")


class DateTimeInput(Localised, QLineEdit):
    """A typed local date and time (YYYY-MM-DD HH:MM) in the clinic's zone."""

    def __init__(self, field: str, zone: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(field)
        self._zone = zone
        self.setPlaceholderText("YYYY-MM-DD HH:MM")
        self.setToolTip(in_language_of(self, "Validation", DATETIME_HINT))
        self.setMinimumHeight(TOUCH)
        self.setMaxLength(16)

    def value(self) -> datetime | None:
        """The moment entered, aware in the clinic's zone, or None when blank or unreadable."""
        try:
            return parse_datetime(self.text(), self._zone)
        except ValueError:
            return None

    def problem(self) -> str:
        """A message when the text cannot be read as a date and time, else an empty string."""
        try:
            parse_datetime(self.text(), self._zone)
        except ValueError as exc:
            return str(exc)
        return ""

    def set_value(self, value: datetime | None) -> None:
        """Show a moment in the clinic's zone, or blank for None."""
        self.setText(value.astimezone(self._zone).strftime("%Y-%m-%d %H:%M") if value else "")


def heading(text: str, parent: QWidget | None = None, level: int = 1) -> QLabel:
    """A heading label, styled by the stylesheet."""
    label = QLabel(text, parent)
    label.setProperty("role", f"h{level}")
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


def paragraph(text: str, parent: QWidget | None = None) -> QLabel:
    """A wrapped paragraph of plain text (never interpreted as markup)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(True)
    label.setProperty("role", "body")
    label.setAccessibleName(text)
    return label


class CardDeck(Localised, QWidget):
    """Cards shown one at a time, with a position counter and a way back to the last card."""

    moved = Signal(int)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tab_order_set = False
        self.setObjectName(name)
        # Not a QStackedWidget: its layout asks every card for its height at every pass and
        # is as tall as the tallest. Here the cards not on show are hidden, so a layout skips
        # them: the deck is as tall as the card on show, and a move costs one card, not all.
        self._stack = QWidget(self)
        self._stack.setObjectName(f"{name}_cards")
        self._cards_layout = QVBoxLayout(self._stack)
        self._cards_layout.setContentsMargins(0, 0, 0, 0)
        self._cards: list[QWidget] = []
        self._current = -1
        self._seen = 0
        self._position = QLabel(self)
        self._position.setProperty("role", "position")
        self._position.setObjectName(f"{name}_position")
        self._previous = QPushButton(self.tr("◀  Previous"), self)
        self._previous.setObjectName(f"{name}_previous")
        self._previous.setMinimumSize(TOUCH * 3, TOUCH)
        self._previous.clicked.connect(self.previous)
        bar = QHBoxLayout()
        bar.addWidget(self._previous)
        bar.addStretch(1)
        bar.addWidget(self._position)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack, 1)
        layout.addLayout(bar)

    def showEvent(self, event: QShowEvent) -> None:
        """Tab reaches the cards' own controls first, then Previous below them."""
        # Cards filled after Previous was made sit after it in the focus chain: find the last
        # control inside the cards, wherever it is in the chain, and put Previous after it.
        # The chain runs through the whole window, so this is done once: the cards are fixed
        # once built (a new language builds a new deck).
        if not self._tab_order_set:
            last, widget = None, self._previous.nextInFocusChain()
            while widget is not self._previous:
                if self._stack.isAncestorOf(widget) and widget.focusPolicy() & (
                    Qt.FocusPolicy.TabFocus
                ):
                    last = widget
                widget = widget.nextInFocusChain()
            if last is not None:
                QWidget.setTabOrder(last, self._previous)
            self._tab_order_set = True
        super().showEvent(event)

    def add_card(self, card: QWidget) -> None:
        """Append a card (the first one is on show)."""
        self._cards_layout.addWidget(card)
        self._cards.append(card)
        if self._current < 0:
            self._current = 0
        else:
            card.hide()
        self._update()

    def count(self) -> int:
        """How many cards there are."""
        return len(self._cards)

    def index(self) -> int:
        """The position of the card on show."""
        return self._current

    def card(self, index: int) -> QWidget:
        """The card at a position."""
        return self._cards[index]

    def seen_all(self) -> bool:
        """Whether every card has been on show."""
        return self._seen >= self.count() - 1

    def go_to(self, index: int) -> None:
        """Show the card at a position."""
        index = max(0, min(index, self.count() - 1))
        if index != self._current:
            # Shown first: hiding the card with the focus first would send it out of the deck.
            self._cards[index].show()
            self._cards[self._current].hide()
            self._current = index
        self._seen = max(self._seen, index)
        self._update()
        self.moved.emit(index)

    def advance(self) -> None:
        """Show the next card (stays on the last one)."""
        self.go_to(self.index() + 1)

    def previous(self) -> None:
        """Show the card before this one."""
        self.go_to(self.index() - 1)

    def _update(self) -> None:
        self._position.setText(self.tr("Card {0} of {1}").format(self.index() + 1, self.count()))
        self._previous.setEnabled(self.index() > 0)
