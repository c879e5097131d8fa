"""The bar at the top of every patient page: where the patient is, and how the page looks.

The step indicator names the section and shows the seven sections as a row of marks (the one
on show filled), so "how much is left" is seen, not only read. The display buttons choose one
of three text sizes and a high-contrast theme; the choice holds for the rest of the session.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from consent_app.domain.form_versions import PATIENT_PAGE_CONTENT
from consent_app.domain.phrases import phrase
from consent_app.domain.session import TextSize
from consent_app.ui.controls import TOUCH
from consent_app.ui.i18n import (
    LANGUAGE_NAMES,
    Localised,
    in_language_of,
    language_of,
    next_language,
)
from consent_app.ui.read_aloud import Speaker

#: The patient's sections, in order (the patient pages).
SECTIONS: tuple[str, ...] = tuple(PATIENT_PAGE_CONTENT)


_SECTION_NAMES = {
    "procedure": phrase("Sections", "The treatment"),
    "positioning": phrase("Sections", "Lying still"),
    "allergy": phrase("Sections", "Allergies"),
    "risks": phrase("Sections", "Risks"),
    "understanding": phrase("Sections", "Check"),
    "decision": phrase("Sections", "Your decision"),
    "patient_signature": phrase("Sections", "Signing"),
}


def section_name(widget: QWidget, section: str) -> str:
    """A section's short name, in the patient's words and language."""
    return in_language_of(widget, "Sections", _SECTION_NAMES[section])


class StepMarks(Localised, QWidget):
    """A row of one mark per section: done and current filled, the current one taller."""

    def __init__(self, current: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current = current
        self.setMinimumHeight(14)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        """Wide and low."""
        return QSize(280, 16)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the marks in the text colour, so both themes keep their contrast."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = self.palette().color(self.foregroundRole())
        count, gap = len(SECTIONS), 6.0
        width = (self.width() - gap * (count - 1)) / count
        for index in range(count):
            x = index * (width + gap)
            tall = index == self.current
            rect = QRectF(x + 1, 1 if tall else 4, width - 2, self.height() - (2 if tall else 8))
            painter.setPen(QPen(colour, 2))
            painter.setBrush(colour if index <= self.current else QColor(0, 0, 0, 0))
            painter.drawRoundedRect(rect, 3, 3)
        painter.end()


class _HeadLayout(QBoxLayout):
    """The step and the buttons: answers height-for-width for the direction the width calls
    for, so the page gives the bar its height before the bar has turned (see PatientBar).

    The bar is reached through Qt (parentWidget), not kept here, so no reference cycle holds
    the bar and its page alive until Python's collector runs.
    """

    def _bar(self) -> PatientBar | None:
        bar = self.parentWidget()
        return bar if isinstance(bar, PatientBar) else None

    def hasHeightForWidth(self) -> bool:
        """The step wraps, and the buttons go under it on a narrow bar."""
        return True

    def minimumSize(self) -> QSize:
        """As narrow as the step above the buttons, whichever way the bar is turned now.

        A page not on show keeps the direction of its last width: side by side, its bar would
        otherwise hold the whole wizard wider than a portrait screen.
        """
        size = super().minimumSize()
        bar = self._bar()
        if bar is None:
            return size
        narrow = max(bar.step.minimumSizeHint().width(), bar.button_row.minimumSize().width())
        return QSize(min(size.width(), narrow), size.height())

    def heightForWidth(self, width: int) -> int:
        """Beside each other, or the step above the buttons, at ``width``."""
        bar = self._bar()
        if bar is None:
            return super().heightForWidth(width)
        step, buttons = bar.step, bar.button_row.sizeHint()
        if bar.fits_on_one_line(width):
            return max(
                step.heightForWidth(width - buttons.width() - self.spacing()), buttons.height()
            )
        return step.heightForWidth(width) + self.spacing() + buttons.height()

    def setGeometry(self, rect: QRect) -> None:
        """Turn for the new width first, then lay the step and buttons out in that direction."""
        bar = self._bar()
        if bar is not None:
            wide = bar.fits_on_one_line(rect.width())
            direction = (
                QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
            )
            if self.direction() != direction:
                self.setDirection(direction)
        super().setGeometry(rect)


class PatientBar(Localised, QWidget):
    """Step indicator and display choices for one patient page."""

    display_chosen = Signal(str, bool)  # text size, high contrast
    listen_requested = Signal()
    language_chosen = Signal(str)

    def __init__(self, page_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{page_id}_patient_bar")
        self.setProperty("role", "patient_bar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        index = SECTIONS.index(page_id)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        # The step beside the buttons while both fit on one line; above them when they do not.
        self.head = _HeadLayout(QBoxLayout.Direction.LeftToRight)
        self.head.setSpacing(8)
        self.button_row = row = QHBoxLayout()
        row.setSpacing(8)
        self.step = QLabel(
            self.tr("Step {0} of {1}: {2}").format(
                index + 1, len(SECTIONS), section_name(self, page_id)
            ),
            self,
        )
        self.step.setObjectName(f"{page_id}_step")
        self.step.setProperty("role", "step")
        self.step.setWordWrap(True)
        self.head.addWidget(self.step, 1)
        self.sizes = QButtonGroup(self)
        self.size_buttons: dict[TextSize, QPushButton] = {}
        for size, text, spoken in (
            (TextSize.STANDARD, "A", self.tr("Standard text size")),
            (TextSize.LARGER, "A+", self.tr("Larger text")),
            (TextSize.LARGEST, "A++", self.tr("Largest text")),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"text_size_{size.value}")
            button.setCheckable(True)
            button.setAccessibleName(spoken)
            button.setToolTip(spoken)
            button.setMinimumSize(TOUCH + 24, TOUCH)
            button.setProperty("role", "display")
            self.sizes.addButton(button)
            self.size_buttons[size] = button
            row.addWidget(button)
        self.listen = QPushButton(self.tr("Listen"), self)
        self.listen.setObjectName("listen")
        self.listen.setAccessibleName(self.tr("Listen: read this page aloud"))
        self.listen.setMinimumHeight(TOUCH)
        self.listen.setProperty("role", "display")
        self.listen.clicked.connect(self.listen_requested)
        # Shown only where speech works (an optional extra): see consent_app.ui.read_aloud.
        self.listen.setVisible(Speaker.available())
        row.addWidget(self.listen)
        self.contrast = QPushButton(self.tr("High contrast"), self)
        self.contrast.setObjectName("high_contrast")
        self.contrast.setCheckable(True)
        self.contrast.setAccessibleName(self.tr("High contrast: white and yellow on black"))
        self.contrast.setMinimumHeight(TOUCH)
        self.contrast.setProperty("role", "display")
        row.addWidget(self.contrast)
        # The other language, named in its own words: a patient who cannot read this one still
        # recognises their own.
        other = next_language(language_of(self))
        self.language = QPushButton(LANGUAGE_NAMES[other], self)
        self.language.setObjectName("language")
        self.language.setAccessibleName(LANGUAGE_NAMES[other])
        self.language.setAccessibleDescription(self.tr("Show these pages in another language"))
        self.language.setMinimumHeight(TOUCH)
        self.language.setProperty("role", "display")
        self.language.setProperty("lang", other)
        self.language.clicked.connect(lambda _c: self.language_chosen.emit(other))
        row.addWidget(self.language)
        self.head.addLayout(row)
        layout.addLayout(self.head)
        self.marks = StepMarks(index, self)
        self.marks.setObjectName(f"{page_id}_step_marks")
        self.marks.setProperty("role", "step_marks")
        self.marks.setAccessibleName(self.step.text())
        layout.addWidget(self.marks)
        self.sizes.buttonClicked.connect(lambda _b: self._chosen())
        self.contrast.clicked.connect(lambda _c: self._chosen())

    def fits_on_one_line(self, width: int) -> bool:
        """Whether the step and the buttons fit side by side in a line ``width`` wide."""
        step = self.step.fontMetrics().horizontalAdvance(self.step.text())
        buttons = sum(
            b.sizeHint().width() + 8 for b in self.findChildren(QPushButton) if b.isVisibleTo(self)
        )
        return width >= step + buttons + 8

    def show_choice(self, size: TextSize, contrast: bool) -> None:
        """Show the session's choice (without announcing it as a new one)."""
        self.size_buttons[size].setChecked(True)
        self.contrast.setChecked(contrast)

    def chosen_size(self) -> TextSize:
        """The text size whose button is pressed."""
        return next(s for s, b in self.size_buttons.items() if b.isChecked())

    def _chosen(self) -> None:
        self.display_chosen.emit(self.chosen_size().value, self.contrast.isChecked())
