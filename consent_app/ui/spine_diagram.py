"""A painted front view of the spine from T1 to S1 that highlights the levels to be treated."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from consent_app.ui.controls import PICTURE_GROUND
from consent_app.ui.picture import StillPicture

LEVELS: tuple[str, ...] = (
    *(f"T{n}" for n in range(1, 13)),
    *(f"L{n}" for n in range(1, 6)),
    "S1",
)
# Landmarks that let a patient find their way up and down the picture.
LANDMARK_LEVELS = frozenset({"T5", "T10", "L1", "L5"})

HIGHLIGHT = QColor("#d9480f")
HIGHLIGHT_EDGE = QColor("#a33a0b")
HIGHLIGHT_GLOW = QColor("#ffe8d9")
BONE = QColor("#a9b9cb")
BONE_EDGE = QColor("#6f8399")
PROCESS = QColor("#c3cfdc")
RIB = QColor("#d5dde7")
DISC = QColor("#e6ecf2")
DISC_EDGE = QColor("#b9c6d4")
LABEL = QColor("#4a5a6c")
REGION_LABEL = QColor("#6f8399")

# The picture is laid out in this fixed design space and scaled uniformly into the widget.
DESIGN_WIDTH = 250.0
COLUMN_X = 124.0
TOP_MARGIN = 14.0
LABEL_GAP = 14.0
LABEL_PIXELS = 16.0


@dataclass(frozen=True)
class _Vertebra:
    """Where one vertebral body sits in design space."""

    level: str
    body: QRectF


def _layout() -> tuple[list[_Vertebra], list[QRectF], QRectF]:
    """Lay out T1..L5 with discs between them, and the top of the sacrum for S1."""
    vertebrae: list[_Vertebra] = []
    discs: list[QRectF] = []
    y = TOP_MARGIN
    for index, level in enumerate(LEVELS[:-1]):
        # Bodies grow steadily down the back, as they carry more of the body's weight;
        # the lumbar ones are markedly bigger than the thoracic ones.
        t = index / (len(LEVELS) - 2)
        height = 14.0 + 8.0 * t
        if level.startswith("T"):
            width = 40.0 + 36.0 * t
        else:
            width = 62.0 + 3.5 * int(level[1:])
            height += 2.0
        body = QRectF(COLUMN_X - width / 2, y, width, height)
        vertebrae.append(_Vertebra(level, body))
        y += height
        disc_height = 4.0 + 2.5 * t
        disc_width = width * 0.92
        discs.append(QRectF(COLUMN_X - disc_width / 2, y, disc_width, disc_height))
        y += disc_height
    sacrum_width = vertebrae[-1].body.width() + 10
    sacrum = QRectF(COLUMN_X - sacrum_width / 2, y, sacrum_width, 64.0)
    vertebrae.append(_Vertebra("S1", QRectF(sacrum.left(), y, sacrum.width(), 22.0)))
    return vertebrae, discs, sacrum


def normalise_level(level: str) -> str:
    """Return a level such as " l1" as "L1", or raise ValueError if it is not T1 to S1."""
    name = str(level).strip().upper()
    if name not in LEVELS:
        raise ValueError(f"Unknown spinal level {level!r}; expected one of T1-T12, L1-L5, S1")
    return name


_VERTEBRAE, _DISCS, _SACRUM = _layout()
DESIGN_HEIGHT = _SACRUM.bottom() + 8.0


class SpineDiagram(StillPicture):
    """A front view of the spine, T1 at the top to S1 at the bottom, with levels highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        """Create the diagram with no level highlighted."""
        super().__init__(parent)
        self._levels: list[str] = []
        self._vertebrae, self._discs, self._sacrum = _VERTEBRAE, _DISCS, _SACRUM
        self.setMinimumSize(220, 420)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Spine diagram"))
        self._update_description()

    def set_levels(self, levels: Iterable[str]) -> None:
        """Highlight the given levels, such as ["T12", "L1"]; an empty list clears them."""
        wanted = {normalise_level(level) for level in levels}
        self._levels = [level for level in LEVELS if level in wanted]
        self._update_description()
        self.update()

    def levels(self) -> list[str]:
        """Return the highlighted levels from top to bottom."""
        return list(self._levels)

    def sizeHint(self) -> QSize:
        """Prefer the design size, which keeps the labels comfortably large."""
        return QSize(int(DESIGN_WIDTH), int(DESIGN_HEIGHT))

    def _update_description(self) -> None:
        if self._levels:
            self.setAccessibleDescription(
                self.tr("Highlighted: {0}").format(", ".join(self._levels))
            )
        else:
            self.setAccessibleDescription(self.tr("No levels highlighted"))

    def picture_key(self) -> tuple[str, ...]:
        """The highlighted levels change the picture."""
        return tuple(self._levels)

    def draw(self, painter: QPainter) -> None:
        """Scale the design space into the widget, keeping its shape, and paint the spine."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        scale = min(self.width() / DESIGN_WIDTH, self.height() / DESIGN_HEIGHT)
        painter.translate(
            (self.width() - DESIGN_WIDTH * scale) / 2,
            (self.height() - DESIGN_HEIGHT * scale) / 2,
        )
        painter.scale(scale, scale)
        painter.fillRect(QRectF(0, 0, DESIGN_WIDTH, DESIGN_HEIGHT), QColor(PICTURE_GROUND))

        highlighted = set(self._levels)
        self._paint_glows(painter, highlighted)
        self._paint_region_labels(painter)
        for vertebra in self._vertebrae[:12]:
            _paint_ribs(painter, vertebra.body)
        self._paint_sacrum(painter, "S1" in highlighted)
        for disc in self._discs:
            painter.setPen(QPen(DISC_EDGE, 1.0))
            painter.setBrush(DISC)
            painter.drawRoundedRect(disc, 2.0, 2.0)
        for vertebra in self._vertebrae[:-1]:
            _paint_vertebra(painter, vertebra.body, vertebra.level in highlighted)
        self._paint_labels(painter, highlighted)

    def _paint_glows(self, painter: QPainter, highlighted: set[str]) -> None:
        # A soft band behind each treated level helps it stand out for weaker eyes.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(HIGHLIGHT_GLOW)
        for vertebra in self._vertebrae:
            if vertebra.level in highlighted:
                band = QRectF(28.0, vertebra.body.top() - 2, DESIGN_WIDTH - 30.0, 0)
                band.setBottom(vertebra.body.bottom() + 2)
                painter.drawRoundedRect(band, 6.0, 6.0)

    def _paint_sacrum(self, painter: QPainter, s1_highlighted: bool) -> None:
        box = self._sacrum
        shape = QPainterPath(QPointF(box.left(), box.top() + 4))
        shape.quadTo(box.left(), box.top(), box.left() + 6, box.top())
        shape.lineTo(box.right() - 6, box.top())
        shape.quadTo(box.right(), box.top(), box.right(), box.top() + 4)
        shape.cubicTo(
            QPointF(box.right() - 2, box.top() + 36),
            QPointF(box.center().x() + 14, box.bottom() - 6),
            QPointF(box.center().x(), box.bottom()),
        )
        shape.cubicTo(
            QPointF(box.center().x() - 14, box.bottom() - 6),
            QPointF(box.left() + 2, box.top() + 36),
            QPointF(box.left(), box.top() + 4),
        )
        painter.setPen(QPen(BONE_EDGE, 1.2))
        painter.setBrush(PROCESS)
        painter.drawPath(shape)
        # S1 is the top segment of the sacrum, so that is the part that takes the highlight.
        s1 = self._vertebrae[-1].body
        painter.save()
        painter.setClipPath(shape)
        painter.setBrush(HIGHLIGHT if s1_highlighted else BONE)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRect(s1)
        painter.restore()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(HIGHLIGHT_EDGE if s1_highlighted else BONE_EDGE, 1.2))
        painter.drawPath(shape)
        # The fused lower segments show as faint ridges, which make the sacrum recognisable.
        painter.setPen(QPen(BONE_EDGE, 1.0))
        for step in range(3):
            y = s1.bottom() + 12 * step
            half = box.width() / 2 * (0.78 - 0.2 * step)
            painter.drawLine(
                QPointF(box.center().x() - half, y), QPointF(box.center().x() + half, y)
            )

    def _paint_region_labels(self, painter: QPainter) -> None:
        font = QFont(self.font())
        font.setPixelSize(13)
        painter.setFont(font)
        regions = (
            (
                self.tr("Upper back"),
                self._vertebrae[0].body.top(),
                self._vertebrae[11].body.bottom(),
            ),
            (
                self.tr("Lower back"),
                self._vertebrae[12].body.top(),
                self._vertebrae[16].body.bottom(),
            ),
        )
        for text, top, bottom in regions:
            x = 22.0
            painter.setPen(QPen(REGION_LABEL, 1.2))
            painter.drawLine(QPointF(x + 4, top), QPointF(x, top))
            painter.drawLine(QPointF(x, top), QPointF(x, bottom))
            painter.drawLine(QPointF(x, bottom), QPointF(x + 4, bottom))
            painter.save()
            painter.translate(x - 3, (top + bottom) / 2)
            painter.rotate(-90)
            painter.drawText(
                QRectF(-(bottom - top) / 2, -16, bottom - top, 16),
                Qt.AlignmentFlag.AlignCenter,
                text,
            )
            painter.restore()

    def _paint_labels(self, painter: QPainter, highlighted: set[str]) -> None:
        regular = QFont(self.font())
        regular.setPixelSize(int(LABEL_PIXELS))
        bold = QFont(regular)
        bold.setBold(True)
        bold.setPixelSize(int(LABEL_PIXELS) + 2)
        label_left = COLUMN_X + 48.0 + LABEL_GAP
        for vertebra in self._vertebrae:
            is_highlighted = vertebra.level in highlighted
            if not is_highlighted and vertebra.level not in LANDMARK_LEVELS:
                continue
            body = vertebra.body
            y = body.center().y()
            edge = min(body.right(), COLUMN_X + 44.0) + 3
            if is_highlighted:
                painter.setPen(QPen(HIGHLIGHT, 2.0))
                painter.drawLine(QPointF(edge, y), QPointF(label_left - 4, y))
                painter.setFont(bold)
                painter.setPen(HIGHLIGHT)
            else:
                painter.setPen(QPen(DISC_EDGE, 1.0))
                painter.drawLine(QPointF(edge, y), QPointF(label_left - 4, y))
                painter.setFont(regular)
                painter.setPen(LABEL)
            painter.drawText(
                QRectF(label_left, y - 12, DESIGN_WIDTH - label_left, 24),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                vertebra.level,
            )


def _paint_ribs(painter: QPainter, body: QRectF) -> None:
    """Draw short rib stubs either side of a thoracic body, so the chest part reads as such."""
    painter.setPen(QPen(RIB, 3.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    y = body.top() + body.height() * 0.45
    reach = 26.0
    for side in (-1, 1):
        start = QPointF(body.center().x() + side * body.width() / 2, y)
        rib = QPainterPath(start)
        rib.quadTo(
            QPointF(start.x() + side * reach * 0.7, y - 4),
            QPointF(start.x() + side * reach, y + 7),
        )
        painter.drawPath(rib)


def _paint_vertebra(painter: QPainter, body: QRectF, highlighted: bool) -> None:
    """Draw one vertebral body with its side processes, in the warm colour if highlighted."""
    fill = HIGHLIGHT if highlighted else BONE
    edge = HIGHLIGHT_EDGE if highlighted else BONE_EDGE
    process_height = body.height() * 0.42
    process_width = 7.0 + body.width() * 0.08
    painter.setPen(QPen(edge, 1.0))
    painter.setBrush(HIGHLIGHT if highlighted else PROCESS)
    for side in (-1, 1):
        x = body.left() - process_width + 3 if side < 0 else body.right() - 3
        painter.drawRoundedRect(
            QRectF(x, body.center().y() - process_height / 2, process_width, process_height),
            process_height / 2,
            process_height / 2,
        )
    painter.setPen(QPen(edge, 1.2))
    painter.setBrush(fill)
    radius = min(body.height(), body.width()) * 0.3
    painter.drawRoundedRect(body, radius, radius)
