"""The staff lock: no way from a patient page to staff pages, records or out, without the PIN;
the idle lock asks, then locks with no patient detail on screen, and keeps the progress."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton, QWizard
from wizard_driver import Driver, PatientAnswers, make_app

from consent_app.domain.audit import EventKind
from consent_app.domain.form_versions import PATIENT_PAGE_CONTENT
from consent_app.idle import IdleState
from consent_app.store import SessionStore

#: The pages the patient holds the tablet for, as the domain lists them.
PATIENT_PAGES = list(PATIENT_PAGE_CONTENT)

#: The keyboard's ways out or around, as a kiosk user might try them.
ESCAPES = [
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier),  # a "&Back" mnemonic
    (Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier),  # "back" in browsers
    (Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier),
]


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _press(widget, key, modifiers) -> None:
    for kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers))


def _walk_to(driver: Driver, page: str) -> None:
    """From the first patient page to ``page``: through to the decision, then back."""
    driver.patient(PatientAnswers())
    if page == "patient_signature":
        driver.next("patient_signature")
    while driver.page_name() != page:
        driver.wizard.back()


@pytest.mark.parametrize("page", PATIENT_PAGES)
def test_no_way_out_of_a_patient_page_without_the_pin(tmp_path, qtbot, monkeypatch, page):
    # Every PIN prompt is answered wrongly: nothing may get past it.
    wizard, _data = make_app(tmp_path, qtbot, monkeypatch, pin_attempts=["0000"] * 100)
    driver = Driver(wizard)
    driver.to_patient()
    # make_app's PIN prompt answers the right PIN once attempts run out; keep them coming.
    wizard.set_kiosk(True)
    _walk_to(driver, page)
    assert driver.page_name() == page

    def still_there() -> None:
        assert driver.page_name() == page
        assert wizard.patient_mode()
        assert wizard.isVisible()

    # Back, by the button and by the method.
    back = wizard.button(QWizard.WizardButton.BackButton)
    if back.isVisible() and back.isEnabled():
        back.click()
    wizard.back()
    if page == "procedure":
        still_there()
    else:  # Back stays among the patient's own pages, never reaching a staff page
        assert wizard.patient_mode()
        while wizard.currentPage().objectName() != page:
            wizard.next()
        still_there()
    # Escape, reject, and every kiosk shortcut, as the window system delivers them.
    for key, modifiers in ESCAPES:
        _press(wizard.windowHandle(), key, modifiers)
        _press(wizard, key, modifiers)
        still_there()
    wizard.reject()
    still_there()
    # Closing the window.
    event = QCloseEvent()
    wizard.closeEvent(event)
    assert not event.isAccepted()
    still_there()
    # The records browser and resume.
    wizard.open_records()
    wizard.open_records(unfinished_only=True)
    assert wizard.findChildren(QDialog, "records_browser") == []
    still_there()
    # The idle lock's unlock, with the wrong PIN.
    wizard.idle.lock()
    assert not wizard.idle.try_unlock()
    assert wizard.lock_screen.isVisible()
    still_there()


def test_kiosk_shortcuts_are_swallowed_but_typing_goes_through(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    wizard.set_kiosk(True)
    name = wizard.windowHandle()
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert wizard.idle.eventFilter(name, event) is True
    typed = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    assert wizard.idle.eventFilter(name, typed) is False
    # AltGr arrives as Ctrl+Alt on some keyboards and types letters such as "Ł".
    altgr = QKeyEvent(
        QEvent.Type.KeyPress,
        Qt.Key.Key_L,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
        "ł",
    )
    assert wizard.idle.eventFilter(name, altgr) is False
    wizard.set_kiosk(False)
    assert wizard.idle.eventFilter(name, event) is False


def _idle_app(tmp_path, qtbot, monkeypatch, **pins):
    wizard, data = make_app(tmp_path, qtbot, monkeypatch, **pins)
    clock = Clock()
    wizard.idle.clock = clock
    wizard.idle.last_input = clock.now
    return wizard, data, clock


def test_a_patient_left_alone_is_asked_then_the_tablet_locks(tmp_path, qtbot, monkeypatch):
    wizard, data, clock = _idle_app(tmp_path, qtbot, monkeypatch, pin_attempts=["0000"])
    settings = wizard.context.settings
    driver = Driver(wizard)
    driver.to_patient()
    driver.next("positioning")
    card = wizard.currentPage().deck.index()
    clock.now += settings.patient_idle_seconds - 1
    wizard.idle.tick()
    assert not wizard.lock_screen.isVisible()
    clock.now += 1
    wizard.idle.tick()
    assert wizard.lock_screen.mode is IdleState.ASKING
    assert wizard.lock_screen.isVisible()
    assert "Are you still there?" in wizard.lock_screen.title.text()
    assert f"{settings.still_there_seconds} seconds" in wizard.lock_screen.text.text()
    # "Yes, I am here" carries on, with no PIN.
    wizard.lock_screen.here_button.click()
    assert not wizard.lock_screen.isVisible()
    # Nobody answers this time: the tablet locks.
    clock.now += settings.patient_idle_seconds + settings.still_there_seconds
    wizard.idle.tick()
    assert wizard.idle.locked()
    # Keys no longer reach the page underneath, nor can Tab move the focus there.
    wizard.currentPage().findChild(QPushButton, "positioning_intro_next").setFocus()
    space = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier)
    assert wizard.idle.eventFilter(wizard.windowHandle(), space)
    wizard.lock_screen.unlock_button.setFocus()
    tab = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
    assert wizard.idle.eventFilter(wizard.windowHandle(), tab)
    assert not wizard.idle.eventFilter(wizard.windowHandle(), space)  # the Unlock button works
    # A wrong PIN keeps it locked; the right one goes back to the same page and card.
    assert not wizard.idle.try_unlock()
    assert wizard.idle.locked()
    assert wizard.idle.try_unlock()
    assert not wizard.lock_screen.isVisible()
    assert driver.page_name() == "positioning"
    assert wizard.currentPage().deck.index() == card
    wizard.save()
    kinds = [
        e.kind
        for e in SessionStore(data / "sessions.sqlite3").events(wizard.context.session.session_id)
    ]
    assert EventKind.LOCKED.value in kinds
    assert EventKind.PIN_FAILED.value in kinds
    assert kinds.index(EventKind.UNLOCKED.value, kinds.index(EventKind.PIN_FAILED.value))


def test_the_locked_screen_shows_no_patient_detail(tmp_path, qtbot, monkeypatch):
    wizard, _, _clock = _idle_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.intake(name="Margaret Ellis")
    wizard.idle.lock()
    assert wizard.lock_screen.geometry() == wizard.rect()
    # Every point of the window shows the lock screen: nothing of the page shows through.
    cover = wizard.lock_screen
    for x in range(0, wizard.width(), 40):
        for y in range(0, wizard.height(), 40):
            shown = wizard.childAt(x, y)
            assert shown is cover or cover.isAncestorOf(shown), (x, y, shown)
    texts = " ".join(label.text() for label in wizard.lock_screen.findChildren(QLabel))
    assert "Margaret" not in texts
    assert "MRN-104233" not in texts
    wizard.resize(800, 1280)
    assert wizard.lock_screen.geometry() == wizard.rect()


def test_staff_pages_lock_after_their_own_timeout_without_asking(tmp_path, qtbot, monkeypatch):
    wizard, _, clock = _idle_app(tmp_path, qtbot, monkeypatch)
    Driver(wizard).intake()
    clock.now += wizard.context.settings.staff_idle_seconds
    wizard.idle.tick()
    assert wizard.idle.locked()
    assert wizard.lock_screen.unlock_button.isVisible()
    assert not wizard.lock_screen.here_button.isVisible()


def test_a_touch_restarts_the_idle_time(tmp_path, qtbot, monkeypatch):
    wizard, _, clock = _idle_app(tmp_path, qtbot, monkeypatch)
    clock.now += wizard.context.settings.staff_idle_seconds - 5
    wizard.idle.eventFilter(
        wizard.windowHandle(),
        QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"),
    )
    clock.now += 10
    wizard.idle.tick()
    assert not wizard.idle.locked()


def test_staff_open_the_records_browser_only_with_the_pin(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch, pin_attempts=["0000"])
    wizard.open_records()  # the wrong PIN
    assert wizard.findChildren(QDialog, "records_browser") == []
    wizard.open_records()  # the right one
    assert len(wizard.findChildren(QDialog, "records_browser")) == 1
