"""The app's look: one stylesheet, loaded through the resources door."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from consent_app.resources_door import resource_text


def apply_style() -> None:
    """Apply the stylesheet and a legible base font to the running application."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    # Each change restyles every live widget, so change only what differs.
    if app.font().pointSize() != 13:
        font = QFont(app.font())
        font.setPointSize(13)
        app.setFont(font)
    sheet = resource_text("styles/app.qss")
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)
