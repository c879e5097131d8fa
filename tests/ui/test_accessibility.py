"""What a screen reader meets: every control on every page has a name it can say."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from wizard_driver import Driver, PatientAnswers, make_app

from consent_app.ui.signature_pad import SignaturePad

CONTROLS = (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, SignaturePad)


def _unnamed(root: QWidget) -> list[str]:
    """Controls under ``root`` whose accessible name (as a screen reader gets it) is empty."""
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS):
            continue  # hidden ones too: a card or a box shown later must be named as well
        interface = QAccessible.queryAccessibleInterface(widget)
        name = interface.text(QAccessible.Text.Name) if interface is not None else ""
        if not name.strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def test_every_control_on_every_page_has_an_accessible_name(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    problems: dict[str, list[str]] = {}

    def check() -> None:
        for page_id in wizard.pageIds():
            page = wizard.page(page_id)
            missing = _unnamed(page)
            if missing:
                problems[page.objectName()] = missing

    check()
    driver.intake()
    check()
    driver.checklist(drug="apixaban")
    check()
    driver.handover()
    check()
    driver.patient(PatientAnswers())
    check()
    driver.patient_signature()
    check()
    driver.review(physician=("Dr Amir Patel", "proceed", "Discussed"))
    check()
    driver.staff_signatures()
    check()
    assert problems == {}
