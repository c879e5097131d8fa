"""The sessions store: WAL, migrations from every earlier version, and no silent replacement."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sessions import ready_session

from consent_app.domain.audit import AuditEvent, EventKind, verify_chain
from consent_app.domain.session import SessionStatus
from consent_app.store import (
    MIGRATIONS,
    Fault,
    OutboxState,
    SessionStore,
    StoreError,
    search_values,
)

#: The migration that added the search index (1-based, as schema_version counts).
SEARCH_INDEX_ADDED = 3
#: The migration that added sealed versions; the next one added the outbox.
RECORD_VERSIONS_ADDED = 5


def test_a_new_store_is_at_the_latest_version_in_wal_mode(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "s.sqlite3")
    assert store.version() == len(MIGRATIONS)
    with closing(sqlite3.connect(store.path)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert oct(store.path.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("start", range(len(MIGRATIONS)))
def test_every_migration_runs_from_every_earlier_version(tmp_path: Path, start: int, form) -> None:
    path = tmp_path / "s.sqlite3"
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        for number, migration in enumerate(MIGRATIONS[:start], start=1):
            with db:
                migration(db)
                db.execute("DELETE FROM schema_version")
                db.execute("INSERT INTO schema_version VALUES (?)", (number,))
        if start >= 1:  # a session saved under the old schema must survive the upgrade
            session = ready_session(form)
            values = [
                session.session_id,
                "in_progress",
                "2026-11-24T08:00:00+00:00",
                session.model_dump_json(),
            ]
            with db:
                db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?)", values)
                if start >= SEARCH_INDEX_ADDED:  # an app of that version indexed it too
                    db.execute(
                        "INSERT INTO session_index VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (*values[:3], *search_values(session)),
                    )
                    db.execute(
                        "INSERT INTO name_search (rowid, name_key, mrn)"
                        " SELECT rowid, name_key, mrn FROM session_index"
                    )
                if start >= RECORD_VERSIONS_ADDED:  # and sealed it
                    db.execute(
                        "INSERT INTO record_versions VALUES (?, 1, 'summary.pdf', ?, ?, ?)",
                        (session.session_id, "0" * 64, values[2], "first export"),
                    )
    store = SessionStore(path)
    assert store.version() == len(MIGRATIONS)
    if start >= 1:
        assert store.load(session.session_id) == session
        # Saved before the search columns existed, it is still found by name and MRN.
        assert [r.session_id for r in store.search(session.intake.full_name[:5])] == [
            session.session_id
        ]
        assert [r.session_id for r in store.search(session.intake.mrn)] == [session.session_id]
        # Sealed before the outbox existed (or after the upgrade), it can be queued for the
        # records server, once.
        if start < RECORD_VERSIONS_ADDED:
            store.add_version(session.session_id, "summary.pdf", "0" * 64, datetime.now(UTC), "")
        assert store.enqueue(session.session_id, 1, b'{"resourceType": "Bundle"}')
        assert not store.enqueue(session.session_id, 1, b"{}")
        assert [(r.session_id, r.version, r.state) for r in store.outbox()] == [
            (session.session_id, 1, OutboxState.PENDING)
        ]


def test_a_store_from_a_newer_app_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    SessionStore(path)
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE schema_version SET version = ?", (len(MIGRATIONS) + 1,))
    with pytest.raises(StoreError, match="newer version"):
        SessionStore(path)


def test_a_corrupt_database_is_never_overwritten_and_a_copy_is_named(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    garbage = b"this is not a database " * 100
    path.write_bytes(garbage)
    with pytest.raises(StoreError) as raised:
        SessionStore(path)
    assert path.read_bytes() == garbage
    copies = list(tmp_path.glob("s.sqlite3.unreadable-*"))
    assert len(copies) == 1
    assert copies[0].read_bytes() == garbage
    assert str(copies[0]) in str(raised.value)
    assert "has not been changed" in str(raised.value)


def test_saved_sessions_round_trip_and_unfinished_lists_newest_first(tmp_path: Path, form) -> None:
    store = SessionStore(tmp_path / "s.sqlite3")
    first, second = ready_session(form), ready_session(form)
    store.save(first)
    store.save(second)
    assert store.load(first.session_id) == first
    assert store.unfinished() == [second.session_id, first.session_id]
    second.status = SessionStatus.COMPLETED
    store.save(second)
    assert store.unfinished() == [first.session_id]


# -- search ------------------------------------------------------------------------------------
def _named(form, name: str, mrn: str, scheduled: datetime | None = None):
    session = ready_session(form)
    session.intake.full_name = name
    session.intake.mrn = mrn
    if scheduled is not None:
        session.intake.scheduled_at = scheduled
    return session


def test_search_finds_names_without_case_or_accents_and_mrns_by_their_start(
    tmp_path: Path, form
) -> None:
    store = SessionStore(tmp_path / "s.sqlite3")
    zoe = _named(form, "Zoë Łukasiewicz-O'Brien", "MRN-5501")
    john = _named(form, "John O'Brien", "MRN-7702")
    for session in (zoe, john):
        store.save(session)
    assert [r.session_id for r in store.search("zoe")] == [zoe.session_id]
    assert [r.session_id for r in store.search("ŁUKASIEWICZ")] == [zoe.session_id]
    assert {r.session_id for r in store.search("o'brien")} == {zoe.session_id, john.session_id}
    assert [r.session_id for r in store.search("mrn-77")] == [john.session_id]
    assert store.search("7702") == []  # an MRN matches from its start only
    assert store.search("%") == []
    assert store.search("_") == []


def test_search_by_status_and_date(tmp_path: Path, form) -> None:
    store = SessionStore(tmp_path / "s.sqlite3")
    monday = _named(form, "Ann Able", "A-0001", datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    tuesday = _named(form, "Ben Baker", "B-0002", datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    tuesday.status = SessionStatus.COMPLETED
    store.save(monday)
    store.save(tuesday)
    assert [r.patient_name for r in store.search(on=date(2026, 11, 30))] == ["Ann Able"]
    assert [r.patient_name for r in store.search(status=SessionStatus.COMPLETED)] == ["Ben Baker"]
    row = store.search("ben")[0]
    assert (row.mrn, row.procedure_date, row.status) == ("B-0002", "2026-12-01", tuesday.status)


def test_resume_offers_unfinished_sessions_with_something_entered(tmp_path: Path, form) -> None:
    store = SessionStore(tmp_path / "s.sqlite3")
    blank = _named(form, "", "")
    paused = _named(form, "Ann Able", "A-0001")
    sealed = _named(form, "Ben Baker", "B-0002")
    sealed.status = SessionStatus.COMPLETED
    cut_short = _named(form, "Cy Carter", "C-0003")  # completed, but the export never finished
    cut_short.status = SessionStatus.COMPLETED
    for session in (blank, paused, sealed, cut_short):
        store.save(session)
    store.add_version(sealed.session_id, "/records/x.pdf", "ab" * 32, datetime.now(UTC), "first")
    assert {r.patient_name for r in store.resumable()} == {"Ann Able", "Cy Carter"}


# -- the audit trail and versions ----------------------------------------------------------------
def _events(n: int) -> list[AuditEvent]:
    at = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    return [AuditEvent(EventKind.PAGE_ENTERED, at, {"page": f"p{i}"}) for i in range(n)]


def test_events_are_chained_across_saves_and_read_back_intact(tmp_path: Path, form) -> None:
    store = SessionStore(tmp_path / "s.sqlite3")
    session = ready_session(form)
    store.save(session, _events(3))
    store.append_events(session.session_id, _events(2))
    store.save(session, _events(1))
    events = store.events(session.session_id)
    assert [e.seq for e in events] == [1, 2, 3, 4, 5, 6]
    assert verify_chain(events) == []


def test_the_audit_trail_refuses_updates_and_deletes(tmp_path: Path, form) -> None:
    store = SessionStore(tmp_path / "s.sqlite3")
    session = ready_session(form)
    store.save(session, _events(2))
    store.add_version(session.session_id, "a.pdf", "00", datetime.now(UTC), "first")
    with closing(sqlite3.connect(store.path, isolation_level=None)) as db:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("UPDATE audit_events SET data = '{}'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("DELETE FROM audit_events")
        with pytest.raises(sqlite3.IntegrityError, match="never changed"):
            db.execute("DELETE FROM record_versions")
        with pytest.raises(sqlite3.IntegrityError, match="never changed"):
            db.execute("UPDATE record_versions SET sha256 = 'ff'")
    assert len(store.events(session.session_id)) == 2


def test_versions_are_numbered_and_kept(tmp_path: Path, form) -> None:
    store = SessionStore(tmp_path / "s.sqlite3")
    session = ready_session(form)
    store.save(session)
    now = datetime.now(UTC)
    store.add_version(session.session_id, "v1.pdf", "11", now, "first export")
    store.add_version(session.session_id, "v2.pdf", "22", now, "late physician attestation")
    assert [(v.version, v.file, v.reason) for v in store.versions(session.session_id)] == [
        (1, "v1.pdf", "first export"),
        (2, "v2.pdf", "late physician attestation"),
    ]


# -- faults ----------------------------------------------------------------------------------------
def test_a_full_disk_is_reported_as_such_and_nothing_is_half_written(tmp_path: Path, form) -> None:
    store = SessionStore(tmp_path / "s.sqlite3")
    session = ready_session(form)
    store.save(session, _events(1))
    with closing(sqlite3.connect(store.path)) as db:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
    big = ready_session(form)
    big.intake.proceduralist = "x" * 200_000
    real_connect = store._connect

    def cramped():  # the database may not grow: SQLite reports SQLITE_FULL, as on a full disk
        db = real_connect()
        db.execute(f"PRAGMA max_page_count = {pages}")
        return db

    store._connect = cramped
    with pytest.raises(StoreError) as raised:
        store.save(big, _events(1))
    assert raised.value.fault is Fault.DISK_FULL
    assert "storage is full" in str(raised.value)
    store._connect = real_connect
    assert store.session_ids() == [session.session_id]
    assert len(store.events(session.session_id)) == 1


def test_a_database_locked_by_another_process_is_reported_as_such(
    tmp_path: Path, form, monkeypatch
) -> None:
    import subprocess
    import sys

    monkeypatch.setattr("consent_app.store.BUSY_TIMEOUT_S", 0.2)
    store = SessionStore(tmp_path / "s.sqlite3")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            f"db = sqlite3.connect({str(store.path)!r}, isolation_level=None)\n"
            "db.execute('BEGIN EXCLUSIVE')\n"
            "print('locked', flush=True)\n"
            "time.sleep(30)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreError) as raised:
            store.save(ready_session(form))
        assert raised.value.fault is Fault.LOCKED
        assert "another program" in str(raised.value)
    finally:
        holder.kill()
        holder.wait()
    store.save(ready_session(form))  # once the other program lets go, saving works again


def test_a_data_folder_that_cannot_be_written_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(StoreError) as raised:
        SessionStore(blocker / "sessions.sqlite3")
    assert raised.value.fault is Fault.UNWRITABLE
    assert "cannot be written" in str(raised.value) or "cannot be opened" in str(raised.value)


def test_short_words_and_query_syntax_are_searched_as_plain_text(tmp_path: Path, form) -> None:
    store = SessionStore(tmp_path / "s.sqlite3")
    zoe = _named(form, 'Zoë "Zed" Łukasiewicz', "MRN-5501")
    store.save(zoe)
    store.save(_named(form, "Ann Able", "A-0001"))
    assert [r.session_id for r in store.search("zo")] == [zoe.session_id]  # under 3 letters
    assert [r.session_id for r in store.search('"zed"')] == [zoe.session_id]
    assert [r.session_id for r in store.search('"')] == [zoe.session_id]  # a quote, literally
    for syntax in ("zed OR ann", "NEAR(zoe ann)", "{mrn}: 5501", "*", "zo*", "ann AND"):
        assert store.search(syntax) == [], syntax


def test_a_renamed_patient_is_found_by_the_new_name_only(tmp_path: Path, form) -> None:
    store = SessionStore(tmp_path / "s.sqlite3")
    session = _named(form, "Ann Able", "A-0001")
    store.save(session)
    session.intake.full_name = "Ann Baker"
    store.save(session)
    assert store.search("able") == []
    assert [r.patient_name for r in store.search("baker")] == ["Ann Baker"]


def test_a_day_means_the_clinics_day(tmp_path: Path, form) -> None:
    from zoneinfo import ZoneInfo

    store = SessionStore(tmp_path / "s.sqlite3")
    session = _named(form, "Ann Able", "A-0001")
    session.intake.scheduled_at = None
    store.save(session)
    saved_day = store.search("able")[0].updated_at
    tokyo = ZoneInfo("Asia/Tokyo")
    local_day = saved_day.astimezone(tokyo).date()
    assert store.search(on=local_day, zone=tokyo)
    assert not store.search(on=local_day + timedelta(days=1), zone=tokyo)


@pytest.mark.parametrize("rare", [1, 10_000])
def test_search_finds_the_same_through_the_index_or_newest_first(
    tmp_path: Path, form, monkeypatch, rare: int
) -> None:
    # Below RARE matches the full-text index is used; above it, a newest-first read.
    monkeypatch.setattr("consent_app.store.RARE", rare)
    store = SessionStore(tmp_path / "s.sqlite3")
    wanted = set()
    for n in range(6):
        session = _named(form, f"Zoë Ellis {n}" if n % 2 else f"Ann Able {n}", f"MRN-{n:04d}")
        store.save(session)
        if n % 2:
            wanted.add(session.session_id)
    assert {r.session_id for r in store.search("ELLIS")} == wanted
    assert {r.session_id for r in store.search("mrn-0003")} == {
        r.session_id for r in store.search("ellis 3")
    }
