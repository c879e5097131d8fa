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
    font = QFont(app.font())
    font.setPointSize(13)
    app.setFont(font)
    app.setStyleSheet(resource_text("styles/app.qss"))
