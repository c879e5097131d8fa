"""The last page: seal the summary into the records folder, preview it, print it.

The summary is rendered, sealed, written and checked in a child process (``SealRun``): the
window never loads the PDF libraries, and stays responsive while they work.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPagedPaintDevice, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from consent_app.domain.audit import AuditEvent, EventKind
from consent_app.domain.session import ConsentSession, SessionStatus
from consent_app.records import FIRST_EXPORT, prepare_version
from consent_app.seal_worker import (
    SealCheck,
    SealedSummary,
    SealFailure,
    fault_of_error,
)
from consent_app.store import Fault
from consent_app.ui.base import ConsentPage, PageId
from consent_app.ui.controls import TOUCH, heading, mark
from consent_app.ui.sealing import SealRun

log = logging.getLogger(__name__)


class DonePage(ConsentPage):
    """Seals the PDF summary without a file dialog, shows where, previews and prints it."""

    page = PageId.DONE
    # How long closing the window, or moving to another session, waits for a seal under way
    # before stopping it (the session then stays on the list of exports to finish).
    SETTLE_SECONDS = 30.0
    _run: SealRun | None = None
    _sealing_session: ConsentSession | None = None

    def build(self) -> None:
        super().build()
        self.setTitle(self.tr("Done"))
        self.setFinalPage(True)
        self.exported: Path | None = None
        self.layout_.addWidget(heading(self.tr("Consent summary"), self.body))
        self.status = QLabel(self.body)
        self.status.setObjectName("export_status")
        self.status.setWordWrap(True)
        self.status.setProperty("role", "h3")
        self.layout_.addWidget(self.status)
        self.path = QLabel(self.body)
        self.path.setObjectName("export_path")
        self.path.setWordWrap(True)
        self.path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout_.addWidget(self.path)
        row = QHBoxLayout()
        self.retry = QPushButton(self.tr("Try the export again"), self.body)
        self.retry.setObjectName("retry_export")
        self.retry.setMinimumHeight(TOUCH)
        self.retry.clicked.connect(self.export)
        row.addWidget(self.retry)
        self.print_button = QPushButton(self.tr("Print…"), self.body)
        self.print_button.setObjectName("print_summary")
        self.print_button.setMinimumSize(TOUCH * 3, TOUCH)
        self.print_button.clicked.connect(self.print_summary)
        row.addWidget(self.print_button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.document = QPdfDocument(self)
        self.preview = QPdfView(self.body)
        self.preview.setObjectName("pdf_preview")
        self.preview.setDocument(self.document)
        self.preview.setPageMode(QPdfView.PageMode.MultiPage)
        self.preview.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.preview.setMinimumHeight(420)
        self.layout_.addWidget(self.preview, 1)
        # Takes the room only while the preview is hidden, so the lines above stay at the top.
        self.layout_.addStretch(0)

    def load(self) -> None:
        """Export on arrival; on a new patient (no signatures yet) show nothing of the last one."""
        self.settle()  # a seal under way is listed before anything else is shown
        self.document.close()
        self.preview.hide()  # an empty preview is a grey box: it shows with the summary
        self.exported = None
        self.status.setText("")
        self.path.setText("")
        self.retry.hide()
        self.print_button.setEnabled(False)
        if self.wizard() is not None and self.wizard().currentPage() is self:
            self.export()

    @property
    def sealing(self) -> bool:
        """True while the child process is sealing the summary."""
        return self._run is not None

    def export(self) -> None:
        """Start sealing the summary into the records folder, in a child process; on failure
        keep the session and say so."""
        if self.sealing:
            return
        session = self.session
        if session.status is not SessionStatus.AWAITING_DISCUSSION:
            session.status = SessionStatus.COMPLETED
        try:
            if self.context.paths is None:
                raise RuntimeError("no data folder: the seal's key cannot be found")
            if self.context.seal_command is None:
                raise RuntimeError("no seal worker is wired to this page")
            if not self.context.save_now():
                raise RuntimeError("the session could not be saved before sealing")
            prepare_version(self.context.store, session, self.context.now(), FIRST_EXPORT)
            request = self.context.seal_request(session)
        except Exception as exc:  # any failure: the session is kept, the nurse can retry
            log.exception("export failed")
            self._failed(fault_of_error(exc))
            return
        self._sealing_session = session
        self._run = SealRun(self.context.seal_command, request, self)
        self._run.ended.connect(self._sealed)
        self.status.setText(self.tr("Sealing the summary…"))
        mark(self.status, "severity", None)
        self.retry.hide()
        self.completeChanged.emit()
        self._run.start()

    def settle(self) -> None:
        """Wait (blocking, ``SETTLE_SECONDS`` at most) for a seal under way to be written and
        listed; one still at work then is stopped, and the session stays to be exported."""
        if self._run is not None:
            self._run.finish(self.SETTLE_SECONDS)

    def _sealed(self, answer: SealedSummary | SealFailure) -> None:
        """The child has answered: list the sealed file as a version and show it, or say why
        there is none."""
        session, self._sealing_session, self._run = self._sealing_session, None, None
        if session is None:
            return
        shown = session is self.session  # else the page moved on, and shows nothing of it
        if isinstance(answer, SealFailure):
            log.error("export failed (%s): %s", answer.fault.value, answer.reason)
            if shown:
                self._failed(answer.fault)
            return
        try:
            self.context.list_sealed(session, answer)
        except Exception as exc:
            log.exception("the sealed summary could not be listed")
            if shown:
                self._failed(fault_of_error(exc))
            return
        self._record_check(session, answer.file, answer.check)
        if not shown:
            return
        self.exported = answer.file
        self.show_seal_status(answer.check)
        self.path.setText(self.tr("Saved to: {0}").format(answer.file))
        self.retry.hide()
        self.print_button.setEnabled(True)
        self.document.load(str(answer.file))
        self.preview.show()
        self.completeChanged.emit()

    def _failed(self, fault: Fault) -> None:
        """Say the summary was not saved, why in words a nurse can act on, and offer a retry."""
        self.status.setText(self._fault_sentence(fault))
        mark(self.status, "severity", "do_not_proceed")
        self.retry.show()
        self.completeChanged.emit()

    def _fault_sentence(self, fault: Fault) -> str:
        """Why an export failed and what to do, in words a nurse can act on (each a whole
        sentence, so it translates as one)."""
        if fault is Fault.DISK_FULL:
            return self.tr(
                "The summary could not be saved to the records folder: the storage is full. "
                "Nothing is lost: the session is kept. Ask IT to free some space, then try again."
            )
        if fault is Fault.UNWRITABLE:
            return self.tr(
                "The summary could not be saved to the records folder: the folder cannot be "
                "written. Nothing is lost: the session is kept. Ask IT to check the folder, then "
                "try again."
            )
        if fault is Fault.LOCKED:
            return self.tr(
                "The summary could not be saved to the records folder: the records database is "
                "in use. Nothing is lost: the session is kept. Close the other program, then try "
                "again."
            )
        return self.tr(
            "The summary could not be saved to the records folder. Nothing is lost: the session "
            "is kept. Check that the folder is available, then try again."
        )

    def _record_check(self, session: ConsentSession, path: Path, check: SealCheck) -> None:
        """The check of the file as written goes into the session's audit trail."""
        if check.error:
            log.error("seal check failed: %s", check.error)
        if session is self.session:
            self.context.record(EventKind.VERIFIED, file=path.name, ok=check.ok)
            return
        checked = {"file": path.name, "ok": check.ok}
        event = AuditEvent(EventKind.VERIFIED, self.context.now(), checked)
        self.context.store.append_events(session.session_id, [event])

    def show_seal_status(self, check: SealCheck) -> None:
        """Say what checking the file as written found (in the child, as a records officer
        would)."""
        if check.ok:
            self.status.setText(
                self.tr("The sealed summary has been saved. Seal: intact ({0}).").format(
                    check.signer
                )
            )
            mark(self.status, "severity", "ready")
        else:
            self.status.setText(
                self.tr("The summary was saved, but its seal did not check out. {0}").format(
                    " ".join(check.problems)
                )
            )
            mark(self.status, "severity", "do_not_proceed")

    def isComplete(self) -> bool:
        """The next patient can start once the summary is safely sealed and listed."""
        return super().isComplete() and not self.sealing and self.exported is not None

    def print_summary(self) -> None:
        """Print the exported summary through the system print dialog."""
        if self.exported is not None and PrintJob.run(self.document, self):
            self.context.record(EventKind.PRINTED, file=self.exported.name)
            self.context.save_now()


class PrintJob:
    """Prints a loaded PDF document page by page (the dialog is a seam tests replace)."""

    @classmethod
    def run(cls, document: QPdfDocument, parent: QWidget) -> bool:
        """Ask for a printer, then print; True when printed."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, parent)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        cls.print_to(printer, document)
        return True

    @staticmethod
    def print_to(printer: QPagedPaintDevice, document: QPdfDocument) -> int:
        """Draw every page of the document onto a printer; returns the pages printed."""
        painter = QPainter(printer)
        try:
            for index in range(document.pageCount()):
                if index:
                    printer.newPage()
                target = painter.viewport()
                size = (
                    document.pagePointSize(index)
                    .toSize()
                    .scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                )
                image = document.render(index, QSize(size.width(), size.height()))
                painter.drawImage(0, 0, image)
        finally:
            painter.end()
        return document.pageCount()
