"""The staff PIN dialogs: wrong, right and mismatched PINs, driven without ever calling exec()."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QPushButton

from consent_app.ui.pin_dialog import PinDialog, SetPinDialog

WRONG = "That PIN is not right. Please try again."


class Verifier:
    """A stand-in for the PIN store that records what it was asked."""

    def __init__(self, right: str = "1234") -> None:
        self.right = right
        self.calls: list[str] = []

    def __call__(self, pin: str) -> bool:
        self.calls.append(pin)
        return pin == self.right


@pytest.fixture
def verifier() -> Verifier:
    """A verifier that accepts 1234."""
    return Verifier()


@pytest.fixture
def dialog(qtbot, verifier: Verifier) -> PinDialog:
    """A PIN dialog that is built but never exec()'d."""
    widget = PinDialog(verifier)
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def set_dialog(qtbot) -> SetPinDialog:
    """A new-PIN dialog that is built but never exec()'d."""
    widget = SetPinDialog()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def small_app_style() -> Iterator[None]:
    """An app-wide style sheet like the real one, with small general text and buttons."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    previous = app.styleSheet()
    app.setStyleSheet(
        "QLineEdit { font-size: 11pt; min-height: 20px; }"
        "QPushButton { font-size: 11pt; min-height: 20px; min-width: 20px; }"
    )
    yield
    app.setStyleSheet(previous)


def field(dialog: QDialog, name: str) -> QLineEdit:
    """A named PIN field."""
    found = dialog.findChild(QLineEdit, name)
    assert found is not None, name
    return found


def error(dialog: QDialog) -> QLabel:
    """The red message label."""
    found = dialog.findChild(QLabel, "pin_error")
    assert found is not None
    return found


def test_the_pin_field_is_large_masked_and_digits_only(dialog: PinDialog) -> None:
    dialog.ensurePolished()
    pin = field(dialog, "pin_field")
    assert pin.echoMode() == QLineEdit.EchoMode.Password
    assert pin.font().pointSize() >= 20
    validator = pin.validator()
    assert validator.validate("1234", 0)[0] == QValidator.State.Acceptable
    assert validator.validate("12a4", 0)[0] == QValidator.State.Invalid
    assert validator.validate("12", 0)[0] == QValidator.State.Intermediate
    assert validator.validate("1" * 13, 0)[0] != QValidator.State.Acceptable


def test_typing_letters_leaves_only_the_digits(qtbot, dialog: PinDialog) -> None:
    pin = field(dialog, "pin_field")
    qtbot.keyClicks(pin, "12ab34")
    assert pin.text() == "1234"


def test_buttons_are_big_enough_for_a_finger(dialog: PinDialog) -> None:
    dialog.ensurePolished()
    buttons = dialog.findChildren(QPushButton)
    assert {b.text() for b in buttons} == {"OK", "Cancel"}
    for button in buttons:
        assert button.minimumHeight() >= 48
        assert button.minimumWidth() >= 48


def test_the_app_style_sheet_does_not_shrink_the_dialog(
    qtbot, small_app_style: None, verifier: Verifier
) -> None:
    for widget in (PinDialog(verifier), SetPinDialog()):
        qtbot.addWidget(widget)
        widget.show()
        qtbot.waitExposed(widget)
        for pin in widget.findChildren(QLineEdit):
            assert pin.font().pointSize() >= 20
            assert pin.height() >= 48
        for button in widget.findChildren(QPushButton):
            assert button.height() >= 48
            assert button.width() >= 48


def test_a_wrong_pin_shows_the_error_clears_the_field_and_stays_open(
    dialog: PinDialog, verifier: Verifier
) -> None:
    field(dialog, "pin_field").setText("9999")
    dialog.submit()
    assert verifier.calls == ["9999"]
    assert error(dialog).text() == WRONG
    assert field(dialog, "pin_field").text() == ""
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_the_right_pin_accepts(dialog: PinDialog, verifier: Verifier) -> None:
    field(dialog, "pin_field").setText("1234")
    dialog.submit()
    assert verifier.calls == ["1234"]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert error(dialog).text() == ""


def test_a_right_pin_after_a_wrong_one_accepts_and_clears_the_error(
    dialog: PinDialog, verifier: Verifier
) -> None:
    field(dialog, "pin_field").setText("0000")
    dialog.submit()
    field(dialog, "pin_field").setText("1234")
    dialog.submit()
    assert verifier.calls == ["0000", "1234"]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert error(dialog).text() == ""


def test_an_empty_pin_is_not_sent_to_the_verifier(dialog: PinDialog, verifier: Verifier) -> None:
    dialog.submit()
    assert verifier.calls == []
    assert error(dialog).text() == WRONG
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_digits_from_another_script_are_checked_as_ascii(
    dialog: PinDialog, verifier: Verifier
) -> None:
    # Arabic-Indic 1 2 3 4, as an Arabic tablet keyboard types them.
    field(dialog, "pin_field").setText("\u0661\u0662\u0663\u0664")
    dialog.submit()
    assert verifier.calls == ["1234"]
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_enter_in_the_field_submits(qtbot, dialog: PinDialog, verifier: Verifier) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    pin = field(dialog, "pin_field")
    qtbot.keyClicks(pin, "1234")
    qtbot.keyClick(pin, Qt.Key.Key_Return)
    assert verifier.calls == ["1234"]
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_the_title_can_be_chosen(qtbot, verifier: Verifier) -> None:
    widget = PinDialog(verifier, title="Unlock")
    qtbot.addWidget(widget)
    default = PinDialog(verifier)
    qtbot.addWidget(default)
    assert widget.windowTitle() == "Unlock"
    assert default.windowTitle() == "Staff PIN"


def test_ask_is_true_only_when_the_dialog_is_accepted(monkeypatch, verifier: Verifier) -> None:
    def fake_exec(self: PinDialog) -> int:
        field(self, "pin_field").setText(typed)
        self.submit()
        return self.result()

    monkeypatch.setattr(PinDialog, "exec", fake_exec)
    typed = "1234"
    assert PinDialog.ask(verifier) is True
    typed = "4321"
    assert PinDialog.ask(verifier) is False


def test_set_pin_mismatch_is_refused(set_dialog: SetPinDialog) -> None:
    field(set_dialog, "new_pin_field").setText("24680")
    field(set_dialog, "confirm_pin_field").setText("24681")
    set_dialog.submit()
    assert error(set_dialog).text() == "The two PINs do not match."
    assert set_dialog.result() != QDialog.DialogCode.Accepted
    assert set_dialog.pin() == ""


def test_set_pin_too_short_is_refused(set_dialog: SetPinDialog) -> None:
    field(set_dialog, "new_pin_field").setText("123")
    field(set_dialog, "confirm_pin_field").setText("123")
    set_dialog.submit()
    assert error(set_dialog).text() == "Use 4 to 12 digits."
    assert set_dialog.result() != QDialog.DialogCode.Accepted


def test_a_pin_cannot_be_typed_longer_than_12_digits(qtbot, set_dialog: SetPinDialog) -> None:
    new = field(set_dialog, "new_pin_field")
    qtbot.keyClicks(new, "1234567890123")
    assert new.text() == "123456789012"


def test_set_pin_matching_pins_are_accepted(set_dialog: SetPinDialog) -> None:
    field(set_dialog, "new_pin_field").setText("24680")
    field(set_dialog, "confirm_pin_field").setText("24680")
    set_dialog.submit()
    assert set_dialog.result() == QDialog.DialogCode.Accepted
    assert set_dialog.pin() == "24680"
    assert error(set_dialog).text() == ""


def test_set_pin_fields_are_masked_and_large(set_dialog: SetPinDialog) -> None:
    set_dialog.ensurePolished()
    for name in ("new_pin_field", "confirm_pin_field"):
        pin = field(set_dialog, name)
        assert pin.echoMode() == QLineEdit.EchoMode.Password
        assert pin.font().pointSize() >= 20
        assert pin.validator().validate("12x", 0)[0] == QValidator.State.Invalid
    for button in set_dialog.findChildren(QPushButton):
        assert button.minimumHeight() >= 48


def test_set_pin_ask_returns_the_pin_or_none(monkeypatch) -> None:
    def fake_exec(self: SetPinDialog) -> int:
        if entries is None:
            self.reject()
        else:
            field(self, "new_pin_field").setText(entries[0])
            field(self, "confirm_pin_field").setText(entries[1])
            self.submit()
        return self.result()

    monkeypatch.setattr(SetPinDialog, "exec", fake_exec)
    entries: tuple[str, str] | None = ("97531", "97531")
    assert SetPinDialog.ask() == "97531"
    entries = None
    assert SetPinDialog.ask() is None
