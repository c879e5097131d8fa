"""A pure drawing surface that captures a handwritten signature from finger, stylus or mouse."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum, auto
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QEventPoint,
    QFocusEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QScrollPrepareEvent,
    QShowEvent,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QScroller, QSizePolicy, QWidget

from consent_app.ui.i18n import Localised

Point = tuple[float, float, float]
Stroke = list[Point]

INK_COLOUR = QColor("#1a1a2e")
PAPER_COLOUR = QColor("#ffffff")
GUIDE_COLOUR = QColor("#8a94a6")
BORDER_COLOUR = QColor("#c3cad6")
HINT_COLOUR = QColor("#52606d")  # words on the paper: 6.4:1, above WCAG AA
FOCUS_COLOUR = QColor("#d9480f")  # as every focused control in the stylesheet

MIN_PEN_WIDTH = 1.5
MAX_PEN_WIDTH = 4.0
# Mouse and finger report no pressure; a middle value gives a line of middle weight.
DEFAULT_PRESSURE = 0.5

# Distance of the signing line from the bottom edge and from the sides.
BASELINE_BOTTOM_MARGIN = 44.0
BASELINE_SIDE_MARGIN = 24.0


_TOUCH_EVENTS = frozenset(
    {
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.TouchCancel,
    }
)


class _Source(Enum):
    """The device that began the stroke now being drawn."""

    MOUSE = auto()
    TOUCH = auto()
    TABLET = auto()


def pen_width(pressure: float) -> float:
    """Return the ink width in logical pixels for a pressure between 0 and 1."""
    pressure = min(max(pressure, 0.0), 1.0)
    return MIN_PEN_WIDTH + (MAX_PEN_WIDTH - MIN_PEN_WIDTH) * pressure


class SignaturePad(Localised, QWidget):
    """A white signing area that records strokes of (x, y, pressure) in logical pixels."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        """Create an empty pad that accepts mouse, touch and stylus input."""
        super().__init__(parent)
        self._strokes: list[Stroke] = []
        self._current: Stroke | None = None
        self._source: _Source | None = None
        self._touch_id: int | None = None

        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        # Every pixel is painted, so Qt need not clear the background first.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setMinimumSize(480, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        # A Tab stop: someone who cannot draw types their name and presses Enter instead.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._typing = ""  # letters typed into the pad, not yet signed
        self._typed = False  # whether the ink on the pad was made from a typed name
        self.setAccessibleName(self.tr("Signature pad"))
        self.setAccessibleDescription(
            self.tr(
                "Sign here with your finger, a stylus or the mouse, "
                "or type your name and press Enter"
            )
        )

    # ----- public API -------------------------------------------------------------------

    def strokes(self) -> list[list[tuple[float, float, float]]]:
        """Return a copy of the finished strokes, each a list of (x, y, pressure)."""
        return [list(stroke) for stroke in self._strokes]

    def set_strokes(
        self, strokes: Iterable[Sequence[Sequence[float]]], typed: bool = False
    ) -> None:
        """Replace the signature with saved strokes, for example when the patient goes Back;
        ``typed`` when they were made from a typed name."""
        cleaned = [_clean_stroke(stroke) for stroke in strokes]
        self._abandon_current()
        self._strokes = [stroke for stroke in cleaned if stroke]
        self._typed = typed and bool(self._strokes)
        self._typing = ""
        self.update()
        self.changed.emit()

    def was_typed(self) -> bool:
        """Whether the signature on the pad was typed on the keyboard rather than drawn."""
        return self._typed

    def sign_typed(self, name: str) -> None:
        """Sign with a typed name: it is written on the signing line as ink, replacing any.

        The letters' outlines become the strokes, so the signature is kept, checked and
        printed like a drawn one, and the record says it was typed.
        """
        name = " ".join(name.split())
        if not name:
            return
        baseline = float(self.height()) - BASELINE_BOTTOM_MARGIN - 6
        room = float(self.width()) - 2 * BASELINE_SIDE_MARGIN - 40
        font = QFont(self.font())
        font.setItalic(True)
        size = max(int(baseline * 0.6), 12)
        path = QPainterPath()
        while True:
            font.setPixelSize(size)
            path = QPainterPath()
            path.addText(QPointF(BASELINE_SIDE_MARGIN + 36, baseline), font, name)
            if path.boundingRect().width() <= room or size <= 12:
                break
            size -= 2
        strokes = [
            [(point.x(), point.y(), DEFAULT_PRESSURE) for point in polygon]
            for polygon in path.toSubpathPolygons()
        ]
        self.set_strokes(strokes, typed=True)

    def add_stroke(self, points: Sequence[Sequence[float]]) -> None:
        """Append one stroke exactly as if it had been drawn, and emit changed."""
        stroke = _clean_stroke(points)
        if not stroke:
            return
        self._strokes.append(stroke)
        self.update()
        self.changed.emit()

    def clear(self) -> None:
        """Remove every stroke, including one being drawn, and any typed name."""
        self._abandon_current()
        self._strokes = []
        self._typed = False
        self._typing = ""
        self.update()
        self.changed.emit()

    def is_empty(self) -> bool:
        """Return True when no finished stroke has been recorded."""
        return not self._strokes

    def canvas_size(self) -> tuple[int, int]:
        """Return the pad's (width, height) in logical pixels, the space of the stroke points."""
        return (self.width(), self.height())

    def sizeHint(self) -> QSize:
        """Prefer a wide strip, roomy enough for a large, shaky signature."""
        return QSize(640, 260)

    # ----- stroke bookkeeping -----------------------------------------------------------

    def _begin(self, source: _Source, pos: QPointF, pressure: float) -> None:
        if self._typed:  # drawing replaces a typed signature
            self._strokes = []
            self._typed = False
        self._typing = ""
        self._current = [self._point(pos, pressure)]
        self._source = source
        self._update_around(self._current, 0)

    def _extend(self, pos: QPointF, pressure: float) -> None:
        if self._current is None:
            return
        point = self._point(pos, pressure)
        if self._current[-1][:2] == point[:2]:
            return
        self._current.append(point)
        self._update_around(self._current, len(self._current) - 2)

    def _finish(self, pos: QPointF | None = None, pressure: float = DEFAULT_PRESSURE) -> None:
        if self._current is None:
            return
        if pos is not None:
            self._extend(pos, pressure)
        self._strokes.append(self._current)
        self._current = None
        self._source = None
        self._touch_id = None
        self.update()
        self.changed.emit()

    def _abandon_current(self) -> None:
        self._current = None
        self._source = None
        self._touch_id = None

    def _point(self, pos: QPointF, pressure: float) -> Point:
        # Ink dragged past the edge is kept on the pad so the saved strokes fit the canvas.
        x = min(max(pos.x(), 0.0), float(self.width()))
        y = min(max(pos.y(), 0.0), float(self.height()))
        return (x, y, min(max(float(pressure), 0.0), 1.0))

    def _update_around(self, stroke: Stroke, start: int) -> None:
        # Repainting only the newest segment keeps drawing smooth on a slow tablet.
        points = stroke[max(start - 1, 0) :]
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        margin = MAX_PEN_WIDTH + 2
        rect = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        self.update(rect.adjusted(-margin, -margin, margin, margin).toAlignedRect())

    # ----- keeping a drag-to-scroll page from taking the pen ----------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Guard every drag-scrolled ancestor, now that the pad sits in its final page."""
        # A page that scrolls by dragging (QScroller) sees a drag before the pad does: without
        # this guard a mouse-driven signature scrolls the page and no ink is drawn.
        widget = self.parentWidget()
        while widget is not None:
            if QScroller.hasScroller(widget):
                widget.installEventFilter(self)
            widget = widget.parentWidget()
        super().showEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Refuse to let an ancestor's scroller start when the drag begins on the pad."""
        if (
            event.type() == QEvent.Type.ScrollPrepare
            and isinstance(event, QScrollPrepareEvent)
            and isinstance(watched, QWidget)
            and watched.isAncestorOf(self)
            and self.isVisible()
        ):
            start = self.mapFromGlobal(watched.mapToGlobal(event.startPos()))
            if QRectF(self.rect()).contains(start):
                # Left unaccepted, the scroll never starts and the press reaches the pad.
                event.ignore()
                return True
        return super().eventFilter(watched, event)

    # ----- input ------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start a stroke with the left button, unless a finger or pen is already drawing."""
        if event.button() != Qt.MouseButton.LeftButton or self._source is not None:
            event.ignore()
            return
        self._begin(_Source.MOUSE, event.position(), DEFAULT_PRESSURE)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Extend the mouse stroke."""
        if self._source is not _Source.MOUSE:
            event.ignore()
            return
        self._extend(event.position(), DEFAULT_PRESSURE)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """End the mouse stroke."""
        if self._source is not _Source.MOUSE or event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        self._finish(event.position(), DEFAULT_PRESSURE)
        event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        """Draw with the stylus, using its pressure for the ink width."""
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            if self._source is None:
                self._begin(_Source.TABLET, event.position(), event.pressure())
        elif kind == QEvent.Type.TabletMove:
            # Pens also report moves while hovering; only ink while touching the glass.
            if self._source is _Source.TABLET:
                self._extend(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletRelease and self._source is _Source.TABLET:
            self._finish()
        # Accepted so Qt does not also synthesize a mouse event and draw the stroke twice.
        event.accept()

    def event(self, event: QEvent) -> bool:
        """Route touch events to the stroke recorder; everything else goes to QWidget."""
        if isinstance(event, QTouchEvent) and event.type() in _TOUCH_EVENTS:
            self._touch(event)
            return True
        return super().event(event)

    def _touch(self, event: QTouchEvent) -> None:
        kind = event.type()
        points = event.points()
        if kind == QEvent.Type.TouchBegin:
            # Accepting TouchBegin stops Qt synthesizing mouse events for this touch.
            event.accept()
            if self._source is None and points:
                first = points[0]
                self._touch_id = first.id()
                self._begin(_Source.TOUCH, first.position(), DEFAULT_PRESSURE)
            return
        if self._source is not _Source.TOUCH:
            event.accept()
            return
        if kind == QEvent.Type.TouchCancel:
            # The patient saw this ink appear, so it is kept rather than silently dropped.
            self._finish()
            event.accept()
            return
        # Only the first finger inks; a resting palm or second finger is ignored.
        tracked = next((p for p in points if p.id() == self._touch_id), None)
        if tracked is not None:
            if kind == QEvent.Type.TouchEnd or tracked.state() == QEventPoint.State.Released:
                self._finish(tracked.position(), DEFAULT_PRESSURE)
            else:
                self._extend(tracked.position(), DEFAULT_PRESSURE)
        elif kind == QEvent.Type.TouchEnd:
            self._finish()
        event.accept()

    # ----- the keyboard ----------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Letters type a name on the line; Enter signs with it; Backspace takes one back."""
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._typing.strip():
            self.sign_typed(self._typing)
        elif key == Qt.Key.Key_Backspace and self._typing:
            self._typing = self._typing[:-1]
        elif (
            event.text().isprintable()
            and event.text()
            and not event.modifiers()
            & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        ):
            self._typing += event.text()
        else:
            super().keyPressEvent(event)
            return
        event.accept()
        self.update()

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Show that the pad has the keyboard, and what typing does."""
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Leaving the pad drops letters typed but not signed with Enter."""
        super().focusOutEvent(event)
        self._typing = ""
        self.update()

    # ----- painting ---------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the paper, the signing line with its x, and the ink."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillRect(event.rect(), PAPER_COLOUR)
        self._paint_guide(painter)
        for stroke in self._strokes:
            _paint_stroke(painter, stroke)
        if self._current:
            _paint_stroke(painter, self._current)
        if self.hasFocus():
            self._paint_keyboard(painter)
        painter.end()

    def _paint_keyboard(self, painter: QPainter) -> None:
        """The focus edge, and the name being typed (or how to type one)."""
        painter.setPen(QPen(FOCUS_COLOUR, 3.0))
        painter.drawRect(QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5))
        font = QFont(self.font())
        font.setPixelSize(22)
        painter.setFont(font)
        box = QRectF(BASELINE_SIDE_MARGIN, 8, self.width() - 2 * BASELINE_SIDE_MARGIN, 32)
        if self._typing:
            painter.setPen(INK_COLOUR)
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft, self._typing + "|")
        elif self.is_empty():
            painter.setPen(HINT_COLOUR)
            painter.drawText(
                box, Qt.AlignmentFlag.AlignLeft, self.tr("Or type your name, then press Enter")
            )

    def _paint_guide(self, painter: QPainter) -> None:
        width = float(self.width())
        # A faint edge shows where the signing area ends on a white page.
        painter.setPen(QPen(BORDER_COLOUR, 1.0))
        painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        baseline_y = float(self.height()) - BASELINE_BOTTOM_MARGIN
        painter.setPen(QPen(GUIDE_COLOUR, 1.0))
        painter.drawLine(
            QPointF(BASELINE_SIDE_MARGIN, baseline_y),
            QPointF(width - BASELINE_SIDE_MARGIN, baseline_y),
        )
        font = QFont(self.font())
        font.setPixelSize(26)
        painter.setFont(font)
        painter.setPen(GUIDE_COLOUR)
        painter.drawText(
            QRectF(BASELINE_SIDE_MARGIN + 4, baseline_y - 30, 28, 28),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
            "x",
        )


def _clean_stroke(points: Sequence[Sequence[float]]) -> Stroke:
    """Coerce one stroke to (x, y, pressure) float tuples, clamping pressure to 0..1."""
    cleaned: Stroke = []
    for point in points:
        x, y, pressure = point
        cleaned.append((float(x), float(y), min(max(float(pressure), 0.0), 1.0)))
    return cleaned


def _stroke_path(points: Sequence[Point]) -> QPainterPath:
    """Build a smooth path through the points, curving through segment midpoints."""
    path = QPainterPath(QPointF(points[0][0], points[0][1]))
    if len(points) == 2:
        path.lineTo(points[1][0], points[1][1])
        return path
    for previous, current in pairwise(points[1:]):
        mid = QPointF((previous[0] + current[0]) / 2, (previous[1] + current[1]) / 2)
        path.quadTo(QPointF(previous[0], previous[1]), mid)
    path.lineTo(points[-1][0], points[-1][1])
    return path


def _paint_stroke(painter: QPainter, stroke: Sequence[Point]) -> None:
    """Draw one stroke: a dot for a tap, else a path whose width follows the pressure."""
    pen = QPen(INK_COLOUR)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if len(stroke) == 1:
        x, y, pressure = stroke[0]
        radius = pen_width(pressure) / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(INK_COLOUR)
        painter.drawEllipse(QPointF(x, y), radius, radius)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        return
    pressures = [p[2] for p in stroke]
    if max(pressures) - min(pressures) < 0.02:
        # Mouse and finger strokes have one width, so one path draws them in one go.
        pen.setWidthF(pen_width(pressures[0]))
        painter.setPen(pen)
        painter.drawPath(_stroke_path(stroke))
        return
    # A stylus varies its pressure along the stroke, so each short piece gets its own width.
    for start, end in pairwise(stroke):
        pen.setWidthF(pen_width((start[2] + end[2]) / 2))
        painter.setPen(pen)
        segment = QPainterPath(QPointF(start[0], start[1]))
        segment.lineTo(end[0], end[1])
        painter.drawPath(segment)
