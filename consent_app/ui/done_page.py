"""The last page: export the summary to the records folder, preview it, print it."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPagedPaintDevice, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from consent_app.domain.audit import EventKind
from consent_app.domain.session import SessionStatus
from consent_app.ui.base import ConsentPage, PageId
from consent_app.ui.controls import TOUCH, heading, restyle

log = logging.getLogger(__name__)


class DonePage(ConsentPage):
    """Exports the PDF summary without a file dialog, shows where, previews and prints it."""

    page = PageId.DONE

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

    def load(self) -> None:
        """Export on arrival; on a new patient (no signatures yet) show nothing of the last one."""
        self.document.close()
        self.exported = None
        self.status.setText("")
        self.path.setText("")
        self.retry.hide()
        self.print_button.setEnabled(False)
        if self.wizard() is not None and self.wizard().currentPage() is self:
            self.export()

    def export(self) -> None:
        """Seal the summary into the records folder; on failure keep the session and say so."""
        session = self.session
        if session.status is not SessionStatus.AWAITING_DISCUSSION:
            session.status = SessionStatus.COMPLETED
        try:
            if self.context.paths is None:
                raise RuntimeError("no data folder: the seal's key cannot be found")
            if not self.context.save_now():
                raise RuntimeError("the session could not be saved before sealing")
            # Imported here: reportlab, pikepdf and pyHanko are heavy and only needed now.
            from consent_app.records import FIRST_EXPORT, seal_version

            version = seal_version(
                self.context.store,
                session,
                self.context.form_in(session.language),
                self.context.settings,
                self.context.paths,
                self.context.records_dir,
                self.context.now(),
                FIRST_EXPORT,
            )
        except Exception as exc:  # any failure: the session is kept, the nurse can retry
            log.exception("export failed")
            self.status.setText(
                self.tr(
                    "The summary could not be saved to the records folder{0}. Nothing is lost: "
                    "the session is kept. {1}"
                ).format(*_export_fault(exc))
            )
            self.status.setProperty("severity", "do_not_proceed")
            restyle(self.status)
            self.retry.show()
            self.completeChanged.emit()
            return
        if self.context.outbox is not None:  # to the records server, in the background
            self.context.outbox.enqueue(session.session_id, version.version)
        path = Path(version.file)
        self.exported = path
        self.show_seal_status(path)
        self.path.setText(self.tr("Saved to: {0}").format(path))
        self.retry.hide()
        self.print_button.setEnabled(True)
        self.document.load(str(path))
        self.completeChanged.emit()

    def show_seal_status(self, path: Path) -> None:
        """Check the file as written, as a records officer would, and say what was found."""
        from consent_app.export import verify_summary

        try:
            verdict = verify_summary(path.read_bytes())
        except Exception:  # a check that cannot run is reported, never shown as a traceback
            log.exception("seal check failed")
            verdict = None
        self.context.record(
            EventKind.VERIFIED, file=path.name, ok=bool(verdict is not None and verdict.ok)
        )
        if verdict is not None and verdict.ok:
            self.status.setText(
                self.tr("The sealed summary has been saved. Seal: intact ({0}).").format(
                    verdict.signer
                )
            )
            self.status.setProperty("severity", "ready")
        else:
            problems = " ".join(verdict.problems) if verdict else ""
            self.status.setText(
                self.tr("The summary was saved, but its seal did not check out. {0}").format(
                    problems
                )
            )
            self.status.setProperty("severity", "do_not_proceed")
        restyle(self.status)

    def isComplete(self) -> bool:
        """The next patient can start once the summary is safely exported."""
        return not self._building and self.exported is not None

    def print_summary(self) -> None:
        """Print the exported summary through the system print dialog."""
        if self.exported is not None and PrintJob.run(self.document, self):
            self.context.record(EventKind.PRINTED, file=self.exported.name)
            self.context.save_now()


def _export_fault(exc: BaseException) -> tuple[str, str]:
    """Why an export failed, in words a nurse can act on: (reason, what to do)."""
    from consent_app.store import Fault, StoreError, fault_of

    cause: BaseException = exc
    while cause.__cause__ is not None and not isinstance(cause, OSError | StoreError):
        cause = cause.__cause__
    fault = cause.fault if isinstance(cause, StoreError) else fault_of(cause)
    if fault is Fault.DISK_FULL:
        return ": the storage is full", "Ask IT to free some space, then try again."
    if fault is Fault.UNWRITABLE:
        return ": the folder cannot be written", "Ask IT to check the folder, then try again."
    if fault is Fault.LOCKED:
        return ": the records database is in use", "Close the other program, then try again."
    return "", "Check that the folder is available, then try again."


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
