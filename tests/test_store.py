"""The sessions store: WAL, migrations from every earlier version, and no silent replacement."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sessions import ready_session

from consent_app.domain.session import SessionStatus
from consent_app.store import MIGRATIONS, SessionStore, StoreError


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
            with db:
                db.execute(
                    "INSERT INTO sessions VALUES (?, ?, ?, ?)",
                    (
                        session.session_id,
                        "in_progress",
                        "2026-11-24T08:00:00+00:00",
                        session.model_dump_json(),
                    ),
                )
    store = SessionStore(path)
    assert store.version() == len(MIGRATIONS)
    if start >= 1:
        assert store.load(session.session_id) == session


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
