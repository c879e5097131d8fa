"""Walks every page and card of the wizard at one display scale and prints what is clipped.

Run in its own process, because the scale (``QT_SCALE_FACTOR``, the device pixel ratio of a
high-DPI tablet) must be set before the QApplication exists::

    QT_SCALE_FACTOR=1.5 QT_QPA_PLATFORM=offscreen python tests/ui/scaling_probe.py [--shots DIR]

The app is built as the tests build it (``make_app``) and driven with ``Driver``. Every state
is laid out at 1280x800 and at 800x1280 logical pixels and checked with ``clipping.clipped``.
The staff pages look the same whatever the patient chose, so they are walked once; the patient
pages are walked at each text size (standard, larger, largest) and in the high-contrast theme
at the largest size, in English or, with ``--language es``, in Spanish (chosen as the tablet's
language at intake; the staff pages are then not looked at). Prints one JSON object:
``{"scale", "visited", "findings", "seconds"}``, ``findings`` mapping
``"<size> <language> <display> <page>[ <card>]"`` to what was found there. With ``--shots``,
a screenshot of each state with findings is saved there, the findings outlined.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parent, HERE.parents[1]):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from PySide6.QtCore import QSize, Qt  # noqa: E402
from PySide6.QtGui import QColor, QPainter, QPen  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

SIZES = ((1280, 800), (800, 1280))
#: (name, text size button, high contrast); the first also walks the staff pages.
DISPLAYS = (
    ("standard", "text_size_standard", False),
    ("larger", "text_size_larger", False),
    ("largest", "text_size_largest", False),
    ("largest+contrast", "text_size_largest", True),
)
#: The patient pages' languages: English, and Spanish, whose sentences run longer.
LANGUAGES = ("en", "es")
#: The done page shows the exported summary, drawn a moment after the page opens.
PREVIEW_SECONDS = 1.5


class _Bot:
    """The bits of pytest-qt's qtbot and of monkeypatch that ``make_app`` uses."""

    def addWidget(self, widget: QWidget) -> None:
        self.widget = widget

    def setattr(self, owner: object, name: str, value: object) -> None:
        setattr(owner, name, value)


def settle(app: QApplication, root: QWidget, seconds: float = 0.0) -> None:
    """Process events until the layout stops moving (buttons that stack re-lay the page)."""
    from clipping import shown_widgets

    deadline = time.monotonic() + seconds
    last = None
    for _ in range(200):
        app.processEvents()
        shape = [w.geometry().getRect() for w in shown_widgets(root)]
        if shape == last and time.monotonic() >= deadline:
            return
        last = shape
        if seconds:
            time.sleep(0.02)


class Probe:
    """Lays out each state at both tablet sizes and keeps what ``clipped`` finds."""

    def __init__(
        self,
        app: QApplication,
        wizard,
        display: str,
        shots: Path | None,
        scale: str,
        language: str = LANGUAGES[0],
    ) -> None:
        self.app, self.wizard, self.display = app, wizard, display
        self.shots, self.scale, self.language = shots, scale, language
        self.visited: list[str] = []
        self.findings: dict[str, list[str]] = {}

    def where(self, note: str) -> str:
        page = self.wizard.currentPage()
        place = page.objectName()
        deck = getattr(page, "deck", None)
        if deck is not None:
            place += f" card {deck.index() + 1}/{deck.count()}"
        return f"{place} {note}".strip()

    def visit(self, note: str = "", wait: float = 0.0) -> None:
        from clipping import find_clips

        where = self.where(note)
        for width, height in SIZES:
            self.wizard.resize(width, height)
            settle(self.app, self.wizard, wait)
            key = f"{width}x{height} {self.language} {self.display} {where}"
            self.visited.append(key)
            clips = find_clips(self.wizard)
            found = [str(c) for c in clips]
            if self.wizard.size() != QSize(width, height):
                size = self.wizard.size()
                found.insert(0, f"window is {size.width()}x{size.height()}, not {width}x{height}")
            if found:
                self.findings[key] = found
                self._shoot(key, [c.widget for c in clips])

    def _shoot(self, key: str, widgets: list[QWidget]) -> None:
        if self.shots is None:
            return
        picture = self.wizard.grab()
        painter = QPainter(picture)
        painter.setPen(QPen(QColor("#ff00ff"), 3, Qt.PenStyle.DashLine))
        for widget in widgets:
            if widget is self.wizard or self.wizard.isAncestorOf(widget):
                corner = widget.mapTo(self.wizard, widget.rect().topLeft())
                painter.drawRect(corner.x(), corner.y(), widget.width() - 1, widget.height() - 1)
        painter.end()
        name = re.sub(r"[^A-Za-z0-9_.+-]+", "_", f"{self.scale}_{key}")
        picture.save(str(self.shots / f"{name}.png"))


def walk(driver, probe: Probe, staff: bool) -> None:
    """Intake to done (``staff``), or only the patient pages, visiting every page and card."""
    from wizard_driver import Driver, PatientAnswers

    from consent_app.domain.form import Answer
    from consent_app.ui.controls import AnswerButtons, ChoiceButtons

    form = driver.form
    plan = PatientAnswers(
        answers={"allergy.latex": Answer.YES},
        details={"allergy.latex": "A rash from rubber gloves"},
        questions={"risk.infection": "Will I need antibiotics afterwards?"},
    )
    look: Callable[..., None] = probe.visit if staff else (lambda *a, **k: None)

    def leave(expect: str) -> None:
        look()
        Driver.next(driver, expect)

    look("empty")
    if probe.language != LANGUAGES[0]:
        driver.click(f"tablet_language_{probe.language}")
    driver.next = leave  # each staff page is looked at once filled in, as it is left
    driver.intake(representative=("Susan Ellis", "Daughter"), interpreter="Ana Ruiz")
    driver.checklist(drug="apixaban")
    driver.handover()
    driver.next = lambda expect: Driver.next(driver, expect)

    _name, size_button, contrast = next(d for d in DISPLAYS if d[0] == probe.display)
    driver.click(size_button)
    if contrast:
        driver.click("high_contrast")
    probe.visit()
    driver.next("positioning")
    probe.visit()
    driver.click("positioning_intro_next")
    _question_cards(driver, probe, form.positioning.questions, plan, AnswerButtons)
    driver.next("allergy")
    probe.visit()
    driver.click("allergy_intro_next")
    questions = [q for g in form.allergy.groups for q in g.questions]
    _question_cards(driver, probe, questions, plan, AnswerButtons)
    driver.next("risks")
    probe.visit()
    driver.click("risks_intro_next")
    for risk in form.risks.items:
        probe.visit()
        if risk.id in plan.questions:
            driver.click(f"{risk.id}_question")
            driver.text(f"{risk.id}_question_text", plan.questions[risk.id])
            probe.visit("question")
            driver.click(f"{risk.id}_next")
        else:
            driver.click(f"{risk.id}_understood")
    probe.visit()
    driver.click("risks_benefits_next")
    probe.visit()
    driver.click("risks_alternatives_read")
    driver.next("understanding")
    probe.visit()
    driver.click("understanding_intro_next")
    for question in form.understanding.questions:
        probe.visit()
        choices = driver.find(ChoiceButtons, question.id)
        wrong = next(c.id for c in question.choices if c.id != question.correct)
        choices.button(wrong).click()
        probe.visit("wrong answer")
        choices.button(question.correct).click()
        driver.click(f"{question.id}_next")
    driver.next("decision")
    probe.visit()
    driver.click("decision_agree")
    driver.next("patient_signature")
    probe.visit("unsigned")
    driver.sign("signature_representative")
    driver.sign("signature_interpreter")
    probe.visit("signed")
    if not staff:
        return
    driver.next("review")
    driver.next = leave
    driver.review(physician=("Dr Amir Patel", "proceed_with_precautions", "Latex-free kit"))
    driver.staff_signatures()
    probe.visit(wait=PREVIEW_SECONDS)


def _question_cards(driver, probe: Probe, questions, plan, answer_buttons) -> None:
    from consent_app.domain.form import Answer

    form = driver.form
    for question in questions:
        probe.visit()
        answer = plan.answers.get(question.id)
        if answer is None:
            flagged = {a for r in form.rules_for(question.id) for a in r.answers}
            answer = next(a for a in (Answer.NO, Answer.YES) if a not in flagged)
        driver.find(answer_buttons, question.id).button(answer).click()
        if question.id in plan.details:
            driver.text(f"{question.id}_detail", plan.details[question.id])
            probe.visit("details")
        page = driver.wizard.currentPage()
        forward = page.findChild(QWidget, f"{question.id}_next")
        if forward is not None and forward.isVisibleTo(page):
            forward.click()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shots", type=Path, help="save a screenshot of each clipped state")
    parser.add_argument(
        "--display", action="append", choices=[d[0] for d in DISPLAYS], help="default: all"
    )
    parser.add_argument(
        "--language", choices=LANGUAGES, default=LANGUAGES[0], help="of the patient pages"
    )
    args = parser.parse_args()
    started = time.monotonic()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    from wizard_driver import Driver, make_app

    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    visited: list[str] = []
    findings: dict[str, list[str]] = {}
    wanted = args.display or [d[0] for d in DISPLAYS]
    with tempfile.TemporaryDirectory() as folder:
        for index, (display, _button, _contrast) in enumerate(DISPLAYS):
            if display not in wanted:
                continue
            bot = _Bot()
            home = Path(folder) / str(index)
            home.mkdir()
            wizard, _data = make_app(home, bot, bot)
            probe = Probe(app, wizard, display, args.shots, scale, args.language)
            staff = display == wanted[0] and args.language == LANGUAGES[0]
            walk(Driver(wizard), probe, staff=staff)
            visited += probe.visited
            findings.update(probe.findings)
            wizard.close()
            wizard.deleteLater()
            app.processEvents()
    print(
        json.dumps(
            {
                "scale": scale,
                "visited": visited,
                "findings": findings,
                "seconds": round(time.monotonic() - started, 1),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
