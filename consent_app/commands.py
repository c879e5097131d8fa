"""The ``records``, ``audit`` and ``fhir`` commands: the store, for scripts and the records office.

Qt-free. Each command prints plain lines (or JSON with ``--json``) and returns an exit status:
0 when all is well, 1 when something was not found or did not check out, 2 for a store that
cannot be opened. ``fhir`` says 2 for any input it cannot use and 1 for a failure.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, date, tzinfo
from pathlib import Path
from typing import Any

from consent_app.atomic import write_atomically
from consent_app.domain.audit import verify_chain
from consent_app.domain.form import FormDefinition, FormError
from consent_app.domain.session import ConsentSession, SessionStatus
from consent_app.paths import DataPaths
from consent_app.settings import Settings, SettingsError, load_settings
from consent_app.store import RecordVersion, SessionRow, SessionStore, StoreError

_STATUS_WORDS = {
    SessionStatus.IN_PROGRESS: "in progress",
    SessionStatus.AWAITING_DISCUSSION: "awaiting discussion",
    SessionStatus.COMPLETED: "completed",
}


def _err(message: str) -> None:
    print(f"consent-app: {message}", file=sys.stderr)


def _open(paths: DataPaths) -> SessionStore | None:
    if not paths.database.exists():
        _err(f"there is no sessions database in {paths.root}.")
        return None
    try:
        return SessionStore(paths.database)
    except StoreError as exc:
        _err(str(exc))
        return None


def _find(store: SessionStore, wanted: str) -> str | None:
    """A session id from the whole id or an unambiguous start of it (at least 6 characters)."""
    ids = store.session_ids()
    if wanted in ids:
        return wanted
    matches = [i for i in ids if len(wanted) >= 6 and i.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    _err(
        f"no session {wanted!r}."
        if not matches
        else f"{wanted!r} matches {len(matches)} sessions; give more of the id."
    )
    return None


def _open_session(paths: DataPaths, wanted: str) -> tuple[SessionStore, str] | int:
    """The store and the session asked for, or the exit status when either cannot be had."""
    store = _open(paths)
    if store is None:
        return 2
    session_id = _find(store, wanted)
    return 1 if session_id is None else (store, session_id)


def _row_json(row: SessionRow) -> dict[str, Any]:
    data = asdict(row)
    data["status"] = row.status.value
    data["updated_at"] = row.updated_at.isoformat()
    return data


def _version_json(version: RecordVersion) -> dict[str, Any]:
    data = asdict(version)
    data["created_at"] = version.created_at.isoformat()
    return data


def _clinic_zone(paths: DataPaths) -> tzinfo:
    """The clinic's time zone from its settings, so "--date" means the clinic's day."""
    try:
        return load_settings(paths.settings).zone
    except SettingsError:
        return UTC


def records_list(
    paths: DataPaths, text: str, status: str | None, on: str | None, as_json: bool
) -> int:
    """``records list``: sessions matching a name or MRN, a status and a date, newest first."""
    try:
        day = date.fromisoformat(on) if on else None
    except ValueError:
        _err(f"--date must be YYYY-MM-DD, not {on!r}.")
        return 2
    store = _open(paths)
    if store is None:
        return 2
    zone = _clinic_zone(paths)
    rows = store.search(text, SessionStatus(status) if status else None, day, 10_000, zone)
    if as_json:
        print(json.dumps([_row_json(r) for r in rows], indent=2, ensure_ascii=False))
        return 0
    for row in rows:
        print(
            f"{row.session_id}  {row.updated_at:%Y-%m-%d %H:%M}  {_STATUS_WORDS[row.status]:<19}"
            f"  {row.mrn:<12}  {row.patient_name}"
        )
    print(f"{len(rows)} session(s).")
    return 0


def records_show(paths: DataPaths, wanted: str, as_json: bool) -> int:
    """``records show``: one session, its sealed versions and the state of its audit trail."""
    found = _open_session(paths, wanted)
    if isinstance(found, int):
        return found
    store, session_id = found
    session = store.load(session_id)
    versions = store.versions(session_id)
    events = store.events(session_id)
    tampers = verify_chain(events, _sealed_heads(versions))
    if as_json:
        print(
            json.dumps(
                {
                    "session": session.model_dump(mode="json", exclude={"signatures"})
                    | {"signatures": [_signature_json(s) for s in session.signatures]},
                    "versions": [_version_json(v) for v in versions],
                    "audit": {
                        "events": len(events),
                        "head": events[-1].hash if events else "",
                        "intact": not tampers,
                        "problems": [t.message for t in tampers],
                    },
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    intake = session.intake
    print(f"Session:        {session.session_id}")
    print(f"Patient:        {intake.full_name}")
    print(f"Date of birth:  {intake.date_of_birth or ''}")
    print(f"MRN:            {intake.mrn}")
    print(f"Status:         {_STATUS_WORDS[session.status]}")
    print(f"Last page:      {session.current_page}")
    print(f"Form:           {session.form_id} {session.form_version}")
    print(f"Last saved:     {session.updated_at.isoformat()}")
    for version in versions:
        print(
            f"Version {version.version}:      {version.created_at.isoformat()}  {version.reason}"
            f"  {version.file}  sha256 {version.sha256}"
        )
    if not versions:
        print("Versions:       none sealed yet")
    state = "intact" if not tampers else "FAILED: " + "; ".join(t.message for t in tampers)
    print(f"Audit trail:    {len(events)} events, {state}")
    return 0


def _signature_json(signature: Any) -> dict[str, Any]:
    """A signature without its strokes: who, what it means, and when."""
    return signature.model_dump(mode="json", exclude={"strokes"})


def records_export(
    paths: DataPaths, wanted: str, output: str | None, pdf: bool, as_json: bool
) -> int:
    """``records export``: the record as JSON (what ``render`` reads), or its latest sealed PDF."""
    found = _open_session(paths, wanted)
    if isinstance(found, int):
        return found
    store, session_id = found
    if pdf:
        versions = store.versions(session_id)
        if not versions:
            _err("this session has no sealed summary yet.")
            return 1
        try:
            data = Path(versions[-1].file).read_bytes()
        except OSError as exc:
            _err(f"the sealed summary cannot be read: {exc}")
            return 1
        target = Path(output or Path(versions[-1].file).name)
    else:
        data = store.load(session_id).model_dump_json(indent=2).encode("utf-8")
        target = Path(output or f"consent-record-{session_id[:8]}.json")
    try:
        write_atomically(data, target)
    except OSError as exc:
        _err(f"{target} was not written: {exc}")
        return 1
    import hashlib

    digest = hashlib.sha256(data).hexdigest()
    if as_json:
        print(json.dumps({"session_id": session_id, "file": str(target), "sha256": digest}))
    else:
        print(f"Written to {target} (sha256 {digest})")
    return 0


def _sealed_heads(versions: Sequence[RecordVersion]) -> list[tuple[int, str]]:
    """The audit heads the sealed versions carry, read from the PDFs' attached records."""
    heads: list[tuple[int, str]] = []
    for version in versions:
        try:
            pdf = Path(version.file).read_bytes()
        except OSError:
            continue  # a moved file is reported by `records show`, not a chain fault
        from consent_app.pdf.archive import embedded_record

        record = embedded_record(pdf)
        if record is None:
            continue
        session = ConsentSession.model_validate_json(record)
        if session.audit is not None and session.audit.events:
            heads.append((session.audit.events, session.audit.head))
    return heads


def audit_verify(paths: DataPaths, wanted: str | None, as_json: bool) -> int:
    """``audit verify``: check each session's hash chain (and the heads its PDFs sealed)."""
    store = _open(paths)
    if store is None:
        return 2
    if wanted:
        session_id = _find(store, wanted)
        if session_id is None:
            return 1
        ids = [session_id]
    else:
        ids = store.session_ids()
    report: list[dict[str, Any]] = []
    for session_id in ids:
        events = store.events(session_id)
        tampers = verify_chain(events, _sealed_heads(store.versions(session_id)))
        problems = [t.message for t in tampers]
        if not events:
            problems.append("the session has no audit events at all: its trail was deleted")
        report.append(
            {
                "session_id": session_id,
                "events": len(events),
                "intact": not problems,
                "problems": problems,
                "tampers": [
                    {"kind": t.kind.value, "seq": t.seq, "message": t.message} for t in tampers
                ],
            }
        )
    failed = [r for r in report if not r["intact"]]
    if as_json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for entry in report:
            if entry["intact"]:
                print(f"OK       {entry['session_id']}: {entry['events']} events, chain intact")
            for problem in entry["problems"]:
                print(f"FAILED   {entry['session_id']}: {problem}")
        print(
            f"{len(report)} session(s) checked; "
            + (f"{len(failed)} with a broken audit trail." if failed else "all intact.")
        )
    return 1 if failed else 0


def _json_path(loc: tuple[int | str, ...]) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)


def read_record(record_file: str) -> ConsentSession | None:
    """A session record from a JSON file (as ``records export`` writes it); None when it cannot
    be read or is invalid, with one line per bad field (``$.intake.date_of_birth: …``)."""
    from pydantic import ValidationError

    try:
        text = Path(record_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _err(f"cannot read {record_file}: {exc}")
        return None
    try:
        return ConsentSession.model_validate_json(text)
    except ValidationError as exc:
        for error in exc.errors():
            print(f"{_json_path(error['loc'])}: {error['msg']}", file=sys.stderr)
        return None


def fhir_export(paths: DataPaths, source: str, output: str) -> int:
    """``fhir``: a FHIR R4 transaction Bundle for a stored session (with its latest sealed PDF)
    or for a record file (rendered and sealed now, in memory), written to ``output``."""
    is_record = source.lower().endswith(".json") or Path(source).is_file()
    try:
        bundle = _record_bundle(paths, source) if is_record else _stored_bundle(paths, source)
    except (OSError, ValueError) as exc:  # an unreadable or changed PDF, an invalid bundle
        _err(f"the FHIR bundle was not written: {exc}")
        return 1
    if isinstance(bundle, int):
        return bundle
    try:
        write_atomically(bundle, Path(output))
    except OSError as exc:
        _err(f"{output} was not written: {exc}")
        return 1
    print(f"FHIR bundle written to {output}")
    return 0


def _stored_bundle(paths: DataPaths, wanted: str) -> bytes | int:
    """The Bundle for a session in the store, or 2 when there is none or nothing sealed."""
    from consent_app import fhir

    store = _open(paths)
    if store is None:
        return 2
    session_id = _find(store, wanted)
    if session_id is None:
        return 2
    setup = _clinic_setup(paths)
    if setup is None:
        return 2
    settings, form = setup
    try:
        return fhir.bundle_for_session(store, session_id, form, settings)
    except fhir.NoSealedSummary:
        _err(f"session {session_id} has no sealed summary yet: finish and export it first.")
        return 2


def _record_bundle(paths: DataPaths, record_file: str) -> bytes | int:
    """The Bundle for a record file, sealed here as ``render`` would; else the exit status
    (2 for a record, settings or form that cannot be used, 1 when the seal fails)."""
    session = read_record(record_file)
    if session is None:
        return 2
    try:
        paths.ensure()  # the seal's key lives in the data folder
    except OSError as exc:
        _err(f"cannot write {paths.root}: {exc.strerror}")
        return 2
    setup = _clinic_setup(paths)
    if setup is None:
        return 2
    settings, form = setup
    from consent_app import fhir
    from consent_app.export import seal_session
    from consent_app.pdf.summary import summary_file_name
    from consent_app.resources_door import load_form
    from consent_app.seal import SealError

    try:
        patient_form = load_form(session.form_id, session.language, paths.root / "forms")
    except FormError as exc:
        _err(str(exc))
        return 2
    try:
        pdf = seal_session(session, patient_form, settings, paths)
    except SealError as exc:
        _err(f"the summary could not be sealed: {exc}")
        return 1
    return fhir.bundle_bytes(session, form, settings, pdf, summary_file_name(session, settings))


def _clinic_setup(paths: DataPaths) -> tuple[Settings, FormDefinition] | None:
    """The clinic's settings and the app's form (in the clinic's language), as the app has
    them; None, said on stderr, when either cannot be used."""
    from consent_app.resources_door import load_form

    try:
        settings = load_settings(paths.settings)
        form = load_form(settings.form_id, settings.clinic_language, paths.root / "forms")
    except (SettingsError, FormError) as exc:
        _err(str(exc))
        return None
    return settings, form
