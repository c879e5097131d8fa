"""Sealing a summary in a short-lived child process, so the window never loads the export stack.

Qt-free. reportlab, pikepdf, pyHanko, cryptography and the fonts take about 100 MB that a
process never gives back; in a child that exits, the wizard stays small, and a crash in a PDF
library cannot take it down. The parent prepares the version (``records.prepare_version``),
starts ``worker_command()`` with a ``SealRequest`` as JSON on standard input, and reads one
JSON line back (``read_answer``): a ``SealedSummary``, or a ``SealFailure`` with a fault people
can act on and a reason safe to log. It then lists the version (``records.list_version``).
"""

from __future__ import annotations

import errno
import hashlib
import logging
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
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

    model_config = ConfigDict(frozen=True)

    session: ConsentSession
    form_id: str
    language: str
    settings: Settings
    data_dir: Path
    records_dir: Path

    @classmethod
    def for_session(
        cls, session: ConsentSession, settings: Settings, paths: DataPaths, records_dir: Path
    ) -> SealRequest:
        """The request for a prepared session; folders made absolute for a child elsewhere."""
        return cls(
            session=session,
            form_id=session.form_id,
            language=session.language,
            settings=settings,
            data_dir=paths.root.absolute(),
            records_dir=Path(records_dir).absolute(),
        )


class SealCheck(BaseModel):
    """What checking the written file found, as ``consent-app verify`` would."""

    ok: bool
    signer: str = ""
    problems: tuple[str, ...] = ()
    #: Why the check itself could not run (log-safe), or "".
    error: str = ""


class SealedSummary(BaseModel):
    """The summary is sealed and written: where, its SHA-256, and what its check found."""

    outcome: Literal["sealed"] = "sealed"
    file: Path
    sha256: str
    check: SealCheck


class SealFailure(BaseModel):
    """Nothing was written: the fault people can act on, and a reason safe to log."""

    outcome: Literal["failed"] = "failed"
    fault: Fault
    reason: str


SealAnswer = Annotated[SealedSummary | SealFailure, Field(discriminator="outcome")]
_ANSWER: TypeAdapter[SealedSummary | SealFailure] = TypeAdapter(SealAnswer)


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


def read_answer(output: bytes, exit_code: int) -> SealedSummary | SealFailure:
    """The child's answer from what it printed and how it ended: sealed only when it said so
    and exited 0."""
    lines = output.decode("utf-8", "replace").strip().splitlines()
    answer: SealedSummary | SealFailure | None = None
    if lines:
        try:
            answer = _ANSWER.validate_json(lines[-1])
        except ValidationError:
            answer = None
    if isinstance(answer, SealFailure):
        return answer
    if isinstance(answer, SealedSummary) and exit_code == 0:
        return answer
    said = "an answer that cannot be read" if answer is None else "an answer that contradicts it"
    return SealFailure(
        fault=Fault.OTHER, reason=f"the seal worker exited with status {exit_code} and {said}"
    )


# -- the child ------------------------------------------------------------------------------------
def serve(
    source: BinaryIO, sink: BinaryIO, start_log: Callable[[DataPaths], None] = lambda _: None
) -> int:
    """The child: read one request, seal, write and check; answer in one JSON line. 0 when
    sealed, 1 when not. ``start_log`` opens the log in the request's data folder."""
    try:
        request = SealRequest.model_validate_json(source.read())
        paths = DataPaths(request.data_dir)
        paths.ensure()  # the seal's key lives there; what is made from now on is this user's
        start_log(paths)
        answer: SealedSummary | SealFailure = seal(request, paths)
    except Exception as exc:  # every failure is answered; its message never leaves the child
        answer = failure_of(exc)
        log.error("sealing failed: %s", answer.reason)
    sink.write(answer.model_dump_json().encode("utf-8") + b"\n")
    sink.flush()
    return 0 if isinstance(answer, SealedSummary) else 1


def seal(request: SealRequest, paths: DataPaths) -> SealedSummary:
    """Render, make archival, seal and write the summary atomically, then check the file as
    written. The export stack loads here, in the child only."""
    from consent_app import export
    from consent_app.resources_door import load_form

    form = load_form(request.form_id, request.language, paths.root / "forms")
    path = export.export_sealed(request.session, form, request.settings, paths, request.records_dir)
    written = path.read_bytes()
    return SealedSummary(
        file=path, sha256=hashlib.sha256(written).hexdigest(), check=check_seal(written)
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
