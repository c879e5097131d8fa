"""Sealing and checking summaries in a short-lived child process, so the window never loads
the export stack.

Qt-free. reportlab, pikepdf, pyHanko, cryptography, fhir.resources and the fonts take about
100 MB that a process never gives back; in a child that exits, the wizard stays small, and a
crash in a PDF library cannot take it down. The parent starts ``worker_command()`` with one
request as JSON on standard input and reads one JSON line back (``read_answer``):

- a ``SealRequest`` (the parent has prepared the version: ``records.prepare_version``) is
  answered with a ``SealedSummary``, written and checked, and with the FHIR Bundle the outbox
  posts when asked for one; the parent then lists the version (``records.list_version``);
- a ``CheckRequest`` (a sealed file, as the records browser's "Check the seal" asks) is
  answered with a ``FileCheck``;
- either, when it cannot be done, with a ``SealFailure``: a fault people can act on and a
  reason safe to log.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, BinaryIO, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from consent_app.domain.session import ConsentSession
from consent_app.paths import DataPaths
from consent_app.settings import Settings
from consent_app.store import Fault, StoreError, fault_of

log = logging.getLogger(__name__)

#: The hidden subcommand of the app's own entry point that runs the child.
SUBCOMMAND = "seal-worker"
#: The child's own log in the data folder's logs/ (two processes never rotate one file).
LOG_FILE = "seal-worker.log"
#: The messages' validators are built when first used (sealing, in the child or at Done), not
#: when the window imports this module at start-up.
_LATE = ConfigDict(defer_build=True)
_LATE_AND_FROZEN = ConfigDict(defer_build=True, frozen=True)


@dataclass(frozen=True)
class SealCommand:
    """How to start the child: its argv, and the folder to start it in (None: the parent's)."""

    argv: tuple[str, ...]
    cwd: str | None = None


def worker_command() -> SealCommand:
    """The app's own entry point with the hidden ``seal-worker`` subcommand: the same code the
    window runs, from the wheel, a checkout or the PyInstaller bundle."""
    if getattr(sys, "frozen", False):
        return SealCommand((sys.executable, SUBCOMMAND))
    # Started in the folder holding this package, ``-m`` finds this very package, also when a
    # checkout's main.py was started from another folder.
    return SealCommand(
        (sys.executable, "-m", "consent_app", SUBCOMMAND), str(Path(__file__).parent.parent)
    )


class SealRequest(BaseModel):
    """One version to seal: the session record as prepared, the wizard's settings (they are
    authoritative, not the file's) and where the form, the seal's key and the records are."""

    model_config = _LATE_AND_FROZEN

    kind: Literal["seal"] = "seal"
    session: ConsentSession
    form_id: str
    language: str
    settings: Settings
    data_dir: Path
    records_dir: Path
    #: Also build the FHIR transaction Bundle of the sealed file, for the records server.
    bundle: bool = False

    @classmethod
    def for_session(
        cls,
        session: ConsentSession,
        settings: Settings,
        paths: DataPaths,
        records_dir: Path,
        bundle: bool = False,
    ) -> SealRequest:
        """The request for a prepared session; folders made absolute for a child elsewhere."""
        return cls(
            session=session,
            form_id=session.form_id,
            language=session.language,
            settings=settings,
            data_dir=paths.root.absolute(),
            records_dir=Path(records_dir).absolute(),
            bundle=bundle,
        )


class CheckRequest(BaseModel):
    """One sealed file to check, as a records officer would: its seal, its attached record,
    and whether it is still the file listed (its SHA-256 when it was sealed)."""

    model_config = _LATE_AND_FROZEN

    kind: Literal["check"] = "check"
    file: Path
    sha256: str
    #: The data folder, where the child keeps its log.
    data_dir: Path

    @classmethod
    def for_file(cls, file: Path, sha256: str, paths: DataPaths) -> CheckRequest:
        """The request for a listed file; paths made absolute for a child elsewhere."""
        return cls(file=Path(file).absolute(), sha256=sha256, data_dir=paths.root.absolute())


WorkerRequest = Annotated[SealRequest | CheckRequest, Field(discriminator="kind")]
_REQUEST: TypeAdapter[SealRequest | CheckRequest] = TypeAdapter(WorkerRequest, config=_LATE)


class SealCheck(BaseModel):
    """What checking the written file found, as ``consent-app verify`` would."""

    model_config = _LATE

    ok: bool
    signer: str = ""
    problems: tuple[str, ...] = ()
    #: Why the check itself could not run (log-safe), or "".
    error: str = ""


class SealedSummary(BaseModel):
    """The summary is sealed and written: where, its SHA-256, and what its check found; with
    the FHIR Bundle when one was asked for (or why it could not be built, safe to log)."""

    model_config = _LATE

    outcome: Literal["sealed"] = "sealed"
    file: Path
    sha256: str
    check: SealCheck
    bundle: str | None = None
    bundle_error: str = ""


class Found(StrEnum):
    """What checking a listed file found."""

    INTACT = "intact"  # the seal is valid over the whole file, and the record matches
    BROKEN = "broken"  # it was read and checked, and a check failed (``problems`` say which)
    MISSING = "missing"  # no file at that path
    UNREADABLE = "unreadable"  # the file is there but cannot be read (``detail`` says why)
    NOT_A_PDF = "not_a_pdf"
    NO_SEAL = "no_seal"
    DAMAGED = "damaged"  # the check itself could not run on it


class FileCheck(BaseModel):
    """What checking a sealed file found: its seal's signer and time, the problems found, and
    whether it is the very file that was listed."""

    model_config = _LATE

    outcome: Literal["checked"] = "checked"
    found: Found
    signer: str = ""
    signed_at: str = ""
    problems: tuple[str, ...] = ()
    #: False when the file's SHA-256 is not the one listed when it was sealed.
    listed_file: bool = True
    #: Why the file cannot be read (the system's words, no file contents), or "".
    detail: str = ""


class SealFailure(BaseModel):
    """Nothing was written: the fault people can act on, and a reason safe to log."""

    model_config = _LATE

    outcome: Literal["failed"] = "failed"
    fault: Fault
    reason: str


WorkerAnswer = Annotated[SealedSummary | FileCheck | SealFailure, Field(discriminator="outcome")]
_ANSWER: TypeAdapter[SealedSummary | FileCheck | SealFailure] = TypeAdapter(
    WorkerAnswer, config=_LATE
)


def fault_of_error(exc: BaseException) -> Fault:
    """The fault behind an error, looking through what it was raised from to an OS or store
    error (disk full, unwritable, locked …)."""
    cause = exc
    while cause.__cause__ is not None and not isinstance(cause, OSError | StoreError):
        cause = cause.__cause__
    return cause.fault if isinstance(cause, StoreError) else fault_of(cause)


def safe_reason(exc: BaseException) -> str:
    """What went wrong and where, for the log: the kinds of error and the lines they came from,
    never their messages, which may quote the record."""
    parts = []
    error: BaseException | None = exc
    while error is not None and len(parts) < 4:
        kind = type(error).__name__
        if isinstance(error, OSError) and error.errno is not None:
            kind += f" {errno.errorcode.get(error.errno, error.errno)}"
        frames = traceback.extract_tb(error.__traceback__)
        if frames:
            last = frames[-1]
            kind += f" at {Path(last.filename).name}:{last.lineno} in {last.name}"
        parts.append(kind)
        error = error.__cause__ or error.__context__
    return ", from ".join(parts)


def failure_of(exc: BaseException) -> SealFailure:
    """An error as the failure the parent shows and logs."""
    return SealFailure(fault=fault_of_error(exc), reason=safe_reason(exc))


def answer_to(request: SealRequest | CheckRequest) -> type[SealedSummary | FileCheck]:
    """The answer a request is done with."""
    return SealedSummary if isinstance(request, SealRequest) else FileCheck


def read_answer(
    output: bytes, exit_code: int, expected: type[SealedSummary | FileCheck] = SealedSummary
) -> SealedSummary | FileCheck | SealFailure:
    """The child's answer from what it printed and how it ended: done (``expected``) only when
    it said so and exited 0."""
    lines = output.decode("utf-8", "replace").strip().splitlines()
    answer: SealedSummary | FileCheck | SealFailure | None = None
    if lines:
        try:
            answer = _ANSWER.validate_json(lines[-1])
        except ValidationError:
            answer = None
    if isinstance(answer, SealFailure):
        return answer
    if isinstance(answer, expected) and exit_code == 0:
        return answer
    said = "an answer that cannot be read" if answer is None else "an answer that contradicts it"
    return SealFailure(
        fault=Fault.OTHER, reason=f"the seal worker exited with status {exit_code} and {said}"
    )


# -- the child ------------------------------------------------------------------------------------
def serve(
    source: BinaryIO, sink: BinaryIO, start_log: Callable[[DataPaths], None] = lambda _: None
) -> int:
    """The child: read one request and do it (seal, write and check a summary; or check a
    sealed file); answer in one JSON line. 0 when done, 1 when not. ``start_log`` opens the log
    in the request's data folder."""
    try:
        request = _REQUEST.validate_json(source.read())
        paths = DataPaths(request.data_dir)
        paths.ensure()  # the seal's key lives there; what is made from now on is this user's
        start_log(paths)
        answer: SealedSummary | FileCheck | SealFailure = (
            seal(request, paths) if isinstance(request, SealRequest) else check_file(request)
        )
    except Exception as exc:  # every failure is answered; its message never leaves the child
        answer = failure_of(exc)
        log.error("the seal worker failed: %s", answer.reason)
    sink.write(answer.model_dump_json().encode("utf-8") + b"\n")
    sink.flush()
    return 1 if isinstance(answer, SealFailure) else 0


def seal(request: SealRequest, paths: DataPaths) -> SealedSummary:
    """Render, make archival, seal and write the summary atomically, then check the file as
    written (and build its FHIR Bundle, if asked). The export stack loads here, in the child
    only."""
    from consent_app import export
    from consent_app.resources_door import load_form

    form = load_form(request.form_id, request.language, paths.root / "forms")
    path = export.export_sealed(request.session, form, request.settings, paths, request.records_dir)
    written = path.read_bytes()
    bundle, bundle_error = None, ""
    if request.bundle:
        try:
            bundle = bundle_of(written, path.name, request, paths)
        except Exception as exc:  # the summary is sealed all the same: the parent logs this
            bundle_error = safe_reason(exc)
            log.error("the records server's bundle could not be built: %s", bundle_error)
    return SealedSummary(
        file=path,
        sha256=hashlib.sha256(written).hexdigest(),
        check=check_seal(written),
        bundle=bundle,
        bundle_error=bundle_error,
    )


def bundle_of(pdf: bytes, name: str, request: SealRequest, paths: DataPaths) -> str:
    """The FHIR transaction Bundle of a sealed summary, titled from the form in the clinic's
    language (as staff and the record system know it)."""
    from consent_app.fhir import bundle_for_file
    from consent_app.resources_door import load_form

    settings = request.settings
    form = load_form(request.form_id, settings.clinic_language, paths.root / "forms")
    return bundle_for_file(pdf, name, form, settings).decode("utf-8")


def check_file(request: CheckRequest) -> FileCheck:
    """Read a listed file and check it as ``consent-app verify`` does; every way it can fail is
    a ``Found`` the parent says in words."""
    from consent_app.export import NoSeal, NotAPdf, verify_summary

    try:
        data = request.file.read_bytes()
    except FileNotFoundError:
        return FileCheck(found=Found.MISSING)
    except OSError as exc:
        log.error("a sealed file cannot be read: %s", safe_reason(exc))
        return FileCheck(found=Found.UNREADABLE, detail=exc.strerror or type(exc).__name__)
    try:
        verdict = verify_summary(data)
    except NotAPdf:
        return FileCheck(found=Found.NOT_A_PDF)
    except NoSeal:
        return FileCheck(found=Found.NO_SEAL)
    except Exception as exc:
        log.error("checking a sealed file failed: %s", safe_reason(exc))
        return FileCheck(found=Found.DAMAGED)
    listed = hashlib.sha256(data).hexdigest() == request.sha256
    return FileCheck(
        found=Found.INTACT if verdict.ok and listed else Found.BROKEN,
        signer=verdict.signer,
        signed_at=verdict.signed_at,
        problems=verdict.problems,
        listed_file=listed,
    )


def check_seal(pdf: bytes) -> SealCheck:
    """Check a written summary's seal and attached record; a check that cannot run fails."""
    from consent_app.export import verify_summary

    try:
        verdict = verify_summary(pdf)
    except Exception as exc:
        reason = safe_reason(exc)
        log.error("the seal check could not run: %s", reason)
        return SealCheck(ok=False, error=reason)
    return SealCheck(ok=verdict.ok, signer=verdict.signer, problems=verdict.problems)
