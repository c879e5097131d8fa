"""The idle lock and the kiosk guard: one application-wide event filter and one cover screen.

``IdleWatch`` sees every input event that reaches the wizard's window. It times how long
nobody has touched the tablet and asks the pure rule in ``consent_app.idle`` what to show;
while the cover is up, keys work only the cover's buttons (mouse and touch land on the cover,
which lies over everything), and in kiosk mode it swallows the keyboard shortcuts that would
leave or switch the window. Dialogs (the PIN) are windows of their own and are not watched.

``LockScreen`` covers the whole wizard with an opaque screen that carries no patient detail:
"Are you still there?" first, then "This tablet is locked" until staff give the PIN.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QWindow
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from consent_app.idle import IdleState, idle_state, seconds_until_lock
from consent_app.settings import Settings
from consent_app.ui.i18n import Localised

log = logging.getLogger(__name__)

_INPUT = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.Wheel,
        QEvent.Type.TabletPress,
    }
)

_CONTROL = Qt.KeyboardModifier.ControlModifier
_ALT = Qt.KeyboardModifier.AltModifier
_META = Qt.KeyboardModifier.MetaModifier

#: Keys that leave, close, hide or switch the window; swallowed in kiosk mode.
_KIOSK_KEYS: frozenset[tuple[Qt.Key, bool]] = frozenset(
    {
        (Qt.Key.Key_F4, True),  # Alt+F4, Ctrl+F4
        (Qt.Key.Key_Q, True),  # Ctrl+Q
        (Qt.Key.Key_W, True),  # Ctrl+W
        (Qt.Key.Key_Tab, True),  # Alt+Tab, Ctrl+Tab
        (Qt.Key.Key_Escape, False),
        (Qt.Key.Key_F11, False),  # leave full screen
        (Qt.Key.Key_Super_L, False),
        (Qt.Key.Key_Super_R, False),
        (Qt.Key.Key_Meta, False),
        (Qt.Key.Key_Back, False),
        (Qt.Key.Key_Close, False),
        (Qt.Key.Key_Exit, False),
    }
)


def kiosk_blocks(event: QKeyEvent) -> bool:
    """Whether a key press is a way out of the app (or to another window) in kiosk mode."""
    key = Qt.Key(event.key())
    modified = bool(event.modifiers() & (_CONTROL | _ALT | _META))
    if (key, False) in _KIOSK_KEYS:
        return True
    if (key, True) in _KIOSK_KEYS and modified:
        return True
    # Alt with a letter would fire a button's mnemonic (e.g. a "&Back" on a platform style).
    # Ctrl+Alt is AltGr on some keyboards, which types letters such as "Ł": let it through.
    return bool(event.modifiers() & _ALT) and not event.modifiers() & _CONTROL


class LockScreen(Localised, QWidget):
    """An opaque cover over the whole wizard: "Are you still there?", or locked."""

    still_here = Signal()
    unlock_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lock_screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.setSpacing(24)
        layout.addStretch(1)
        self.title = QLabel(self)
        self.title.setObjectName("lock_title")
        self.title.setProperty("role", "h1")
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title)
        self.text = QLabel(self)
        self.text.setObjectName("lock_text")
        self.text.setProperty("role", "body")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.text)
        self.here_button = QPushButton(self.tr("Yes, I am here"), self)
        self.here_button.setObjectName("still_here")
        self.here_button.setProperty("role", "primary")
        self.here_button.setMinimumSize(360, 96)
        self.here_button.clicked.connect(self.still_here)
        layout.addWidget(self.here_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.unlock_button = QPushButton(self.tr("Unlock (staff)"), self)
        self.unlock_button.setObjectName("unlock")
        self.unlock_button.setMinimumSize(360, 96)
        self.unlock_button.clicked.connect(self.unlock_requested)
        layout.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.mode = IdleState.ACTIVE
        self.hide()
        parent.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the wizard's size, so the cover always covers all of it."""
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    def ask(self, seconds_left: int) -> None:
        """Show "Are you still there?" with the seconds left before the lock."""
        self.mode = IdleState.ASKING
        self.title.setText(self.tr("Are you still there?"))
        self.text.setText(
            self.tr(
                "Touch the button to carry on. To keep your answers private, the tablet "
                "will lock in {0} seconds."
            ).format(seconds_left)
        )
        self.here_button.show()
        self.unlock_button.hide()
        self._cover()
        self.here_button.setFocus()

    def lock(self) -> None:
        """Show the locked screen: the answers are kept; staff unlock with the PIN."""
        self.mode = IdleState.LOCKED
        self.title.setText(self.tr("This tablet is locked"))
        self.text.setText(
            self.tr(
                "The answers so far are saved. Please ask the nurse to unlock it. "
                "You will carry on where you stopped."
            )
        )
        self.here_button.hide()
        self.unlock_button.show()
        self._cover()
        self.unlock_button.setFocus()

    def uncover(self) -> None:
        """Take the cover away."""
        self.mode = IdleState.ACTIVE
        self.hide()

    def _cover(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()


class IdleWatch(QObject):
    """Times inactivity across the app, drives the cover, and guards the keyboard in kiosk mode.

    ``patient_mode`` says whose hands the tablet is in; ``unlock`` asks for the staff PIN;
    ``on_lock`` is told when the tablet locks (to save and audit). ``clock`` is a monotonic
    clock in seconds, replaceable in tests; ``tick`` runs once a second.
    """

    def __init__(
        self,
        cover: LockScreen,
        settings: Settings,
        patient_mode: Callable[[], bool],
        unlock: Callable[[], bool],
        on_lock: Callable[[], None],
        kiosk: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(cover)
        self.cover = cover
        self.settings = settings
        self.patient_mode = patient_mode
        self.unlock = unlock
        self.on_lock = on_lock
        self.kiosk = kiosk
        self.clock = clock
        self.last_input = clock()
        cover.still_here.connect(self.poke)
        cover.unlock_requested.connect(self.try_unlock)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self._window: QWindow | None = None

    def attach(self, window: QWindow | None) -> None:
        """Watch the input reaching the wizard's window (call once it has been shown).

        The filter sits on the window, not the application: every input event for the wizard
        passes through its window first, and nothing else in the app pays for the watch.
        """
        if window is None or window is self._window:
            return
        if self._window is not None:
            self._window.removeEventFilter(self)
        self._window = window
        window.installEventFilter(self)

    def locked(self) -> bool:
        """Whether the tablet is locked until staff give the PIN."""
        return self.cover.mode is IdleState.LOCKED

    def poke(self) -> None:
        """Someone touched the tablet: the idle time starts again (a lock stays, though)."""
        self.last_input = self.clock()
        if self.cover.mode is IdleState.ASKING:
            self.cover.uncover()

    def tick(self) -> None:
        """Show what the idle rule says for the time since the last touch."""
        if self.locked():
            return
        idle = self.clock() - self.last_input
        state = idle_state(idle, self.patient_mode(), self.settings)
        if state is IdleState.LOCKED:
            self.lock()
        elif state is IdleState.ASKING:
            self.cover.ask(seconds_until_lock(idle, self.settings))
        elif self.cover.mode is IdleState.ASKING:
            self.cover.uncover()

    def lock(self) -> None:
        """Cover everything; only the staff PIN takes the cover away."""
        if self.locked():
            return
        self.cover.lock()
        log.info("tablet locked after inactivity")
        self.on_lock()

    def try_unlock(self) -> bool:
        """Ask for the PIN; with the right one, go back to the page on show."""
        if not self.unlock():
            return False
        self.cover.uncover()
        self.last_input = self.clock()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note every touch; while covered, keep input off the pages; in kiosk, no way out."""
        kind = event.type()
        if kind not in _INPUT:
            return False
        keyboard = isinstance(event, QKeyEvent)
        if keyboard and self.kiosk and kiosk_blocks(event):
            event.accept()
            return True
        if keyboard and self.cover.mode is not IdleState.ACTIVE and not self._focus_on_cover(event):
            return True
        if kind != QEvent.Type.MouseMove:
            self.poke()
        return False

    def _focus_on_cover(self, event: QKeyEvent) -> bool:
        """While covered, keys may only work the cover's own buttons (and never move focus)."""
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            return False
        focus = self.cover.window().focusWidget()
        return focus is not None and (focus is self.cover or self.cover.isAncestorOf(focus))
