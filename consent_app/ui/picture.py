"""Still pictures (the spine diagram, the positioning illustration) painted once per look.

A picture is drawn with many antialiased paths; a page can be painted several times as it is
shown and laid out. The picture is drawn into a pixmap the first time, then copied, until its
size, its words or what it shows change.
"""

from __future__ import annotations

from collections.abc import Hashable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

from consent_app.ui.i18n import Localised, language_of


class StillPicture(Localised, QWidget):
    """A widget whose ``draw`` paints a picture that changes only with ``picture_key``."""

    _drawn: QPixmap | None = None
    _drawn_for: Hashable = None

    def draw(self, painter: QPainter) -> None:
        """Paint the picture onto ``painter`` (the widget's size, in its own coordinates)."""
        raise NotImplementedError

    def picture_key(self) -> Hashable:
        """What the picture shows besides its size, font and language (e.g. the levels)."""
        return ()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Copy the picture, drawing it first if it is not drawn for this look yet."""
        del event
        ratio = self.devicePixelRatioF()
        look = (
            self.width(),
            self.height(),
            ratio,
            self.font().key(),
            language_of(self),
            self.picture_key(),
        )
        if self._drawn is None or self._drawn_for != look:
            size = QSize(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
            pixmap = QPixmap(size)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            try:
                self.draw(painter)
            finally:
                painter.end()
            self._drawn, self._drawn_for = pixmap, look
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._drawn)
        painter.end()
