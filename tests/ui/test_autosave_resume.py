"""Autosave within a second, resume behind the PIN exactly where it stopped, a changed form read
again, every event in a hash-chained trail, and a failing disk said on screen with nothing lost."""

from __future__ import annotations

import json
import time
from pathlib import Path

from PySide6.QtWidgets import QLineEdit
from wizard_driver import Driver, PatientAnswers, make_app

from consent_app.domain.audit import EventKind, verify_chain
from consent_app.domain.session import RiskResponse, SignatureRole
from consent_app.resources_door import load_form
from consent_app.store import Fault, SessionStore, StoreError, fault_message

FORM = Path(__file__).resolve().parents[2] / "forms" / "vertebroplasty" / "en.toml"


def _store(data: Path) -> SessionStore:
    return SessionStore(data / "sessions.sqlite3")


def test_a_typed_answer_is_saved_within_a_second_without_leaving_the_page(
    tmp_path, qtbot, monkeypatch
) -> None:
    wizard, data = make_app(tmp_path, qtbot, monkeypatch)
    name = wizard.currentPage().findChild(QLineEdit, "full_name")
    name.setText("Margaret Ellis")
    typed_at = time.monotonic()
    session_id = wizard.context.session.session_id
    store = _store(data)

    def saved() -> bool:
        try:
            return store.load(session_id).intake.full_name == "Margaret Ellis"
        except KeyError:
            return False

    qtbot.waitUntil(saved, timeout=1000)
    assert time.monotonic() - typed_at < 1.0
    # Still typing: each new letter is saved within the second too, not only after a pause.
    for letter in "-Jones":
        name.setText(name.text() + letter)
        qtbot.wait(120)
    qtbot.waitUntil(lambda: store.load(session_id).intake.full_name.endswith("Jones"), timeout=1000)


def test_opening_and_closing_the_app_leaves_no_empty_record(tmp_path, qtbot, monkeypatch) -> None:
    wizard, data = make_app(tmp_path, qtbot, monkeypatch)
    assert wizard.save()
    assert _store(data).session_ids() == []


def test_resume_needs_the_pin_and_lands_on_the_page_and_card(tmp_path, qtbot, monkeypatch) -> None:
    wizard, data = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_patient()
    driver.next("positioning")
    driver.click("positioning_intro_next")
    card = wizard.currentPage().deck.index()
    assert card == 1
    session_id = wizard.context.session.session_id
    assert wizard.save()
    qtbot.addWidget(wizard)

    # The tablet is restarted: a new app on the same data folder.
    again, _ = make_app(tmp_path, qtbot, monkeypatch, pin_attempts=["0000"])
    intake = again.page_for_name("intake")
    assert intake.resume_button.isEnabled()
    assert "(1)" in intake.resume_button.text()
    assert "Margaret" not in intake.resume_button.text()  # names only behind the PIN
    again.open_records(unfinished_only=True)  # a wrong PIN: nothing opens
    assert again.findChildren(type(intake), "records_browser") == []
    again.resume(session_id)
    assert again.currentPage().objectName() == "positioning"
    assert again.currentPage().deck.index() == card
    assert again.context.session.intake.full_name == "Margaret Ellis"
    assert again.patient_mode()
    kinds = [e.kind for e in _store(data).events(session_id)]
    again.save()
    kinds = [e.kind for e in _store(data).events(session_id)]
    assert EventKind.SESSION_RESUMED.value in kinds


def test_a_form_changed_since_the_pause_sends_the_patient_back_over_the_changed_page(
    tmp_path, qtbot, monkeypatch
) -> None:
    wizard, data = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_review()
    session_id = wizard.context.session.session_id
    assert wizard.context.session.signature(SignatureRole.PATIENT) is not None
    assert wizard.save()

    # The clinic revises one risk's wording while the session is paused.
    clinic_form = data / "forms" / "vertebroplasty" / "en.toml"
    clinic_form.parent.mkdir(parents=True)
    text = FORM.read_text(encoding="utf-8")
    first_risk = wizard.context.form.risks.items[0]
    assert first_risk.body in text
    clinic_form.write_text(
        text.replace(first_risk.body, first_risk.body + " Revised wording."), encoding="utf-8"
    )

    load_form.cache_clear()  # a new process would read the form afresh
    again, _ = make_app(tmp_path, qtbot, monkeypatch)
    again.resume(session_id)
    session = again.context.session
    assert again.currentPage().objectName() == "risks"
    assert session.pages_to_review == ["risks"]
    assert session.risks == {}
    assert session.signature(SignatureRole.PATIENT) is None  # signed to the old wording
    assert session.answers  # the unchanged pages keep their answers
    resumed = Driver(again)
    resumed.click("risks_intro_next")
    for risk in again.context.form.risks.items:
        resumed.click(f"{risk.id}_understood")
    resumed.click("risks_benefits_next")
    resumed.click("risks_alternatives_read")
    resumed.next("understanding")
    assert session.pages_to_review == []
    assert session.risks[first_risk.id].response is RiskResponse.UNDERSTOOD
    again.save()
    changed = [e for e in _store(data).events(session_id) if e.kind == "form_changed"]
    assert len(changed) == 1
    assert '"risks"' in changed[0].data


def test_a_whole_session_leaves_an_intact_trail_of_every_kind_of_event(
    tmp_path, qtbot, monkeypatch
) -> None:
    wizard, data = make_app(tmp_path, qtbot, monkeypatch, pin_attempts=["1111"])
    driver = Driver(wizard)
    driver.to_patient()
    driver.patient(PatientAnswers(questions={"risk.infection": "How often does it happen?"}))
    driver.next("patient_signature")
    driver.sign("signature_patient")
    wizard.next()  # a wrong PIN first
    wizard.next()
    driver.review(physician=("Dr Amir Patel", "proceed", "Question answered in person"))
    driver.staff_signatures()
    assert wizard.save()
    events = _store(data).events(wizard.context.session.session_id)
    assert verify_chain(events) == []
    kinds = {e.kind for e in events}
    for kind in (
        EventKind.SESSION_CREATED,
        EventKind.PAGE_ENTERED,
        EventKind.PAGE_LEFT,
        EventKind.ANSWER_CHANGED,
        EventKind.RISK_MARKED,
        EventKind.SIGNATURE_CAPTURED,
        EventKind.LOCKED,
        EventKind.PIN_FAILED,
        EventKind.UNLOCKED,
        EventKind.EXPORTED,
        EventKind.VERIFIED,
    ):
        assert kind.value in kinds, kind
    changed = [e.data for e in events if e.kind == EventKind.ANSWER_CHANGED.value]
    assert any('"intake.full_name"' in d and '"Margaret Ellis"' in d for d in changed)
    left = [e.data for e in events if e.kind == EventKind.PAGE_LEFT.value]
    assert any('"page":"risks"' in d and '"seconds"' in d for d in left)
    # The sealed record carries the head of the chain as it stood when the export began. At
    # most the move into Done comes between, written while a child process seals the summary.
    session = wizard.context.session
    exported = next(i for i, e in enumerate(events) if e.kind == EventKind.EXPORTED.value)
    assert session.audit is not None
    sealed = session.audit.events
    assert session.audit.head == events[sealed - 1].hash
    between = [(e.kind, json.loads(e.data)["page"]) for e in events[sealed:exported]]
    move = [(EventKind.PAGE_LEFT.value, "staff_signatures"), (EventKind.PAGE_ENTERED.value, "done")]
    assert between in (move, [])
    text = driver.exported_text()
    assert "Audit trail" in text
    assert session.audit.head in "".join(text.split())


def test_a_failing_disk_is_said_on_screen_and_nothing_is_lost(tmp_path, qtbot, monkeypatch) -> None:
    wizard, data = make_app(tmp_path, qtbot, monkeypatch)
    store = wizard.context.store
    real = store.save_record

    def full(*args, **kwargs):
        raise StoreError(fault_message(Fault.DISK_FULL, "saved"), Fault.DISK_FULL)

    monkeypatch.setattr(store, "save_record", full)
    driver = Driver(wizard)
    driver.text("full_name", "Margaret Ellis")
    page = wizard.currentPage()
    qtbot.waitUntil(lambda: page.fault.isVisibleTo(wizard), timeout=2000)
    assert "storage is full" in page.fault.text()
    assert "Nothing on screen is lost" in page.fault.text()
    driver.text("mrn", "MRN-104233")  # typing goes on while the disk is full
    monkeypatch.setattr(store, "save_record", real)  # space is freed
    session_id = wizard.context.session.session_id
    qtbot.waitUntil(lambda: not page.fault.isVisibleTo(wizard), timeout=4000)
    saved = _store(data).load(session_id)
    assert (saved.intake.full_name, saved.intake.mrn) == ("Margaret Ellis", "MRN-104233")
    # The events written while failing were kept and written with the recovery, in order.
    events = _store(data).events(session_id)
    assert verify_chain(events) == []
    assert events[0].kind == EventKind.SESSION_CREATED.value
