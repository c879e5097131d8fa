"""The records browser: find a session by name, MRN, date or status, then check, reprint,
resume or attest it. Staff only: the wizard opens it after the staff PIN.

Every result and every error is said in plain words on the status line; nothing here shows a
traceback. A late attestation never changes an earlier file: it seals a new version beside it.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from consent_app.domain.audit import AuditEvent, EventKind
from consent_app.domain.clearance import ClearanceStatus, evaluate
from consent_app.domain.session import (
    ConsentSession,
    PhysicianDecision,
    SessionStatus,
    SignatureMeaning,
    SignatureRole,
)
from consent_app.domain.validation import Problem, clean_text
from consent_app.outbox import FAILURE_SENTENCES, SendFailure
from consent_app.records import (
    LateAttestation,
    attestation_due,
    prepare_attestation,
    resumable,
)
from consent_app.seal_worker import (
    CheckRequest,
    FileCheck,
    Found,
    SealedSummary,
    SealFailure,
    fault_of_error,
)
from consent_app.store import (
    Fault,
    OutboxRow,
    OutboxState,
    RecordVersion,
    SessionRow,
    StoreError,
)
from consent_app.ui.context import WizardContext
from consent_app.ui.controls import TOUCH, ChoiceButtons, DateInput, heading, mark, paragraph
from consent_app.ui.done_page import PrintJob
from consent_app.ui.i18n import Localised, in_language_of, problem_text
from consent_app.ui.review_pages import SignatureBlock, status_words
from consent_app.ui.sealing import SealRun

log = logging.getLogger(__name__)

#: The most rows one search shows; narrower words find the rest.
SEARCH_LIMIT = 200
#: Quiet time after the last keystroke before searching again.
SEARCH_DEBOUNCE_MS = 150
#: The longest closing waits for a seal check or a seal under way (each takes a second or two).
CHECK_WAIT_SECONDS = 30.0

# The status filter's choices, by key: "unfinished" is both statuses a session can resume from.
ALL = "all"
UNFINISHED = "unfinished"
_UNFINISHED = (SessionStatus.IN_PROGRESS, SessionStatus.AWAITING_DISCUSSION)
#: The table's column for the records server (there only when one is configured).
_OUTBOX_COLUMN = 6


# -- the browser ---------------------------------------------------------------------------------
class RecordsBrowser(Localised, QDialog):
    """Search the stored sessions, see their sealed versions, and act on the one selected."""

    #: A session id the wizard should take up again; the dialog closes after emitting it.
    resume_requested = Signal(str)
    #: A seal check is in and has been said: its ``FileCheck``, or the ``SealFailure``.
    checked = Signal(object)

    def __init__(
        self,
        context: WizardContext,
        parent: QWidget | None = None,
        unfinished_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("records_browser")
        self.setWindowTitle(self.tr("Records"))
        self.setMinimumSize(760, 600)  # fits a portrait tablet (800 wide)
        self._rows: list[SessionRow] = []
        self._session: ConsentSession | None = None
        self._versions: list[RecordVersion] = []
        #: The outbox rows of the sessions on show, by session id (with a records server).
        self._outbox: dict[str, list[OutboxRow]] = {}
        self._check: SealRun | None = None  # the seal check under way

        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("records_search")
        self.search_box.setPlaceholderText(self.tr("Name or MRN"))
        self.search_box.setAccessibleName(self.tr("Search by name or MRN"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumHeight(TOUCH)
        self.search_box.setMaxLength(200)
        self.status_box = QComboBox(self)
        self.status_box.setObjectName("records_status")
        self.status_box.setAccessibleName(self.tr("Status"))
        self.status_box.setMinimumHeight(TOUCH)
        for key, words in (
            (ALL, self.tr("All")),
            (UNFINISHED, self.tr("Unfinished")),
            (SessionStatus.IN_PROGRESS.value, self.tr("In progress")),
            (SessionStatus.AWAITING_DISCUSSION.value, self.tr("Awaiting discussion")),
            (SessionStatus.COMPLETED.value, self.tr("Completed")),
        ):
            self.status_box.addItem(words, key)
        if unfinished_only:
            self.status_box.setCurrentIndex(self.status_box.findData(UNFINISHED))
            self.status_box.setEnabled(False)
        self.date_box = DateInput("records_date", self)
        self.date_box.setAccessibleName(self.tr("Procedure date or day last saved"))
        self.date_box.setPlaceholderText(self.tr("YYYY-MM-DD (any)"))
        self.date_box.setMinimumWidth(200)
        # The search on a line of its own, the status and date below: wide enough to read on a
        # portrait tablet too.
        filters = QVBoxLayout()
        first, second = QHBoxLayout(), QHBoxLayout()
        first.addWidget(QLabel(self.tr("Search"), self))
        first.addWidget(self.search_box, 1)
        second.addWidget(QLabel(self.tr("Status"), self))
        second.addWidget(self.status_box, 1)
        second.addSpacing(12)
        second.addWidget(QLabel(self.tr("Date"), self))
        second.addWidget(self.date_box, 1)
        filters.addLayout(first)
        filters.addLayout(second)

        # With a records server: what is waiting to be sent or failing, and "Send now".
        self.outbox_summary = QLabel(self)
        self.outbox_summary.setObjectName("outbox_summary")
        self.outbox_summary.setTextFormat(Qt.TextFormat.PlainText)
        self.outbox_summary.setWordWrap(True)
        self.send_now_button = self._button("outbox_send_now", self.tr("Send now"), self)
        outbox_bar = QHBoxLayout()
        outbox_bar.addWidget(self.outbox_summary, 1)
        outbox_bar.addWidget(self.send_now_button)
        if context.outbox is None:
            self.outbox_summary.hide()
            self.send_now_button.hide()

        headers = [
            self.tr("Name"),
            self.tr("MRN"),
            self.tr("Date of birth"),
            self.tr("Procedure date"),
            self.tr("Status"),
            self.tr("Last saved"),
        ]
        if context.outbox is not None:
            headers.append(self.tr("Records server"))
        self.table = QTableWidget(0, len(headers), self)
        self.table.setObjectName("records_table")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setMinimumHeight(TOUCH * 4)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(TOUCH)
        header = self.table.horizontalHeader()
        # Every column as wide as its content (the name never cut short); on a narrow screen
        # the table scrolls sideways, on a wide one the last column takes the rest.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setMinimumHeight(TOUCH - 8)

        # Below the table: who the selected session is for, and its sealed versions with what
        # can be done to them. The table keeps the full width, so no column is cut off.
        lower = QWidget(self)
        lower_box = QVBoxLayout(lower)
        lower_box.setContentsMargins(0, 0, 0, 0)
        # Where the selected session stands with the records server, and why: the full width,
        # as a server's reason can be long.
        self.outbox_line = QLabel(lower)
        self.outbox_line.setObjectName("record_outbox")
        self.outbox_line.setTextFormat(Qt.TextFormat.PlainText)
        self.outbox_line.setWordWrap(True)
        self.outbox_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outbox_line.setVisible(context.outbox is not None)
        lower_box.addWidget(self.outbox_line)
        below = QHBoxLayout()
        lower_box.addLayout(below, 1)
        about = QFrame(lower)
        about.setObjectName("record_about")
        about.setProperty("role", "card")
        about_box = QVBoxLayout(about)
        about_box.addWidget(heading(self.tr("Selected session"), about, 3))
        self.details = QLabel(about)
        self.details.setObjectName("record_details")
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        about_box.addWidget(self.details, 1)
        below.addWidget(about, 1)
        sealed = QFrame(lower)
        sealed.setObjectName("record_sealed")
        sealed.setProperty("role", "card")
        sealed_box = QVBoxLayout(sealed)
        sealed_box.addWidget(heading(self.tr("Sealed versions"), sealed, 3))
        self.version_list = QListWidget(sealed)
        self.version_list.setObjectName("record_versions")
        self.version_list.setWordWrap(True)
        self.version_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.version_list.setMinimumHeight(TOUCH * 2)
        # Rows tall enough to touch; the app's stylesheet has no rule for list items.
        self.version_list.setStyleSheet("QListWidget::item { padding: 6px; min-height: 36px; }")
        sealed_box.addWidget(self.version_list, 1)
        self.verify_button = self._button("record_verify", self.tr("Check the seal"), sealed)
        self.reprint_button = self._button("record_reprint", self.tr("Print again…"), sealed)
        self.attest_button = self._button(
            "record_attest", self.tr("Physician attestation…"), sealed
        )
        self.resume_button = self._button("record_resume", self.tr("Resume session"), sealed)
        grid = QGridLayout()
        grid.addWidget(self.verify_button, 0, 0)
        grid.addWidget(self.reprint_button, 0, 1)
        grid.addWidget(self.attest_button, 1, 0)
        grid.addWidget(self.resume_button, 1, 1)
        sealed_box.addLayout(grid)
        below.addWidget(sealed, 1)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        # On a 1280 by 800 screen: six rows of the table, and room for three versions.
        splitter.setSizes([350, 350])

        self.message = QLabel(self)
        self.message.setObjectName("record_message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = self._button("records_close", self.tr("Close"), self)
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignBottom)

        layout = QVBoxLayout(self)
        layout.addLayout(outbox_bar)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        self.search_box.textChanged.connect(lambda _t: self._timer.start())
        self.date_box.textChanged.connect(lambda _t: self._timer.start())
        self.status_box.currentIndexChanged.connect(lambda _i: self.search_now())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.verify_button.clicked.connect(self.verify_selected)
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.attest_button.clicked.connect(self.attest_selected)
        self.resume_button.clicked.connect(self.resume_selected)
        self.send_now_button.clicked.connect(self.send_now)
        if context.outbox is not None:
            context.outbox.changed.connect(self.refresh_outbox)
        self.search_now()
        self._show_outbox_summary()

    def done(self, result: int) -> None:
        """Closing waits for a seal check under way, so what it found is recorded."""
        self.finish_check()
        super().done(result)

    def _button(self, name: str, text: str, parent: QWidget) -> QPushButton:
        button = QPushButton(text, parent)
        button.setObjectName(name)
        button.setMinimumHeight(TOUCH)
        button.setAutoDefault(False)
        return button

    # -- searching ---------------------------------------------------------------------------
    def search_now(self) -> None:
        """Run the search for what the filters say now (typing runs it after a short pause)."""
        self._timer.stop()
        date_problem = self.date_box.problem()
        if date_problem:
            self.say(self.tr("The date cannot be read. {0}").format(date_problem), "problem")
            return
        key = self.status_box.currentData()
        text, on = self.search_box.text(), self.date_box.value()
        store = self.context.store
        try:
            if key == UNFINISHED:
                rows = [
                    row
                    for status in _UNFINISHED
                    for row in store.search(
                        text, status, on, SEARCH_LIMIT, self.context.settings.zone
                    )
                ]
                rows = sorted(rows, key=lambda r: r.updated_at, reverse=True)[:SEARCH_LIMIT]
            else:
                status = None if key == ALL else SessionStatus(key)
                rows = store.search(text, status, on, SEARCH_LIMIT, self.context.settings.zone)
        except StoreError as exc:
            log.exception("records search failed")
            self.say(str(exc), "problem")
            return
        except Exception:
            log.exception("records search failed")
            self.say(self.tr("The records could not be searched just now. Try again."), "problem")
            return
        self._show_rows(rows)
        if not rows:
            self.say(self.tr("No sessions match."))
        elif len(rows) >= SEARCH_LIMIT:
            self.say(
                self.tr("Showing the newest {0} sessions: narrow the search to see others.").format(
                    SEARCH_LIMIT
                )
            )
        else:
            self.say("")

    def _show_rows(self, rows: list[SessionRow]) -> None:
        chosen = self._session.session_id if self._session else None
        self._rows = rows
        self._outbox = self._read_outbox()
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            cells = (
                row.patient_name or self.tr("(no name yet)"),
                row.mrn or "—",
                row.date_of_birth or "—",
                row.procedure_date or "—",
                self.status_words(row.status),
                self.local_time(row.updated_at),
            )
            if self.context.outbox is not None:
                cells += (self.outbox_words(self._outbox.get(row.session_id, [])),)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == _OUTBOX_COLUMN:
                    item.setToolTip(text)  # a long reason is cut short in its cell
                item.setData(Qt.ItemDataRole.UserRole, row.session_id)
                self.table.setItem(index, column, item)
        self.table.blockSignals(False)
        ids = [row.session_id for row in rows]
        if chosen in ids:
            self.table.selectRow(ids.index(chosen))
        else:
            self._show_selection(None)

    def results(self) -> list[SessionRow]:
        """The rows on show, newest first."""
        return list(self._rows)

    # -- selection ---------------------------------------------------------------------------
    def select(self, session_id: str) -> None:
        """Select the row of a session on show (and show its details and versions)."""
        ids = [row.session_id for row in self._rows]
        if session_id not in ids:
            self.say(self.tr("That session is not in the list: change the search."), "problem")
            return
        index = ids.index(session_id)
        if self.table.currentRow() == index and self._session is not None:
            self._selection_changed()
        else:
            self.table.selectRow(index)

    def selected(self) -> ConsentSession | None:
        """The selected session as last read from the store, or None."""
        return self._session

    def selected_versions(self) -> list[RecordVersion]:
        """The selected session's sealed versions, oldest first."""
        return list(self._versions)

    def _selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self._show_selection(None)
            return
        session_id = self._rows[rows[0].row()].session_id
        try:
            session = self.context.store.load(session_id)
            versions = self.context.store.versions(session_id)
        except StoreError as exc:
            log.exception("reading a session failed")
            self._show_selection(None)
            self.say(str(exc), "problem")
            return
        except Exception:
            log.exception("reading a session failed")
            self._show_selection(None)
            self.say(self.tr("This session could not be read. Ask IT to check it."), "problem")
            return
        self._show_selection(session, versions)
        self.say("")

    def _show_selection(
        self, session: ConsentSession | None, versions: list[RecordVersion] | None = None
    ) -> None:
        self._session = session
        self._versions = versions or []
        self.version_list.clear()
        if session is None:
            self.details.setText(self.tr("Choose a session in the list."))
        else:
            self.details.setText(self.describe(session))
            for version in self._versions:
                item = QListWidgetItem(self.version_words(version), self.version_list)
                item.setData(Qt.ItemDataRole.UserRole, version.version)
            if self._versions:
                self.version_list.setCurrentRow(len(self._versions) - 1)
            else:
                QListWidgetItem(self.tr("None sealed yet."), self.version_list).setFlags(
                    Qt.ItemFlag.NoItemFlags
                )
        has_version = session is not None and bool(self._versions)
        self.verify_button.setEnabled(has_version and self._check is None)
        self.reprint_button.setEnabled(has_version)
        self.attest_button.setEnabled(
            session is not None and attestation_due(session, self._versions)
        )
        self.resume_button.setEnabled(session is not None and resumable(session, self._versions))
        self._show_outbox_line()

    # -- the records server ------------------------------------------------------------------
    def _read_outbox(self) -> dict[str, list[OutboxRow]]:
        """The outbox rows of the sessions on show; none without a records server."""
        if self.context.outbox is None or not self._rows:
            return {}
        try:
            found = self.context.store.outbox([row.session_id for row in self._rows])
        except StoreError:
            log.exception("reading the outbox failed")
            return {}
        by_session: dict[str, list[OutboxRow]] = {}
        for row in found:
            by_session.setdefault(row.session_id, []).append(row)
        return by_session

    def refresh_outbox(self) -> None:
        """Show afresh where each session on show stands with the records server."""
        if self.context.outbox is None:
            return
        self._outbox = self._read_outbox()
        for index, row in enumerate(self._rows):
            item = self.table.item(index, _OUTBOX_COLUMN)
            if item is not None:
                words = self.outbox_words(self._outbox.get(row.session_id, []))
                item.setText(words)
                item.setToolTip(words)
        self._show_outbox_line()
        self._show_outbox_summary()

    def _show_outbox_line(self) -> None:
        if self.context.outbox is None:
            return
        if self._session is None:
            self.outbox_line.setText("")
            return
        rows = self._outbox.get(self._session.session_id, [])
        self.outbox_line.setText(self.outbox_details(rows))
        row = self._outbox_row(rows)
        failing = row is not None and row.state is OutboxState.FAILING
        mark(self.outbox_line, "severity", "do_not_proceed" if failing else None)

    def _show_outbox_summary(self) -> None:
        if self.context.outbox is None:
            return
        try:
            counts = self.context.store.outbox_counts()
        except StoreError as exc:
            log.exception("counting the outbox failed")
            self.outbox_summary.setText(str(exc))
            return
        waiting, failing = counts[OutboxState.PENDING], counts[OutboxState.FAILING]
        if waiting or failing:
            self.outbox_summary.setText(
                self.tr("Records server: {0} waiting to be sent, {1} failing.").format(
                    waiting, failing
                )
            )
        else:
            self.outbox_summary.setText(self.tr("Records server: nothing waiting to be sent."))
        mark(self.outbox_summary, "severity", "do_not_proceed" if failing else None)
        self.send_now_button.setEnabled(bool(waiting or failing))

    def send_now(self) -> int:
        """Try every record not yet sent again now; returns how many."""
        outbox = self.context.outbox
        if outbox is None:
            return 0
        try:
            count = outbox.send_now()
        except StoreError as exc:
            log.exception("send now failed")
            self.say(str(exc), "problem")
            return 0
        if count:
            self.say(self.tr("Sending now: {0} waiting.").format(count))
        else:
            self.say(self.tr("Nothing is waiting to be sent."))
        self.refresh_outbox()
        return count

    def failure_words(self, row: OutboxRow) -> str:
        """Why a record was not sent, in one line in the reader's language."""
        try:
            sentence = FAILURE_SENTENCES[SendFailure(row.failure)]
        except ValueError:  # a kind this version does not know: the server's words will do
            return row.last_error
        status = row.last_status if row.last_status is not None else "—"
        words = in_language_of(self, "Outbox", sentence)
        return words.format(status=status, detail=row.last_error).strip()

    def _outbox_row(self, rows: list[OutboxRow]) -> OutboxRow | None:
        """The row that says where a session stands: its first unsent version, else its last."""
        unsent = [row for row in rows if row.state is not OutboxState.SENT]
        return unsent[0] if unsent else (rows[-1] if rows else None)

    def outbox_words(self, rows: list[OutboxRow]) -> str:
        """A session's place with the records server, for its cell: pending, sent, failing."""
        row = self._outbox_row(rows)
        if row is None:
            return "—"
        if row.state is OutboxState.SENT:
            return self.tr("Sent {0}").format(self.local_time(row.sent_at or row.updated_at))
        if row.state is OutboxState.FAILING:
            return self.tr("Failing: {0}").format(self.failure_words(row))
        if row.failure:
            return self.tr("Pending, will try again: {0}").format(self.failure_words(row))
        return self.tr("Pending")

    def outbox_details(self, rows: list[OutboxRow]) -> str:
        """The selected session's place with the records server, with tries and the next one."""
        row = self._outbox_row(rows)
        if row is None:
            return self.tr("Records server: not queued.")
        words = self.tr("Records server (version {0}): {1}").format(
            row.version, self.outbox_words(rows)
        )
        if row.state is not OutboxState.SENT and row.attempts:
            words += "\n" + self.tr("Tries so far: {0}; next try {1}.").format(
                row.attempts, self.local_time(row.next_attempt_at)
            )
        return words

    # -- words -------------------------------------------------------------------------------
    def status_words(self, status: SessionStatus) -> str:
        """A session's status in the words staff read."""
        return {
            SessionStatus.IN_PROGRESS: self.tr("In progress"),
            SessionStatus.AWAITING_DISCUSSION: self.tr("Awaiting discussion"),
            SessionStatus.COMPLETED: self.tr("Completed"),
        }[status]

    def local_time(self, moment: datetime) -> str:
        """A moment in the clinic's zone, to the minute, with the zone's abbreviation."""
        return moment.astimezone(self.context.settings.zone).strftime("%Y-%m-%d %H:%M %Z")

    def version_words(self, version: RecordVersion) -> str:
        """One line of the versions list: number, reason, time, file name."""
        name = Path(version.file).name
        words = self.tr("Version {0} — {1} — {2} — {3}").format(
            version.version, version.reason, self.local_time(version.created_at), name
        )
        if not Path(version.file).is_file():
            words += self.tr(" (file not found)")
        return words

    def describe(self, session: ConsentSession) -> str:
        """Who the session is for, what is planned, and where its signatures stand."""
        intake = session.intake
        lines = [
            self.tr("Name: {0}").format(intake.full_name or "—"),
            self.tr("MRN: {0}").format(intake.mrn or "—"),
            self.tr("Date of birth: {0}").format(
                intake.date_of_birth.isoformat() if intake.date_of_birth else "—"
            ),
            self.tr("Procedure: {0}{1}").format(
                intake.procedure or "—",
                f" ({', '.join(intake.levels)})" if intake.levels else "",
            ),
            self.tr("Scheduled: {0}").format(
                self.local_time(intake.scheduled_at) if intake.scheduled_at else "—"
            ),
            self.tr("Status: {0}").format(self.status_words(session.status)),
        ]
        try:
            clearance = evaluate(session, self.context.form, self.context.settings)
            lines.append(self.tr("Clearance: {0}").format(status_words(self, clearance.status)))
        except Exception:  # a record from another form version: the details still show
            log.exception("clearance of a stored session could not be worked out")
        physician = session.signature(SignatureRole.PHYSICIAN)
        if physician is not None:
            lines.append(
                self.tr("Physician attestation: signed by {0}, {1}").format(
                    physician.printed_name, self.local_time(physician.signed_at)
                )
            )
        elif session.attestation_deferred:
            lines.append(self.tr("Physician attestation: to be signed (deferred)"))
        else:
            lines.append(self.tr("Physician attestation: not signed"))
        return "\n".join(lines)

    def say(self, text: str, tone: str = "") -> None:
        """Show a result or an error on the status line; tone: "", "ready" or "problem"."""
        severity = {"ready": "ready", "problem": "do_not_proceed"}.get(tone, "")
        self.message.setText(text)
        mark(self.message, "severity", severity or None)

    # -- actions -----------------------------------------------------------------------------
    def _chosen_version(self) -> RecordVersion | None:
        """The version chosen in the list: the latest, unless staff picked an earlier one."""
        if not self._versions:
            return None
        item = self.version_list.currentItem()
        number = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return next((v for v in self._versions if v.version == number), self._versions[-1])

    def _record(self, kind: EventKind, session_id: str | None = None, **data: object) -> None:
        """Append one event to a session's audit trail (the selected one's unless said); a
        failure is said, not lost."""
        if session_id is None:
            assert self._session is not None
            session_id = self._session.session_id
        try:
            self.context.store.append_events(
                session_id, [AuditEvent(kind, self.context.now(), dict(data))]
            )
        except Exception as exc:
            log.exception("recording %s failed", kind)
            detail = str(exc) if isinstance(exc, StoreError) else ""
            self.message.setText(
                self.message.text()
                + " "
                + self.tr("(This could not be written to the audit trail. {0})").format(detail)
            )

    @property
    def checking(self) -> bool:
        """True while a sealed file is being checked."""
        return self._check is not None

    def verify_selected(self) -> bool:
        """Check the chosen version's file as a records officer would: in the seal worker, so
        the window stays free. What was found is said when the check is in (``checked``);
        False when there is nothing to check, or a check is already under way."""
        version = self._chosen_version()
        if self._session is None or version is None:
            self.say(self.tr("Choose a session with a sealed version first."), "problem")
            return False
        if self._check is not None:
            return False
        session_id = self._session.session_id
        command, paths = self.context.seal_command, self.context.paths
        if command is None or paths is None:
            reason = "no seal worker or data folder is wired to the records browser"
            self._checked(session_id, version, SealFailure(fault=Fault.OTHER, reason=reason))
            return False
        self._check = SealRun(
            command, CheckRequest.for_file(Path(version.file), version.sha256, paths), self
        )
        self._check.ended.connect(lambda answer: self._checked(session_id, version, answer))
        self.say(self.tr("Checking version {0}…").format(version.version))
        self.verify_button.setEnabled(False)
        self._check.start()
        return True

    def finish_check(self, seconds: float = CHECK_WAIT_SECONDS) -> None:
        """Wait (blocking, ``seconds`` at most) for a check under way to be said and recorded."""
        if self._check is not None:
            self._check.finish(seconds)

    def _checked(
        self, session_id: str, version: RecordVersion, answer: FileCheck | SealFailure
    ) -> None:
        """Say what the check found, in words, and put it in the session's audit trail."""
        self._check = None
        self.verify_button.setEnabled(bool(self._versions))
        path = Path(version.file)
        if isinstance(answer, SealFailure):
            # The file was not judged: nothing goes into the audit trail.
            log.error("checking a sealed file failed (%s): %s", answer.fault.value, answer.reason)
            self.say(
                self.tr(
                    "Version {0} could not be checked just now: the check did not finish. "
                    "Try again."
                ).format(version.version),
                "problem",
            )
            self.checked.emit(answer)
            return
        if answer.found is Found.INTACT:
            self.say(
                self.tr(
                    "Version {0} ({1}) is intact: the seal is valid and the attached record "
                    "matches. Sealed by {2}, {3}."
                ).format(version.version, path.name, answer.signer, self._when(answer.signed_at)),
                "ready",
            )
        elif answer.found is Found.BROKEN:
            problems = list(answer.problems)
            if not answer.listed_file:
                problems.append(self.tr("The file is not the one sealed: its SHA-256 has changed."))
            self.say(
                self.tr("Version {0} ({1}) FAILED the check. {2}").format(
                    version.version, path.name, " ".join(problems)
                ),
                "problem",
            )
        else:
            self.say(
                self.tr("Version {0} FAILED the check. {1}").format(
                    version.version, self._unchecked_words(answer, path)
                ),
                "problem",
            )
        ok = answer.found is Found.INTACT
        self._record(EventKind.VERIFIED, session_id, file=path.name, version=version.version, ok=ok)
        self.checked.emit(answer)

    def _unchecked_words(self, answer: FileCheck, path: Path) -> str:
        """Why a file could not be checked at all, in one sentence."""
        if answer.found is Found.MISSING:
            return self.tr("The file {0} is not in the records folder.").format(path)
        if answer.found is Found.UNREADABLE:
            return self.tr("The file {0} cannot be read ({1}).").format(path, answer.detail)
        if answer.found is Found.NOT_A_PDF:
            return self.tr("The file {0} is not a PDF any more.").format(path.name)
        if answer.found is Found.NO_SEAL:
            return self.tr("The file {0} carries no seal.").format(path.name)
        return self.tr("The file {0} could not be checked: it may be damaged.").format(path.name)

    def _when(self, iso: str) -> str:
        try:
            return self.local_time(datetime.fromisoformat(iso))
        except ValueError:
            return iso

    def reprint_selected(self) -> bool:
        """Print the chosen version again (the latest by default); True when printed."""
        version = self._chosen_version()
        if self._session is None or version is None:
            self.say(self.tr("Choose a session with a sealed version first."), "problem")
            return False
        path = Path(version.file)
        document = QPdfDocument(self)
        try:
            error = document.load(str(path))
            if error != QPdfDocument.Error.None_:
                self.say(
                    self.tr("Version {0} cannot be printed: the file {1} cannot be opened.").format(
                        version.version, path
                    ),
                    "problem",
                )
                return False
            try:
                printed = PrintJob.run(document, self)
            except Exception:
                log.exception("printing failed")
                self.say(
                    self.tr("Version {0} could not be printed. Check the printer.").format(
                        version.version
                    ),
                    "problem",
                )
                return False
        finally:
            document.close()
            document.deleteLater()
        if not printed:
            self.say(self.tr("Printing was cancelled."))
            return False
        self.say(
            self.tr("Version {0} ({1}) was sent to the printer.").format(
                version.version, path.name
            ),
            "ready",
        )
        self._record(EventKind.PRINTED, file=path.name, version=version.version)
        return True

    def attest_selected(self) -> RecordVersion | None:
        """Take the physician's late attestation and seal it as a new version."""
        session = self._session
        if session is None or not attestation_due(session, self._versions):
            self.say(self.tr("This session has no attestation waiting."), "problem")
            return None
        try:
            version = LateAttestationDialog.ask(self.context, session.session_id, self)
        except StoreError as exc:
            log.exception("the attestation dialog could not be opened")
            self.say(str(exc), "problem")
            return None
        except Exception:
            log.exception("the attestation dialog could not be opened")
            self.say(self.tr("The attestation could not be started: the session cannot be read."))
            return None
        if version is None:
            self.say(self.tr("No attestation was signed."))
            return None
        self.search_now()  # the row's time, the details and the versions list, afresh
        self.say(
            self.tr(
                "The physician's attestation is sealed as version {0}: {1}. Earlier versions "
                "are kept unchanged."
            ).format(version.version, version.file),
            "ready",
        )
        return version

    def resume_selected(self) -> None:
        """Hand the selected session to the wizard to take up again, and close."""
        session = self._session
        if session is None or not resumable(session, self._versions):
            self.say(self.tr("This session is finished and cannot be resumed."), "problem")
            return
        self.resume_requested.emit(session.session_id)
        self.accept()


_PRIMARY_DISABLED = (
    'QPushButton[role="primary"]:disabled '
    "{ color: #52606d; background: #e4e7eb; border-color: #bcccdc; }"
)


# -- the late attestation dialog -----------------------------------------------------------------
class LateAttestationDialog(Localised, QDialog):
    """The physician's name, review where required, and signature, sealed as a new version."""

    def __init__(
        self, context: WizardContext, session_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.session_id = session_id
        self.version: RecordVersion | None = None
        self._run: SealRun | None = None  # the new version being sealed
        self.setObjectName("late_attestation")
        self.setWindowTitle(self.tr("Physician attestation"))
        # The app's stylesheet paints a primary button the same whether or not it is enabled.
        self.setStyleSheet(_PRIMARY_DISABLED)
        session = context.store.load(session_id)
        self._language = session.language  # the summary is sealed in the patient's language
        self.review_required = (
            evaluate(session, context.form, context.settings).status
            is ClearanceStatus.PHYSICIAN_REVIEW
        )
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Physician attestation"), self, 2))
        layout.addWidget(
            paragraph(
                self.tr(
                    "For {0} (MRN {1}). Signing seals a new version of the summary; the "
                    "earlier version is kept unchanged."
                ).format(session.intake.full_name or "—", session.intake.mrn or "—"),
                self,
            )
        )
        form = QFormLayout()
        layout.addLayout(form)
        self.decision = ChoiceButtons(
            "attest_decision",
            [
                (PhysicianDecision.PROCEED.value, self.tr("Proceed")),
                (
                    PhysicianDecision.PROCEED_WITH_PRECAUTIONS.value,
                    self.tr("Proceed with precautions"),
                ),
                (PhysicianDecision.DO_NOT_PROCEED.value, self.tr("Do not proceed")),
            ],
            parent=self,
        )
        review = session.physician_review
        self.decision.set_value(review.decision.value if review.decision else None)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("attest_reason")
        self.reason.setMinimumHeight(TOUCH)
        self.reason.setMaxLength(2000)
        self.reason.setText(review.reason)
        if self.review_required:
            form.addRow(self.tr("Decision"), self.decision)
            form.addRow(self.tr("Reason"), self.reason)
        else:
            # Review was not required: the attestation is the signature alone.
            self.decision.hide()
            self.reason.hide()
        self.block = SignatureBlock(
            SignatureRole.PHYSICIAN, context.form.signatures.physician, self
        )
        # One name field: the printed name beside the signature is the physician's name.
        self.block.name.setObjectName("attest_name")
        self.block.pad.setObjectName("attest_signature")
        self.block.name.setText(review.physician_name or session.intake.proceduralist)
        layout.addWidget(self.block, 1)
        self.problems_label = QLabel(self)
        self.problems_label.setObjectName("attest_message")
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_label.setWordWrap(True)
        self.problems_label.setProperty("role", "problem")
        layout.addWidget(self.problems_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel = QPushButton(self.tr("Cancel"), self)
        self.cancel.setObjectName("attest_cancel")
        self.cancel.setMinimumSize(TOUCH * 3, TOUCH)
        self.cancel.setAutoDefault(False)
        self.cancel.clicked.connect(self.reject)
        buttons.addWidget(self.cancel)
        self.sign_button = QPushButton(self.tr("Sign and seal"), self)
        self.sign_button.setObjectName("attest_sign")
        self.sign_button.setProperty("role", "primary")
        self.sign_button.setMinimumSize(TOUCH * 4, TOUCH)
        self.sign_button.setAutoDefault(False)
        self.sign_button.clicked.connect(self.sign)
        buttons.addWidget(self.sign_button)
        layout.addLayout(buttons)
        self.block.pad.changed.connect(self._update)
        self.block.name.textChanged.connect(lambda _t: self._update())
        self.decision.chosen.connect(lambda _k: self._update())
        self.reason.textChanged.connect(lambda _t: self._update())
        # Focus starts on the name, not on a decision button its focus ring would seem to pick.
        self.block.name.setFocus()
        self._update()

    @classmethod
    def ask(
        cls, context: WizardContext, session_id: str, parent: QWidget | None = None
    ) -> RecordVersion | None:
        """Show the dialog until signed or cancelled; the new version, or None (tests patch)."""
        dialog = cls(context, session_id, parent)
        dialog.exec()
        return dialog.version

    def problems(self) -> list[Problem]:
        """What still stops the physician signing: pad, name, and decision and reason if due."""
        found = self.block.problems()
        if self.review_required:
            if self.decision.value() is None:
                found.append(
                    Problem("physician_decision", self.tr("Choose the physician's decision."))
                )
            if not clean_text(self.reason.text()):
                found.append(Problem("physician_reason", self.tr("Enter the reason.")))
        return found

    def _update(self) -> None:
        found = self.problems()
        self.sign_button.setEnabled(not found and self._run is None)
        mark(self.problems_label, "role", "problem")
        self.problems_label.setText(" ".join(problem_text(self, p) for p in found))

    def attestation(self) -> LateAttestation:
        """What has been entered, with the signature timed now by the app."""
        chosen = self.decision.value() if self.review_required else None
        return LateAttestation(
            signature=self.block.signature(SignatureMeaning.PHYSICIAN_ATTESTATION, self.context),
            decision=PhysicianDecision(chosen) if chosen else None,
            reason=clean_text(self.reason.text()) if chosen else "",
        )

    @property
    def sealing(self) -> bool:
        """True while the new version is being sealed."""
        return self._run is not None

    def sign(self) -> bool:
        """Record the signature and start sealing the new version in the seal worker; the
        dialog closes once it is sealed and listed (``version``). On failure it says why and
        stays open. False when nothing was started."""
        if self.problems():
            self._update()
            return False
        if self._run is not None:
            return False
        context = self.context
        try:
            if context.paths is None or context.seal_command is None:
                raise RuntimeError("no data folder or seal worker: the seal cannot be made")
            session = prepare_attestation(context.store, self.session_id, self.attestation())
            request = context.seal_request(session)
        except Exception as exc:
            log.exception("late attestation failed")
            self._failed(fault_of_error(exc))
            return False
        self._run = SealRun(context.seal_command, request, self)
        self._run.ended.connect(lambda answer: self._sealed(session, answer))
        self.problems_label.setText(self.tr("Sealing the new version…"))
        mark(self.problems_label, "role", None)  # under way, not a problem
        for widget in (self.sign_button, self.cancel, self.block, self.decision, self.reason):
            widget.setEnabled(False)
        self._run.start()
        return True

    def finish(self, seconds: float = CHECK_WAIT_SECONDS) -> None:
        """Wait (blocking, ``seconds`` at most) for a seal under way to be listed or to fail."""
        if self._run is not None:
            self._run.finish(seconds)

    def _sealed(self, session: ConsentSession, answer: SealedSummary | SealFailure) -> None:
        """The worker has answered: list the new version and close, or say why not."""
        self._run = None
        for widget in (self.cancel, self.block, self.decision, self.reason):
            widget.setEnabled(True)
        if isinstance(answer, SealFailure):
            log.error("late attestation failed (%s): %s", answer.fault.value, answer.reason)
            self._failed(answer.fault)
            return
        try:
            self.version = self.context.list_sealed(session, answer)
        except Exception as exc:
            log.exception("the attestation's sealed version could not be listed")
            self._failed(fault_of_error(exc))
            return
        self.accept()

    def _failed(self, fault: Fault) -> None:
        """Say the attestation was not sealed, and what to do; signing again is possible."""
        if fault is Fault.LOCKED:
            why = self.tr(
                "The attestation could not be sealed: the records database is in use. Close "
                "the other program, then try again."
            )
        elif fault is Fault.DISK_FULL:
            why = self.tr(
                "The attestation could not be sealed: the storage is full. Ask IT to free some "
                "space, then try again."
            )
        else:
            why = self.tr(
                "The attestation could not be sealed. Check that the records folder is "
                "available, then try again."
            )
        self._update()
        self.problems_label.setText(why)

    def reject(self) -> None:
        """Cancel, except while the new version is being sealed."""
        if self._run is None:
            super().reject()
