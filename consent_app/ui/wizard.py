"""The consent wizard: nurse intake, the patient's review on the tablet, then the nurse again."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard

from consent_app.pin import PinVerdict
from consent_app.store import StoreError
from consent_app.ui.base import ConsentPage, PageId
from consent_app.ui.context import WizardContext
from consent_app.ui.controls import restyle
from consent_app.ui.pin_dialog import PinDialog

log = logging.getLogger(__name__)

_NAVIGATION = (
    QWizard.WizardButton.BackButton,
    QWizard.WizardButton.NextButton,
    QWizard.WizardButton.CommitButton,
    QWizard.WizardButton.FinishButton,
)


class ConsentWizard(QWizard):
    """The whole consent path as one wizard; the session is saved every time a page is entered.

    On patient pages nothing leads back to staff pages or out of the app without the staff PIN:
    Back is disabled on the first patient page, Escape is ignored and closing asks for the PIN.
    """

    def __init__(
        self, context: WizardContext, pages: list[ConsentPage], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("consent_wizard")
        self.setWindowTitle(self.tr("Vertebroplasty consent"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoCancelButton, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Hand to the patient  ▶"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Start next patient"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Next  ▶"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("◀  Back"))
        for button in _NAVIGATION:
            self.button(button).setMinimumSize(160, 56)
        self._pages: dict[PageId, ConsentPage] = {}
        for page in pages:
            self.setPage(int(page.page), page)
            self._pages[page.page] = page
        self.setStartId(int(PageId.INTAKE))
        self.currentIdChanged.connect(self._entered)

    # -- pages -------------------------------------------------------------------------------
    def page_for(self, page: PageId) -> ConsentPage:
        """The page object for an id."""
        return self._pages[page]

    def page_for_name(self, name: str) -> ConsentPage:
        """The page whose objectName is ``name`` (``"checklist"``, ``"review"`` …)."""
        return self._pages[PageId[name.upper()]]

    def current(self) -> ConsentPage | None:
        """The page on show."""
        page = self.currentPage()
        return page if isinstance(page, ConsentPage) else None

    def patient_mode(self) -> bool:
        """Whether the tablet is in the patient's hands (a patient page is on show)."""
        page = self.current()
        return page is not None and page.audience == "patient"

    def _entered(self, page_id: int) -> None:
        if page_id < 0:
            return
        page = self._pages[PageId(page_id)]
        session = self.context.session
        session.current_page = page.page_id
        session.pages_shown.setdefault(page.page_id, self.context.now())
        self.setProperty("audience", page.audience)
        # The wizard's own buttons follow the audience too: large on patient pages.
        for widget in (self, *(self.button(b) for b in _NAVIGATION)):
            restyle(widget)
        self.save()

    def save(self) -> bool:
        """Save the session; on failure say so calmly and keep everything on screen."""
        try:
            self.context.store.save(self.context.session)
        except StoreError:
            log.exception("session save failed")
            self.show_message(
                self.tr("Not saved"),
                self.tr(
                    "The answers could not be saved just now. Nothing on screen is lost. "
                    "Please tell the nurse; the app will try again on the next page."
                ),
            )
            return False
        return True

    def show_message(self, title: str, text: str) -> None:
        """A calm, non-blocking message over the wizard."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("wizard_message")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()

    # -- the staff lock ----------------------------------------------------------------------
    def unlock_staff(self) -> bool:
        """Ask for the staff PIN; True only when the right PIN is given."""
        return PinDialog.ask(self.check_pin, self)

    def check_pin(self, typed: str) -> bool | str:
        """True for the right PIN; False for a wrong one; a sentence while entry is locked."""
        verdict = self.context.pin_gate.check(typed)
        if verdict is PinVerdict.ACCEPTED:
            return True
        if verdict is PinVerdict.LOCKED:
            return self.tr("Too many wrong PINs. Please wait {0} seconds, then try again.").format(
                self.context.pin_gate.seconds_left()
            )
        return False

    def back(self) -> None:
        """Go back, except from a patient page to a staff page without the staff PIN."""
        history = self.visitedIds()
        if len(history) < 2:
            return
        previous = self._pages[PageId(history[-2])]
        if self.patient_mode() and previous.audience == "staff" and not self.unlock_staff():
            return
        super().back()

    def reject(self) -> None:
        """Escape never closes the wizard: a stray key must not end a consent session."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Swallow Escape; everything else as usual."""
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """In the patient's hands, closing needs the staff PIN; the session is saved first."""
        self.save()
        if self.patient_mode() and not self.unlock_staff():
            event.ignore()
            return
        event.accept()

    # -- the next patient --------------------------------------------------------------------
    def accept(self) -> None:
        """Finish on the last page starts the next patient instead of closing the app."""
        self.start_next_patient()

    def start_next_patient(self) -> None:
        """Clear every patient detail from every page and begin a new session."""
        self.context.session = self.context.new_session()
        for page in self._pages.values():
            page.reset()
        self.restart()
