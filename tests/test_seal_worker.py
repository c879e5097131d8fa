"""The seal worker: a request that round-trips, a real child that seals a summary the app's
own check accepts (with the records server's FHIR Bundle when asked), checks of sealed files
that name what they found, and failures that name a fault, leave nothing behind and log no
patient data.

No Qt here: the child is started with ``subprocess``, as ``SealRun`` starts it with QProcess.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import json
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sessions import ready_session

from consent_app import export, fhir
from consent_app.commands import _sealed_heads
from consent_app.domain.audit import EventKind, verify_chain
from consent_app.domain.form import FormDefinition
from consent_app.paths import DataPaths
from consent_app.pdf.archive import embedded_record, record_bytes
from consent_app.records import FIRST_EXPORT, list_version, prepare_version
from consent_app.resources_door import load_form
from consent_app.seal import load_or_create_identity
from consent_app.seal_worker import (
    SUBCOMMAND,
    CheckRequest,
    FileCheck,
    Found,
    SealCheck,
    SealedSummary,
    SealFailure,
    SealRequest,
    check_file,
    read_answer,
    safe_reason,
    worker_command,
)
from consent_app.settings import Settings
from consent_app.store import Fault, SessionStore

AT = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def seal_key(tmp_path_factory: pytest.TempPathFactory) -> DataPaths:
    """One device seal key for the module: making an RSA key takes about a second."""
    paths = DataPaths(tmp_path_factory.mktemp("seal"))
    paths.ensure()
    load_or_create_identity(paths, Settings(clinic_name="Test Clinic"))
    return paths


@pytest.fixture
def data(tmp_path: Path, seal_key: DataPaths) -> DataPaths:
    """A data folder holding the module's seal key."""
    paths = DataPaths(tmp_path / "data")
    paths.ensure()
    for part in ("seal_key", "seal_certificate"):
        shutil.copy2(getattr(seal_key, part), getattr(paths, part))
    return paths


def run_worker(
    request: SealRequest | CheckRequest, argv: tuple[str, ...] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """The child as the Done page starts it: the request on stdin, the answer on stdout."""
    command = worker_command()
    return subprocess.run(
        argv or command.argv,
        input=request.model_dump_json().encode("utf-8"),
        capture_output=True,
        cwd=command.cwd,
        timeout=120,
        check=False,
    )


def test_a_bundle_starts_itself_as_the_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert worker_command().argv == (sys.executable, SUBCOMMAND)


def test_a_request_round_trips_to_the_same_record_and_settings(
    form: FormDefinition, settings: Settings, data: DataPaths
) -> None:
    session = ready_session(form)
    session.exported_at = AT
    request = SealRequest.for_session(session, settings, data, Path("records"))
    back = SealRequest.model_validate_json(request.model_dump_json())
    assert record_bytes(back.session) == record_bytes(session)
    assert back.settings == settings
    assert (back.form_id, back.language) == (session.form_id, "en")
    assert back.data_dir == data.root
    assert back.records_dir == Path.cwd() / "records"  # absolute, for a child started elsewhere


def test_the_child_seals_a_summary_the_app_s_own_check_accepts(
    form: FormDefinition, settings: Settings, data: DataPaths, tmp_path: Path
) -> None:
    session = ready_session(form)
    session.exported_at = AT
    folder = tmp_path / "records"
    done = run_worker(SealRequest.for_session(session, settings, data, folder))
    assert done.returncode == 0, done.stdout + done.stderr
    answer = read_answer(done.stdout, done.returncode)
    assert isinstance(answer, SealedSummary)
    assert answer.file.parent == folder
    pdf = answer.file.read_bytes()
    assert answer.sha256 == hashlib.sha256(pdf).hexdigest()
    verdict = export.verify_summary(pdf)
    assert verdict.ok, verdict.problems
    assert answer.check == SealCheck(ok=True, signer=verdict.signer, problems=())
    assert embedded_record(pdf) == record_bytes(session)
    assert sorted(p.name for p in folder.iterdir()) == [answer.file.name]


def test_the_parent_lists_what_the_child_sealed_with_an_intact_trail(
    form: FormDefinition, settings: Settings, data: DataPaths, tmp_path: Path
) -> None:
    store = SessionStore(tmp_path / "sessions.sqlite3")
    session = ready_session(form)
    store.save(session)
    prepare_version(store, session, AT, FIRST_EXPORT)
    done = run_worker(SealRequest.for_session(session, settings, data, tmp_path / "records"))
    answer = read_answer(done.stdout, done.returncode)
    assert isinstance(answer, SealedSummary)
    version = list_version(store, session, answer.file, answer.sha256)
    assert (version.version, version.reason, version.sha256) == (1, FIRST_EXPORT, answer.sha256)
    assert store.load(session.session_id).exported_pdf == str(answer.file)
    events = store.events(session.session_id)
    assert events[-1].kind == EventKind.EXPORTED
    assert verify_chain(events, _sealed_heads(store.versions(session.session_id))) == []


def test_asked_for_it_the_child_builds_the_records_server_s_bundle_of_the_sealed_file(
    form: FormDefinition, settings: Settings, data: DataPaths, tmp_path: Path
) -> None:
    session = ready_session(form)
    session.exported_at = AT
    request = SealRequest.for_session(session, settings, data, tmp_path / "records", bundle=True)
    done = run_worker(request)
    answer = read_answer(done.stdout, done.returncode)
    assert isinstance(answer, SealedSummary)
    assert answer.bundle is not None, answer.bundle_error
    pdf = answer.file.read_bytes()
    # Exactly what the app builds for that file in this process, from the clinic's form.
    clinic_form = load_form(session.form_id, settings.clinic_language)
    expected = fhir.bundle_for_file(pdf, answer.file.name, clinic_form, settings)
    assert answer.bundle.encode("utf-8") == expected
    entries = {
        e["resource"]["resourceType"]: e["resource"] for e in json.loads(answer.bundle)["entry"]
    }
    attachment = entries["DocumentReference"]["content"][0]["attachment"]
    assert base64.b64decode(attachment["data"]) == pdf


def test_a_bundle_that_cannot_be_built_leaves_the_seal_and_says_why_safely(
    form: FormDefinition, settings: Settings, data: DataPaths, tmp_path: Path
) -> None:
    session = ready_session(form)
    # No form in this clinic language: the summary is sealed in the patient's, the Bundle fails.
    clinic = settings.model_copy(update={"clinic_language": "xx"})
    done = run_worker(
        SealRequest.for_session(session, clinic, data, tmp_path / "records", bundle=True)
    )
    answer = read_answer(done.stdout, done.returncode)
    assert isinstance(answer, SealedSummary)
    assert answer.check.ok
    assert answer.bundle is None
    assert answer.bundle_error.startswith("FormError at ")
    assert session.intake.full_name not in done.stdout.decode()


def test_not_asked_the_child_builds_no_bundle(
    form: FormDefinition, settings: Settings, data: DataPaths, tmp_path: Path
) -> None:
    done = run_worker(SealRequest.for_session(ready_session(form), settings, data, tmp_path))
    answer = read_answer(done.stdout, done.returncode)
    assert isinstance(answer, SealedSummary)
    assert (answer.bundle, answer.bundle_error) == (None, "")


def test_an_unwritable_records_folder_fails_as_unwritable_and_leaves_nothing(
    form: FormDefinition, settings: Settings, data: DataPaths, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the records folder should be")
    session = ready_session(form)
    done = run_worker(SealRequest.for_session(session, settings, data, blocker / "records"))
    assert done.returncode == 1
    answer = read_answer(done.stdout, done.returncode)
    assert isinstance(answer, SealFailure)
    assert answer.fault is Fault.UNWRITABLE
    assert "ENOTDIR" in answer.reason
    assert not list(tmp_path.rglob("*.pdf"))
    assert not list(tmp_path.rglob("*.part"))


def test_a_failure_logs_no_patient_detail(
    form: FormDefinition, settings: Settings, data: DataPaths, tmp_path: Path
) -> None:
    session = ready_session(form)
    session.form_id = "no-such-form"  # fails after the record is read, quoting nothing of it
    done = run_worker(SealRequest.for_session(session, settings, data, tmp_path / "records"))
    assert done.returncode == 1
    said = done.stdout.decode() + (data.logs / "seal-worker.log").read_text(encoding="utf-8")
    assert "the seal worker failed" in said
    for identifier in (session.intake.full_name, session.intake.mrn, "1948"):
        assert identifier not in said


# -- checking a sealed file ----------------------------------------------------------------------
@pytest.fixture
def sealed_file(form: FormDefinition, settings: Settings, data: DataPaths, tmp_path: Path) -> Path:
    session = ready_session(form)
    session.exported_at = AT
    return export.export_sealed(session, form, settings, data, tmp_path / "records")


def check(path: Path, data: DataPaths, sha256: str | None = None) -> FileCheck:
    listed = sha256 or hashlib.sha256(path.read_bytes()).hexdigest()
    return check_file(CheckRequest.for_file(path, listed, data))


def test_an_intact_listed_file_is_intact_with_its_signer_and_time(
    sealed_file: Path, data: DataPaths
) -> None:
    found = check(sealed_file, data)
    verdict = export.verify_summary(sealed_file.read_bytes())
    assert found == FileCheck(
        found=Found.INTACT, signer=verdict.signer, signed_at=verdict.signed_at, problems=()
    )


def test_a_changed_byte_breaks_the_check_and_says_which_check_failed(
    sealed_file: Path, data: DataPaths
) -> None:
    listed = hashlib.sha256(sealed_file.read_bytes()).hexdigest()
    changed = bytearray(sealed_file.read_bytes())
    changed[len(changed) // 2] ^= 0x01
    sealed_file.write_bytes(bytes(changed))
    found = check(sealed_file, data, listed)
    assert found.found is Found.BROKEN
    assert "The file was changed after it was sealed." in found.problems
    assert not found.listed_file


def test_another_intact_file_in_its_place_is_not_the_listed_one(
    sealed_file: Path, data: DataPaths
) -> None:
    found = check(sealed_file, data, "0" * 64)
    assert found.found is Found.BROKEN
    assert found.problems == ()
    assert not found.listed_file


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda path: path.unlink(), Found.MISSING),
        (lambda path: path.write_bytes(b"not a pdf at all"), Found.NOT_A_PDF),
        (lambda path: (path.unlink(), path.mkdir()), Found.UNREADABLE),
        (lambda path: path.write_bytes(unsealed_pdf()), Found.NO_SEAL),
        (lambda path: path.write_bytes(path.read_bytes()[:2000]), Found.NOT_A_PDF),
    ],
    ids=["missing", "not-a-pdf", "unreadable", "no-seal", "cut-short"],
)
def test_a_file_that_cannot_be_checked_says_why(
    sealed_file: Path, data: DataPaths, make, expected: Found
) -> None:
    listed = hashlib.sha256(sealed_file.read_bytes()).hexdigest()
    make(sealed_file)
    found = check_file(CheckRequest.for_file(sealed_file, listed, data))
    assert found.found is expected
    assert (found.detail != "") is (expected is Found.UNREADABLE)


def test_a_check_that_cannot_run_says_the_file_may_be_damaged_and_logs_no_message(
    sealed_file: Path, data: DataPaths, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    def breaks(_pdf: bytes) -> None:
        raise ValueError("Margaret Ellis")

    monkeypatch.setattr(export, "verify_summary", breaks)
    assert check(sealed_file, data).found is Found.DAMAGED
    assert "ValueError at " in caplog.text
    assert "Margaret" not in caplog.text


def unsealed_pdf() -> bytes:
    """A valid one-page PDF that carries no seal."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_the_child_checks_a_file_and_answers_what_it_found(
    sealed_file: Path, data: DataPaths
) -> None:
    listed = hashlib.sha256(sealed_file.read_bytes()).hexdigest()
    done = run_worker(CheckRequest.for_file(sealed_file, listed, data))
    assert done.returncode == 0, done.stderr
    answer = read_answer(done.stdout, done.returncode, FileCheck)
    assert isinstance(answer, FileCheck)
    assert answer.found is Found.INTACT
    # A check is not a seal: the Done page, waiting for a seal, takes it for a failure.
    assert isinstance(read_answer(done.stdout, done.returncode), SealFailure)


def test_the_reason_names_the_error_and_where_never_its_message() -> None:
    try:
        try:
            raise OSError(errno.ENOSPC, "Margaret Ellis MRN-104233")
        except OSError as exc:
            raise RuntimeError("sealing Margaret Ellis failed") from exc
    except RuntimeError as exc:
        reason = safe_reason(exc)
    assert reason.startswith("RuntimeError at test_seal_worker.py:")
    assert "from OSError ENOSPC at test_seal_worker.py:" in reason
    assert "Margaret" not in reason
    assert "MRN" not in reason


@pytest.mark.parametrize(
    ("output", "exit_code", "fault"),
    [
        (b"", 1, Fault.OTHER),
        (b"Traceback (most recent call last):\n", 1, Fault.OTHER),
        (
            b'{"outcome": "failed", "fault": "disk_full", "reason": "OSError ENOSPC"}\n',
            1,
            Fault.DISK_FULL,
        ),
        # Said it sealed, yet did not exit 0: not believed.
        (
            b'{"outcome": "sealed", "file": "/r/a.pdf", "sha256": "ab", "check": {"ok": true}}\n',
            3,
            Fault.OTHER,
        ),
    ],
)
def test_an_answer_that_is_not_a_clean_seal_is_a_failure(
    output: bytes, exit_code: int, fault: Fault
) -> None:
    answer = read_answer(output, exit_code)
    assert isinstance(answer, SealFailure)
    assert answer.fault is fault


def test_the_child_loads_no_qt(
    form: FormDefinition, settings: Settings, data: DataPaths, tmp_path: Path
) -> None:
    probe = (
        "import sys\n"
        "from consent_app.app import main\n"
        f"code = main([{SUBCOMMAND!r}])\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'consent_app.ui')))\n"
        "print(qt, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    request = SealRequest.for_session(ready_session(form), settings, data, tmp_path / "records")
    done = run_worker(request, (sys.executable, "-c", probe))
    assert done.returncode == 0, done.stderr
    assert done.stderr.decode().strip().splitlines()[-1] == "[]"
    assert json.loads(done.stdout)["outcome"] == "sealed"
