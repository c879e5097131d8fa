"""The Done page seals the summary in a child process: it says so at once, keeps the next
patient waiting until the file is written and listed, and loses nothing when the child fails,
when the window closes, or ever loads the PDF libraries into the window's process."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QLabel, QPushButton, QWidget, QWizard
from wizard_driver import Driver, make_app

from consent_app.domain.audit import EventKind
from consent_app.seal_worker import SealCommand
from consent_app.store import SessionStore

PROBE = Path(__file__).with_name("export_stack_probe.py")


def to_the_last_staff_signature(driver: Driver) -> None:
    """A whole session up to the moment staff press Next into Done."""
    driver.to_review()
    driver.review()
    driver.sign("signature_witness")
    driver.text("witness_printed_name", "Nurse Joy Okafor")
    driver.sign("signature_physician")


def status(driver: Driver) -> str:
    return driver.find(QLabel, "export_status").text()


def test_done_says_it_is_sealing_then_shows_the_sealed_summary(tmp_path, qtbot, monkeypatch):
    wizard, data = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    to_the_last_staff_signature(driver)
    wizard.next()
    done = wizard.currentPage()
    assert driver.page_name() == "done"
    assert status(driver) == "Sealing the summary…"
    assert done.sealing
    assert not done.isComplete()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert not driver.find(QPushButton, "print_summary").isEnabled()
    assert not driver.find(QPushButton, "retry_export").isVisibleTo(done)
    preview = done.findChild(QWidget, "pdf_preview")
    assert not preview.isVisibleTo(done)  # no empty grey box while there is nothing to show
    driver.wait_for_seal()
    assert "Seal: intact" in status(driver)
    assert preview.isVisibleTo(done)
    assert done.isComplete()
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert driver.find(QPushButton, "print_summary").isEnabled()
    assert done.document.status() is QPdfDocument.Status.Ready
    assert str(data / "records") in driver.find(QLabel, "export_path").text()
    session_id = wizard.context.session.session_id
    assert wizard.save()
    kinds = [e.kind for e in SessionStore(data / "sessions.sqlite3").events(session_id)]
    assert kinds.index(EventKind.EXPORTED) < kinds.index(EventKind.VERIFIED)


def seal_with_python(wizard, code: str) -> SealCommand:
    """Seal with ``python -c code`` in place of the seal worker; returns the worker's command."""
    worker = wizard.context.seal_command
    wizard.context.seal_command = dataclasses.replace(worker, argv=(sys.executable, "-c", code))
    return worker


def retry_seals(driver: Driver, worker: SealCommand) -> None:
    """With the seal worker back, "Try the export again" seals and lists the summary."""
    driver.wizard.context.seal_command = worker
    driver.click("retry_export")
    assert status(driver) == "Sealing the summary…"
    driver.wait_for_seal()
    done = driver.wizard.currentPage()
    assert done.isComplete()
    assert "Seal: intact" in status(driver)
    store = driver.wizard.context.store
    assert len(store.versions(done.session.session_id)) == 1


def test_a_crashed_seal_is_a_calm_failure_and_the_retry_seals(tmp_path, qtbot, monkeypatch):
    wizard, data = make_app(tmp_path, qtbot, monkeypatch)
    worker = seal_with_python(wizard, "import os; os.abort()")
    driver = Driver(wizard)
    driver.consent_to_done()
    assert "could not be saved" in status(driver)
    assert "Nothing is lost" in status(driver)
    assert not wizard.currentPage().isComplete()
    assert not list((data / "records").glob("*"))
    retry_seals(driver, worker)


def test_a_seal_past_its_time_is_stopped_and_can_be_tried_again(tmp_path, qtbot, monkeypatch):
    from consent_app.ui.sealing import SealRun

    monkeypatch.setattr(SealRun, "TIMEOUT_SECONDS", 0.5)
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    worker = seal_with_python(wizard, "import time; time.sleep(60)")
    driver = Driver(wizard)
    driver.consent_to_done()
    assert "could not be saved" in status(driver)
    assert driver.find(QPushButton, "retry_export").isVisibleTo(wizard.currentPage())
    monkeypatch.setattr(SealRun, "TIMEOUT_SECONDS", 120.0)
    retry_seals(driver, worker)


def test_closing_the_window_while_sealing_waits_for_the_summary(tmp_path, qtbot, monkeypatch):
    wizard, data = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    to_the_last_staff_signature(driver)
    wizard.next()
    session_id = wizard.context.session.session_id
    assert wizard.currentPage().sealing
    wizard.close()
    store = SessionStore(data / "sessions.sqlite3")
    [version] = store.versions(session_id)
    assert Path(version.file).is_file()
    kinds = [e.kind for e in store.events(session_id)]
    assert EventKind.EXPORTED in kinds
    assert EventKind.VERIFIED in kinds


def test_a_whole_session_never_loads_the_pdf_or_fhir_libraries_into_the_window():
    """Sealing, the records server's Bundle and a seal check in the records browser all happen
    in child processes."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, str(PROBE)], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout)
    assert found["sealed"]
    assert len(found["records"]) == 1
    assert found["queued"] == ["Bundle"]
    assert found["check"] == "intact"
    assert found["loaded"] == []


def test_why_an_export_failed_is_said_whole_in_the_clinic_s_language(
    tmp_path, qtbot, monkeypatch
) -> None:
    from consent_app.store import Fault
    from consent_app.ui.base import PageId

    wizard, _ = make_app(tmp_path, qtbot, monkeypatch, clinic_language="es")
    done = wizard.page_for(PageId.DONE)
    done._failed(Fault.DISK_FULL)
    status = done.findChild(QLabel, "export_status").text()
    assert "el almacenamiento está lleno" in status, status
    assert "storage" not in status
    done._failed(Fault.LOCKED)
    assert (
        "la base de datos de registros está en uso"
        in done.findChild(QLabel, "export_status").text()
    )
