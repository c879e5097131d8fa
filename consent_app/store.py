"""The sessions store: SQLite in WAL mode, with numbered migrations and an append-only audit trail.

The database is never silently replaced: a file that is not a readable SQLite database is left
exactly as it is, a copy is kept beside it, and the app says where both are.

Every call opens its own short-lived connection, so the autosave thread and the UI thread can
both use one store; SQLite's own locking serialises the writers.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum
from pathlib import Path

from consent_app.domain.audit import AuditEvent, ChainedEvent, EventKind, chain
from consent_app.domain.phrases import phrase
from consent_app.domain.session import ConsentSession, SessionStatus, utc_now

#: How long a writer waits for another process to let go of the database.
BUSY_TIMEOUT_S = 2.0


class Fault(StrEnum):
    """Why the store could not do what it was asked, in the words the message uses."""

    DISK_FULL = "disk_full"
    LOCKED = "locked"
    UNWRITABLE = "unwritable"
    CORRUPT = "corrupt"
    OTHER = "other"


class StoreError(Exception):
    """The store cannot be read or written; the message says what to do."""

    def __init__(self, message: str, fault: Fault = Fault.OTHER, doing: str = "saved") -> None:
        super().__init__(message)
        self.fault = fault
        self.doing = doing


def fault_of(exc: BaseException) -> Fault:
    """Which of the faults people can act on an SQLite or OS error is."""
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return Fault.DISK_FULL
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR):
            return Fault.UNWRITABLE
        return Fault.OTHER
    text = str(exc).lower()
    if "disk is full" in text or "disk full" in text:
        return Fault.DISK_FULL
    if "locked" in text or "busy" in text:
        return Fault.LOCKED
    if "readonly" in text or "unable to open" in text or "disk i/o" in text:
        return Fault.UNWRITABLE
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
        return Fault.CORRUPT
    return Fault.OTHER


#: Each fault in one calm sentence: what happened and what to do. Marked for translation, as
#: the line saying a save failed shows on patient pages too.
FAULT_SENTENCES = {
    Fault.DISK_FULL: phrase(
        "Faults",
        "The answers could not be {doing}: the tablet's storage is full. Nothing on screen is "
        "lost. Ask IT to free some space; the app keeps trying.",
    ),
    Fault.LOCKED: phrase(
        "Faults",
        "The answers could not be {doing}: another program is using the records database. "
        "Nothing on screen is lost. Close the other program; the app keeps trying.",
    ),
    Fault.UNWRITABLE: phrase(
        "Faults",
        "The answers could not be {doing}: the data folder cannot be written. Nothing on "
        "screen is lost. Ask IT to check the folder's permissions.",
    ),
    Fault.CORRUPT: phrase(
        "Faults",
        "The answers could not be {doing}: the records database is damaged. Nothing on screen "
        "is lost. Ask IT to restore it from a backup.",
    ),
    Fault.OTHER: phrase(
        "Faults",
        "The answers could not be {doing} just now. Nothing on screen is lost; the app keeps "
        "trying.",
    ),
}

#: What was being done, as those sentences put it.
DOING = {
    "saved": phrase("Faults", "saved"),
    "recorded": phrase("Faults", "recorded"),
    "read": phrase("Faults", "read"),
}


def fault_message(fault: Fault, doing: str) -> str:
    """One calm sentence for a fault: what happened and what to do. ``doing``: "saved" …"""
    return FAULT_SENTENCES[fault].format(doing=doing)


#: The shortest text the full-text index can look up (it indexes runs of three characters).
TRIGRAM = 3
#: Below this many matches a search goes through the full-text index; above, newest first.
RARE = 2000


def _quoted(text: str) -> str:
    """Text as one FTS5 string: matched as written, never read as query syntax."""
    return '"' + text.replace('"', '""') + '"'


def name_key(text: str) -> str:
    """A name folded for searching: case and accents ignored ("Zoë" is found by "zoe")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class SessionRow:
    """One line of the records browser: who, when, where the session is."""

    session_id: str
    patient_name: str
    mrn: str
    date_of_birth: str
    procedure_date: str
    status: SessionStatus
    updated_at: datetime
    current_page: str


@dataclass(frozen=True)
class RecordVersion:
    """One sealed PDF of a session; later versions add to earlier ones, never replace them."""

    session_id: str
    version: int
    file: str
    sha256: str
    created_at: datetime
    reason: str


class OutboxState(StrEnum):
    """Where a sealed version stands with the records server."""

    PENDING = "pending"  # not sent yet; a failed try that may pass on its own keeps it here
    SENT = "sent"  # the server answered 2xx
    FAILING = "failing"  # the server refused it (4xx): staff and IT need to look


@dataclass(frozen=True)
class OutboxRow:
    """One sealed version in the outbox, with the last try's result. ``payload`` is only read
    for rows about to be sent (``outbox_due``), and emptied once sent."""

    session_id: str
    version: int
    state: OutboxState
    attempts: int
    next_attempt_at: datetime
    failure: str
    last_error: str
    last_status: int | None
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None
    payload: bytes = b""


def _moment(at: datetime) -> str:
    """A time as stored in the outbox: UTC, always to the microsecond, so text sorts as time."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


_OUTBOX_COLUMNS = (
    "session_id, version, state, attempts, next_attempt_at, failure, last_error, last_status,"
    " created_at, updated_at, sent_at"
)
#: A row waits for its session's earlier versions: a newer record is never overwritten on the
#: server by an older one sent after it.
_NOT_BEHIND = (
    "NOT EXISTS (SELECT 1 FROM outbox e WHERE e.session_id = o.session_id"
    " AND e.version < o.version AND e.state != 'sent')"
)


def _outbox_row(r: Sequence, payload: bytes = b"") -> OutboxRow:  # type: ignore[type-arg]
    return OutboxRow(
        session_id=r[0],
        version=r[1],
        state=OutboxState(r[2]),
        attempts=r[3],
        next_attempt_at=datetime.fromisoformat(r[4]),
        failure=r[5],
        last_error=r[6],
        last_status=r[7],
        created_at=datetime.fromisoformat(r[8]),
        updated_at=datetime.fromisoformat(r[9]),
        sent_at=datetime.fromisoformat(r[10]) if r[10] else None,
        payload=payload,
    )


# -- migrations ----------------------------------------------------------------------------
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


_SEARCH_COLUMNS = ("patient_name", "name_key", "mrn", "date_of_birth", "procedure_date", "page")
_INDEX_COLUMNS = ("session_id", "status", "updated_at", *_SEARCH_COLUMNS)
_INDEX_UPSERT = (
    f"INSERT INTO session_index ({', '.join(_INDEX_COLUMNS)})"
    f" VALUES ({', '.join('?' for _ in _INDEX_COLUMNS)}) ON CONFLICT(session_id) DO UPDATE"
    f" SET {', '.join(f'{c} = excluded.{c}' for c in _INDEX_COLUMNS[1:])}"
)
_RECORD_UPSERT = (
    "INSERT INTO sessions (session_id, status, updated_at, record) VALUES (?, ?, ?, ?)"
    " ON CONFLICT(session_id) DO UPDATE SET status = excluded.status,"
    " updated_at = excluded.updated_at, record = excluded.record"
)


def search_values(session: ConsentSession) -> tuple[str, ...]:
    intake = session.intake
    return (
        intake.full_name,
        name_key(intake.full_name),
        intake.mrn.strip().upper(),
        intake.date_of_birth.isoformat() if intake.date_of_birth else "",
        intake.scheduled_at.date().isoformat() if intake.scheduled_at else "",
        session.current_page,
    )


def _create_session_index(db: sqlite3.Connection) -> None:
    # What the records browser searches by, in narrow rows of their own: a scan of 100,000 of
    # them never reads the (large) records themselves.
    db.execute(
        "CREATE TABLE session_index ("
        " session_id TEXT PRIMARY KEY REFERENCES sessions (session_id),"
        " status TEXT NOT NULL,"
        " updated_at TEXT NOT NULL,"
        f" {', '.join(f'{c} TEXT NOT NULL' for c in _SEARCH_COLUMNS)})"
    )
    rows = db.execute("SELECT session_id, status, updated_at, record FROM sessions").fetchall()
    for session_id, status, updated_at, record in rows:
        values = search_values(ConsentSession.model_validate_json(record))
        db.execute(_INDEX_UPSERT, (session_id, status, updated_at, *values))
    db.execute("CREATE INDEX index_by_procedure_date ON session_index (procedure_date)")
    db.execute("CREATE INDEX index_by_updated ON session_index (updated_at)")
    # Any three letters of a name or MRN find it at once (trigram full-text index), so a search
    # for a rare name need not read every row.
    db.execute("CREATE VIRTUAL TABLE name_search USING fts5(name_key, mrn, tokenize = 'trigram')")
    db.execute(
        "INSERT INTO name_search (rowid, name_key, mrn)"
        " SELECT rowid, name_key, mrn FROM session_index"
    )


def _create_audit_trail(db: sqlite3.Connection) -> None:
    # Append-only: the triggers refuse changes through SQLite; the hash chain reveals changes
    # made any other way (``consent-app audit verify``).
    db.execute(
        "CREATE TABLE audit_events ("
        " session_id TEXT NOT NULL REFERENCES sessions (session_id),"
        " seq INTEGER NOT NULL,"
        " at TEXT NOT NULL,"
        " kind TEXT NOT NULL,"
        " data TEXT NOT NULL,"
        " prev_hash TEXT NOT NULL,"
        " hash TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX audit_by_session ON audit_events (session_id)")
    for action in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER audit_no_{action.lower()} BEFORE {action} ON audit_events"
            " BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
        )


def _create_record_versions(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TABLE record_versions ("
        " session_id TEXT NOT NULL REFERENCES sessions (session_id),"
        " version INTEGER NOT NULL,"
        " file TEXT NOT NULL,"
        " sha256 TEXT NOT NULL,"
        " created_at TEXT NOT NULL,"
        " reason TEXT NOT NULL,"
        " PRIMARY KEY (session_id, version))"
    )
    for action in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER versions_no_{action.lower()} BEFORE {action} ON record_versions"
            " BEGIN SELECT RAISE(ABORT, 'sealed versions are never changed'); END"
        )


def _create_outbox(db: sqlite3.Connection) -> None:
    # Sealed versions waiting for (or already given to) the records server. Only a sealed
    # version can be queued; the payload is the bytes to post, kept until the server took them.
    db.execute(
        "CREATE TABLE outbox ("
        " session_id TEXT NOT NULL,"
        " version INTEGER NOT NULL,"
        " payload BLOB NOT NULL,"
        " state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failing')),"
        " attempts INTEGER NOT NULL DEFAULT 0,"
        " next_attempt_at TEXT NOT NULL,"
        " failure TEXT NOT NULL DEFAULT '',"
        " last_error TEXT NOT NULL DEFAULT '',"
        " last_status INTEGER,"
        " created_at TEXT NOT NULL,"
        " updated_at TEXT NOT NULL,"
        " sent_at TEXT,"
        " PRIMARY KEY (session_id, version),"
        " FOREIGN KEY (session_id, version) REFERENCES record_versions (session_id, version))"
    )
    # Sent rows pile up over the years; the sender only ever looks for the unsent ones.
    db.execute("CREATE INDEX outbox_unsent ON outbox (next_attempt_at) WHERE state != 'sent'")


#: Every schema change, in order; a database at version N has had the first N applied.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _create_sessions,
    _index_by_status_and_time,
    _create_session_index,
    _create_audit_trail,
    _create_record_versions,
    _create_outbox,
)


class SessionStore:
    """Saves and loads session records by id, with their audit trail and sealed versions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._check_readable()
            with closing(self._connect()) as db:
                db.execute("PRAGMA journal_mode=WAL")
                self._migrate(db)
        except StoreError:
            raise
        except sqlite3.DatabaseError as exc:
            if fault_of(exc) is Fault.CORRUPT:
                raise StoreError(self._corrupt_message(exc), Fault.CORRUPT) from exc
            raise self._open_error(exc) from exc
        except OSError as exc:
            raise self._open_error(exc) from exc
        for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if part.exists():
                part.chmod(0o600)

    def _open_error(self, exc: BaseException) -> StoreError:
        fault = fault_of(exc)
        reason = {
            Fault.DISK_FULL: "the storage is full",
            Fault.LOCKED: "another program is using it",
            Fault.UNWRITABLE: "its folder cannot be written",
        }.get(fault, str(exc))
        return StoreError(
            f"The sessions database at {self.path} cannot be opened: {reason}. "
            "Nothing has been changed.",
            fault,
        )

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        db.execute("PRAGMA foreign_keys=ON")
        # Each commit reaches the disk before save() returns: a flat battery loses nothing saved.
        db.execute("PRAGMA synchronous=FULL")
        return db

    @contextmanager
    def _writing(self, doing: str) -> Iterator[sqlite3.Connection]:
        """One write transaction, taking the write lock at once; faults become StoreError."""
        try:
            with closing(self._connect()) as db:
                db.execute("BEGIN IMMEDIATE")
                try:
                    yield db
                except BaseException:
                    if db.in_transaction:  # SQLite may already have rolled back (a full disk)
                        db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
        except sqlite3.Error as exc:
            fault = fault_of(exc)
            raise StoreError(fault_message(fault, doing), fault, doing) from exc
        except OSError as exc:
            fault = fault_of(exc)
            raise StoreError(fault_message(fault, doing), fault, doing) from exc

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        try:
            with closing(self._connect()) as db:
                yield db
        except sqlite3.Error as exc:
            fault = fault_of(exc)
            raise StoreError(fault_message(fault, "read"), fault, "read") from exc

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
        with self._reading() as db:
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
            # Each migration and its version bump commit together, or not at all.
            db.execute("BEGIN IMMEDIATE")
            try:
                migration(db)
                db.execute("DELETE FROM schema_version")
                db.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # -- sessions ----------------------------------------------------------------------------
    def save(self, session: ConsentSession, events: Sequence[AuditEvent] = ()) -> None:
        """Write the whole record and append its new audit events, in one transaction."""
        session.updated_at = utc_now()
        self.save_record(
            session.session_id,
            session.status,
            session.updated_at,
            search_values(session),
            session.model_dump_json(),
            events,
        )

    def save_record(
        self,
        session_id: str,
        status: SessionStatus,
        updated_at: datetime,
        search: Sequence[str],
        record: str,
        events: Sequence[AuditEvent] = (),
    ) -> None:
        """``save`` for a record already serialised (the autosave thread's path)."""
        with self._writing("saved") as db:
            _put(db, session_id, status, updated_at, search, record)
            _append(db, session_id, events)

    def save_many(self, sessions: Iterable[ConsentSession]) -> int:
        """Write many records in one transaction (an import); returns how many."""
        count = 0
        with self._writing("saved") as db:
            for session in sessions:
                record = session.model_dump_json()
                _put(
                    db,
                    session.session_id,
                    session.status,
                    session.updated_at,
                    search_values(session),
                    record,
                )
                count += 1
        return count

    def load(self, session_id: str) -> ConsentSession:
        """Read one record back exactly as it was saved."""
        with self._reading() as db:
            row = db.execute(
                "SELECT record FROM sessions WHERE session_id = ?", (session_id,)
            ).fetchone()
        if row is None:
            raise KeyError(session_id)
        return ConsentSession.model_validate_json(row[0])

    def unfinished(self) -> list[str]:
        """Ids of sessions not yet completed, newest first."""
        with self._reading() as db:
            rows = db.execute(
                "SELECT session_id FROM sessions WHERE status != ? ORDER BY updated_at DESC",
                (SessionStatus.COMPLETED.value,),
            ).fetchall()
        return [r[0] for r in rows]

    def search(
        self,
        text: str = "",
        status: SessionStatus | None = None,
        on: date | None = None,
        limit: int = 200,
        zone: tzinfo = UTC,
    ) -> list[SessionRow]:
        """Sessions whose name contains ``text`` or whose MRN starts with it, newest first.

        ``on`` matches the procedure date, or the day (in ``zone``) the session was last saved.
        """
        where: list[str] = ["1"]
        params: list[object] = []
        words = text.strip()
        if words:
            key, mrn = name_key(words), words.upper()
            match = f"{_quoted(key)} OR {{mrn}}: {_quoted(mrn)}"
            if len(key) >= TRIGRAM and len(mrn) >= TRIGRAM and self._rare(match):
                # Few sessions match: the full-text index finds them without reading every row.
                # (Many match: reading newest first stops as soon as a page of them is found.)
                where.append("rowid IN (SELECT rowid FROM name_search WHERE name_search MATCH ?)")
                params.append(match)
            # Names match anywhere, case and accents folded; an MRN from its start.
            where.append("(instr(name_key, ?) > 0 OR substr(mrn, 1, ?) = ?)")
            params += [key, len(mrn), mrn]
        if status is not None:
            where.append("status = ?")
            params.append(status.value)
        if on is not None:
            start = datetime.combine(on, datetime.min.time(), zone).astimezone(UTC)
            where.append("(procedure_date = ? OR (updated_at >= ? AND updated_at < ?))")
            params += [
                on.isoformat(),
                start.isoformat(),
                (start + timedelta(days=1)).isoformat(),
            ]
        return self._rows(" AND ".join(where), params, limit)

    def _rare(self, match: str) -> bool:
        """Whether fewer than ``RARE`` sessions match a full-text query."""
        with self._reading() as db:
            (count,) = db.execute(
                "SELECT count(*) FROM (SELECT 1 FROM name_search WHERE name_search MATCH ?"
                " LIMIT ?)",
                (match, RARE),
            ).fetchone()
        return count < RARE

    def _rows(self, where: str, params: Sequence[object], limit: int) -> list[SessionRow]:
        with self._reading() as db:
            rows = db.execute(
                "SELECT session_id, patient_name, mrn, date_of_birth, procedure_date, status,"
                f" updated_at, page FROM session_index WHERE {where}"
                " ORDER BY updated_at DESC LIMIT ?",
                (*params, limit),
            ).fetchall()
        return [
            SessionRow(
                session_id=r[0],
                patient_name=r[1],
                mrn=r[2],
                date_of_birth=r[3],
                procedure_date=r[4],
                status=SessionStatus(r[5]),
                updated_at=datetime.fromisoformat(r[6]),
                current_page=r[7],
            )
            for r in rows
        ]

    def resumable(self) -> list[SessionRow]:
        """Sessions to offer for resume, newest first: anything entered and no sealed summary.

        A session marked completed whose export never finished (the app stopped while
        sealing) is offered too, so its summary is not lost.
        """
        return self._rows(
            "(patient_name != '' OR mrn != '') AND (status != ? OR NOT EXISTS"
            " (SELECT 1 FROM record_versions v WHERE v.session_id = session_index.session_id))",
            (SessionStatus.COMPLETED.value,),
            limit=50,
        )

    # -- the audit trail ---------------------------------------------------------------------
    def append_events(self, session_id: str, events: Sequence[AuditEvent]) -> None:
        """Add events to a saved session's chain."""
        if events:
            with self._writing("recorded") as db:
                _append(db, session_id, events)

    def events(self, session_id: str) -> list[ChainedEvent]:
        """A session's audit events in the order they were written."""
        with self._reading() as db:
            rows = db.execute(
                "SELECT rowid, session_id, seq, at, kind, data, prev_hash, hash"
                " FROM audit_events WHERE session_id = ? ORDER BY rowid",
                (session_id,),
            ).fetchall()
        return [_chained(row) for row in rows]

    def session_ids(self) -> list[str]:
        """Every stored session, oldest first."""
        with self._reading() as db:
            rows = db.execute("SELECT session_id FROM sessions ORDER BY rowid").fetchall()
        return [r[0] for r in rows]

    # -- sealed versions ---------------------------------------------------------------------
    def add_version(
        self, session_id: str, file: str, sha256: str, at: datetime, reason: str
    ) -> RecordVersion:
        """Record a newly sealed PDF as the session's next version."""
        with self._writing("recorded") as db:
            (last,) = db.execute(
                "SELECT coalesce(max(version), 0) FROM record_versions WHERE session_id = ?",
                (session_id,),
            ).fetchone()
            version = RecordVersion(session_id, last + 1, file, sha256, at, reason)
            db.execute(
                "INSERT INTO record_versions VALUES (?, ?, ?, ?, ?, ?)",
                (session_id, version.version, file, sha256, at.isoformat(), reason),
            )
        return version

    def versions(self, session_id: str) -> list[RecordVersion]:
        """Every sealed version of a session, oldest first."""
        with self._reading() as db:
            rows = db.execute(
                "SELECT session_id, version, file, sha256, created_at, reason"
                " FROM record_versions WHERE session_id = ? ORDER BY version",
                (session_id,),
            ).fetchall()
        return [
            RecordVersion(r[0], r[1], r[2], r[3], datetime.fromisoformat(r[4]), r[5]) for r in rows
        ]

    # -- the outbox --------------------------------------------------------------------------
    def enqueue(
        self, session_id: str, version: int, payload: bytes, at: datetime | None = None
    ) -> bool:
        """Queue a sealed version for the records server, due at once; False when it already
        was (the first payload is kept)."""
        at = at or utc_now()
        with self._writing("recorded") as db:
            cursor = db.execute(
                "INSERT INTO outbox (session_id, version, payload, state, next_attempt_at,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (session_id, version) DO NOTHING",
                (
                    session_id,
                    version,
                    payload,
                    OutboxState.PENDING.value,
                    _moment(at),
                    _moment(at),
                    _moment(at),
                ),
            )
            return cursor.rowcount == 1

    def outbox_due(self, now: datetime, limit: int = 50) -> list[OutboxRow]:
        """Unsent rows whose next try is due, with their payloads, oldest due first; a row
        behind an unsent earlier version of its session waits for it."""
        with self._reading() as db:
            rows = db.execute(
                f"SELECT {_OUTBOX_COLUMNS}, payload FROM outbox o"
                f" WHERE state != 'sent' AND next_attempt_at <= ? AND {_NOT_BEHIND}"
                " ORDER BY next_attempt_at, created_at LIMIT ?",
                (_moment(now), limit),
            ).fetchall()
        return [_outbox_row(r, bytes(r[11])) for r in rows]

    def outbox_next_attempt(self) -> datetime | None:
        """When the next unsent row (not waiting behind an earlier version) is due, if any."""
        with self._reading() as db:
            (at,) = db.execute(
                f"SELECT min(next_attempt_at) FROM outbox o WHERE state != 'sent' AND {_NOT_BEHIND}"
            ).fetchone()
        return datetime.fromisoformat(at) if at else None

    def mark_sent(self, session_id: str, version: int, status: int, at: datetime) -> None:
        """The server took this version (a 2xx reply). Its payload is let go: the sealed PDF
        stays the record, and the database does not grow by a bundle per session. The
        session's audit trail says so, in the same transaction: sent once, recorded once."""
        with self._writing("recorded") as db:
            cursor = db.execute(
                "UPDATE outbox SET state = 'sent', attempts = attempts + 1, last_status = ?,"
                " failure = '', last_error = '', payload = x'', sent_at = ?, updated_at = ?"
                " WHERE session_id = ? AND version = ? AND state != 'sent'",
                (status, _moment(at), _moment(at), session_id, version),
            )
            if cursor.rowcount == 1:
                sent = {"version": version, "status": status}
                _append(db, session_id, [AuditEvent(EventKind.SENT_TO_RECORDS, at, sent)])

    def mark_failed(
        self,
        session_id: str,
        version: int,
        *,
        state: OutboxState,
        failure: str,
        error: str,
        status: int | None,
        next_attempt_at: datetime,
        at: datetime,
    ) -> None:
        """A try that did not reach a 2xx: count it, keep the reason, and say when to try again.

        ``failure`` is the kind of failure (for the words staff read), ``error`` the server's
        own diagnostics or the network's message, ``status`` the HTTP status if any.
        """
        if state is OutboxState.SENT:
            raise ValueError("a failed try cannot mark a row sent")
        with self._writing("recorded") as db:
            db.execute(
                "UPDATE outbox SET state = ?, attempts = attempts + 1, failure = ?,"
                " last_error = ?, last_status = ?, next_attempt_at = ?, updated_at = ?"
                " WHERE session_id = ? AND version = ? AND state != 'sent'",
                (
                    state.value,
                    failure,
                    error,
                    status,
                    _moment(next_attempt_at),
                    _moment(at),
                    session_id,
                    version,
                ),
            )

    def retry_now(self, now: datetime, session_id: str | None = None) -> int:
        """Make every unsent row (or one session's) due now ("Send now"); returns how many."""
        where, params = "state != 'sent'", [_moment(now)]
        if session_id is not None:
            where += " AND session_id = ?"
            params.append(session_id)
        with self._writing("recorded") as db:
            return db.execute(
                f"UPDATE outbox SET next_attempt_at = ? WHERE {where}", params
            ).rowcount

    def outbox(self, session_ids: Sequence[str] | None = None) -> list[OutboxRow]:
        """The outbox for display (no payloads): every row, or those of some sessions, each
        session's versions in order."""
        where, params = "1", list(session_ids or ())
        if session_ids is not None:
            where = f"session_id IN ({', '.join('?' for _ in params)})"
        with self._reading() as db:
            rows = db.execute(
                f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE {where} ORDER BY session_id, version",
                params,
            ).fetchall()
        return [_outbox_row(r) for r in rows]

    def outbox_counts(self) -> dict[OutboxState, int]:
        """How many rows are in each state (every state named, zero included)."""
        with self._reading() as db:
            rows = db.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall()
        counts = dict.fromkeys(OutboxState, 0)
        counts.update({OutboxState(state): n for state, n in rows})
        return counts


def _put(
    db: sqlite3.Connection,
    session_id: str,
    status: SessionStatus,
    updated_at: datetime,
    search: Sequence[str],
    record: str,
) -> None:
    """Write one record and its search row, inside the caller's write transaction."""
    stamp = updated_at.astimezone(UTC).isoformat()  # one offset, so times sort as text
    db.execute(_RECORD_UPSERT, (session_id, status.value, stamp, record))
    db.execute(_INDEX_UPSERT, (session_id, status.value, stamp, *search))
    (row,) = db.execute(
        "SELECT rowid FROM session_index WHERE session_id = ?", (session_id,)
    ).fetchone()
    db.execute("DELETE FROM name_search WHERE rowid = ?", (row,))
    db.execute(
        "INSERT INTO name_search (rowid, name_key, mrn) VALUES (?, ?, ?)",
        (row, search[_SEARCH_COLUMNS.index("name_key")], search[_SEARCH_COLUMNS.index("mrn")]),
    )


def _append(db: sqlite3.Connection, session_id: str, events: Sequence[AuditEvent]) -> None:
    """Chain events onto the session's last one, inside the caller's write transaction."""
    if not events:
        return
    row = db.execute(
        "SELECT rowid, session_id, seq, at, kind, data, prev_hash, hash FROM audit_events"
        " WHERE session_id = ? ORDER BY rowid DESC LIMIT 1",
        (session_id,),
    ).fetchone()
    for event in chain(session_id, events, _chained(row) if row else None):
        db.execute(
            "INSERT INTO audit_events (session_id, seq, at, kind, data, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                event.session_id,
                event.seq,
                event.at,
                event.kind,
                event.data,
                event.prev_hash,
                event.hash,
            ),
        )


def _chained(row: Sequence) -> ChainedEvent:  # type: ignore[type-arg]
    return ChainedEvent(
        session_id=row[1],
        seq=row[2],
        at=row[3],
        kind=row[4],
        data=row[5],
        prev_hash=row[6],
        hash=row[7],
        row=row[0],
    )


def _version(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT version FROM schema_version").fetchone()
    return int(row[0]) if row else 0
