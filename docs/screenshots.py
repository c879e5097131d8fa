"""Walk the wizard with a sample patient and save a screenshot of every page at tablet sizes.

Run: ``python docs/screenshots.py [OUT_DIR] [--text-size standard|larger|largest]
[--high-contrast] [--language en|es] [--clinic-language en|es]`` (default
``docs/screenshots``, standard look, English). Headless. The display choice is made on the
first patient page, as a patient would; the tablet's language at intake, as the nurse would.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "ui"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

SIZES = ((1280, 800), (800, 1280))


class _Bot:
    """The bits of pytest-qt's qtbot and monkeypatch the driver needs."""

    def addWidget(self, widget):
        self.widget = widget

    def setattr(self, owner, name, value):
        setattr(owner, name, value)


def main() -> None:
    from PySide6.QtWidgets import QApplication

    application = QApplication([])
    import argparse

    from wizard_driver import Driver, PatientAnswers, make_app

    from consent_app.domain.form import Answer

    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument(
        "--text-size", default="standard", choices=["standard", "larger", "largest"]
    )
    parser.add_argument("--high-contrast", action="store_true")
    parser.add_argument("--language", default="en", choices=["en", "es"])
    parser.add_argument("--clinic-language", default="en", choices=["en", "es"])
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    bot = _Bot()
    wizard, _ = make_app(Path(tempfile.mkdtemp()), bot, bot, clinic_language=args.clinic_language)
    driver = Driver(wizard)

    def shoot(tag: str = "", widget=None) -> None:
        for width, height in SIZES:
            (widget or wizard).resize(width, height)
            # The PDF preview renders its pages asynchronously: give it a moment.
            deadline = time.monotonic() + (1.5 if driver.page_name() == "done" else 0.3)
            while time.monotonic() < deadline:
                application.processEvents()
                time.sleep(0.02)
            name = f"{driver.page_name()}{tag}_{width}x{height}.png"
            (widget or wizard).grab().save(str(out / name))

    driver.click(f"tablet_language_{args.language}")
    shoot()
    driver.intake(interpreter="")
    shoot()
    driver.checklist(drug="apixaban")
    shoot()
    from consent_app.store import Fault
    from consent_app.ui.i18n import fault_text

    page = wizard.currentPage()
    page.show_fault(fault_text(page, Fault.DISK_FULL, "saved"))
    shoot("_save_failed")
    wizard.currentPage().show_fault("")
    driver.handover()
    shoot()
    plan = PatientAnswers(
        answers={"allergy.latex": Answer.NOT_SURE},
        questions={
            "risk.infection": "¿Necesitaré antibióticos después?"
            if args.language == "es"
            else "Will I need antibiotics afterwards?"
        },
    )
    if args.text_size != "standard":
        driver.click(f"text_size_{args.text_size}")
    if args.high_contrast:
        driver.click("high_contrast")
    shoot()
    driver.next("positioning")
    shoot()
    driver.click("positioning_intro_next")
    shoot("_question")
    # Staged, so the idle watch's own tick (nobody is really idle) must not undo it mid-shot.
    wizard.idle.timer.stop()
    wizard.lock_screen.ask(42)
    shoot("_still_there")
    wizard.idle.lock()
    shoot("_locked")
    assert wizard.idle.try_unlock()
    wizard.idle.timer.start()
    # Walk the rest of the patient pages, shooting the first card of each.
    driver._questions(driver.form.positioning.questions, plan)
    driver.next("allergy")
    shoot()
    driver.click("allergy_intro_next")
    shoot("_question")
    driver._questions([q for g in driver.form.allergy.groups for q in g.questions], plan)
    driver.next("risks")
    driver.click("risks_intro_next")
    shoot("_card")
    for risk in driver.form.risks.items:
        if risk.id in plan.questions:
            driver.click(f"{risk.id}_question")
            driver.text(f"{risk.id}_question_text", plan.questions[risk.id])
            shoot("_question")
            driver.click(f"{risk.id}_next")
        else:
            driver.click(f"{risk.id}_understood")
    shoot("_benefits")
    driver.click("risks_benefits_next")
    driver.click("risks_alternatives_read")
    driver.next("understanding")
    driver.click("understanding_intro_next")
    first = driver.form.understanding.questions[0]
    from consent_app.ui.controls import ChoiceButtons

    wrong = next(c.id for c in first.choices if c.id != first.correct)
    driver.find(ChoiceButtons, first.id).button(wrong).click()
    shoot("_wrong")
    for question in driver.form.understanding.questions:
        driver.find(ChoiceButtons, question.id).button(question.correct).click()
        driver.click(f"{question.id}_next")
    driver.next("decision")
    driver.click("decision_agree")
    shoot()
    driver.next("patient_signature")
    driver.sign("signature_patient")
    shoot()
    driver.next("review")
    shoot()
    driver.review(physician=("Dr Amir Patel", "proceed_with_precautions", "Latex-free kit"))
    driver.sign("signature_witness")
    driver.text("witness_printed_name", "Nurse Joy Okafor")
    driver.sign("signature_physician")
    shoot()
    driver.next("done")
    shoot()
    wizard.button(wizard.WizardButton.FinishButton).click()
    wizard.open_records()
    from consent_app.ui.records_browser import RecordsBrowser

    browser = wizard.findChild(RecordsBrowser, "records_browser")
    browser.select(browser.results()[0].session_id)
    shoot("_records", browser)
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()
