"""The consent wizard: nurse intake, the patient's review on the tablet, then the nurse again."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard

from consent_app.domain.audit import EventKind
from consent_app.domain.form import FormError
from consent_app.domain.form_versions import changed_pages, require_review, stamp
from consent_app.pin import PinVerdict
from consent_app.store import Fault
from consent_app.ui.autosave import Autosaver
from consent_app.ui.base import ConsentPage, PageId
from consent_app.ui.context import WizardContext
from consent_app.ui.controls import restyle
from consent_app.ui.i18n import Localised, fault_text
from consent_app.ui.lock_screen import IdleWatch, LockScreen
from consent_app.ui.pin_dialog import PinDialog
from consent_app.ui.style import display_sheet

log = logging.getLogger(__name__)

#: Pixels a navigation button gets beyond its size hint (see ``apply_display``).
_ROOM = 4
_NAVIGATION = (
    QWizard.WizardButton.BackButton,
    QWizard.WizardButton.NextButton,
    QWizard.WizardButton.CommitButton,
    QWizard.WizardButton.FinishButton,
)


class _FirstPaint(QObject):
    """Calls ``then`` once, after the widget it watches has painted for the first time."""

    def __init__(self, then) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self._then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._then()
        return False


class ConsentWizard(Localised, QWizard):
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
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoCancelButton, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self._label_buttons()
        for button in _NAVIGATION:
            self.button(button).setMinimumSize(160, 56)
            # Styled as the patient's only on patient pages: see QWizard[audience] in app.qss.
            self.button(button).setProperty("role", "navigation")
        self._pages: dict[PageId, ConsentPage] = {}
        for page in pages:
            self.setPage(int(page.page), page)
            self._pages[page.page] = page
        self.setStartId(int(PageId.INTAKE))
        self._on_show: ConsentPage | None = None
        self._shown_since = time.monotonic()
        self._resuming = False
        self.autosave = Autosaver(context.store, context.now, self)
        self.autosave.failed.connect(self._save_failed)
        self.autosave.recovered.connect(lambda: self._save_failed("", ""))
        context.edited = self.autosave.changed
        context.record = self.autosave.record
        context.save_now = lambda: self.autosave.flush(wait=True)
        self._track_new_session()
        self.currentIdChanged.connect(self._entered)
        self.lock_screen = LockScreen(self)
        self.idle = IdleWatch(
            self.lock_screen, context.settings, self.patient_mode, self.unlock_staff, self._locked
        )
        # The pages not on show are built one at a time once the first one is on screen.
        self._builder = QTimer(self)
        self._builder.setSingleShot(True)
        self._builder.setInterval(0)
        self._builder.timeout.connect(self._build_next_page)
        self._first_paint = _FirstPaint(self._builder.start)

    def ui_language(self) -> str:
        """The language of whoever holds the tablet: the patient's on patient pages."""
        if self.patient_mode():
            return self.context.session.language
        return self.context.settings.clinic_language

    def _label_buttons(self) -> None:
        """The wizard's own buttons, in the language of whoever holds the tablet.

        Only words that differ are set: setting a button's text lays the buttons out again, and
        that must not undo the sizes the patient's text size gave them.
        """
        title = self.tr("Vertebroplasty consent")
        if self.windowTitle() != title:
            self.setWindowTitle(title)
        for button, text in (
            (QWizard.WizardButton.CommitButton, self.tr("Hand to the patient  ▶")),
            (QWizard.WizardButton.FinishButton, self.tr("Start next patient")),
            (QWizard.WizardButton.NextButton, self.tr("Next  ▶")),
            (QWizard.WizardButton.BackButton, self.tr("◀  Back")),
        ):
            if self.buttonText(button) != text:
                self.setButtonText(button, text)

    def switch_language(self, language: str) -> bool:
        """Show the patient pages in ``language`` from now on (chosen at intake or by the
        patient); False, with a message, when there is no form in that language."""
        session = self.context.session
        if language == session.language:
            return True
        try:
            form = self.context.form_in(language)
        except FormError:
            log.exception("no usable form in the chosen language")
            self.show_message(
                self.tr("Language not available"),
                self.tr("The consent form cannot be shown in that language on this tablet."),
            )
            return False
        old, session.language = session.language, language
        # The hashes follow the words now on show, so a resume checks those words.
        stamp(session, form)
        on_show = self.current()
        self.autosave.record(
            EventKind.LANGUAGE_CHANGED,
            old=old,
            new=language,
            page=on_show.page_id if on_show is not None else "",
        )
        self.autosave.changed()
        for page in self._pages.values():
            if page.audience == "patient":
                page.rebuild()
        self._label_buttons()
        self.apply_display()
        return True

    def showEvent(self, event: QShowEvent) -> None:
        """Once shown the wizard has a window: the idle watch listens to its input."""
        super().showEvent(event)
        self.idle.attach(self.windowHandle())
        if self._first_paint is not None:
            on_show = self.currentPage() or self
            on_show.installEventFilter(self._first_paint)

    def _build_next_page(self) -> None:
        """Build one page not built yet, then let events through before the next one."""
        self._first_paint = None
        for page in self._pages.values():
            if not page.built:
                page.ensure_built()
                self._builder.start()
                return

    def set_kiosk(self, kiosk: bool) -> None:
        """In kiosk mode the keyboard shortcuts that leave or switch the window do nothing."""
        self.setProperty("kiosk", kiosk)
        self.idle.kiosk = kiosk

    def _locked(self) -> None:
        self.autosave.record(EventKind.LOCKED, reason="idle")
        self.autosave.flush()

    def _track_new_session(self) -> None:
        session = self.context.session
        self.autosave.track(session, saved=False)
        self.autosave.record(
            EventKind.SESSION_CREATED,
            form_version=session.form_version,
            form_hash=session.form_hash,
        )

    # -- pages -------------------------------------------------------------------------------
    def page_for(self, page: PageId) -> ConsentPage:
        """The page object for an id, built and ready to use."""
        found = self._pages[page]
        found.ensure_built()
        return found

    def page_for_name(self, name: str) -> ConsentPage:
        """The page whose objectName is ``name`` (``"checklist"``, ``"review"`` …), built."""
        return self.page_for(PageId[name.upper()])

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
        self._left(page)
        session.current_page = page.page_id
        deck = getattr(page, "deck", None)
        session.current_card = deck.index() if deck is not None else 0
        session.pages_shown.setdefault(page.page_id, self.context.now())
        if page.audience != self.property("audience") and page.audience == "patient":
            self.autosave.record(EventKind.LOCKED, reason="handed to the patient")
        self.setProperty("audience", page.audience)
        self._label_buttons()
        # The wizard's own buttons follow the audience too: large on patient pages.
        for widget in (self, *(self.button(b) for b in _NAVIGATION)):
            restyle(widget)
        self.apply_display()
        page.take_focus()
        if not self._resuming:
            self.autosave.record(EventKind.PAGE_ENTERED, page=page.page_id)
            self.autosave.flush()

    def _left(self, entered: ConsentPage) -> None:
        """Note the time spent on the page just left; a changed page read again is done."""
        now = time.monotonic()
        left, self._on_show, since = self._on_show, entered, self._shown_since
        self._shown_since = now
        if left is None or left is entered or self._resuming:
            return
        self._record_time_on(left, now - since)
        session = self.context.session
        if entered.page > left.page and left.page_id in session.pages_to_review:
            session.pages_to_review.remove(left.page_id)

    def _record_time_on(self, page: ConsentPage, seconds: float) -> None:
        self.autosave.record(EventKind.PAGE_LEFT, page=page.page_id, seconds=round(seconds, 1))

    def apply_display(self) -> None:
        """Show the patient pages in the session's text size and theme (only if changed)."""
        sheet = display_sheet(self.context.session.text_size, self.context.session.high_contrast)
        if self.styleSheet() != sheet:
            self.setStyleSheet(sheet)
        # The stylesheet's minimum size fits standard text; larger text needs bigger buttons,
        # or a crowded page squeezes them until their words are cut.
        for which in _NAVIGATION:
            button = self.button(which)
            hint = button.sizeHint()
            # Measured before the arrow's fallback font has drawn at this size, the words can
            # come out a pixel or two short of what they take once drawn: room for that too.
            button.setMinimumSize(max(160, hint.width() + _ROOM), max(56, hint.height()))

    def save(self) -> bool:
        """Write the session now and wait for it; False (and a message on screen) on failure."""
        return self.autosave.flush(wait=True)

    def _save_failed(self, fault: str, doing: str) -> None:
        """Say on every page, in its reader's language, that saving is failing (and stop
        saying it once it works: ``fault`` is "" then)."""
        for page in self._pages.values():
            page.show_fault(fault_text(page, Fault(fault), doing) if fault else "")

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
        """Ask for the staff PIN; True only when the right PIN is given.

        While a resume replays the pages up to where the session stopped, staff have already
        given the PIN to start it, so crossings on the way need no second one.
        """
        if self._resuming:
            return True
        return PinDialog.ask(self.check_pin, self)

    def check_pin(self, typed: str) -> bool | str:
        """True for the right PIN; False for a wrong one; a sentence while entry is locked."""
        verdict = self.context.pin_gate.check(typed)
        if verdict is PinVerdict.ACCEPTED:
            self.autosave.record(EventKind.UNLOCKED)
            return True
        self.autosave.record(EventKind.PIN_FAILED, failures=self.context.pin_gate.failures)
        self.autosave.flush()
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
        # Only a window on show can be closed by a person; a hidden one is closed by code.
        if self.isVisible() and self.patient_mode() and not self.unlock_staff():
            event.ignore()
            return
        self._settle_pages()
        if self._on_show is not None:  # the time on the last page counts too
            self._record_time_on(self._on_show, time.monotonic() - self._shown_since)
            self._on_show = None
        self.autosave.close()
        event.accept()

    def _settle_pages(self) -> None:
        """Let each page finish what it has under way for the session (a seal being written)."""
        for page in self._pages.values():
            page.settle()

    # -- the next patient --------------------------------------------------------------------
    def accept(self) -> None:
        """Finish on the last page starts the next patient instead of closing the app."""
        self.start_next_patient()

    def start_next_patient(self) -> None:
        """Clear every patient detail from every page and begin a new session."""
        self._settle_pages()
        self.save()
        self.context.session = self.context.new_session()
        self._track_new_session()
        self._refill_pages()

    def _refill_pages(self) -> None:
        """Back to the first page, then every page refilled from the current session.

        In that order: the last page exports when it is refilled while on show, and a blank
        session must never be exported.
        """
        self._on_show = None
        self.restart()
        for page in self._pages.values():
            page.reset()

    # -- staff tools -------------------------------------------------------------------------
    def open_records(self, unfinished_only: bool = False) -> None:
        """The records browser (and resume), for staff only: never from a patient page."""
        if self.patient_mode() or not self.unlock_staff():
            return
        from consent_app.ui.records_browser import RecordsBrowser

        browser = RecordsBrowser(self.context, self, unfinished_only=unfinished_only)
        browser.resume_requested.connect(self._resume_from_browser)
        browser.resize(self.size())
        browser.open()

    def _resume_from_browser(self, session_id: str) -> None:
        self.resume(session_id)

    # -- resume ------------------------------------------------------------------------------
    def resume(self, session_id: str) -> None:
        """Carry on with a stored session exactly where it stopped (staff have given the PIN).

        The pages are replayed from the start, each filled from the session, up to the page
        and card on show when it stopped; a page that is no longer complete (its content
        changed since, so its answers were set aside) is where the replay stops instead.
        """
        self._settle_pages()
        self.save()
        context = self.context
        session = context.store.load(session_id)
        self.autosave.track(session, saved=True)
        context.session = session
        form = context.form_in(session.language)
        changed = changed_pages(session, form)
        if changed:
            old_hash = session.form_hash
            require_review(session, form, changed)
            self.autosave.record(
                EventKind.FORM_CHANGED, old_hash=old_hash, new_hash=session.form_hash, pages=changed
            )
            self.autosave.changed()
        stopped_at = PageId[session.current_page.upper()] if session.current_page else None
        card = session.current_card
        self.autosave.record(EventKind.SESSION_RESUMED, page=session.current_page)
        self._resuming = True
        try:
            self._refill_pages()
            while stopped_at is not None and self.currentId() < int(stopped_at):
                on_show = self.current()
                if on_show is None or not on_show.isComplete():
                    break  # this page needs doing again (its content changed since)
                before = self.currentId()
                self.next()
                if self.currentId() == before:
                    break
        finally:
            self._resuming = False
        on_show = self.current()
        deck = getattr(on_show, "deck", None)
        if deck is not None and on_show is not None and on_show.page == stopped_at:
            deck.go_to(card)
        if on_show is not None:
            self.autosave.record(EventKind.PAGE_ENTERED, page=on_show.page_id)
        self.autosave.flush()
        log.info("session resumed (%d changed pages)", len(changed))
