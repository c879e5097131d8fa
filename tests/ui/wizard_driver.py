"""Drives the whole wizard through its widgets' API, as a nurse and a patient would."""

from __future__ import annotations

import json
import subprocess
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton

from consent_app import app
from consent_app.domain.form import Answer, FormDefinition
from consent_app.pin import StaffPin
from consent_app.ui.controls import AnswerButtons, ChoiceButtons
from consent_app.ui.pin_dialog import PinDialog
from consent_app.ui.signature_pad import SignaturePad
from consent_app.ui.wizard import ConsentWizard

STAFF_PIN = "2468"
ZIGZAG = [(20.0 + 14 * i, 60.0 + (35 if i % 2 else -25), 0.5) for i in range(28)]


@dataclass
class PatientAnswers:
    """What the patient will answer; anything not named gets a harmless answer."""

    answers: dict[str, Answer] = field(default_factory=dict)
    details: dict[str, str] = field(default_factory=dict)
    questions: dict[str, str] = field(default_factory=dict)  # risk id -> question text
    wrong_teach_back: set[str] = field(default_factory=set)
    decision: str = "agree"


def make_app(tmp_path: Path, qtbot, monkeypatch, pin_attempts: list[str] | None = None, **settings):
    """A real app in a fresh data folder, with a staff PIN; PIN prompts answer with the PIN.

    ``settings`` override the clinic's settings (``clinic_language="es"`` …).
    """
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (data / "settings.json").write_text(
        json.dumps({"clinic_name": "Test Clinic", "timezone": "Europe/London", **settings}),
        encoding="utf-8",
    )
    StaffPin(data / "staff_pin.json").set(STAFF_PIN)
    attempts = pin_attempts if pin_attempts is not None else []

    def ask(cls, verify, parent=None, title="Staff PIN"):
        typed = attempts.pop(0) if attempts else STAFF_PIN
        return verify(typed) is True

    monkeypatch.setattr(PinDialog, "ask", classmethod(ask))
    wizard = app.create_main_window(["--data-dir", str(data)])
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard, data


def wait_for_seal(wizard: ConsentWizard, seconds: float = 150.0) -> None:
    """Process events until the page on show has no seal under way: the Done page seals the
    summary in a child process, and shows it (or why it could not) when that ends."""
    page = wizard.currentPage()
    deadline = time.monotonic() + seconds
    while getattr(page, "sealing", False):
        assert time.monotonic() < deadline, f"the seal did not end within {seconds:g} s"
        QTest.qWait(5)


class Driver:
    """One method per page; each leaves the wizard on the next page (on Done, once the summary
    is sealed)."""

    def __init__(self, wizard: ConsentWizard) -> None:
        self.wizard = wizard
        self.form: FormDefinition = wizard.context.form
        self.zone = wizard.context.settings.zone
        self.now = datetime.now(self.zone).replace(second=0, microsecond=0)
        self.scheduled = self.now + timedelta(days=1)

    # -- helpers -----------------------------------------------------------------------------
    def page_name(self) -> str:
        return self.wizard.currentPage().objectName()

    def find(self, kind, name: str):
        widget = self.wizard.currentPage().findChild(kind, name)
        assert widget is not None, f"{name} not found on {self.page_name()}"
        return widget

    def click(self, name: str) -> None:
        self.find(QPushButton, name).click()

    def text(self, name: str, value: str) -> None:
        edit = self.wizard.currentPage().findChild(QLineEdit, name)
        if edit is not None:
            edit.setText(value)
            return
        box = self.wizard.currentPage().findChild(QPlainTextEdit, name)
        assert box is not None, f"{name} not found on {self.page_name()}"
        box.setPlainText(value)

    def stamp(self, moment: datetime) -> str:
        return moment.astimezone(self.zone).strftime("%Y-%m-%d %H:%M")

    def next(self, expect: str) -> None:
        if self.page_name() == expect:
            return  # the last card's own Next already moved the wizard on
        page = self.wizard.currentPage()
        assert page.isComplete(), f"{self.page_name()} incomplete: {page.problems()}"
        self.wizard.next()
        assert self.page_name() == expect, f"expected {expect}, on {self.page_name()}"
        self.wait_for_seal()

    def wait_for_seal(self) -> None:
        """Until the Done page has sealed the summary, or said why it could not."""
        wait_for_seal(self.wizard)

    def sign(self, pad_name: str) -> None:
        self.find(SignaturePad, pad_name).add_stroke(ZIGZAG)

    # -- staff pages -------------------------------------------------------------------------
    def intake(
        self,
        name: str = "Margaret Ellis",
        representative: tuple[str, str] | None = None,
        interpreter: str = "",
    ) -> None:
        assert self.page_name() == "intake"
        self.text("full_name", name)
        self.text("date_of_birth", "1948-03-02")
        self.text("mrn", "MRN-104233")
        self.text("proceduralist", "Dr Amir Patel")
        self.text("scheduled_at", self.stamp(self.scheduled))
        self.click("level_T12")
        self.click("level_L1")
        if interpreter:
            self.find(QCheckBox, "interpreter_used").setChecked(True)
            self.text("interpreter_name", interpreter)
        if representative:
            self.click("consenter_representative")
            self.text("representative_name", representative[0])
            self.text("representative_relationship", representative[1])
        self.next("checklist")

    def checklist(self, overrides: dict[str, Answer] | None = None, drug: str = "") -> None:
        overrides = overrides or {}
        for item in self.form.checklist.items:
            answer = overrides.get(item.id)
            if answer is None:
                options = [Answer.YES, Answer.NO, Answer.NOT_APPLICABLE]
                flagged = {a for r in self.form.rules_for(item.id) for a in r.answers}
                answer = next(a for a in options if a not in flagged)
                if item.kind == "anticoagulant":
                    answer = Answer.YES if drug else Answer.NO
            self.find(AnswerButtons, item.id).button(answer).click()
        self.text("imaging_date", (self.now - timedelta(days=10)).date().isoformat())
        self.text("inr", "1.1")
        self.text("inr_drawn", self.now.date().isoformat())
        self.text("platelets", "210")
        self.text("platelets_drawn", self.now.date().isoformat())
        self.text("last_solid_food", self.stamp(self.now - timedelta(hours=1)))
        self.find(QComboBox, "meal_type").setCurrentIndex(1)
        self.text("last_clear_fluid", self.stamp(self.now - timedelta(minutes=30)))
        if drug:
            combo = self.find(QComboBox, "anticoagulant_drug")
            combo.setCurrentIndex(combo.findData(drug))
            self.text("anticoagulant_last_dose", self.stamp(self.now - timedelta(hours=2)))
        self.next("handover")

    def handover(self) -> None:
        self.next("procedure")

    def to_patient(self, **intake) -> None:
        """Intake, a clean checklist and the handover: the tablet is with the patient."""
        self.intake(**intake)
        self.checklist()
        self.handover()

    # -- patient pages -----------------------------------------------------------------------
    def patient(self, plan: PatientAnswers) -> None:
        self.next("positioning")
        self.click("positioning_intro_next")
        self._questions(self.form.positioning.questions, plan)
        self.next("allergy")
        self.click("allergy_intro_next")
        self._questions([q for g in self.form.allergy.groups for q in g.questions], plan)
        self.next("risks")
        self.click("risks_intro_next")
        for risk in self.form.risks.items:
            if risk.id in plan.questions:
                self.click(f"{risk.id}_question")
                self.text(f"{risk.id}_question_text", plan.questions[risk.id])
                self.click(f"{risk.id}_next")
            else:
                self.click(f"{risk.id}_understood")
        self.click("risks_benefits_next")
        self.click("risks_alternatives_read")
        self.next("understanding")
        self.click("understanding_intro_next")
        for question in self.form.understanding.questions:
            choices = self.find(ChoiceButtons, question.id)
            if question.id in plan.wrong_teach_back:
                wrong = next(c.id for c in question.choices if c.id != question.correct)
                choices.button(wrong).click()
                assert self.find(QLabel, f"{question.id}_explanation").isVisibleTo(
                    self.wizard.currentPage()
                )
            choices.button(question.correct).click()
            self.click(f"{question.id}_next")
        self.next("decision")
        self.click(f"decision_{plan.decision}")

    def _questions(self, questions, plan: PatientAnswers) -> None:
        for question in questions:
            answer = plan.answers.get(question.id)
            if answer is None:
                flagged = {a for r in self.form.rules_for(question.id) for a in r.answers}
                answer = next(a for a in (Answer.NO, Answer.YES) if a not in flagged)
            self.find(AnswerButtons, question.id).button(answer).click()
            if question.id in plan.details:
                self.text(f"{question.id}_detail", plan.details[question.id])
            next_button = self.wizard.currentPage().findChild(QPushButton, f"{question.id}_next")
            if next_button is not None and next_button.isVisibleTo(self.wizard.currentPage()):
                next_button.click()

    def patient_signature(self, pad: str = "signature_patient", interpreter: bool = False) -> None:
        self.next("patient_signature")
        self.sign(pad)
        if interpreter:
            self.sign("signature_interpreter")
        self.next("review")

    # -- staff again -------------------------------------------------------------------------
    def review(self, physician: tuple[str, str, str] | None = None) -> None:
        assert self.page_name() == "review"
        if physician:
            self.text("physician_name", physician[0])
            self.click(f"physician_decision_{physician[1]}")
            self.text("physician_reason", physician[2])
        self.next("staff_signatures")

    def staff_signatures(self, defer_attestation: bool = False) -> None:
        self.sign("signature_witness")
        self.text("witness_printed_name", "Nurse Joy Okafor")
        if defer_attestation:
            self.find(QCheckBox, "attestation_deferred").setChecked(True)
        else:
            self.sign("signature_physician")
        self.next("done")

    def to_review(self, plan: PatientAnswers | None = None) -> None:
        """Intake to the review: the patient has answered (nothing flagged unless ``plan``
        says so) and signed, and the tablet is back with staff."""
        self.to_patient()
        self.patient(plan or PatientAnswers())
        self.patient_signature()

    def consent_to_done(self) -> None:
        """A whole session with nothing flagged, from intake to the exported summary."""
        self.to_review()
        self.review()
        self.staff_signatures()

    def exported_text(self) -> str:
        path = Path(self.wizard.context.session.exported_pdf)
        assert path.is_file()
        result = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        )
        return result.stdout
