"""A friendly painted picture of how the patient lies on the X-ray table for the procedure."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from consent_app.domain.phrases import phrase
from consent_app.ui.controls import PICTURE_GROUND
from consent_app.ui.i18n import in_language_of
from consent_app.ui.picture import StillPicture

ACCESSIBLE_NAME = phrase(
    "PositioningIllustration",
    "Picture of a person lying face down on the X-ray table, "
    "with pillows under the chest, hips and lower legs",
)

TABLE = QColor("#b7c6d5")
TABLE_EDGE = QColor("#7d93a8")
STAND = QColor("#cdd7e1")
SHADOW = QColor("#e3e9ef")
CUSHION = QColor("#dce9f6")
CUSHION_EDGE = QColor("#8eaacb")
CUSHION_TEXT = QColor("#27415c")
GOWN = QColor("#7fa6cf")
GOWN_EDGE = QColor("#5a82ac")
SKIN = QColor("#eccfb8")
SKIN_EDGE = QColor("#b38d74")
HAIR = QColor("#a9b0b9")
FACE = QColor("#6e5a4e")
CHEEK = QColor("#f2b8a6")

# The picture is drawn in this fixed design space; VIEW, the part with the scene in it, is
# scaled uniformly into the widget.
VIEW = QRectF(14.0, 112.0, 732.0, 220.0)
TABLE_TOP = 236.0
CUSHION_TOP = 194.0
LINE = 1.6

CHEST_PILLOW = QRectF(196.0, CUSHION_TOP, 112.0, TABLE_TOP - CUSHION_TOP)
HIP_PILLOW = QRectF(372.0, CUSHION_TOP, 112.0, TABLE_TOP - CUSHION_TOP)
LEG_PILLOW = QRectF(566.0, CUSHION_TOP, 112.0, TABLE_TOP - CUSHION_TOP)
HEADREST = QRectF(42.0, 210.0, 112.0, TABLE_TOP - 210.0)


class PositioningIllustration(StillPicture):
    """A side view of a person lying face down on the X-ray table, supported by pillows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        """Create the illustration; it has no state and simply scales to its size."""
        super().__init__(parent)
        self.setMinimumSize(420, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(in_language_of(self, "PositioningIllustration", ACCESSIBLE_NAME))

    def sizeHint(self) -> QSize:
        """Prefer the design size, at which the labels are comfortably large."""
        return QSize(round(VIEW.width()), round(VIEW.height()))

    def hasHeightForWidth(self) -> bool:
        """Report that the height follows the width, so layouts keep the picture's shape."""
        return True

    def heightForWidth(self, width: int) -> int:
        """Return the height that keeps the picture's proportions at the given width."""
        return max(self.minimumHeight(), round(width * VIEW.height() / VIEW.width()))

    def draw(self, painter: QPainter) -> None:
        """Scale the design space into the widget, keeping its shape, and paint the scene."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        scale = min(self.width() / VIEW.width(), self.height() / VIEW.height())
        painter.translate(
            (self.width() - VIEW.width() * scale) / 2,
            (self.height() - VIEW.height() * scale) / 2,
        )
        painter.scale(scale, scale)
        painter.translate(-VIEW.left(), -VIEW.top())
        painter.fillRect(VIEW, QColor(PICTURE_GROUND))

        _paint_table(painter)
        for cushion in (HEADREST, CHEST_PILLOW, HIP_PILLOW, LEG_PILLOW):
            _paint_cushion(painter, cushion)
        _paint_legs(painter)
        _paint_torso(painter)
        _paint_head(painter)
        self._paint_pillow_labels(painter)

    def _paint_pillow_labels(self, painter: QPainter) -> None:
        word = self.tr("Pillow")
        font = pillow_font(self.font(), word)
        painter.setFont(font)
        painter.setPen(CUSHION_TEXT)
        for pillow in (CHEST_PILLOW, HIP_PILLOW, LEG_PILLOW):
            # The body presses on the top of the pillow, so the word sits in its lower part.
            text_box = QRectF(
                pillow.left(), pillow.top() + 10, pillow.width(), pillow.height() - 10
            )
            painter.drawText(text_box, Qt.AlignmentFlag.AlignCenter, word)


def pillow_font(base: QFont, word: str) -> QFont:
    """A bold font for the pillows' label, as large as fits the narrowest pillow with a margin:
    "Almohada" is longer than "Pillow", and a word cut at the pillow's edge is no label."""
    font = QFont(base)
    font.setBold(True)
    room = min(p.width() for p in (CHEST_PILLOW, HIP_PILLOW, LEG_PILLOW)) - 16
    for size in range(22, 9, -1):
        font.setPixelSize(size)
        if QFontMetricsF(font).horizontalAdvance(word) <= room:
            break
    return font


def _pen(colour: QColor, width: float = LINE) -> QPen:
    """Return a round-jointed outline pen, which keeps the flat shapes soft."""
    pen = QPen(colour, width)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def _paint_table(painter: QPainter) -> None:
    """Draw the X-ray table: a long flat top on a central pedestal."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(SHADOW)
    painter.drawEllipse(QRectF(250.0, 306.0, 260.0, 18.0))
    painter.setPen(_pen(TABLE_EDGE))
    painter.setBrush(STAND)
    stand = QPainterPath(QPointF(348.0, TABLE_TOP + 18))
    stand.lineTo(412.0, TABLE_TOP + 18)
    stand.lineTo(424.0, 300.0)
    stand.lineTo(336.0, 300.0)
    stand.closeSubpath()
    painter.drawPath(stand)
    painter.drawRoundedRect(QRectF(292.0, 298.0, 176.0, 16.0), 6.0, 6.0)
    painter.setBrush(TABLE)
    painter.drawRoundedRect(QRectF(26.0, TABLE_TOP, 708.0, 18.0), 7.0, 7.0)


def _paint_cushion(painter: QPainter, box: QRectF) -> None:
    """Draw one soft cushion resting on the table."""
    painter.setPen(_pen(CUSHION_EDGE))
    painter.setBrush(CUSHION)
    painter.drawRoundedRect(box, box.height() * 0.45, box.height() * 0.45)


def _paint_torso(painter: QPainter) -> None:
    """Draw the gowned trunk, from the shoulders to the tops of the thighs."""
    gown = QPainterPath(QPointF(150.0, 168.0))
    # The back: a gentle rise over the shoulder blades, a dip at the waist and the buttocks.
    gown.cubicTo(QPointF(160.0, 134.0), QPointF(230.0, 126.0), QPointF(300.0, 134.0))
    gown.cubicTo(QPointF(360.0, 141.0), QPointF(400.0, 146.0), QPointF(440.0, 138.0))
    gown.cubicTo(QPointF(480.0, 126.0), QPointF(520.0, 134.0), QPointF(556.0, 152.0))
    gown.lineTo(600.0, 160.0)
    gown.lineTo(600.0, 198.0)
    # The underside rests on the chest and hip pillows and is free between them.
    gown.cubicTo(QPointF(560.0, 200.0), QPointF(500.0, 196.0), QPointF(470.0, CUSHION_TOP))
    gown.cubicTo(QPointF(420.0, 193.0), QPointF(380.0, 192.0), QPointF(340.0, 196.0))
    gown.cubicTo(QPointF(300.0, 199.0), QPointF(230.0, 196.0), QPointF(200.0, CUSHION_TOP))
    gown.cubicTo(QPointF(170.0, 196.0), QPointF(150.0, 194.0), QPointF(140.0, 186.0))
    gown.closeSubpath()
    painter.setPen(_pen(GOWN_EDGE))
    painter.setBrush(GOWN)
    painter.drawPath(gown)

    # The near arm lies along the side: a short sleeve, then the bare arm to a hand by the hip.
    arm = QPainterPath(QPointF(178.0, 150.0))
    arm.cubicTo(QPointF(250.0, 146.0), QPointF(330.0, 158.0), QPointF(396.0, 164.0))
    arm.cubicTo(QPointF(408.0, 165.0), QPointF(408.0, 181.0), QPointF(396.0, 181.0))
    arm.cubicTo(QPointF(330.0, 178.0), QPointF(250.0, 172.0), QPointF(182.0, 174.0))
    arm.cubicTo(QPointF(168.0, 174.0), QPointF(166.0, 151.0), QPointF(178.0, 150.0))
    painter.setPen(_pen(SKIN_EDGE))
    painter.setBrush(SKIN)
    painter.drawPath(arm)
    painter.drawEllipse(QRectF(394.0, 164.0, 24.0, 17.0))
    sleeve = QPainterPath(QPointF(160.0, 146.0))
    sleeve.cubicTo(QPointF(200.0, 140.0), QPointF(236.0, 142.0), QPointF(256.0, 148.0))
    sleeve.lineTo(258.0, 176.0)
    sleeve.cubicTo(QPointF(226.0, 178.0), QPointF(190.0, 180.0), QPointF(166.0, 178.0))
    sleeve.closeSubpath()
    painter.setPen(_pen(GOWN_EDGE))
    painter.setBrush(GOWN)
    painter.drawPath(sleeve)


def _paint_legs(painter: QPainter) -> None:
    """Draw the legs from the hem of the gown, shins on their pillow and toes down."""
    leg = QPainterPath(QPointF(590.0, 160.0))
    leg.cubicTo(QPointF(640.0, 166.0), QPointF(680.0, 170.0), QPointF(704.0, 172.0))
    # The foot hangs over the end of the pillow with the toes pointing down to the table.
    leg.cubicTo(QPointF(716.0, 166.0), QPointF(728.0, 172.0), QPointF(728.0, 186.0))
    leg.cubicTo(QPointF(730.0, 202.0), QPointF(732.0, 220.0), QPointF(728.0, 230.0))
    leg.cubicTo(QPointF(724.0, 236.0), QPointF(712.0, 236.0), QPointF(708.0, 228.0))
    leg.cubicTo(QPointF(704.0, 216.0), QPointF(700.0, 204.0), QPointF(686.0, CUSHION_TOP))
    leg.cubicTo(QPointF(660.0, CUSHION_TOP), QPointF(620.0, 196.0), QPointF(590.0, 198.0))
    leg.closeSubpath()
    painter.setPen(_pen(SKIN_EDGE))
    painter.setBrush(SKIN)
    painter.drawPath(leg)


def _paint_head(painter: QPainter) -> None:
    """Draw the head lying on its cheek on the headrest, facing us, eyes closed and calm."""
    painter.setPen(_pen(SKIN_EDGE))
    painter.setBrush(SKIN)
    neck = QPainterPath(QPointF(124.0, 164.0))
    neck.lineTo(160.0, 162.0)
    neck.lineTo(166.0, 192.0)
    neck.lineTo(124.0, 196.0)
    neck.closeSubpath()
    painter.drawPath(neck)

    centre = QPointF(98.0, 180.0)
    painter.drawEllipse(centre, 34.0, 30.0)
    # Grey hair over the crown, which points to the head end of the table.
    hair = QPainterPath(QPointF(92.0, 150.5))
    hair.cubicTo(QPointF(70.0, 150.0), QPointF(62.0, 168.0), QPointF(64.0, 182.0))
    hair.cubicTo(QPointF(66.0, 198.0), QPointF(74.0, 208.0), QPointF(86.0, 209.0))
    hair.cubicTo(QPointF(80.0, 196.0), QPointF(78.0, 166.0), QPointF(92.0, 150.5))
    painter.setPen(_pen(HAIR.darker(120)))
    painter.setBrush(HAIR)
    painter.drawPath(hair)

    # A touch of colour in the upper cheek keeps the face warm rather than sickly.
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(CHEEK)
    painter.drawEllipse(QPointF(114.0, 162.0), 6.0, 5.0)
    # Lying on a cheek turns the face a quarter: eyes one above the other, mouth towards the chin.
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(_pen(FACE, 2.2))
    for eye_y in (168.0, 190.0):
        eye = QPainterPath(QPointF(100.0, eye_y - 5))
        eye.quadTo(QPointF(106.0, eye_y), QPointF(100.0, eye_y + 5))
        painter.drawPath(eye)
    smile = QPainterPath(QPointF(118.0, 173.0))
    smile.quadTo(QPointF(124.0, 179.0), QPointF(118.0, 185.0))
    painter.drawPath(smile)
