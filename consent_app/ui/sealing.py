"""Sealing a summary, or checking a sealed one, in a child process without holding up the window
(``consent_app.seal_worker``).

The request goes to the child's standard input; its one answer line is read when it ends. A
child that crashes, cannot start, answers nonsense or overruns its time is a failure like any
other: nothing was listed, and staff can try again.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

from consent_app.seal_worker import (
    CheckRequest,
    FileCheck,
    SealCommand,
    SealedSummary,
    SealFailure,
    SealRequest,
    answer_to,
    read_answer,
)
from consent_app.store import Fault

log = logging.getLogger(__name__)


class SealRun(QObject):
    """One child sealing one version or checking one file; ``ended`` carries its answer (a
    ``SealedSummary`` or a ``FileCheck``, as asked, or a ``SealFailure``) exactly once. The run
    deletes itself once its child has gone."""

    ended = Signal(object)

    #: Sealing takes a few seconds; a child still at it after this long is stopped.
    TIMEOUT_SECONDS = 120.0

    def __init__(
        self,
        command: SealCommand,
        request: SealRequest | CheckRequest,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._request = request.model_dump_json().encode("utf-8")
        self._expected = answer_to(request)
        self._answer: SealedSummary | FileCheck | SealFailure | None = None
        self._process = QProcess(self)
        self._process.setProgram(command.argv[0])
        self._process.setArguments(list(command.argv[1:]))
        if command.cwd:
            self._process.setWorkingDirectory(command.cwd)
        # What a child prints besides its answer could quote a record: it is not kept.
        self._process.setStandardErrorFile(QProcess.nullDevice())
        self._process.finished.connect(self._finished)
        self._process.errorOccurred.connect(self._error)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._overran)

    @property
    def running(self) -> bool:
        """True until the answer is in."""
        return self._answer is None

    def start(self) -> None:
        """Start the child and hand it the request; returns at once."""
        self._process.start()
        if self._answer is not None:  # it could not start, and has said so already
            return
        self._process.write(self._request)
        self._process.closeWriteChannel()  # once the request is written: the child reads to EOF
        self._timer.start(round(self.TIMEOUT_SECONDS * 1000))

    def finish(self, seconds: float) -> None:
        """Wait, blocking, up to ``seconds`` for the answer (it is emitted before this returns);
        a child still at it then is stopped, and that is a failure."""
        if self._answer is None and not self._process.waitForFinished(round(seconds * 1000)):
            self._stop(f"the seal worker was still at work after a wait of {seconds:g} s")

    def _overran(self) -> None:
        self._stop(f"the seal worker was still at work after {self.TIMEOUT_SECONDS:g} s")

    def _stop(self, reason: str) -> None:
        self._end(SealFailure(fault=Fault.OTHER, reason=reason))
        self._process.kill()
        self._process.waitForFinished(2000)  # SIGKILL is quick: reap the child now

    def _error(self, error: QProcess.ProcessError) -> None:
        # Every other error (a crash, a closed pipe) is followed by ``finished``.
        if error is QProcess.ProcessError.FailedToStart:
            program = self._process.program()
            self._end(
                SealFailure(fault=Fault.OTHER, reason=f"the seal worker {program} did not start")
            )
            self.deleteLater()

    def _finished(self, exit_code: int, status: QProcess.ExitStatus) -> None:
        if status is QProcess.ExitStatus.CrashExit:
            answer: SealedSummary | FileCheck | SealFailure = SealFailure(
                fault=Fault.OTHER, reason="the seal worker crashed"
            )
        else:
            output = bytes(self._process.readAllStandardOutput().data())
            answer = read_answer(output, exit_code, self._expected)
        self._end(answer)
        self.deleteLater()

    def _end(self, answer: SealedSummary | FileCheck | SealFailure) -> None:
        if self._answer is not None:
            return
        self._answer = answer
        self._timer.stop()
        self.ended.emit(answer)
