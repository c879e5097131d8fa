"""The nurse's pages after the patient: the review of every flag, and the staff signatures."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from consent_app.domain.clearance import ClearanceStatus, Finding
from consent_app.domain.form import Severity
from consent_app.domain.phrases import phrase
from consent_app.domain.session import (
    Decision,
    PhysicianDecision,
    Signature,
    SignatureMeaning,
    SignatureRole,
)
from consent_app.domain.validation import (
    Problem,
    clean_text,
    validate_printed_name,
    validate_signature,
)
from consent_app.ui.base import ConsentPage, PageId
from consent_app.ui.context import WizardContext
from consent_app.ui.controls import (
    TOUCH,
    ChoiceButtons,
    FindingLabel,
    heading,
    mark,
    paragraph,
)
from consent_app.ui.i18n import Localised, in_language_of
from consent_app.ui.signature_pad import SignaturePad

_STATUS_WORDS = {
    ClearanceStatus.READY: phrase("Clearance", "Ready"),
    ClearanceStatus.PHYSICIAN_REVIEW: phrase("Clearance", "Physician review required"),
    ClearanceStatus.DO_NOT_PROCEED: phrase("Clearance", "Do not proceed"),
}


def status_words(widget: QWidget, status: ClearanceStatus) -> str:
    """The clearance status in the words staff read."""
    return in_language_of(widget, "Clearance", _STATUS_WORDS[status])


class ReviewPage(ConsentPage):
    """The clearance from every answer, every patient question, and the physician's review."""

    page = PageId.REVIEW

    def build(self) -> None:
        super().build()
        self.setTitle(self.tr("Review"))
        self.status = QLabel(self.body)
        self.status.setObjectName("clearance_status")
        self.status.setProperty("role", "status")
        self.layout_.addWidget(self.status)
        self.decision = QLabel(self.body)
        self.decision.setObjectName("decision_summary")
        self.decision.setProperty("role", "h3")
        self.decision.setWordWrap(True)
        self.layout_.addWidget(self.decision)
        self.layout_.addWidget(heading(self.tr("Findings"), self.body, 2))
        self.findings = QWidget(self.body)
        self.findings.setObjectName("findings")
        QVBoxLayout(self.findings).setContentsMargins(0, 0, 0, 0)
        self._finding_labels: list[QLabel] = []
        self._findings_shown: list[tuple[Severity, str]] = []
        self.layout_.addWidget(self.findings)
        self.layout_.addWidget(heading(self.tr("Questions the patient raised"), self.body, 2))
        self.questions = QLabel(self.body)
        self.questions.setObjectName("questions_raised")
        self.questions.setWordWrap(True)
        self.layout_.addWidget(self.questions)
        self.physician = QFrame(self.body)
        self.physician.setObjectName("physician_review")
        self.physician.setProperty("role", "card")
        box = QVBoxLayout(self.physician)
        box.addWidget(heading(self.tr("Physician review"), self.physician, 2))
        self.physician_note = paragraph("", self.physician)
        box.addWidget(self.physician_note)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        box.addLayout(form)
        self.physician_name = QLineEdit(self.physician)
        self.physician_name.setObjectName("physician_name")
        self.physician_name.setAccessibleName(self.tr("Physician's name"))
        self.physician_name.setMinimumHeight(TOUCH)
        self.physician_name.setMaxLength(200)
        self.physician_name.textChanged.connect(lambda _t: self.changed("physician_name"))
        cell = QVBoxLayout()
        cell.addWidget(self.physician_name)
        cell.addWidget(self.problem_label("physician_name"))
        form.addRow(self.tr("Physician"), cell)
        self.physician_decision = ChoiceButtons(
            "physician_decision",
            [
                (PhysicianDecision.PROCEED.value, self.tr("Proceed")),
                (
                    PhysicianDecision.PROCEED_WITH_PRECAUTIONS.value,
                    self.tr("Proceed with precautions"),
                ),
                (PhysicianDecision.DO_NOT_PROCEED.value, self.tr("Do not proceed")),
            ],
            vertical=True,
            parent=self.physician,
        )
        self.physician_decision.chosen.connect(lambda _k: self.changed("physician_decision"))
        cell = QVBoxLayout()
        cell.addWidget(self.physician_decision)
        cell.addWidget(self.problem_label("physician_decision"))
        form.addRow(self.tr("Decision"), cell)
        self.physician_reason = QLineEdit(self.physician)
        self.physician_reason.setAccessibleName(self.tr("Physician's reason"))
        self.physician_reason.setObjectName("physician_reason")
        self.physician_reason.setMinimumHeight(TOUCH)
        self.physician_reason.setMaxLength(2000)
        self.physician_reason.textChanged.connect(lambda _t: self.changed("physician_reason"))
        cell = QVBoxLayout()
        cell.addWidget(self.physician_reason)
        cell.addWidget(self.problem_label("physician_reason"))
        form.addRow(self.tr("Reason"), cell)
        self.layout_.addWidget(self.physician)
        self.layout_.addStretch(1)

    def load(self) -> None:
        """Work out the clearance afresh and show every finding and question."""
        clearance = self.context.clearance()
        self.status.setText(status_words(self, clearance.status))
        mark(self.status, "severity", clearance.status.value)
        decision = self.session.decision
        self.decision.setText(
            {
                Decision.AGREE: self.tr("The patient agrees to the procedure."),
                Decision.REFUSE: self.tr("The patient does not agree (informed refusal)."),
                Decision.TALK_FIRST: self.tr("The patient wants to talk to the doctor first."),
                None: self.tr("No decision has been recorded."),
            }[decision]
        )
        self.show_findings(clearance.findings)
        titles = {risk.id: risk.title for risk in self.context.form.risks.items}
        raised = self.session.questions_raised()
        self.questions.setText(
            "\n".join(
                f"• {titles.get(risk_id, risk_id)}: {q or self.tr('(to be asked in person)')}"
                for risk_id, q in raised
            )
            if raised
            else self.tr("None.")
        )
        needed = clearance.status is not ClearanceStatus.READY
        self.physician.setVisible(needed)
        self.physician_note.setText(
            self.tr("Required: record the physician's name, decision and reason.")
            if clearance.status is ClearanceStatus.PHYSICIAN_REVIEW
            else self.tr("Optional: a physician may record a review of the findings.")
        )
        review = self.session.physician_review
        self.physician_name.setText(review.physician_name)
        self.physician_decision.set_value(review.decision.value if review.decision else None)
        self.physician_reason.setText(review.reason)

    def show_findings(self, findings: tuple[Finding, ...]) -> None:
        """One coloured line per finding, most severe first; "No findings." when there are none.

        The lines on show stay when the findings are the same (making and styling them again is
        most of the time it takes to enter this page)."""
        shown = [(f.severity, f.message) for f in findings]
        if self._finding_labels and shown == self._findings_shown:
            return
        self._findings_shown = shown
        layout = self.findings.layout()
        for old in self._finding_labels:
            layout.removeWidget(old)
            old.deleteLater()
        self._finding_labels = [
            FindingLabel(finding.severity, finding.message, self.findings) for finding in findings
        ] or [paragraph(self.tr("No findings."), self.findings)]
        for label in self._finding_labels:
            layout.addWidget(label)

    def finding_texts(self) -> list[str]:
        """The findings as shown, most severe first."""
        return [label.text() for label in self._finding_labels]

    def store(self) -> None:
        """Write the physician's review into the session."""
        review = self.session.physician_review
        review.physician_name = clean_text(self.physician_name.text())
        chosen = self.physician_decision.value()
        review.decision = PhysicianDecision(chosen) if chosen else None
        review.reason = clean_text(self.physician_reason.text())

    def problems(self) -> list[Problem]:
        """Where review is required, the physician's name, decision and reason are required."""
        if self.context.clearance().status is not ClearanceStatus.PHYSICIAN_REVIEW:
            return []
        review = self.session.physician_review
        problems = []
        if not review.physician_name:
            problems.append(Problem("physician_name", self.tr("Enter the physician's name.")))
        if review.decision is None:
            problems.append(
                Problem("physician_decision", self.tr("Choose the physician's decision."))
            )
        if not review.reason:
            problems.append(Problem("physician_reason", self.tr("Enter the reason.")))
        return problems


class SignatureBlock(Localised, QFrame):
    """A statement, a signature pad, a Clear button and the printed name, for one signer."""

    def __init__(self, role: SignatureRole, statement: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self.setObjectName(f"{role.value}_block")
        self.setProperty("role", "card")
        box = QVBoxLayout(self)
        self.statement = paragraph(statement, self)
        self.statement.setProperty("role", "statement")
        box.addWidget(self.statement)
        self.pad = SignaturePad(self)
        self.pad.setObjectName(f"signature_{role.value}")
        box.addWidget(self.pad)
        self.clear = QPushButton(self.tr("Clear"), self)
        self.clear.setObjectName(f"signature_{role.value}_clear")
        self.clear.setMinimumSize(TOUCH * 3, TOUCH)
        self.clear.clicked.connect(self.pad.clear)
        self.name = QLineEdit(self)
        self.name.setObjectName(f"{role.value}_printed_name")
        self.name.setAccessibleName(self.tr("Printed name"))
        self.name.setMinimumHeight(TOUCH)
        self.name.setMaxLength(200)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Printed name"), self))
        row.addWidget(self.name, 1)
        row.addWidget(self.clear)
        QWidget.setTabOrder(self.name, self.clear)  # as the row reads: the name, then Clear
        box.addLayout(row)

    def problems(self) -> list[Problem]:
        """An empty pad, a dot, or a missing printed name."""
        width, height = self.pad.canvas_size()
        found = validate_signature(self.pad.strokes(), width, height)
        found += validate_printed_name(self.name.text())
        return [Problem(f"{self.role.value}_{p.field}", p.template, p.values) for p in found]

    def signature(self, meaning: SignatureMeaning, context: WizardContext) -> Signature:
        """The signature as recorded, timed by the app."""
        width, height = self.pad.canvas_size()
        return Signature(
            role=self.role,
            meaning=meaning,
            printed_name=clean_text(self.name.text()),
            signed_at=context.now(),
            strokes=self.pad.strokes(),
            canvas_width=width,
            canvas_height=height,
            typed=self.pad.was_typed(),
        )

    def show_saved(self, saved: Signature | None, default_name: str) -> None:
        """Show a saved signature again (Back and forth keeps it), or a blank pad."""
        if saved is None:
            self.pad.clear()
            self.name.setText(default_name)
        else:
            self.pad.set_strokes(saved.strokes, saved.typed)
            self.name.setText(saved.printed_name)


class StaffSignaturesPage(ConsentPage):
    """The witness signature, and the physician's attestation (later only where status allows)."""

    page = PageId.STAFF_SIGNATURES

    def build(self) -> None:
        super().build()
        context = self.context
        self.setTitle(self.tr("Staff signatures"))
        # A commit page: once the summary is exported, Back cannot change what it records.
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Sign and export  ▶"))
        statements = context.form.signatures
        self.layout_.addWidget(heading(self.tr("Witness (nurse)"), self.body, 2))
        self.witness = SignatureBlock(SignatureRole.WITNESS, statements.witness, self.body)
        self.layout_.addWidget(self.witness)
        self.layout_.addWidget(self.problem_label("witness_signature"))
        self.layout_.addWidget(self.problem_label("witness_printed_name"))
        self.layout_.addWidget(heading(self.tr("Physician attestation"), self.body, 2))
        self.deferred = QCheckBox(
            self.tr("The physician will sign the attestation later"), self.body
        )
        self.deferred.setObjectName("attestation_deferred")
        self.deferred.setMinimumHeight(TOUCH)
        self.layout_.addWidget(self.deferred)
        self.deferral_note = paragraph("", self.body)
        self.deferral_note.setObjectName("attestation_deferral_note")
        self.layout_.addWidget(self.deferral_note)
        self.physician = SignatureBlock(SignatureRole.PHYSICIAN, statements.physician, self.body)
        self.layout_.addWidget(self.physician)
        self.layout_.addWidget(self.problem_label("physician_signature"))
        self.layout_.addWidget(self.problem_label("physician_printed_name"))
        self.layout_.addStretch(1)
        for block in (self.witness, self.physician):
            role = block.role.value
            block.pad.changed.connect(lambda r=role: self.changed(f"{r}_signature"))
            block.name.textChanged.connect(lambda _t, r=role: self.changed(f"{r}_printed_name"))
        self.deferred.toggled.connect(lambda _c: self.changed("attestation_deferred"))

    def load(self) -> None:
        """Show saved signatures, and whether the attestation may wait."""
        may_wait = self.context.clearance().attestation_may_wait
        self.deferred.setEnabled(may_wait)
        self.deferred.setChecked(self.session.attestation_deferred and may_wait)
        self.deferral_note.setText(
            ""
            if may_wait
            else self.tr("Physician review was required, so the physician must sign now.")
        )
        self.witness.show_saved(self.session.signature(SignatureRole.WITNESS), "")
        physician_name = (
            self.session.physician_review.physician_name or self.session.intake.proceduralist
        )
        self.physician.show_saved(self.session.signature(SignatureRole.PHYSICIAN), physician_name)
        self.physician.setEnabled(not self.deferred.isChecked())

    def store(self) -> None:
        """Remember whether the attestation waits (signatures are taken when the page is done)."""
        self.session.attestation_deferred = self.deferred.isChecked() and self.deferred.isEnabled()
        self.physician.setEnabled(not self.session.attestation_deferred)

    def problems(self) -> list[Problem]:
        """The witness always signs; the physician too unless the attestation may wait."""
        problems = self.witness.problems()
        if not self.session.attestation_deferred:
            problems += self.physician.problems()
        return problems

    def validatePage(self) -> bool:
        """Record the signatures with the time the app sets."""
        self.session.put_signature(self.witness.signature(SignatureMeaning.WITNESS, self.context))
        if self.session.attestation_deferred:
            self.session.remove_signature(SignatureRole.PHYSICIAN)
        else:
            self.session.put_signature(
                self.physician.signature(SignatureMeaning.PHYSICIAN_ATTESTATION, self.context)
            )
        return True
