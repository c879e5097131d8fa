"""Dialogs that ask a member of staff for their PIN, or to choose a new one."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from consent_app.domain.phrases import phrase
from consent_app.ui.i18n import Localised, in_language_of

PIN_PATTERN = r"\d{4,12}"
MIN_PIN_LENGTH = 4
MAX_PIN_LENGTH = 12

WRONG_PIN = phrase("PinDialog", "That PIN is not right. Please try again.")
PINS_DIFFER = phrase("PinDialog", "The two PINs do not match.")
BAD_LENGTH = phrase("PinDialog", "Use 4 to 12 digits.")

FIELD_POINT_SIZE = 22
TEXT_POINT_SIZE = 16
BUTTON_HEIGHT = 56
BUTTON_WIDTH = 140
# Wide enough for the error messages to fit on one line at the large text size; the
# label still keeps room for two lines, as a larger system font may wrap them.
DIALOG_WIDTH = 520

# Set on the dialog itself because a widget's own style sheet wins over the app's, whose
# general QLineEdit and QPushButton rules would otherwise shrink the text back to 13pt.
DIALOG_STYLE = f"""
QLabel {{ font-size: {TEXT_POINT_SIZE}pt; }}
QLabel#pin_error {{ color: #c92a2a; font-weight: bold; min-height: 64px; }}
QLineEdit {{ font-size: {FIELD_POINT_SIZE}pt; min-height: {BUTTON_HEIGHT}px; min-width: 280px; }}
QPushButton {{
    font-size: {TEXT_POINT_SIZE}pt; min-height: {BUTTON_HEIGHT}px; min-width: {BUTTON_WIDTH}px;
}}
"""


def _ascii_digits(text: str) -> str:
    """Return the PIN with any script's digits written as ASCII 0-9, so hashes agree."""
    # The validator's \d accepts, say, Arabic-Indic digits from a tablet keyboard.
    return "".join(str(unicodedata.decimal(ch, ch)) for ch in text.strip())


def _pin_field(object_name: str, accessible_name: str) -> QLineEdit:
    """Build a masked, digits-only field for a PIN; DIALOG_STYLE makes it large."""
    field = QLineEdit()
    field.setObjectName(object_name)
    field.setAccessibleName(accessible_name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(MAX_PIN_LENGTH)
    field.setValidator(QRegularExpressionValidator(QRegularExpression(PIN_PATTERN), field))
    # Ask the on-screen keyboard for a number pad and keep the PIN out of its suggestions.
    field.setInputMethodHints(
        Qt.InputMethodHint.ImhDigitsOnly
        | Qt.InputMethodHint.ImhSensitiveData
        | Qt.InputMethodHint.ImhNoPredictiveText
        | Qt.InputMethodHint.ImhHiddenText
    )
    return field


def _prompt(text: str) -> QLabel:
    """Build a wrapping prompt label."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _error_label(accessible_name: str) -> QLabel:
    """Build the red message label that sits right under the field it is about."""
    label = QLabel("")
    label.setObjectName("pin_error")
    label.setAccessibleName(accessible_name)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def _buttons(dialog: QDialog, ok_text: str, cancel_text: str) -> QDialogButtonBox:
    """Build the OK/Cancel buttons; DIALOG_STYLE makes them large enough for a finger."""
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    box.rejected.connect(dialog.reject)
    return box


class PinDialog(Localised, QDialog):
    """Asks for the staff PIN and accepts only when verify(pin) says it is right."""

    def __init__(
        self,
        verify: Callable[[str], bool | str],
        parent: QWidget | None = None,
        title: str = "",
    ) -> None:
        """Build the dialog; verify is called with the typed PIN each time OK is pressed."""
        super().__init__(parent)
        self._verify = verify
        self.setWindowTitle(title or self.tr("Staff PIN"))
        self.setModal(True)
        self.setMinimumWidth(DIALOG_WIDTH)
        self.setStyleSheet(DIALOG_STYLE)

        self._field = _pin_field("pin_field", self.tr("Staff PIN"))
        self._error = _error_label(self.tr("PIN error"))
        self._buttons = _buttons(self, self.tr("OK"), self.tr("Cancel"))
        self._buttons.accepted.connect(self.submit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        layout.addWidget(_prompt(self.tr("Enter the staff PIN")))
        layout.addWidget(self._field)
        layout.addWidget(self._error)
        layout.addWidget(self._buttons)
        self._field.setFocus()

    def submit(self) -> None:
        """Check the typed PIN: accept if verify approves, else show the error and clear it."""
        pin = _ascii_digits(self._field.text())
        # verify answers True, False, or a sentence saying why no PIN can be taken now.
        result = self._verify(pin) if is_valid_pin(pin) else False
        if result is True:
            self._error.clear()
            self.accept()
            return
        self._error.setText(
            result if isinstance(result, str) else in_language_of(self, "PinDialog", WRONG_PIN)
        )
        self._field.clear()
        self._field.setFocus()

    @classmethod
    def ask(
        cls,
        verify: Callable[[str], bool | str],
        parent: QWidget | None = None,
        title: str = "",
    ) -> bool:
        """Show the dialog modally and return True only if a right PIN was entered."""
        dialog = cls(verify, parent, title)
        return dialog.exec() == QDialog.DialogCode.Accepted


class SetPinDialog(Localised, QDialog):
    """Asks for a new staff PIN twice and accepts when both match and have 4 to 12 digits."""

    def __init__(self, parent: QWidget | None = None, title: str = "") -> None:
        """Build the dialog with a field for the new PIN and one to confirm it."""
        super().__init__(parent)
        self.setWindowTitle(title or self.tr("Choose a staff PIN"))
        self.setModal(True)
        self.setMinimumWidth(DIALOG_WIDTH)
        self.setStyleSheet(DIALOG_STYLE)

        self._new = _pin_field("new_pin_field", self.tr("New PIN"))
        self._confirm = _pin_field("confirm_pin_field", self.tr("New PIN again"))
        self._error = _error_label(self.tr("PIN error"))
        self._buttons = _buttons(self, self.tr("Save PIN"), self.tr("Cancel"))
        self._buttons.accepted.connect(self.submit)
        self._pin = ""

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        layout.addWidget(_prompt(self.tr("New PIN (4 to 12 digits)")))
        layout.addWidget(self._new)
        layout.addWidget(_prompt(self.tr("Type the new PIN again")))
        layout.addWidget(self._confirm)
        layout.addWidget(self._error)
        layout.addWidget(self._buttons)
        self._new.setFocus()

    def submit(self) -> None:
        """Accept if the PIN has 4 to 12 digits and both entries match, else say what is wrong."""
        new = _ascii_digits(self._new.text())
        confirm = _ascii_digits(self._confirm.text())
        # Length first: there is no point confirming a PIN that cannot be used.
        if not is_valid_pin(new):
            self._error.setText(in_language_of(self, "PinDialog", BAD_LENGTH))
            self._confirm.clear()
            self._new.setFocus()
            return
        if new != confirm:
            self._error.setText(in_language_of(self, "PinDialog", PINS_DIFFER))
            self._confirm.clear()
            self._confirm.setFocus()
            return
        self._error.clear()
        self._pin = new
        self.accept()

    def pin(self) -> str:
        """Return the accepted new PIN as ASCII digits, or "" before it is accepted."""
        return self._pin

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> str | None:
        """Show the dialog modally and return the new PIN, or None if cancelled."""
        dialog = cls(parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.pin()
        return None


def is_valid_pin(pin: str) -> bool:
    """Return True if pin is 4 to 12 ASCII digits."""
    return pin.isascii() and pin.isdigit() and MIN_PIN_LENGTH <= len(pin) <= MAX_PIN_LENGTH
