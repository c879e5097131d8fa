"""The patient's language: chosen at intake, switched by the patient, kept on resume.

Staff pages stay in the clinic's language throughout; patient pages follow the patient.
"""

from __future__ import annotations

import json

from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton
from wizard_driver import Driver, PatientAnswers, make_app

from consent_app.domain.audit import EventKind
from consent_app.domain.form_versions import form_hash
from consent_app.domain.session import RiskResponse
from consent_app.resources_door import load_form
from consent_app.store import Fault, SessionStore, StoreError, fault_message

SPANISH = load_form("vertebroplasty", "es")
ENGLISH = load_form("vertebroplasty", "en")


def _texts(page) -> list[str]:
    return [label.text() for label in page.findChildren(QLabel) if label.isVisibleTo(page)]


def _shows(page, text: str) -> bool:
    return any(text in shown for shown in _texts(page))


def test_the_tablet_language_is_chosen_at_intake_and_staff_pages_stay_in_english(
    tmp_path, qtbot, monkeypatch
) -> None:
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    intake = wizard.currentPage()
    driver.click("tablet_language_es")
    assert wizard.context.session.language == "es"
    driver.to_patient()
    procedure = wizard.currentPage()
    assert _shows(procedure, SPANISH.procedure.heading)
    assert not _shows(procedure, ENGLISH.procedure.heading)
    assert wizard.button(wizard.WizardButton.NextButton).text() == "Siguiente  ▶"
    assert procedure.findChild(QPushButton, "language").text() == "English"
    # Back in the nurse's hands, the nurse's words again.
    driver.patient(PatientAnswers())
    driver.patient_signature()
    assert wizard.currentPage().title() == "Review"
    assert wizard.button(wizard.WizardButton.NextButton).text() == "Next  ▶"
    assert intake.title() == "Intake"


def test_a_preferred_language_the_tablet_has_sets_the_tablet_until_staff_choose(
    tmp_path, qtbot, monkeypatch
) -> None:
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    page = wizard.currentPage()
    page.language.setCurrentText("Spanish")
    assert wizard.context.session.language == "es"
    assert page.tablet_language.value() == "es"
    page.language.setCurrentText("Polish")  # no Polish form: the tablet stays as it was
    assert wizard.context.session.language == "es"
    driver.click("tablet_language_en")  # staff choose: typing no longer changes it
    page.language.setCurrentText("Español")
    assert wizard.context.session.language == "en"


def test_the_patient_switches_language_mid_deck_and_keeps_every_answer(
    tmp_path, qtbot, monkeypatch
) -> None:
    wizard, data = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_patient()
    driver.next("positioning")
    driver.click("positioning_intro_next")
    driver._questions(ENGLISH.positioning.questions, PatientAnswers())
    driver.next("allergy")
    driver.click("allergy_intro_next")
    driver._questions([q for g in ENGLISH.allergy.groups for q in g.questions], PatientAnswers())
    driver.next("risks")
    driver.click("risks_intro_next")
    first, second = ENGLISH.risks.items[:2]
    driver.click(f"{first.id}_understood")
    risks = wizard.currentPage()
    card = risks.deck.index()
    answers = wizard.context.session.model_dump()["answers"]

    driver.click("language")

    session = wizard.context.session
    assert session.language == "es"
    assert session.form_hash == form_hash(SPANISH)
    page = wizard.currentPage()
    assert page is risks
    assert page.deck.index() == card  # the same card, now in Spanish
    spanish_second = next(r for r in SPANISH.risks.items if r.id == second.id)
    assert _shows(page.deck.card(card), spanish_second.title)
    assert session.risks[first.id].response is RiskResponse.UNDERSTOOD
    assert session.model_dump()["answers"] == answers
    assert page.patient_bar.language.text() == "English"
    # Back over pages already answered: Spanish, and the answers still there.
    wizard.back()
    allergy = wizard.currentPage()
    assert allergy.objectName() == "allergy"
    assert _shows(allergy, SPANISH.allergy.heading) or _shows(
        allergy.deck.card(allergy.deck.index()), SPANISH.allergy.groups[-1].questions[-1].text
    )
    last = ENGLISH.allergy.groups[-1].questions[-1]
    assert allergy.findChild(type(allergy.deck), "allergy_deck") is not None
    assert wizard.page_for_name("allergy").isComplete()
    assert session.answers[last.id].answer is not None
    wizard.save()
    events = SessionStore(data / "sessions.sqlite3").events(session.session_id)
    [switch] = [e for e in events if e.kind == EventKind.LANGUAGE_CHANGED.value]
    assert json.loads(switch.data) == {"old": "en", "new": "es", "page": "risks"}


def test_a_spanish_session_resumes_in_spanish_and_the_next_patient_starts_in_english(
    tmp_path, qtbot, monkeypatch
) -> None:
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.click("tablet_language_es")
    driver.to_patient()
    driver.next("positioning")
    session_id = wizard.context.session.session_id
    assert wizard.save()

    again, _ = make_app(tmp_path, qtbot, monkeypatch)
    again.resume(session_id)
    page = again.currentPage()
    assert page.objectName() == "positioning"
    assert page.findChild(QPushButton, "positioning_intro_next").text() == "Siguiente  ▶"
    assert _shows(page, SPANISH.positioning.heading)
    assert not again.context.session.pages_to_review  # the Spanish form did not "change"

    again.start_next_patient()
    assert again.context.session.language == "en"
    Driver(again).to_patient()
    assert _shows(again.currentPage(), ENGLISH.procedure.heading)


def test_a_language_without_a_form_is_refused_calmly(tmp_path, qtbot, monkeypatch) -> None:
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    assert wizard.switch_language("pl") is False
    assert wizard.context.session.language == "en"
    message = wizard.findChild(QMessageBox, "wizard_message")
    assert message is not None
    assert message.isVisible()
    assert "cannot be shown in that language" in message.text()


def test_the_save_fault_line_speaks_each_page_s_language(tmp_path, qtbot, monkeypatch) -> None:
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.click("tablet_language_es")
    driver.to_patient()
    store = wizard.context.store

    def full(*args, **kwargs):
        raise StoreError(fault_message(Fault.DISK_FULL, "saved"), Fault.DISK_FULL, "saved")

    monkeypatch.setattr(store, "save_record", full)
    wizard.context.edited()
    patient, staff = wizard.currentPage(), wizard.page_for_name("review")
    qtbot.waitUntil(lambda: patient.fault.isVisibleTo(wizard), timeout=10000)
    assert "storage is full" in staff.fault.text()
    assert "storage is full" not in patient.fault.text()
    assert "guardar" in patient.fault.text()
