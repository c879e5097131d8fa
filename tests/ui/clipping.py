"""Finds text a person cannot read in full: cut by its widget, by its parent, or covered.

``clipped(root)`` walks a widget tree as it is laid out now and names each place where

- a word-wrapped label is shorter than its text wrapped at its width, or one of its words is
  wider than the label (measured in the rectangle QLabel paints text in: see ``_label_area``);
- a label that does not wrap, a button, a check box or a combo box is narrower (or lower) than
  its text, measured inside the area the style leaves for text (stylesheet border and padding
  taken off);
- a line edit is too low for one line of its font;
- two visible siblings overlap;
- a child sticks out of its parent, so the parent cuts it off. The one exception is the content
  of a scroll area in a direction the area scrolls: what lies below the fold is reached by
  scrolling, not lost. Content wider than a scroll area that never scrolls sideways is cut.

Hidden widgets (a card of a deck not on show, a box shown only after an answer) are skipped.
Where a widget sits in a scroll area, scrolled into view or not, does not matter: scrolling
never makes a label taller, so a label too short for its text is reported wherever it is, and
the viewport's edge is never taken for a cut.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QStyleOptionFrame,
    QWidget,
)

#: Rounding in layouts and in text measurement: a pixel either way is not a cut.
SLACK = 1


@dataclass(frozen=True)
class Clip:
    """One finding: the widget concerned and what is wrong with it."""

    widget: QWidget
    problem: str

    def __str__(self) -> str:
        return f"{describe(self.widget)}: {self.problem}"


def clipped(root: QWidget) -> list[str]:
    """What is clipped or overlapping under ``root`` (``root`` included), one line each."""
    return [str(clip) for clip in find_clips(root)]


def find_clips(root: QWidget) -> list[Clip]:
    """Like ``clipped``, keeping the widgets (to outline them on a screenshot)."""
    clips: list[Clip] = []
    for widget in shown_widgets(root):
        clips += _cut_text(widget)
        clips += _overlapping_children(widget)
        clips += _sticking_out(widget)
    return clips


# -- naming ---------------------------------------------------------------------------------
def describe(widget: QWidget) -> str:
    """The widget's class, its name or its first words, and the nearest named ancestor."""
    kind = type(widget).__name__
    words = _text_of(widget).replace("\n", " ").strip()
    shown = widget.objectName() or (repr(words[:40]) if words else "")
    owner = widget.parentWidget()
    while owner is not None and (not owner.objectName() or owner.objectName().startswith("qt_")):
        owner = owner.parentWidget()
    where = f" in {owner.objectName()}" if owner is not None else ""
    return f"{kind} {shown}{where}".replace("  ", " ")


def _text_of(widget: QWidget) -> str:
    if isinstance(widget, QLabel | QAbstractButton):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    return ""


# -- visibility -----------------------------------------------------------------------------
def shown_widgets(root: QWidget) -> list[QWidget]:
    """``root`` and every widget under it on show when ``root`` is (hidden branches skipped)."""
    found, stack = [], [root]
    while stack:
        widget = stack.pop()
        found.append(widget)
        stack += reversed(_children_on_show(widget, empty=True))
    return found


def _scroll_content(widget: QWidget) -> QScrollArea | None:
    """The scroll area whose content ``widget`` is, if it is one."""
    viewport = widget.parentWidget()
    area = viewport.parentWidget() if viewport is not None else None
    if isinstance(area, QScrollArea) and area.widget() is widget:
        return area
    return None


# -- text cut by its own widget -------------------------------------------------------------
def _lines_height(metrics: QFontMetrics, count: int) -> int:
    return metrics.height() + (count - 1) * metrics.lineSpacing()


def _is_rich(label: QLabel) -> bool:
    form = label.textFormat()
    if form == Qt.TextFormat.RichText:
        return True
    return form == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(label.text())


def _label_area(label: QLabel) -> QRect:
    """Where a label draws its text: inside frame, padding and margin, less its indent.

    As QLabel's own painting works it out (QLabelPrivate::documentRect): a label with a frame
    (a stylesheet border or padding gives it one) and no indent set is indented by half an "x".
    QLabel.heightForWidth reserves a whole "x" instead, so it may ask for a line more than the
    painted text takes: the text is measured here in the rectangle it is painted in.
    """
    margin = label.margin()
    area = label.contentsRect().adjusted(margin, margin, -margin, -margin)
    indent = label.indent()
    if indent < 0 and label.frameWidth():
        indent = label.fontMetrics().horizontalAdvance("x") // 2 - margin
    if indent > 0:
        align = QStyle.visualAlignment(label.layoutDirection(), label.alignment())
        if align & Qt.AlignmentFlag.AlignLeft:
            area.setLeft(area.left() + indent)
        if align & Qt.AlignmentFlag.AlignRight:
            area.setRight(area.right() - indent)
        if align & Qt.AlignmentFlag.AlignTop:
            area.setTop(area.top() + indent)
        if align & Qt.AlignmentFlag.AlignBottom:
            area.setBottom(area.bottom() - indent)
    return area


def _text_size(label: QLabel, width: int | None) -> tuple[int, int]:
    """Width and height of the label's text laid out as QLabel lays it out.

    ``width`` is the width to wrap at, or None for a label that does not wrap.
    """
    if _is_rich(label):
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setDocumentMargin(0)  # as QLabel's own text document
        document.setHtml(label.text())
        if width is not None:
            document.setTextWidth(width)
            # A word longer than the width still sticks out: idealWidth says by how much.
            return max(width, round(document.idealWidth())), round(document.size().height())
        return round(document.idealWidth()), round(document.size().height())
    metrics = label.fontMetrics()
    flags = int(label.alignment().value)
    if width is None:
        lines = label.text().splitlines() or [""]
        widest = max(metrics.horizontalAdvance(line) for line in lines)
        return widest, _lines_height(metrics, len(lines))
    flags |= Qt.TextFlag.TextWordWrap.value
    box = metrics.boundingRect(QRect(0, 0, width, 1_000_000), flags, label.text())
    return box.width(), box.height()


def _cut_label(label: QLabel) -> list[Clip]:
    if not label.text().strip() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return []
    area = _label_area(label)
    width, height = _text_size(label, area.width() if label.wordWrap() else None)
    return _fits(label, area, width, height)


def _fits(widget: QWidget, area: QRect, width: int, height: int) -> list[Clip]:
    clips = []
    if width > area.width() + SLACK:
        clips.append(Clip(widget, f"text needs {width} px of width, has {area.width()}"))
    if height > area.height() + SLACK:
        clips.append(Clip(widget, f"text needs {height} px of height, has {area.height()}"))
    return clips


def _button_area(button: QAbstractButton) -> QRect:
    """Where the style draws a button's label (stylesheet border and padding taken off)."""
    option = QStyleOptionButton()
    option.initFrom(button)
    option.text = button.text()
    option.icon = button.icon()
    option.iconSize = button.iconSize()
    element = QStyle.SubElement.SE_PushButtonContents
    if isinstance(button, QCheckBox):
        element = QStyle.SubElement.SE_CheckBoxContents
    elif isinstance(button, QRadioButton):
        element = QStyle.SubElement.SE_RadioButtonContents
    elif not isinstance(button, QPushButton):
        return button.contentsRect()
    area = button.style().subElementRect(element, option, button)
    if isinstance(button, QPushButton) and not button.icon().isNull():
        area.adjust(button.iconSize().width() + 4, 0, 0, 0)
    return area


def _cut_button(button: QAbstractButton) -> list[Clip]:
    # "&&" is a literal ampersand, a single "&" marks the shortcut letter and takes no room.
    text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    if not text.strip():
        return []
    metrics = button.fontMetrics()
    lines = text.splitlines()
    width = max(metrics.horizontalAdvance(line) for line in lines)
    return _fits(button, _button_area(button), width, _lines_height(metrics, len(lines)))


def _cut_combo(combo: QComboBox) -> list[Clip]:
    text = combo.currentText()
    if not text.strip() or combo.isEditable():
        return []
    option = QStyleOptionComboBox()
    option.initFrom(combo)
    option.currentText = text
    area = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    return _fits(combo, area, combo.fontMetrics().horizontalAdvance(text), 0)


def _cut_line_edit(edit: QLineEdit) -> list[Clip]:
    option = QStyleOptionFrame()
    option.initFrom(edit)
    option.lineWidth = edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth)
    area = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    # A line edit scrolls sideways as text is typed; only a line too low to read is a cut.
    return _fits(edit, area, 0, edit.fontMetrics().height())


def _cut_text(widget: QWidget) -> list[Clip]:
    if isinstance(widget, QLabel):
        return _cut_label(widget)
    if isinstance(widget, QAbstractButton):
        return _cut_button(widget)
    if isinstance(widget, QComboBox):
        return _cut_combo(widget)
    if isinstance(widget, QLineEdit):
        return _cut_line_edit(widget)
    return []


# -- widgets on top of each other, or cut by their parent -----------------------------------
def _children_on_show(parent: QWidget, empty: bool = False) -> list[QWidget]:
    """Direct children not hidden (nor, unless ``empty``, of no size); other windows never."""
    return [
        child
        for child in parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if not child.isWindow()
        and not child.isHidden()
        and (empty or not child.geometry().isEmpty())
    ]


def _overlapping_children(parent: QWidget) -> list[Clip]:
    if isinstance(parent, QAbstractScrollArea):
        return []  # its viewport, scroll bars and corner are the scroll area's own business
    clips = []
    for first, second in combinations(_children_on_show(parent), 2):
        common = first.geometry().intersected(second.geometry())
        if common.width() > SLACK and common.height() > SLACK:
            clips.append(
                Clip(
                    first,
                    f"overlaps {describe(second)} by {common.width()}x{common.height()} px",
                )
            )
    return clips


def _sticking_out(widget: QWidget) -> list[Clip]:
    parent = widget.parentWidget()
    if parent is None or widget.isWindow() or widget.geometry().isEmpty():
        return []
    bounds, box = parent.rect(), widget.geometry()
    area = _scroll_content(widget)
    if area is None:
        sideways = box.left() < -SLACK or box.right() > bounds.right() + SLACK
        downwards = box.top() < -SLACK or box.bottom() > bounds.bottom() + SLACK
        return [
            Clip(widget, f"sticks out of its parent {way} ({_span(box, bounds, axis)})")
            for cut, way, axis in ((sideways, "sideways", "x"), (downwards, "up or down", "y"))
            if cut
        ]
    # The viewport shows part of the content at a time; the rest is a scroll away, unless the
    # area never scrolls that way (or the content is larger than its scroll bar reaches).
    never = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    reach_x = (
        0 if area.horizontalScrollBarPolicy() == never else area.horizontalScrollBar().maximum()
    )
    reach_y = 0 if area.verticalScrollBarPolicy() == never else area.verticalScrollBar().maximum()
    clips = []
    if box.width() > bounds.width() + reach_x + SLACK:
        clips.append(Clip(widget, f"is {box.width()} px wide, its parent shows {bounds.width()}"))
    if box.height() > bounds.height() + reach_y + SLACK:
        clips.append(Clip(widget, f"is {box.height()} px high, its parent shows {bounds.height()}"))
    return clips


def _span(box: QRect, bounds: QRect, axis: str) -> str:
    if axis == "x":
        return f"x {box.left()}..{box.right()} in 0..{bounds.right()}"
    return f"y {box.top()}..{box.bottom()} in 0..{bounds.bottom()}"
