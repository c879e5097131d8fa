"""``consent-app records list|show|export`` and ``consent-app audit verify``, run as a process."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from commands import run_cli
from sessions import ready_session

from consent_app.domain.audit import AuditEvent, EventKind
from consent_app.domain.session import ConsentSession, SessionStatus
from consent_app.paths import DataPaths
from consent_app.records import FIRST_EXPORT, seal_version
from consent_app.store import SessionStore

AT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _events(n: int, start: int = 0) -> list[AuditEvent]:
    return [
        AuditEvent(EventKind.PAGE_ENTERED, AT, {"page": f"page {i}"})
        for i in range(start, start + n)
    ]


@pytest.fixture
def records(tmp_path: Path, form, settings) -> tuple[DataPaths, ConsentSession, ConsentSession]:
    """A data folder with a sealed session (Zoë) and a paused one (Ann), each with events."""
    paths = DataPaths(tmp_path / "data")
    paths.ensure()
    (paths.settings).write_text(json.dumps({"timezone": "Europe/London"}))
    store = SessionStore(paths.database)
    sealed = ready_session(form)
    sealed.intake.full_name = "Zoë Łukasiewicz-O'Brien"
    sealed.intake.mrn = "MRN-5501"
    sealed.status = SessionStatus.COMPLETED
    store.save(sealed, _events(6))
    seal_version(store, sealed, form, settings, paths, paths.records, AT, FIRST_EXPORT)
    paused = ready_session(form)
    paused.intake.full_name = "Ann Able"
    paused.intake.mrn = "A-0001"
    store.save(paused, _events(3))
    return paths, sealed, paused


def _cli(paths: DataPaths, *args: str):
    return run_cli("--data-dir", str(paths.root), *args)


def _tamper(paths: DataPaths, *statements: str) -> None:
    """What someone with the database file could do: drop the guard and change the trail."""
    with closing(sqlite3.connect(paths.database, isolation_level=None)) as db:
        db.execute("DROP TRIGGER audit_no_update")
        db.execute("DROP TRIGGER audit_no_delete")
        for statement in statements:
            db.execute(statement)


def test_records_list_finds_by_name_status_and_date_as_text_and_json(records) -> None:
    paths, sealed, paused = records
    found = _cli(paths, "records", "list", "--search", "zoe", "--json")
    assert found.returncode == 0, found.stderr
    rows = json.loads(found.stdout)
    assert [r["session_id"] for r in rows] == [sealed.session_id]
    assert rows[0]["patient_name"] == "Zoë Łukasiewicz-O'Brien"
    assert rows[0]["status"] == "completed"
    unfinished = json.loads(
        _cli(paths, "records", "list", "--status", "in_progress", "--json").stdout
    )
    assert [r["session_id"] for r in unfinished] == [paused.session_id]
    day = sealed.intake.scheduled_at.date().isoformat()
    on_day = json.loads(_cli(paths, "records", "list", "--date", day, "--json").stdout)
    assert {r["session_id"] for r in on_day} >= {sealed.session_id}
    text = _cli(paths, "records", "list")
    assert "2 session(s)." in text.stdout
    assert "Ann Able" in text.stdout
    bad = _cli(paths, "records", "list", "--date", "24/11/2026")
    assert bad.returncode == 2
    assert "YYYY-MM-DD" in bad.stderr


def test_records_show_gives_versions_and_the_audit_state(records) -> None:
    paths, sealed, _ = records
    shown = _cli(paths, "records", "show", sealed.session_id[:8], "--json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["session"]["session_id"] == sealed.session_id
    assert "strokes" not in json.dumps(data["session"]["signatures"])
    assert [v["version"] for v in data["versions"]] == [1]
    assert data["audit"]["intact"] is True
    assert data["audit"]["events"] == 7  # six pages and the export
    text = _cli(paths, "records", "show", sealed.session_id).stdout
    assert "Version 1:" in text
    assert "Audit trail:    7 events, intact" in text


def test_records_export_writes_the_record_render_reads_and_the_sealed_pdf(
    records, tmp_path: Path
) -> None:
    paths, sealed, _ = records
    out = tmp_path / "record.json"
    exported = _cli(paths, "records", "export", sealed.session_id, "-o", str(out), "--json")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["file"] == str(out)
    assert ConsentSession.model_validate_json(out.read_text()).session_id == sealed.session_id
    rendered = _cli(paths, "render", str(out), "-o", str(tmp_path / "again.pdf"))
    assert rendered.returncode == 0, rendered.stderr
    # The re-render of a session this device holds joins its audit trail.
    events = SessionStore(paths.database).events(sealed.session_id)
    assert events[-1].kind == EventKind.RERENDERED.value
    assert '"again.pdf"' in events[-1].data
    assert _cli(paths, "audit", "verify", sealed.session_id).returncode == 0
    pdf = tmp_path / "copy.pdf"
    assert (
        _cli(paths, "records", "export", sealed.session_id, "--pdf", "-o", str(pdf)).returncode == 0
    )
    version = SessionStore(paths.database).versions(sealed.session_id)[0]
    assert pdf.read_bytes() == Path(version.file).read_bytes()


def test_records_export_of_an_unsealed_session_says_so(records) -> None:
    paths, _, paused = records
    result = _cli(paths, "records", "export", paused.session_id, "--pdf")
    assert result.returncode == 1
    assert "no sealed summary yet" in result.stderr


@pytest.mark.parametrize("wanted", ["0123456789abcdef", "abc"])
def test_an_unknown_session_is_named_not_a_traceback(records, wanted: str) -> None:
    paths, _, _ = records
    result = _cli(paths, "records", "show", wanted)
    assert result.returncode == 1
    assert f"no session {wanted!r}" in result.stderr
    assert "Traceback" not in result.stderr


def test_audit_verify_passes_an_untouched_store(records) -> None:
    paths, _, _ = records
    result = _cli(paths, "audit", "verify")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 session(s) checked; all intact." in result.stdout


def test_audit_verify_names_an_edited_event(records) -> None:
    paths, _, paused = records
    _tamper(
        paths,
        'UPDATE audit_events SET data = \'{"page":"checklist"}\''
        f" WHERE session_id = '{paused.session_id}' AND seq = 2",
    )
    result = _cli(paths, "audit", "verify", paused.session_id, "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)[0]
    assert [(t["kind"], t["seq"]) for t in report["tampers"]] == [("edited", 2)]
    text = _cli(paths, "audit", "verify").stdout
    assert "FAILED" in text
    assert "event 2" in text
    assert "1 with a broken audit trail" in text


def test_audit_verify_names_a_deleted_event(records) -> None:
    paths, _, paused = records
    _tamper(
        paths,
        f"DELETE FROM audit_events WHERE session_id = '{paused.session_id}' AND seq = 2",
    )
    report = json.loads(_cli(paths, "audit", "verify", paused.session_id, "--json").stdout)[0]
    assert [(t["kind"], t["seq"]) for t in report["tampers"]] == [("deleted", 2)]


def test_audit_verify_finds_events_cut_off_after_the_pdf_was_sealed(records) -> None:
    paths, sealed, _ = records
    # The sealed PDF carries the head at event 6; deleting the last events is then visible.
    _tamper(
        paths,
        f"DELETE FROM audit_events WHERE session_id = '{sealed.session_id}' AND seq >= 5",
    )
    report = json.loads(_cli(paths, "audit", "verify", sealed.session_id, "--json").stdout)[0]
    assert [t["kind"] for t in report["tampers"]] == ["truncated"]
    assert report["intact"] is False


def test_audit_verify_finds_a_session_whose_whole_trail_was_deleted(records) -> None:
    paths, _, paused = records
    _tamper(paths, f"DELETE FROM audit_events WHERE session_id = '{paused.session_id}'")
    result = _cli(paths, "audit", "verify")
    assert result.returncode == 1
    assert "no audit events at all" in result.stdout


def test_a_missing_database_is_a_clear_message(tmp_path: Path) -> None:
    result = run_cli("--data-dir", str(tmp_path / "nowhere"), "records", "list")
    assert result.returncode == 2
    assert "there is no sessions database" in result.stderr
