"""The app's look: one stylesheet, loaded through the resources door."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from consent_app.domain.session import TextSize
from consent_app.resources_door import resource_text
from consent_app.theme import size_rules


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


@cache
def display_sheet(size: TextSize, high_contrast: bool) -> str:
    """The wizard's own stylesheet for a patient's display choice ("" for the standard look).

    Set on the wizard, it wins over the application's stylesheet for the wizard's widgets.
    """
    parts = [size_rules(resource_text("styles/app.qss"), size)]
    if high_contrast:
        parts.append(resource_text("styles/contrast.qss"))
    return "\n".join(part for part in parts if part)
