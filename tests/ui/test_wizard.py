"""The whole wizard, end to end, along every branch: what staff see and what the PDF says."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton, QWizard
from wizard_driver import Driver, PatientAnswers, make_app

from consent_app.domain.form import Answer
from consent_app.domain.session import Decision, SessionStatus, SignatureRole
from consent_app.store import SessionStore
from consent_app.ui.controls import AnswerButtons


def review_status(driver: Driver) -> str:
    return driver.find(QLabel, "clearance_status").text()


def review_findings(driver: Driver) -> str:
    return "\n".join(driver.wizard.currentPage().finding_texts())


def test_consent_path_ends_ready_and_exports_a_signed_summary(tmp_path, qtbot, monkeypatch):
    wizard, data = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_review()
    assert review_status(driver) == "Ready"
    driver.review()
    driver.staff_signatures()
    pdf = driver.exported_text()
    assert "Margaret Ellis" in pdf
    assert "MRN-104233" in pdf
    assert "Ready" in pdf
    assert "consent" in pdf
    assert "Nurse Joy Okafor" in pdf
    assert str(data / "records") in driver.find(QLabel, "export_path").text()
    assert wizard.context.session.status is SessionStatus.COMPLETED
    done = wizard.currentPage()
    assert "Seal: intact" in driver.find(QLabel, "export_status").text()
    assert done.document.status() is QPdfDocument.Status.Ready
    assert done.document.pageCount() >= 2
    # The summary is final: Back cannot reopen the signed pages.
    assert (
        not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
        or not wizard.button(QWizard.WizardButton.BackButton).isVisible()
    )


def test_refusal_is_signed_as_an_informed_refusal_and_exported(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_review(PatientAnswers(decision="refuse"))
    assert review_status(driver) == "Do not proceed"
    assert "informed refusal" in review_findings(driver).lower()
    driver.review()
    driver.staff_signatures()
    signature = wizard.context.session.signature(SignatureRole.PATIENT)
    assert signature is not None
    assert signature.meaning.value == "refusal"
    assert "refusal" in driver.exported_text()


def test_representative_signs_with_their_relationship(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_patient(representative=("Ellen Ellis", "daughter"))
    driver.patient(PatientAnswers())
    driver.patient_signature(pad="signature_representative")
    driver.review()
    driver.staff_signatures()
    signature = wizard.context.session.signature(SignatureRole.REPRESENTATIVE)
    assert signature is not None
    assert signature.printed_name == "Ellen Ellis"
    assert signature.relationship == "daughter"
    pdf = driver.exported_text()
    assert "Ellen Ellis" in pdf
    assert "daughter" in pdf


def test_interpreter_signs_with_their_name(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_patient(interpreter="Lucía Fernández")
    driver.patient(PatientAnswers())
    driver.patient_signature(interpreter=True)
    driver.review()
    driver.staff_signatures()
    signature = wizard.context.session.signature(SignatureRole.INTERPRETER)
    assert signature is not None
    assert signature.printed_name == "Lucía Fernández"
    assert "Lucía Fernández" in driver.exported_text()


def test_interpreter_pad_is_required_when_an_interpreter_helped(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_patient(interpreter="Lucía Fernández")
    driver.patient(PatientAnswers())
    driver.next("patient_signature")
    driver.sign("signature_patient")
    assert not wizard.currentPage().isComplete()


def test_cement_allergy_yes_ends_in_do_not_proceed(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_patient()
    plan = PatientAnswers(
        answers={"allergy.acrylic_nails": Answer.YES},
        details={"allergy.acrylic_nails": "Blisters after gel nails in 2019"},
    )
    driver.patient(plan)
    driver.patient_signature()
    assert review_status(driver) == "Do not proceed"
    assert "DO NOT PROCEED" in review_findings(driver)
    driver.review()
    driver.staff_signatures(defer_attestation=True)
    pdf = driver.exported_text()
    assert "Do not proceed" in pdf
    assert "Blisters after gel nails in 2019" in pdf


def test_not_sure_ends_in_physician_review_which_must_be_recorded(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_review(PatientAnswers(answers={"allergy.latex": Answer.NOT_SURE}))
    assert review_status(driver) == "Physician review required"
    assert not wizard.currentPage().isComplete()
    driver.review(physician=("Dr Amir Patel", "proceed_with_precautions", "Latex-free kit"))
    # Review was required, so the physician cannot leave the attestation for later.
    assert not driver.find(QCheckBox, "attestation_deferred").isEnabled()
    driver.staff_signatures()
    pdf = driver.exported_text()
    assert "Physician review required" in pdf
    assert "Latex-free kit" in pdf


def test_risk_questions_reach_the_review_and_the_summary(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_patient()
    question = "Will the antibiotics interact with my warfarin?"
    driver.patient(PatientAnswers(questions={"risk.infection": question}))
    driver.patient_signature()
    assert question in driver.find(QLabel, "questions_raised").text()
    assert review_status(driver) == "Physician review required"
    driver.review(physician=("Dr Amir Patel", "proceed", "Question answered in person"))
    driver.staff_signatures()
    assert question in " ".join(driver.exported_text().split())


def test_wrong_teach_back_is_recorded_and_flagged(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_patient()
    first = wizard.context.form.understanding.questions[0]
    driver.patient(PatientAnswers(wrong_teach_back={first.id}))
    answer = wizard.context.session.understanding[first.id]
    assert answer.first_choice != first.correct
    assert answer.choices[-1] == first.correct


def test_talk_to_the_doctor_first_goes_to_review_and_is_flagged(tmp_path, qtbot, monkeypatch):
    wizard, data = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_patient()
    driver.patient(PatientAnswers(decision="talk_first"))
    driver.next("review")
    assert wizard.context.session.decision is Decision.TALK_FIRST
    assert wizard.context.session.signature(SignatureRole.PATIENT) is None
    assert review_status(driver) == "Physician review required"
    assert wizard.save()  # autosave writes in the background; wait for it
    saved = SessionStore(data / "sessions.sqlite3").load(wizard.context.session.session_id)
    assert saved.status is SessionStatus.AWAITING_DISCUSSION


def test_anticoagulant_not_held_long_enough_is_flagged_on_the_checklist(
    tmp_path, qtbot, monkeypatch
):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.intake()
    driver.checklist(drug="apixaban")
    flag = wizard.page_for_name("checklist").findChild(QLabel, "checklist.anticoagulant_flag")
    assert flag.isVisibleTo(wizard.page_for_name("checklist"))
    assert "DO NOT PROCEED" in flag.text()
    assert "Apixaban" in flag.text()
    # ...and again on the handover screen, before the tablet leaves the nurse.
    handover = wizard.currentPage()
    assert handover.objectName() == "handover"
    assert any("Apixaban" in text for text in handover.flag_texts())


def test_back_and_forth_keeps_every_answer(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.intake(name="Zoë Łukasiewicz-O'Brien")
    driver.checklist()
    wizard.back()
    wizard.back()
    assert driver.find(QLineEdit, "full_name").text() == "Zoë Łukasiewicz-O'Brien"
    assert driver.find(QLineEdit, "scheduled_at").text() == driver.stamp(driver.scheduled)
    wizard.next()
    note = driver.find(QLineEdit, "checklist.iv_access_note")
    note.setText("Left forearm, 20G")
    wizard.next()
    wizard.back()
    assert driver.find(QLineEdit, "checklist.iv_access_note").text() == "Left forearm, 20G"
    assert (
        wizard.context.session.checklist.entries["checklist.iv_access"].note == "Left forearm, 20G"
    )


def test_patient_cannot_go_back_to_staff_pages_or_leave(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch, pin_attempts=["0000", "0000"])
    driver = Driver(wizard)
    driver.to_patient()
    assert driver.page_name() == "procedure"
    assert (
        not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
        or not wizard.button(QWizard.WizardButton.BackButton).isVisible()
    )
    wizard.back()
    assert driver.page_name() == "procedure"
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    wizard.reject()
    assert wizard.isVisible()
    event = QCloseEvent()
    wizard.closeEvent(event)
    assert not event.isAccepted()
    assert wizard.isVisible()


def test_wrong_pin_keeps_the_tablet_on_the_patient_page(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch, pin_attempts=["1111"])
    driver = Driver(wizard)
    driver.to_patient()
    driver.patient(PatientAnswers())
    driver.next("patient_signature")
    driver.sign("signature_patient")
    wizard.next()
    assert driver.page_name() == "patient_signature"
    wizard.next()  # the right PIN this time
    assert driver.page_name() == "review"


def test_start_next_patient_clears_every_patient_detail(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.consent_to_done()
    first_session = wizard.context.session.session_id
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert driver.page_name() == "intake"
    # Only the finished session was exported: the new, blank one is not sealed or saved.
    assert len(list(wizard.context.records_dir.glob("*.pdf"))) == 1
    assert wizard.save()
    assert SessionStore(wizard.context.store.path).session_ids() == [first_session]
    assert wizard.context.session.session_id != first_session
    for page_id in wizard.pageIds():
        page = wizard.page(page_id)
        for edit in page.findChildren(QLineEdit):
            assert "Margaret" not in edit.text()
            assert "MRN-104233" not in edit.text()
        for label in page.findChildren(QLabel):
            assert "Margaret" not in label.text()
            assert "MRN-104233" not in label.text()


def test_every_page_is_saved_as_it_is_entered(tmp_path, qtbot, monkeypatch):
    wizard, data = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.intake()
    assert wizard.save()  # autosave writes in the background; wait for it
    store = SessionStore(data / "sessions.sqlite3")
    saved = store.load(wizard.context.session.session_id)
    assert saved.current_page == "checklist"
    assert saved.intake.full_name == "Margaret Ellis"


def test_page_ids_are_the_pages_object_names(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    names = [wizard.page(i).objectName() for i in wizard.pageIds()]
    assert names == [
        "intake",
        "checklist",
        "handover",
        "procedure",
        "positioning",
        "allergy",
        "risks",
        "understanding",
        "decision",
        "patient_signature",
        "review",
        "staff_signatures",
        "done",
    ]


def test_escape_key_is_swallowed_on_staff_pages_too(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    wizard.keyPressEvent(event)
    assert event.isAccepted()
    assert wizard.isVisible()


def test_export_failure_keeps_the_session_and_offers_a_retry(tmp_path, qtbot, monkeypatch):
    wizard, data = make_app(tmp_path, qtbot, monkeypatch)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the records folder should be")
    wizard.context.records_dir = blocker / "records"
    driver = Driver(wizard)
    driver.consent_to_done()
    done = wizard.currentPage()
    assert "could not be saved" in driver.find(QLabel, "export_status").text()
    assert not done.isComplete()
    retry = driver.find(QPushButton, "retry_export")
    assert retry.isVisibleTo(done)
    assert wizard.save()  # autosave writes in the background; wait for it
    saved = SessionStore(data / "sessions.sqlite3").load(wizard.context.session.session_id)
    assert saved.signature(SignatureRole.WITNESS) is not None
    assert not list(tmp_path.rglob("*.part"))
    wizard.context.records_dir = data / "records"
    retry.click()
    driver.wait_for_seal()
    assert done.isComplete()
    assert list((data / "records").glob("consent-*.pdf"))


def test_hostile_text_in_intake_is_stored_clean_and_never_crashes(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    name = driver.find(QLineEdit, "full_name")
    name.setText("\x00Zoë\x1b[31m Łukasiewicz\u202e-O'Brien <b>x</b>\x7f")
    assert wizard.context.session.intake.full_name == "Zoë[31m Łukasiewicz-O'Brien <b>x</b>"
    name.setText("x" * 10_000)
    assert len(wizard.context.session.intake.full_name) <= 200
    name.setText("   ")
    assert not wizard.currentPage().isComplete()


def test_a_whole_session_writes_no_patient_identifier_to_the_logs(tmp_path, qtbot, monkeypatch):
    wizard, data = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.consent_to_done()
    logs = "".join(p.read_text(encoding="utf-8") for p in (data / "logs").glob("*.log*"))
    assert "started" in logs  # the log is really written
    for identifier in ("Margaret", "Ellis", "MRN-104233", "1948-03-02", "1948"):
        assert identifier not in logs
    # Everything the app wrote is this user's alone: folders 0700, files 0600.
    (data / "settings.json").chmod(0o600)  # written by the test, not the app
    for path in [data, *data.rglob("*")]:
        expected = 0o700 if path.is_dir() else 0o600
        assert path.stat().st_mode & 0o777 == expected, path


def test_the_sealed_summary_prints_every_page(tmp_path, qtbot, monkeypatch):
    from PySide6.QtPrintSupport import QPrinter

    from consent_app.ui.done_page import PrintJob

    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.consent_to_done()
    done = wizard.currentPage()
    printed: list[int] = []

    def fake_run(cls, document, parent):
        # What the dialog would hand back: a printer, here one that writes a PDF file.
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "printed.pdf"))
        printed.append(cls.print_to(printer, document))
        return True

    monkeypatch.setattr(PrintJob, "run", classmethod(fake_run))
    driver.click("print_summary")
    assert printed == [done.document.pageCount()]
    assert (tmp_path / "printed.pdf").stat().st_size > 10_000


def test_a_second_blood_thinner_is_flagged_on_the_checklist(tmp_path, qtbot, monkeypatch):
    from datetime import timedelta

    from PySide6.QtWidgets import QComboBox

    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.intake()
    page = wizard.currentPage()
    driver.find(AnswerButtons, "checklist.anticoagulant").button(Answer.YES).click()
    first = driver.find(QComboBox, "anticoagulant_drug")
    first.setCurrentIndex(first.findData("aspirin_primary"))
    driver.text("anticoagulant_last_dose", driver.stamp(driver.now - timedelta(days=8)))
    second = driver.find(QComboBox, "anticoagulant_drug_2")
    second.setCurrentIndex(second.findData("clopidogrel"))
    driver.text("anticoagulant_last_dose_2", driver.stamp(driver.now - timedelta(days=1)))
    flag = page.findChild(QLabel, "checklist.anticoagulant_flag")
    assert "DO NOT PROCEED" in flag.text()
    assert "Clopidogrel" in flag.text()
    doses = wizard.context.session.checklist.anticoagulant_doses()
    assert [d.drug for d in doses] == ["aspirin_primary", "clopidogrel"]


def test_five_wrong_pins_lock_staff_entry_even_for_the_right_pin(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    for _ in range(4):
        assert wizard.check_pin("0000") is False
    locked = wizard.check_pin("0000")
    assert isinstance(locked, str)
    assert "wait 60 seconds" in locked
    assert isinstance(wizard.check_pin("2468"), str)


def test_the_pin_dialog_shows_the_lockout_sentence(qtbot):
    from consent_app.ui.pin_dialog import PinDialog

    dialog = PinDialog(lambda pin: "Too many wrong PINs. Please wait 60 seconds, then try again.")
    qtbot.addWidget(dialog)
    dialog.findChild(QLineEdit, "pin_field").setText("2468")
    dialog.submit()
    assert "wait 60 seconds" in dialog.findChild(QLabel, "pin_error").text()
    assert dialog.result() != dialog.DialogCode.Accepted


#: A seal worker on a full disk: every fsync fails with ENOSPC, as the tablet's would.
FULL_DISK_WORKER = """
import errno, os, sys

def full(fd):
    raise OSError(errno.ENOSPC, "No space left on device")

os.fsync = full
from consent_app.app import main
sys.exit(main(["seal-worker"]))
"""


def test_a_full_disk_during_export_is_named_and_the_retry_works(tmp_path, qtbot, monkeypatch):
    import dataclasses
    import sys

    wizard, data = make_app(tmp_path, qtbot, monkeypatch)
    worker = wizard.context.seal_command
    full = dataclasses.replace(worker, argv=(sys.executable, "-c", FULL_DISK_WORKER))
    wizard.context.seal_command = full
    driver = Driver(wizard)
    driver.consent_to_done()
    status = driver.find(QLabel, "export_status").text()
    assert "the storage is full" in status
    assert "Ask IT to free some space" in status
    assert not list((data / "records").glob("*"))  # no half-written file left behind
    wizard.context.seal_command = worker
    driver.click("retry_export")
    driver.wait_for_seal()
    assert wizard.currentPage().isComplete()
    assert len(list((data / "records").glob("consent-*.pdf"))) == 1
