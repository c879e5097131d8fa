"""The records browser: search, versions, seal checks, reprint, resume and late attestation."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
)
from sessions import SIGNATURE_STROKES, ready_session

from consent_app.domain.audit import EventKind
from consent_app.domain.clearance import ClearanceStatus, evaluate
from consent_app.domain.form import FormDefinition
from consent_app.domain.session import (
    ConsentSession,
    Decision,
    RiskResponse,
    SessionStatus,
    SignatureRole,
)
from consent_app.paths import DataPaths
from consent_app.pdf.archive import embedded_record
from consent_app.pin import StaffPin
from consent_app.records import FIRST_EXPORT, LATE_ATTESTATION, seal_version
from consent_app.seal import load_or_create_identity
from consent_app.seal_worker import FileCheck, Found, SealCommand, SealFailure, worker_command
from consent_app.settings import Settings
from consent_app.store import SessionStore, StoreError
from consent_app.ui.context import WizardContext
from consent_app.ui.done_page import PrintJob
from consent_app.ui.records_browser import LateAttestationDialog, RecordsBrowser

#: The longest a test waits for the seal worker's check (it takes a second or two).
CHECK_MS = 120_000
#: When the first versions were sealed, and the browser's clock (the next morning).
SEALED_AT = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
#: A procedure date no session is saved on (the store matches dates against both).
LATER_DAY = date(2027, 3, 2)


class Clinic:
    """A real store in tmp_path with four sessions, two of them completed (and sealed if asked)."""

    def __init__(
        self,
        tmp_path: Path,
        form: FormDefinition,
        settings: Settings,
        key: DataPaths,
        sealed: bool = True,
    ) -> None:
        self.sealed = sealed
        self.form, self.settings = form, settings
        self.store = SessionStore(tmp_path / "sessions.sqlite3")
        self.paths = DataPaths(tmp_path / "data")
        self.paths.ensure()
        for part in ("seal_key", "seal_certificate"):
            shutil.copy2(getattr(key, part), getattr(self.paths, part))
        self.records = tmp_path / "records"
        self.context = WizardContext(
            form=form,
            settings=settings,
            store=self.store,
            staff_pin=StaffPin(tmp_path / "staff_pin.json"),
            records_dir=self.records,
            clock=lambda: NOW,
            paths=self.paths,
            seal_command=worker_command(),
        )
        # Completed, sealed, the physician to attest later.
        self.zoe = self.completed("Zoë Ashworth", "MRN-200417", deferred=True)
        # Completed, sealed, attested.
        self.margaret = self.completed("Margaret Ellis", "MRN-104233", deferred=False)
        # Still being filled in, for a later procedure.
        self.peter = self.unfinished("Peter Quill", "MRN-310001", SessionStatus.IN_PROGRESS)
        self.ruth = self.unfinished("Ruth Adeyemi", "MRN-201999", SessionStatus.AWAITING_DISCUSSION)

    def completed(self, name: str, mrn: str, deferred: bool) -> ConsentSession:
        session = ready_session(self.form)
        session.intake.full_name, session.intake.mrn = name, mrn
        if deferred:
            session.remove_signature(SignatureRole.PHYSICIAN)
            session.attestation_deferred = True
        session.status = SessionStatus.COMPLETED
        self.store.save(session)
        if self.sealed:
            self.seal(session)
        return session

    def seal(self, session: ConsentSession) -> None:
        seal_version(
            self.store,
            session,
            self.form,
            self.settings,
            self.paths,
            self.records,
            SEALED_AT,
            FIRST_EXPORT,
        )

    def unfinished(self, name: str, mrn: str, status: SessionStatus) -> ConsentSession:
        session = ready_session(self.form)
        session.intake.full_name, session.intake.mrn = name, mrn
        session.intake.scheduled_at = datetime.combine(LATER_DAY, SEALED_AT.timetz())
        session.signatures = []
        session.decision = Decision.TALK_FIRST
        session.status = status
        self.store.save(session)
        return session

    def file(self, session: ConsentSession, version: int = 1) -> Path:
        return Path(self.store.versions(session.session_id)[version - 1].file)

    def events(self, session: ConsentSession, kind: EventKind) -> list[dict]:
        return [json.loads(e.data) for e in self.store.events(session.session_id) if e.kind == kind]


@pytest.fixture(scope="module")
def seal_key(tmp_path_factory: pytest.TempPathFactory) -> DataPaths:
    """One device seal key for the module: making an RSA key takes about a second."""
    paths = DataPaths(tmp_path_factory.mktemp("seal"))
    settings = Settings(clinic_name="Test Clinic", device_name="tablet-1", timezone="Europe/London")
    load_or_create_identity(paths, settings)
    return paths


@pytest.fixture
def clinic(tmp_path: Path, form: FormDefinition, settings: Settings, seal_key: DataPaths) -> Clinic:
    return Clinic(tmp_path, form, settings, seal_key)


@pytest.fixture
def listed(tmp_path: Path, form: FormDefinition, settings: Settings, seal_key: DataPaths) -> Clinic:
    """The same sessions, none sealed: enough for searching, and quicker."""
    return Clinic(tmp_path, form, settings, seal_key, sealed=False)


@pytest.fixture
def browser(clinic: Clinic, qtbot) -> RecordsBrowser:
    dialog = RecordsBrowser(clinic.context)
    qtbot.addWidget(dialog)
    return dialog


@pytest.fixture
def finder(listed: Clinic, qtbot) -> RecordsBrowser:
    dialog = RecordsBrowser(listed.context)
    qtbot.addWidget(dialog)
    return dialog


def names(browser: RecordsBrowser) -> list[str]:
    return sorted(row.patient_name for row in browser.results())


def child(browser, kind, name: str):
    widget = browser.findChild(kind, name)
    assert widget is not None, name
    return widget


def message(browser: RecordsBrowser) -> str:
    return child(browser, QLabel, "record_message").text()


def version_lines(browser: RecordsBrowser) -> list[str]:
    versions = child(browser, QListWidget, "record_versions")
    return [versions.item(i).text() for i in range(versions.count())]


def set_status(browser: RecordsBrowser, words: str) -> None:
    box = child(browser, QComboBox, "records_status")
    box.setCurrentIndex(box.findText(words))


def button(browser, name: str) -> QPushButton:
    return child(browser, QPushButton, name)


# -- searching ---------------------------------------------------------------------------------
def test_opens_with_every_session_newest_first(finder: RecordsBrowser, listed: Clinic) -> None:
    assert [row.session_id for row in finder.results()] == [
        listed.ruth.session_id,
        listed.peter.session_id,
        listed.margaret.session_id,
        listed.zoe.session_id,
    ]


def test_name_search_folds_case_and_accents(finder: RecordsBrowser) -> None:
    child(finder, QLineEdit, "records_search").setText("zoe")
    finder.search_now()
    assert names(finder) == ["Zoë Ashworth"]


def test_typing_searches_again_after_a_pause(finder: RecordsBrowser, qtbot) -> None:
    finder.search_box.setText("ELLIS")
    qtbot.waitUntil(lambda: names(finder) == ["Margaret Ellis"], timeout=2000)


def test_mrn_search_matches_the_start_of_the_mrn(finder: RecordsBrowser) -> None:
    finder.search_box.setText("mrn-20")
    finder.search_now()
    assert names(finder) == ["Ruth Adeyemi", "Zoë Ashworth"]
    finder.search_box.setText("0417")  # the end of an MRN is not its start
    finder.search_now()
    assert names(finder) == []
    assert message(finder) == "No sessions match."


def test_date_search_matches_the_procedure_date(finder: RecordsBrowser) -> None:
    finder.date_box.setText(LATER_DAY.isoformat())
    finder.search_now()
    assert names(finder) == ["Peter Quill", "Ruth Adeyemi"]


def test_an_unreadable_date_is_said_in_words(finder: RecordsBrowser) -> None:
    finder.date_box.setText("2027-13-45")
    finder.search_now()
    assert "YYYY-MM-DD" in message(finder)
    assert len(finder.results()) == 4  # the last results stay


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Unfinished", ["Peter Quill", "Ruth Adeyemi"]),
        ("In progress", ["Peter Quill"]),
        ("Awaiting discussion", ["Ruth Adeyemi"]),
        ("Completed", ["Margaret Ellis", "Zoë Ashworth"]),
        ("All", ["Margaret Ellis", "Peter Quill", "Ruth Adeyemi", "Zoë Ashworth"]),
    ],
)
def test_status_filter(finder: RecordsBrowser, words: str, expected: list[str]) -> None:
    set_status(finder, "Completed" if words == "All" else "All")
    set_status(finder, words)
    assert names(finder) == expected


def test_unfinished_only_shows_and_keeps_to_unfinished(listed: Clinic, qtbot) -> None:
    dialog = RecordsBrowser(listed.context, unfinished_only=True)
    qtbot.addWidget(dialog)
    assert names(dialog) == ["Peter Quill", "Ruth Adeyemi"]
    assert not child(dialog, QComboBox, "records_status").isEnabled()


def test_table_shows_status_in_words_and_time_in_the_clinics_zone(
    finder: RecordsBrowser, listed: Clinic
) -> None:
    finder.search_box.setText("Quill")
    finder.search_now()
    table = child(finder, QTableWidget, "records_table")
    cells = [table.item(0, column).text() for column in range(table.columnCount())]
    saved = finder.results()[0].updated_at.astimezone(listed.settings.zone)
    assert cells == [
        "Peter Quill",
        "MRN-310001",
        "1948-03-02",
        LATER_DAY.isoformat(),
        "In progress",
        saved.strftime("%Y-%m-%d %H:%M %Z"),
    ]


def test_a_store_that_cannot_be_read_is_said_in_words(
    finder: RecordsBrowser, listed: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*args: object, **kwargs: object) -> list:
        raise StoreError("The answers could not be read: another program is using it.")

    monkeypatch.setattr(listed.store, "search", locked)
    finder.search_box.setText("ellis")
    finder.search_now()
    assert message(finder) == "The answers could not be read: another program is using it."


# -- selecting ---------------------------------------------------------------------------------
def test_selecting_shows_details_and_versions(browser: RecordsBrowser, clinic: Clinic) -> None:
    browser.select(clinic.zoe.session_id)
    assert browser.selected().session_id == clinic.zoe.session_id
    details = child(browser, QLabel, "record_details").text()
    assert "Zoë Ashworth" in details
    assert "MRN-200417" in details
    assert "Physician attestation: to be signed (deferred)" in details
    assert version_lines(browser) == [
        f"Version 1 — {FIRST_EXPORT} — 2026-11-24 12:00 GMT — {clinic.file(clinic.zoe).name}"
    ]


@pytest.mark.parametrize(
    ("who", "enabled"),
    [
        ("zoe", {"record_verify", "record_reprint", "record_attest"}),
        ("margaret", {"record_verify", "record_reprint"}),
        ("peter", {"record_resume"}),
        ("ruth", {"record_resume"}),
    ],
)
def test_actions_offered_fit_the_session(
    browser: RecordsBrowser, clinic: Clinic, who: str, enabled: set[str]
) -> None:
    browser.select(getattr(clinic, who).session_id)
    actions = ("record_verify", "record_reprint", "record_attest", "record_resume")
    assert {name for name in actions if button(browser, name).isEnabled()} == enabled


def test_a_completed_session_never_sealed_can_be_resumed(
    browser: RecordsBrowser, clinic: Clinic
) -> None:
    session = ready_session(clinic.form)
    session.intake.full_name = "Ada Unsealed"
    session.status = SessionStatus.COMPLETED
    clinic.store.save(session)
    browser.search_now()
    browser.select(session.session_id)
    assert button(browser, "record_resume").isEnabled()
    assert not button(browser, "record_verify").isEnabled()


# -- checking the seal -------------------------------------------------------------------------
def checked(browser: RecordsBrowser, qtbot) -> FileCheck | SealFailure:
    """Check the selected version's file in the seal worker; what it found."""
    with qtbot.waitSignal(browser.checked, timeout=CHECK_MS) as signal:
        assert browser.verify_selected()
    return signal.args[0]


def test_verify_of_an_intact_file_says_intact(
    browser: RecordsBrowser, clinic: Clinic, qtbot
) -> None:
    browser.select(clinic.margaret.session_id)
    with qtbot.waitSignal(browser.checked, timeout=CHECK_MS):
        button(browser, "record_verify").click()
        assert message(browser) == "Checking version 1…"
        assert not button(browser, "record_verify").isEnabled()
    assert button(browser, "record_verify").isEnabled()
    assert "Version 1" in message(browser)
    assert "is intact" in message(browser)
    assert clinic.events(clinic.margaret, EventKind.VERIFIED)[-1] == {
        "file": clinic.file(clinic.margaret).name,
        "version": 1,
        "ok": True,
    }


def test_verify_of_a_tampered_file_says_it_failed_and_why(
    browser: RecordsBrowser, clinic: Clinic, qtbot
) -> None:
    path = clinic.file(clinic.margaret)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    browser.select(clinic.margaret.session_id)
    found = checked(browser, qtbot)
    assert isinstance(found, FileCheck)
    assert found.found is Found.BROKEN
    assert "FAILED" in message(browser)
    assert "intact" not in message(browser)
    assert "The file was changed after it was sealed." in message(browser)
    assert "SHA-256" in message(browser)
    assert clinic.events(clinic.margaret, EventKind.VERIFIED)[-1]["ok"] is False


def test_verify_of_a_missing_file_says_where_it_should_be(
    browser: RecordsBrowser, clinic: Clinic, qtbot
) -> None:
    path = clinic.file(clinic.margaret)
    path.unlink()
    browser.select(clinic.margaret.session_id)
    assert checked(browser, qtbot).found is Found.MISSING
    assert "FAILED" in message(browser)
    assert f"The file {path} is not in the records folder." in message(browser)
    assert "(file not found)" in version_lines(browser)[0]


def test_closing_during_a_check_waits_for_it_and_records_what_it_found(
    browser: RecordsBrowser, clinic: Clinic
) -> None:
    browser.select(clinic.margaret.session_id)
    assert browser.verify_selected()
    assert browser.checking
    browser.reject()
    assert not browser.checking
    assert clinic.events(clinic.margaret, EventKind.VERIFIED)[-1]["ok"] is True


def test_a_check_that_does_not_finish_says_try_again_and_records_nothing(
    browser: RecordsBrowser, clinic: Clinic, qtbot
) -> None:
    clinic.context.seal_command = SealCommand((sys.executable, "-c", "raise SystemExit(3)"))
    browser.select(clinic.margaret.session_id)
    assert isinstance(checked(browser, qtbot), SealFailure)
    assert message(browser) == (
        "Version 1 could not be checked just now: the check did not finish. Try again."
    )
    assert clinic.events(clinic.margaret, EventKind.VERIFIED) == []
    assert button(browser, "record_verify").isEnabled()


# -- printing again ----------------------------------------------------------------------------
def test_reprint_prints_the_sealed_file_and_records_it(
    browser: RecordsBrowser, clinic: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    printed: list[int] = []

    def run(cls, document, parent) -> bool:
        printed.append(document.pageCount())
        return True

    monkeypatch.setattr(PrintJob, "run", classmethod(run))
    browser.select(clinic.zoe.session_id)
    button(browser, "record_reprint").click()
    assert len(printed) == 1
    assert printed[0] > 0
    assert "sent to the printer" in message(browser)
    assert clinic.events(clinic.zoe, EventKind.PRINTED) == [
        {"file": clinic.file(clinic.zoe).name, "version": 1}
    ]


def test_cancelled_reprint_records_nothing(
    browser: RecordsBrowser, clinic: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PrintJob, "run", classmethod(lambda cls, document, parent: False))
    browser.select(clinic.zoe.session_id)
    assert browser.reprint_selected() is False
    assert message(browser) == "Printing was cancelled."
    assert clinic.events(clinic.zoe, EventKind.PRINTED) == []


# -- resuming ----------------------------------------------------------------------------------
def test_resume_hands_the_session_id_over_and_closes(
    browser: RecordsBrowser, clinic: Clinic, qtbot
) -> None:
    browser.show()
    browser.select(clinic.peter.session_id)
    with qtbot.waitSignal(browser.resume_requested, timeout=1000) as signal:
        button(browser, "record_resume").click()
    assert signal.args == [clinic.peter.session_id]
    assert not browser.isVisible()
    assert browser.result() == RecordsBrowser.DialogCode.Accepted


# -- late attestation --------------------------------------------------------------------------
def sign_in(dialog: LateAttestationDialog, name: str = "Dr Amir Patel") -> None:
    dialog.block.name.setText(name)
    dialog.block.pad.set_strokes([])
    for stroke in SIGNATURE_STROKES:
        dialog.block.pad.add_stroke(stroke)


@pytest.fixture
def attest(monkeypatch: pytest.MonkeyPatch, qtbot) -> list[LateAttestationDialog]:
    """LateAttestationDialog.ask replaced: the physician signs, and Sign is clicked."""
    shown: list[LateAttestationDialog] = []

    def ask(cls, context, session_id, parent=None):
        dialog = cls(context, session_id, parent)
        qtbot.addWidget(dialog)
        shown.append(dialog)
        assert not dialog.sign_button.isEnabled()
        sign_in(dialog)
        assert dialog.sign_button.isEnabled(), dialog.problems()
        dialog.sign_button.click()
        dialog.finish()  # the seal worker has answered, and the version is listed
        return dialog.version

    monkeypatch.setattr(LateAttestationDialog, "ask", classmethod(ask))
    return shown


def test_late_attestation_seals_version_2_beside_version_1(
    browser: RecordsBrowser, clinic: Clinic, attest: list[LateAttestationDialog]
) -> None:
    first = clinic.file(clinic.zoe)
    before = first.read_bytes()
    browser.select(clinic.zoe.session_id)
    button(browser, "record_attest").click()
    versions = clinic.store.versions(clinic.zoe.session_id)
    assert [(v.version, v.reason) for v in versions] == [(1, FIRST_EXPORT), (2, LATE_ATTESTATION)]
    second = Path(versions[1].file)
    assert second != first
    assert second.name.endswith("-v2.pdf")
    assert first.read_bytes() == before
    assert str(second) in message(browser)
    lines = version_lines(browser)
    assert len(lines) == 2
    assert lines[1].startswith(f"Version 2 — {LATE_ATTESTATION} — 2026-11-25 09:30 GMT")
    assert lines[1].endswith(second.name)


def test_version_2_carries_the_physicians_signature(
    browser: RecordsBrowser, clinic: Clinic, attest: list[LateAttestationDialog]
) -> None:
    browser.select(clinic.zoe.session_id)
    version = browser.attest_selected()
    assert version is not None
    record = json.loads(embedded_record(Path(version.file).read_bytes()))
    physician = [s for s in record["signatures"] if s["role"] == "physician"]
    assert len(physician) == 1
    assert physician[0]["meaning"] == "physician attestation"
    assert physician[0]["printed_name"] == "Dr Amir Patel"
    assert datetime.fromisoformat(physician[0]["signed_at"]) == NOW
    assert record["attestation_deferred"] is False
    assert record["record_version"] == 2
    assert record["version_reason"] == LATE_ATTESTATION
    assert record["physician_review"]["physician_name"] == "Dr Amir Patel"
    first = json.loads(embedded_record(clinic.file(clinic.zoe).read_bytes()))
    assert [s["role"] for s in first["signatures"]] == ["patient", "witness"]


def test_late_attestation_is_audited_and_verifies(
    browser: RecordsBrowser, clinic: Clinic, attest: list[LateAttestationDialog], qtbot
) -> None:
    browser.select(clinic.zoe.session_id)
    browser.attest_selected()
    captured = clinic.events(clinic.zoe, EventKind.SIGNATURE_CAPTURED)
    assert captured[-1]["role"] == "physician"
    assert captured[-1]["printed_name"] == "Dr Amir Patel"
    assert clinic.events(clinic.zoe, EventKind.EXPORTED)[-1]["version"] == 2
    assert not button(browser, "record_attest").isEnabled()
    found = checked(browser, qtbot)
    assert found.found is Found.INTACT, found
    assert "Version 2" in message(browser)


def test_cancelled_attestation_seals_nothing(
    browser: RecordsBrowser, clinic: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        LateAttestationDialog, "ask", classmethod(lambda cls, context, sid, parent=None: None)
    )
    browser.select(clinic.zoe.session_id)
    assert browser.attest_selected() is None
    assert len(clinic.store.versions(clinic.zoe.session_id)) == 1
    assert message(browser) == "No attestation was signed."
    assert button(browser, "record_attest").isEnabled()


def test_sign_waits_for_a_signature_and_a_name(clinic: Clinic, qtbot) -> None:
    dialog = LateAttestationDialog(clinic.context, clinic.zoe.session_id)
    qtbot.addWidget(dialog)
    assert not dialog.findChild(QPushButton, "attest_decision_proceed").isVisibleTo(dialog)
    sign = child(dialog, QPushButton, "attest_sign")
    assert not sign.isEnabled()
    dialog.block.pad.add_stroke(SIGNATURE_STROKES[0])
    child(dialog, QLineEdit, "attest_name").setText("")
    assert not sign.isEnabled()
    assert "Please print your name." in child(dialog, QLabel, "attest_message").text()
    child(dialog, QLineEdit, "attest_name").setText("Dr Amir Patel")
    assert sign.isEnabled()


def test_where_review_is_required_the_decision_and_reason_are_too(
    browser: RecordsBrowser, clinic: Clinic, qtbot
) -> None:
    session = clinic.store.load(clinic.zoe.session_id)
    session.risks[next(iter(session.risks))].response = RiskResponse.QUESTION
    clinic.store.save(session)
    assert evaluate(session, clinic.form, clinic.settings).status is (
        ClearanceStatus.PHYSICIAN_REVIEW
    )
    dialog = LateAttestationDialog(clinic.context, clinic.zoe.session_id)
    qtbot.addWidget(dialog)
    sign_in(dialog)
    assert not dialog.sign_button.isEnabled()
    child(dialog, QPushButton, "attest_decision_proceed_with_precautions").click()
    assert not dialog.sign_button.isEnabled()
    dialog.reason.setText("Question answered in clinic; cement volume kept low.")
    assert dialog.sign_button.isEnabled()
    dialog.sign_button.click()
    dialog.finish()
    assert dialog.version is not None
    review = clinic.store.load(clinic.zoe.session_id).physician_review
    assert review.decision == "proceed_with_precautions"
    assert review.reason == "Question answered in clinic; cement volume kept low."


#: A seal worker whose storage is full: it answers as the real one does then.
DISK_FULL = (
    'print(\'{"outcome": "failed", "fault": "disk_full", '
    '"reason": "OSError ENOSPC"}\'); raise SystemExit(1)'
)


def storage_full(clinic: Clinic) -> None:
    clinic.context.seal_command = SealCommand((sys.executable, "-c", DISK_FULL))


def test_while_sealing_the_dialog_says_so_and_cannot_be_left_or_signed_twice(
    clinic: Clinic, qtbot
) -> None:
    dialog = LateAttestationDialog(clinic.context, clinic.zoe.session_id)
    qtbot.addWidget(dialog)
    sign_in(dialog)
    assert dialog.sign()
    assert dialog.sealing
    assert child(dialog, QLabel, "attest_message").text() == "Sealing the new version…"
    assert not dialog.sign_button.isEnabled()
    assert not child(dialog, QPushButton, "attest_cancel").isEnabled()
    assert not dialog.block.isEnabled()  # the signature being sealed stays as it is
    dialog.reject()  # Escape, or the window's close button
    assert not dialog.sign()
    dialog.finish()
    assert dialog.result() == LateAttestationDialog.DialogCode.Accepted
    assert [v.version for v in clinic.store.versions(clinic.zoe.session_id)] == [1, 2]


def test_a_failed_seal_keeps_the_dialog_open_and_says_why(clinic: Clinic, qtbot) -> None:
    storage_full(clinic)
    dialog = LateAttestationDialog(clinic.context, clinic.zoe.session_id)
    qtbot.addWidget(dialog)
    sign_in(dialog)
    assert dialog.sign()
    dialog.finish()
    assert child(dialog, QLabel, "attest_message").text() == (
        "The attestation could not be sealed: the storage is full. Ask IT to free some space, "
        "then try again."
    )
    assert dialog.result() != LateAttestationDialog.DialogCode.Accepted
    assert dialog.sign_button.isEnabled()
    assert child(dialog, QPushButton, "attest_cancel").isEnabled()
    assert dialog.block.isEnabled()
    assert len(clinic.store.versions(clinic.zoe.session_id)) == 1


def test_a_signature_whose_seal_failed_can_be_attested_again(
    browser: RecordsBrowser, clinic: Clinic, qtbot
) -> None:
    storage_full(clinic)
    dialog = LateAttestationDialog(clinic.context, clinic.zoe.session_id)
    qtbot.addWidget(dialog)
    sign_in(dialog)
    dialog.sign()
    dialog.finish()
    browser.select(clinic.zoe.session_id)
    assert browser.selected().signature(SignatureRole.PHYSICIAN) is not None
    assert button(browser, "record_attest").isEnabled()
