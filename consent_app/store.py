"""The sessions store: one SQLite table of session records, saved after every page.

A later issue hardens this into a migrated, audited store; this keeps the record safe now.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from consent_app.domain.session import ConsentSession, SessionStatus, utc_now


class StoreError(Exception):
    """The store cannot be read or written; the message says what to do."""


class SessionStore:
    """Saves and loads session records by id."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            with closing(self._connect()) as db, db:
                db.execute(
                    "CREATE TABLE IF NOT EXISTS sessions ("
                    " session_id TEXT PRIMARY KEY,"
                    " status TEXT NOT NULL,"
                    " updated_at TEXT NOT NULL,"
                    " record TEXT NOT NULL)"
                )
            path.chmod(0o600)
        except sqlite3.Error as exc:
            raise StoreError(f"The sessions database at {path} cannot be opened ({exc}).") from exc

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=5)

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
