"""The sessions store: SQLite in WAL mode, with numbered migrations, saved after every page.

The database is never silently replaced: a file that is not a readable SQLite database is left
exactly as it is, a copy is kept beside it, and the app says where both are.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from consent_app.domain.session import ConsentSession, SessionStatus, utc_now


class StoreError(Exception):
    """The store cannot be read or written; the message says what to do."""


def _create_sessions(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS sessions ("
        " session_id TEXT PRIMARY KEY,"
        " status TEXT NOT NULL,"
        " updated_at TEXT NOT NULL,"
        " record TEXT NOT NULL)"
    )


def _index_by_status_and_time(db: sqlite3.Connection) -> None:
    # Unfinished sessions, newest first: what resume and the records browser ask for.
    db.execute("CREATE INDEX IF NOT EXISTS sessions_by_status ON sessions (status, updated_at)")


#: Every schema change, in order; a database at version N has had the first N applied.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _create_sessions,
    _index_by_status_and_time,
)


class SessionStore:
    """Saves and loads session records by id."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._check_readable()
            with closing(self._connect()) as db:
                db.execute("PRAGMA journal_mode=WAL")
                self._migrate(db)
        except sqlite3.DatabaseError as exc:
            raise StoreError(self._corrupt_message(exc)) from exc
        except sqlite3.Error as exc:
            raise StoreError(f"The sessions database at {path} cannot be opened ({exc}).") from exc
        for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if part.exists():
                part.chmod(0o600)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=5)
        db.execute("PRAGMA foreign_keys=ON")
        return db

    def _check_readable(self) -> None:
        """Fail before writing anything if the file exists but is not a SQLite database."""
        if not self.path.exists() or self.path.stat().st_size == 0:
            return
        with closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)) as db:
            db.execute("PRAGMA schema_version").fetchone()

    def _corrupt_message(self, exc: Exception) -> str:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.unreadable-{stamp}")
        try:
            shutil.copy2(self.path, backup)
            kept = f"A copy is kept at {backup}."
        except OSError:
            kept = "No copy could be made."
        return (
            f"The sessions database at {self.path} cannot be read ({exc}). It has not been "
            f"changed or replaced. {kept} Ask IT to restore it from a backup."
        )

    def version(self) -> int:
        """How many migrations this database has had."""
        with closing(self._connect()) as db:
            return _version(db)

    def _migrate(self, db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        current = _version(db)
        if current > len(MIGRATIONS):
            raise StoreError(
                f"The sessions database at {self.path} was written by a newer version of the "
                "app; this version will not change it."
            )
        for number, migration in enumerate(MIGRATIONS[current:], start=current + 1):
            with db:  # each migration and its version bump commit together, or not at all
                migration(db)
                db.execute("DELETE FROM schema_version")
                db.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))

    def save(self, session: ConsentSession) -> None:
        """Write the whole record, replacing the saved copy."""
        session.updated_at = utc_now()
        try:
            with closing(self._connect()) as db, db:
                db.execute(
                    "INSERT INTO sessions (session_id, status, updated_at, record)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT(session_id) DO UPDATE SET"
                    " status = excluded.status, updated_at = excluded.updated_at,"
                    " record = excluded.record",
                    (
                        session.session_id,
                        session.status.value,
                        session.updated_at.isoformat(),
                        session.model_dump_json(),
                    ),
                )
        except sqlite3.Error as exc:
            raise StoreError(f"The session could not be saved ({exc}).") from exc

    def load(self, session_id: str) -> ConsentSession:
        """Read one record back exactly as it was saved."""
        with closing(self._connect()) as db:
            row = db.execute(
                "SELECT record FROM sessions WHERE session_id = ?", (session_id,)
            ).fetchone()
        if row is None:
            raise KeyError(session_id)
        return ConsentSession.model_validate_json(row[0])

    def unfinished(self) -> list[str]:
        """Ids of sessions not yet completed, newest first."""
        with closing(self._connect()) as db:
            rows = db.execute(
                "SELECT session_id FROM sessions WHERE status != ? ORDER BY updated_at DESC",
                (SessionStatus.COMPLETED.value,),
            ).fetchall()
        return [r[0] for r in rows]


def _version(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT version FROM schema_version").fetchone()
    return int(row[0]) if row else 0
