"""Completes the whole wizard with the keyboard alone, in a real window, and says what it could not.

Run on a real display (``QT_QPA_PLATFORM=xcb`` under Xvfb; offscreen Qt has no focus)::

    DISPLAY=:99 QT_QPA_PLATFORM=xcb python tests/ui/keyboard_walk.py

Every key goes to ``QApplication.focusWidget()``: Tab and Shift+Tab to move, Space to press,
arrows within a group of choices and a closed combo box, Ctrl+A and ASCII typing in text
fields. Controls are found only by moving focus and reading the focused widget's objectName,
never by clicking. The staff PIN dialog is answered with the keyboard too.

Prints one JSON object: ``reached`` (the page the walk ended on), ``steps`` (each step and the
keys it took), ``gaps`` (steps the keyboard could not do; the walk then did them through the
widget's API to go on) and ``mouse`` (steps that fell back to the mouse: a signature pad that
did not take a typed name).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parent, HERE.parents[1]):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from PySide6.QtCore import QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
    QWizard,
)

#: Tab presses before giving up on reaching a control (a long page has about 100 stops).
MOST_PRESSES = 400
KEYS = Qt.Key
NO_MODIFIER = Qt.KeyboardModifier.NoModifier


class Unreachable(Exception):
    """The keyboard cannot get to, or cannot operate, a control."""


class _Bot:
    """``make_app`` wants pytest-qt's qtbot and monkeypatch: keep the real PIN dialog."""

    def addWidget(self, widget: QWidget) -> None:
        self.widget = widget

    def setattr(self, owner: object, name: str, value: object) -> None:
        """Patch nothing: the staff PIN is typed into the real dialog."""


class Keyboard:
    """Sends keys to the focused widget and finds controls by moving focus."""

    def __init__(self, app: QApplication, wizard: QWizard) -> None:
        self.app, self.wizard = app, wizard
        self.steps: list[dict] = []
        self.gaps: list[dict] = []
        self.mouse: list[dict] = []
        self.notes: list[str] = []
        self.presses = 0
        self._keys: list[str] = []

    # -- keys -----------------------------------------------------------------------------
    def focused(self) -> QWidget:
        return QApplication.focusWidget() or self.wizard

    def key(self, key: Qt.Key, modifier=NO_MODIFIER, label: str = "") -> None:
        # Noted first: a key that opens a modal dialog returns only once it has closed.
        self._keys.append(label or key.name.removeprefix("Key_"))
        self.presses += 1
        QTest.keyClick(self.focused(), key, modifier)
        self.app.processEvents()

    def type(self, text: str) -> None:
        assert text.isascii(), "QTest aborts the process on non-ASCII keyClicks"
        self._keys.append(f"type {text!r}")
        self.presses += len(text)
        QTest.keyClicks(self.focused(), text)
        self.app.processEvents()

    # -- finding a control ----------------------------------------------------------------
    def tab_to(self, wanted: Callable[[QWidget], bool], what: str) -> QWidget:
        """Press Tab until a wanted widget has focus; Unreachable after a whole round."""
        start: QWidget | None = None
        for _ in range(MOST_PRESSES):
            widget = self.focused()
            if wanted(widget) and widget.hasFocus():
                return widget
            if start is None:
                start = widget
            elif widget is start:
                raise Unreachable(f"Tab goes round the page without reaching {what}")
            self.key(KEYS.Key_Tab)
            if self.focused() is widget:
                raise Unreachable(f"Tab is kept by {_name(widget)}, so {what} is never reached")
        raise Unreachable(f"{what} not reached in {MOST_PRESSES} Tab presses")

    def tab_to_name(self, name: str) -> QWidget:
        return self.tab_to(lambda w: w.objectName() == name, name)

    # -- steps ----------------------------------------------------------------------------
    def step(self, what: str, keys: Callable[[], None], api: Callable[[], None]) -> None:
        """Do a step with the keyboard; if it cannot, note the gap and do it through ``api``."""
        self._keys = []
        page = self.page()
        try:
            keys()
        except Unreachable as gap:
            self.gaps.append({"page": page, "step": what, "problem": str(gap)})
            api()
            self.app.processEvents()
        self.steps.append({"page": page, "step": what, "keys": _counted(self._keys)})

    def page(self) -> str:
        return self.wizard.currentPage().objectName()

    def find(self, name: str) -> QWidget:
        widget = self.wizard.currentPage().findChild(QWidget, name)
        if widget is None:
            raise LookupError(f"{name} is not on {self.page()}")
        return widget

    # -- what a person does ---------------------------------------------------------------
    def press(self, name: str) -> None:
        """Tab to a button and press Space."""

        def keys() -> None:
            self.tab_to_name(name)
            self.key(KEYS.Key_Space)

        self.step(f"press {name}", keys, lambda: self.find(name).click())

    def choose(self, name: str, group: list[str]) -> None:
        """One of a group of exclusive buttons: Tab into the group, arrows to it, Space.

        As with radio buttons, Qt makes one button of an exclusive group its Tab stop (the
        chosen one, once there is one) and the arrow keys move between the buttons.
        """

        def keys() -> None:
            widget = self.tab_to(lambda w: w.objectName() in group, f"the group of {name}")
            target = self.find(name)
            for _ in range(len(group)):
                if widget is target:
                    break
                self.key(_towards(widget, target))
                if self.focused() is widget or self.focused().objectName() not in group:
                    raise Unreachable(f"neither Tab nor arrows go from {_name(widget)} to {name}")
                widget = self.focused()
            if widget is not target:
                raise Unreachable(f"Tab and arrows do not reach {name}")
            self.key(KEYS.Key_Space)
            if not target.isChecked():
                raise Unreachable(f"Space does not choose {name}")

        self.step(f"choose {name}", keys, lambda: self.find(name).click())

    def fill(self, name: str, text: str) -> None:
        """Tab to a text field, select what is there and type over it."""

        def keys() -> None:
            self.tab_to_name(name)
            self.key(KEYS.Key_A, Qt.KeyboardModifier.ControlModifier, "Ctrl+A")
            self.type(text)
            if _text(self.find(name)) != text:
                raise Unreachable(f"typing into {name} gives {_text(self.find(name))!r}")

        def api() -> None:
            widget = self.find(name)
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(text)
            else:
                widget.setText(text)

        self.step(f"fill {name}", keys, api)

    def pick(self, name: str, index: int) -> None:
        """A closed combo box: Tab to it, then Down until the wanted item shows."""

        def keys() -> None:
            combo = self.tab_to_name(name)
            for _ in range(index - combo.currentIndex()):
                self.key(KEYS.Key_Down)
            if combo.currentIndex() != index:
                raise Unreachable(f"Down does not move {name} to item {index}")

        self.step(
            f"pick item {index} of {name}", keys, lambda: self.find(name).setCurrentIndex(index)
        )

    def forward(self, expect: str, pin: str = "") -> None:
        """The wizard's own Next (or its commit button): Tab to it, Space; a PIN if asked."""
        names = {
            self.wizard.button(b).objectName()
            for b in (QWizard.WizardButton.NextButton, QWizard.WizardButton.CommitButton)
        }

        if self.page() == expect:
            return  # the last card's own Next already moved the wizard on

        def keys() -> None:
            self.tab_to(
                lambda w: w.objectName() in names and w.isVisible() and w.isEnabled(),
                "the wizard's Next",
            )
            if pin:
                self._answer_pin_dialog(pin)
            self.key(KEYS.Key_Space)

        def api() -> None:
            if pin:
                self._answer_pin_dialog(pin)
            self.wizard.next()

        self.step(f"Next to {expect}", keys, api)
        if pin and QApplication.activeWindow() is None:
            # With no window manager (bare Xvfb) nothing re-activates the wizard when the
            # modal PIN dialog closes; a window manager would. Do what it would do.
            self.wizard.activateWindow()
            QTest.qWaitForWindowActive(self.wizard, 5_000)
            self.notes.append(f"{expect}: no window was active after the PIN dialog closed")
        if self.page() != expect:
            raise RuntimeError(f"expected {expect}, on {self.page()}: {self.gaps[-3:]}")

    def _answer_pin_dialog(self, pin: str) -> None:
        """Type the PIN into the dialog that opens modally (its own event loop runs then)."""
        deadline = time.monotonic() + 10

        def answer() -> None:
            dialog = QApplication.activeModalWidget()
            field = QApplication.focusWidget()
            if dialog is None or field is None or field.objectName() != "pin_field":
                if time.monotonic() < deadline:
                    QTimer.singleShot(50, answer)
                return
            self.type(pin)
            self.key(KEYS.Key_Return)

        QTimer.singleShot(50, answer)

    def sign(self, pad_name: str) -> None:
        """A signature pad: Tab to it, type the name, Enter; else (a gap) drawn with the mouse."""
        pad = self.find(pad_name)

        def keys() -> None:
            self.tab_to_name(pad_name)
            self.type("Maria Lopez")
            self.key(KEYS.Key_Return)
            if pad.is_empty():
                raise Unreachable(f"{pad_name} has focus, but no key signs it")

        self._keys = []
        page = self.page()
        try:
            keys()
            self.steps.append({"page": page, "step": f"sign {pad_name}", "keys": self._keys})
            return
        except Unreachable as gap:
            problem = str(gap)
        scroll = self.wizard.currentPage().findChild(QScrollArea)
        scroll.ensureWidgetVisible(pad)
        self.app.processEvents()
        _draw(pad)
        if pad.is_empty():
            raise RuntimeError(f"the mouse did not sign {pad_name}")
        self.mouse.append({"page": page, "step": f"sign {pad_name}", "problem": problem})


def _towards(widget: QWidget, target: QWidget) -> Qt.Key:
    """The key that moves focus from one button of a group towards another."""
    if target.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return KEYS.Key_Tab
    here = widget.mapToGlobal(widget.rect().center())
    there = target.mapToGlobal(target.rect().center())
    if abs(there.y() - here.y()) > abs(there.x() - here.x()):
        return KEYS.Key_Down if there.y() > here.y() else KEYS.Key_Up
    return KEYS.Key_Right if there.x() > here.x() else KEYS.Key_Left


def _draw(pad: QWidget) -> None:
    """A zigzag dragged across the pad with the left button held."""
    left = Qt.MouseButton.LeftButton
    points = [QPoint(30 + 16 * i, pad.height() // 2 + (30 if i % 2 else -30)) for i in range(24)]
    QTest.mousePress(pad, left, NO_MODIFIER, points[0])
    for point in points[1:]:
        QTest.mouseMove(pad, point, 5)
    QTest.mouseRelease(pad, left, NO_MODIFIER, points[-1])


def _name(widget: QWidget) -> str:
    return widget.objectName() or widget.accessibleName() or type(widget).__name__


def _text(widget: QWidget) -> str:
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QLineEdit | QComboBox):
        return widget.text() if isinstance(widget, QLineEdit) else widget.currentText()
    return ""


def _counted(keys: list[str]) -> str:
    """``["Tab", "Tab", "Space"]`` as ``"Tab x2, Space"``."""
    runs: list[list] = []
    for key in keys:
        if runs and runs[-1][0] == key:
            runs[-1][1] += 1
        else:
            runs.append([key, 1])
    return ", ".join(k if n == 1 else f"{k} x{n}" for k, n in runs)


def walk(board: Keyboard, pin: str) -> None:
    """Intake to the exported summary, one keyboard step at a time."""
    from consent_app.domain.form import Answer

    wizard = board.wizard
    form = wizard.context.form
    zone = wizard.context.settings.zone
    now = datetime.now(zone).replace(second=0, microsecond=0)

    def stamp(moment: datetime) -> str:
        return moment.strftime("%Y-%m-%d %H:%M")

    # -- intake ---------------------------------------------------------------------------
    board.fill("full_name", "Margaret Ellis")
    board.fill("date_of_birth", "1948-03-02")
    board.fill("mrn", "MRN-104233")
    board.press("level_T12")
    board.press("level_L1")
    board.fill("proceduralist", "Dr Amir Patel")
    board.fill("scheduled_at", stamp(now + timedelta(days=1)))
    board.forward("checklist")

    # -- checklist ------------------------------------------------------------------------
    for item in form.checklist.items:
        options = [Answer.YES, Answer.NO, Answer.NOT_APPLICABLE]
        flagged = {a for r in form.rules_for(item.id) for a in r.answers}
        answer = next(a for a in options if a not in flagged)
        if item.kind == "anticoagulant":
            answer = Answer.NO
        group = [f"{item.id}:{a.value}" for a in options]
        group = [n for n in group if wizard.currentPage().findChild(QWidget, n) is not None]
        board.choose(f"{item.id}:{answer.value}", group)
        if answer is not Answer.YES:
            continue
        if item.kind == "imaging":
            board.fill("imaging_date", (now - timedelta(days=10)).date().isoformat())
        elif item.kind == "inr":
            board.fill("inr", "1.1")
            board.fill("inr_drawn", now.date().isoformat())
        elif item.kind == "platelets":
            board.fill("platelets", "210")
            board.fill("platelets_drawn", now.date().isoformat())
        elif item.kind == "fasting":
            board.fill("last_solid_food", stamp(now - timedelta(hours=1)))
            board.pick("meal_type", 1)
            board.fill("last_clear_fluid", stamp(now - timedelta(minutes=30)))
    board.forward("handover")
    board.forward("procedure")

    # -- the patient ----------------------------------------------------------------------
    yes_no = [Answer.YES, Answer.NO, Answer.NOT_SURE]
    board.forward("positioning")
    board.press("positioning_intro_next")
    for question in form.positioning.questions:
        flagged = {a for r in form.rules_for(question.id) for a in r.answers}
        answer = next(a for a in (Answer.NO, Answer.YES) if a not in flagged)
        board.choose(f"{question.id}:{answer.value}", [f"{question.id}:{a.value}" for a in yes_no])
    board.forward("allergy")
    board.press("allergy_intro_next")
    for question in (q for g in form.allergy.groups for q in g.questions):
        group = [f"{question.id}:{a.value}" for a in yes_no]
        if question.id == "allergy.latex":
            # A "yes" opens a box for details and its own Next: typed, then pressed.
            board.choose(f"{question.id}:yes", group)
            board.fill(f"{question.id}_detail", "A rash from rubber gloves")
            board.press(f"{question.id}_next")
        else:
            board.choose(f"{question.id}:no", group)
    board.forward("risks")
    board.press("risks_intro_next")
    for risk in form.risks.items:
        if risk.id == "risk.infection":
            board.choose(f"{risk.id}_question", [f"{risk.id}_understood", f"{risk.id}_question"])
            board.fill(f"{risk.id}_question_text", "Will I need antibiotics afterwards?")
            board.press(f"{risk.id}_next")
        else:
            board.choose(f"{risk.id}_understood", [f"{risk.id}_understood", f"{risk.id}_question"])
    board.press("risks_benefits_next")
    board.press("risks_alternatives_read")
    board.forward("understanding")
    board.press("understanding_intro_next")
    for question in form.understanding.questions:
        group = [f"{question.id}_{c.id}" for c in question.choices]
        board.choose(f"{question.id}_{question.correct}", group)
        board.press(f"{question.id}_next")
    board.forward("decision")
    board.choose("decision_agree", ["decision_agree", "decision_refuse", "decision_talk_first"])
    board.forward("patient_signature")
    board.sign("signature_patient")
    board.forward("review", pin=pin)

    # -- staff again ----------------------------------------------------------------------
    decisions = ["proceed", "proceed_with_precautions", "do_not_proceed"]
    board.fill("physician_name", "Dr Amir Patel")
    board.choose(
        "physician_decision_proceed_with_precautions",
        [f"physician_decision_{d}" for d in decisions],
    )
    board.fill("physician_reason", "Latex-free kit")
    board.forward("staff_signatures")
    board.sign("signature_witness")
    board.fill("witness_printed_name", "Nurse Joy Okafor")
    board.sign("signature_physician")
    board.forward("done")


def main() -> None:
    app = QApplication.instance() or QApplication([sys.argv[0]])
    from wizard_driver import STAFF_PIN, make_app, wait_for_seal

    with tempfile.TemporaryDirectory() as folder:
        bot = _Bot()
        wizard, _data = make_app(Path(folder), bot, bot)
        wizard.raise_()
        wizard.activateWindow()
        if not QTest.qWaitForWindowActive(wizard, 10_000):
            raise SystemExit(f"the window never became active on {app.platformName()}")
        board = Keyboard(app, wizard)
        error = ""
        try:
            walk(board, STAFF_PIN)
            wait_for_seal(wizard)  # Done seals the summary in a child process
        except Exception as exc:  # reported, with what was done up to there
            error = f"{type(exc).__name__}: {exc}"
        exported = wizard.context.session.exported_pdf
        result = {
            "platform": app.platformName(),
            "reached": board.page(),
            "exported": bool(exported) and Path(exported).is_file(),
            "error": error,
            "steps": board.steps,
            "gaps": board.gaps,
            "mouse": board.mouse,
            "notes": board.notes,
            "presses": board.presses,
        }
        wizard.hide()
        wizard.autosave.close()
    print(json.dumps(result, indent=1))
    sys.stdout.flush()
    # Skip Qt's teardown of a window that still holds a session: nothing is left to save.
    os._exit(0)


if __name__ == "__main__":
    main()
