"""The nurse's pages before the handover: intake, the pre-procedure checklist, the handover."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from consent_app.domain.clearance import Finding
from consent_app.domain.form import Answer, ChecklistItem
from consent_app.domain.phrases import phrase
from consent_app.domain.session import (
    MORE_ANTICOAGULANTS,
    VERTEBRAL_LEVELS,
    Consenter,
    MealType,
    MedicineDose,
)
from consent_app.domain.validation import (
    Problem,
    clean_text,
    validate_checklist,
    validate_intake,
)
from consent_app.ui.base import ConsentPage, PageId
from consent_app.ui.controls import (
    TOUCH,
    AnswerButtons,
    ChoiceButtons,
    DateInput,
    DateTimeInput,
    FindingLabel,
    heading,
    mark,
    paragraph,
    severity_words,
)
from consent_app.ui.i18n import LANGUAGE_NAMES, Localised, in_language_of

#: Languages offered at intake; free text is allowed too.
LANGUAGES = [
    phrase("Languages", "English"),
    phrase("Languages", "Spanish"),
    phrase("Languages", "Polish"),
    phrase("Languages", "Portuguese"),
    phrase("Languages", "Arabic"),
    phrase("Languages", "Chinese"),
    phrase("Languages", "Russian"),
    phrase("Languages", "Greek"),
]

#: What staff may type for a language the tablet can show, so the tablet follows the patient.
SPOKEN = {
    "en": ("english", "inglés", "ingles"),
    "es": ("spanish", "español", "espanol", "castellano"),
}


def tablet_language_for(preferred: str) -> str | None:
    """The tablet language for a preferred language as typed, if the tablet has it."""
    word = preferred.strip().casefold()
    return next((code for code, words in SPOKEN.items() if word in words), None)


class LevelPicker(Localised, QWidget):
    """Toggle buttons for the vertebral levels, T5 to L5; one or more may be chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("levels")
        self.setAccessibleName(self.tr("Vertebral levels"))
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        self._buttons: dict[str, QPushButton] = {}
        for index, level in enumerate(VERTEBRAL_LEVELS):
            button = QPushButton(level, self)
            button.setObjectName(f"level_{level}")
            button.setCheckable(True)
            button.setMinimumSize(TOUCH + 16, TOUCH)
            button.setAccessibleName(self.tr("Level {0}").format(level))
            grid.addWidget(button, index // 7, index % 7)
            self._buttons[level] = button

    def button(self, level: str) -> QPushButton:
        """The toggle for one level."""
        return self._buttons[level]

    def selected(self) -> list[str]:
        """The chosen levels, top to bottom."""
        return [level for level, b in self._buttons.items() if b.isChecked()]

    def set_selected(self, levels: list[str]) -> None:
        """Show a set of chosen levels."""
        for level, button in self._buttons.items():
            button.setChecked(level in levels)


class IntakePage(ConsentPage):
    """Who the patient is, what is planned, and who consents."""

    page = PageId.INTAKE

    def build(self) -> None:
        super().build()
        context = self.context
        self.setTitle(self.tr("Intake"))
        # Staff tools, each behind the PIN: carry on with a paused session, or find a record.
        tools = QHBoxLayout()
        self.resume_button = QPushButton(self.body)
        self.resume_button.setObjectName("resume_sessions")
        self.resume_button.setMinimumHeight(TOUCH)
        self.resume_button.clicked.connect(lambda: self._open_records(unfinished_only=True))
        tools.addWidget(self.resume_button)
        records = QPushButton(self.tr("Records…"), self.body)
        records.setObjectName("open_records")
        records.setMinimumHeight(TOUCH)
        records.clicked.connect(lambda: self._open_records(unfinished_only=False))
        tools.addWidget(records)
        tools.addStretch(1)
        self.layout_.addLayout(tools)
        self.layout_.addWidget(heading(self.tr("Patient and procedure"), self.body))
        form = QFormLayout()
        form.setSpacing(10)
        # On a portrait tablet a long label (Spanish ones are) puts its field on the next line.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.layout_.addLayout(form)
        self._texts: dict[str, QLineEdit] = {}

        def row(label: str, widget: QWidget, field: str) -> None:
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(self.problem_label(field))
            widget.setAccessibleName(label)
            form.addRow(label, box)

        def text(field: str, label: str, placeholder: str = "") -> QLineEdit:
            edit = QLineEdit(self.body)
            edit.setObjectName(field)
            edit.setMinimumHeight(TOUCH)
            edit.setMaxLength(200)
            edit.setPlaceholderText(placeholder)
            edit.textChanged.connect(lambda _t, f=field: self.changed(f))
            self._texts[field] = edit
            row(label, edit, field)
            return edit

        text("full_name", self.tr("Full name"))
        self.date_of_birth = DateInput("date_of_birth", self.body)
        self.date_of_birth.textChanged.connect(lambda _t: self.changed("date_of_birth"))
        row(self.tr("Date of birth"), self.date_of_birth, "date_of_birth")
        text("mrn", self.tr("MRN"), in_language_of(self, "Validation", context.settings.mrn_hint))
        text("procedure", self.tr("Procedure"))
        self.levels = LevelPicker(self.body)
        for level in VERTEBRAL_LEVELS:
            self.levels.button(level).toggled.connect(lambda _c: self.changed("levels"))
        row(self.tr("Vertebral level(s)"), self.levels, "levels")
        text("proceduralist", self.tr("Proceduralist"))
        self.scheduled_at = DateTimeInput("scheduled_at", context.settings.zone, self.body)
        self.scheduled_at.textChanged.connect(lambda _t: self.changed("scheduled_at"))
        row(self.tr("Scheduled date and time"), self.scheduled_at, "scheduled_at")
        self.language = QComboBox(self.body)
        self.language.setObjectName("preferred_language")
        self.language.setEditable(True)
        self.language.addItems([in_language_of(self, "Languages", name) for name in LANGUAGES])
        self.language.setMinimumHeight(TOUCH)
        # The box also takes a language typed in: its text field needs the name too.
        self.language.lineEdit().setAccessibleName(self.tr("Preferred language"))
        self.language.currentTextChanged.connect(lambda _t: self.changed("preferred_language"))
        row(self.tr("Preferred language"), self.language, "preferred_language")
        # The language of the patient's pages: each named in its own words.
        self.tablet_language = ChoiceButtons(
            "tablet_language", list(LANGUAGE_NAMES.items()), parent=self.body
        )
        self.tablet_language.chosen.connect(self._tablet_language_chosen)
        row(self.tr("Language on the tablet"), self.tablet_language, "tablet_language")
        self.interpreter_used = QCheckBox(self.tr("An interpreter is helping"), self.body)
        self.interpreter_used.setObjectName("interpreter_used")
        self.interpreter_used.setMinimumHeight(TOUCH)
        self.interpreter_used.toggled.connect(lambda _c: self.changed("interpreter_used"))
        form.addRow("", self.interpreter_used)
        text("interpreter_name", self.tr("Interpreter's name"))
        self.consenter = ChoiceButtons(
            "consenter",
            [
                ("patient", self.tr("The patient")),
                ("representative", self.tr("A legally authorised representative")),
            ],
            parent=self.body,
        )
        self.consenter.chosen.connect(lambda _k: self.changed("consenter"))
        row(self.tr("Who gives consent"), self.consenter, "consenter")
        text("representative_name", self.tr("Representative's name"))
        text("representative_relationship", self.tr("Relationship to the patient"))
        self.layout_.addStretch(1)

    def load(self) -> None:
        """Show the session's intake."""
        intake = self.session.intake
        for field, edit in self._texts.items():
            edit.setText(getattr(intake, field))
        self.date_of_birth.set_value(intake.date_of_birth)
        self.levels.set_selected(intake.levels)
        self.scheduled_at.set_value(intake.scheduled_at)
        self.language.setCurrentText(intake.preferred_language)
        self.tablet_language.set_value(self.session.language)
        self.interpreter_used.setChecked(intake.interpreter_used)
        self.consenter.set_value(intake.consenter.value)
        self._enable_dependents()
        self.show_paused_count()

    def show_paused_count(self) -> None:
        """How many sessions wait to be resumed (a number only: names are behind the PIN)."""
        from consent_app.store import StoreError

        try:
            count = len(self.context.store.resumable())
        except StoreError:
            count = 0
        self.resume_button.setText(self.tr("Resume a paused session (%n)…", "", count))
        self.resume_button.setEnabled(count > 0)
        mark(self.resume_button, "role", "primary" if count else "")

    def changed(self, field: str = "") -> None:
        """As every page; a preferred language the tablet can show also sets the tablet's,
        until staff choose the tablet's language themselves."""
        super().changed(field)
        if self._loading or field != "preferred_language" or "tablet_language" in self._touched:
            return
        code = tablet_language_for(self.session.intake.preferred_language)
        if code is not None and code != self.session.language:
            self._switch_to(code)

    def _tablet_language_chosen(self, code: str) -> None:
        self._touched.add("tablet_language")
        self._switch_to(code)

    def _switch_to(self, code: str) -> None:
        switch = getattr(self.wizard(), "switch_language", None)
        if callable(switch) and not switch(code):
            code = self.session.language  # not available: show what is really in use
        elif not callable(switch):
            self.session.language = code  # a page tested on its own
        self.tablet_language.set_value(code)

    def _open_records(self, unfinished_only: bool) -> None:
        open_records = getattr(self.wizard(), "open_records", None)
        if callable(open_records):
            open_records(unfinished_only=unfinished_only)

    def store(self) -> None:
        """Write the widgets into the session's intake."""
        intake = self.session.intake
        for field, edit in self._texts.items():
            setattr(intake, field, clean_text(edit.text()))
        intake.date_of_birth = self.date_of_birth.value()
        intake.levels = self.levels.selected()
        intake.scheduled_at = self.scheduled_at.value()
        intake.preferred_language = clean_text(self.language.currentText())
        intake.interpreter_used = self.interpreter_used.isChecked()
        intake.consenter = Consenter(self.consenter.value() or Consenter.PATIENT.value)
        self._enable_dependents()

    def _enable_dependents(self) -> None:
        intake = self.session.intake
        self._texts["interpreter_name"].setEnabled(intake.interpreter_used)
        representative = intake.consenter is Consenter.REPRESENTATIVE
        self._texts["representative_name"].setEnabled(representative)
        self._texts["representative_relationship"].setEnabled(representative)

    def problems(self) -> list[Problem]:
        """Unreadable dates first (they would otherwise look blank), then the intake rules."""
        typed = [
            Problem(field, widget.problem())
            for field, widget in (
                ("date_of_birth", self.date_of_birth),
                ("scheduled_at", self.scheduled_at),
            )
            if widget.problem()
        ]
        return typed + validate_intake(
            self.session.intake, self.context.settings, self.context.now().date()
        )


class ChecklistPage(ConsentPage):
    """The pre-procedure checklist; each line yes / no / not applicable with a note.

    Findings from the clearance rules show beside each line as the nurse answers, so a hold
    that is too short or an INR above the threshold is seen at once, not at the end.
    """

    page = PageId.CHECKLIST

    def build(self) -> None:
        super().build()
        context = self.context
        self.setTitle(self.tr("Pre-procedure checklist"))
        self.layout_.addWidget(heading(context.form.checklist.heading, self.body))
        self._answers: dict[str, AnswerButtons] = {}
        self._notes: dict[str, QLineEdit] = {}
        self._details: dict[str, QWidget] = {}
        self._flags: dict[str, QLabel] = {}
        zone = context.settings.zone
        self.imaging_date = DateInput("imaging_date")
        self.inr = self._number("inr", self.tr("e.g. 1.1"))
        self.inr_drawn = DateInput("inr_drawn")
        self.platelets = self._number("platelets", self.tr("× 10⁹/L, e.g. 210"))  # noqa: RUF001 (the unit's sign)
        self.platelets_drawn = DateInput("platelets_drawn")
        self.drug = self._drug_choice("anticoagulant_drug", self.tr("Choose the medicine…"))
        self.last_dose = DateTimeInput("anticoagulant_last_dose", zone)
        # Dual or triple therapy: each further medicine's hold is checked too.
        self.more_drugs = [
            self._drug_choice(f"anticoagulant_drug_{n}", self.tr("Another medicine (if any)…"))
            for n in range(2, 2 + MORE_ANTICOAGULANTS)
        ]
        self.more_doses = [
            DateTimeInput(f"anticoagulant_last_dose_{n}", zone)
            for n in range(2, 2 + MORE_ANTICOAGULANTS)
        ]
        self.renal = QCheckBox(self.tr("Kidney function impaired"))
        self.renal.setObjectName("renal_impairment")
        self.renal.setMinimumHeight(TOUCH)
        self.renal.toggled.connect(lambda _c: self.changed("renal_impairment"))
        self.last_solid = DateTimeInput("last_solid_food", zone)
        self.meal_type = QComboBox()
        self.meal_type.setObjectName("meal_type")
        self.meal_type.setMinimumHeight(TOUCH)
        self.meal_type.addItem(self.tr("Kind of meal not known (treated as heavy)"), "")
        self.meal_type.addItem(self.tr("Light meal"), MealType.LIGHT.value)
        self.meal_type.addItem(self.tr("Heavy or fatty meal"), MealType.HEAVY.value)
        self.meal_type.currentIndexChanged.connect(lambda _i: self.changed("meal_type"))
        self.last_fluid = DateTimeInput("last_clear_fluid", zone)
        for field, edit in (
            ("imaging_date", self.imaging_date),
            ("inr_drawn", self.inr_drawn),
            ("platelets_drawn", self.platelets_drawn),
            ("anticoagulant_last_dose", self.last_dose),
            *((dose.objectName(), dose) for dose in self.more_doses),
            ("last_solid_food", self.last_solid),
            ("last_clear_fluid", self.last_fluid),
        ):
            edit.textChanged.connect(lambda _t, f=field: self.changed(f))
        for item in context.form.checklist.items:
            self._add_item(item)
        self.layout_.addStretch(1)

    def _drug_choice(self, field: str, prompt: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(field)
        combo.setMinimumHeight(TOUCH)
        combo.addItem(prompt, "")
        for drug in self.context.form.checklist.anticoagulants:
            combo.addItem(drug.name, drug.id)
        combo.currentIndexChanged.connect(lambda _i: self.changed(field))
        return combo

    def _number(self, field: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(field)
        edit.setMinimumHeight(TOUCH)
        edit.setMaxLength(12)
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(lambda _t: self.changed(field))
        return edit

    def _details_for(self, item: ChecklistItem) -> list[tuple[str, str, QWidget]]:
        """(field, label, widget) for the values a "yes" on this line needs."""
        kinds: dict[str, list[tuple[str, str, QWidget]]] = {
            "imaging": [("imaging_date", self.tr("Imaging date"), self.imaging_date)],
            "inr": [
                ("inr", self.tr("INR"), self.inr),
                ("inr_drawn", self.tr("Date drawn"), self.inr_drawn),
            ],
            "platelets": [
                ("platelets", self.tr("Platelets (× 10⁹/L)"), self.platelets),  # noqa: RUF001
                ("platelets_drawn", self.tr("Date drawn"), self.platelets_drawn),
            ],
            "anticoagulant": [
                ("anticoagulant_drug", self.tr("Medicine"), self.drug),
                ("anticoagulant_last_dose", self.tr("Last dose"), self.last_dose),
                *(
                    row
                    for n, (combo, dose) in enumerate(
                        zip(self.more_drugs, self.more_doses, strict=True), start=2
                    )
                    for row in (
                        (combo.objectName(), self.tr("Medicine {0}").format(n), combo),
                        (dose.objectName(), self.tr("Its last dose"), dose),
                    )
                ),
                ("renal_impairment", "", self.renal),
            ],
            "fasting": [
                ("last_solid_food", self.tr("Last solid food"), self.last_solid),
                ("meal_type", self.tr("That meal was"), self.meal_type),
                ("last_clear_fluid", self.tr("Last clear fluid"), self.last_fluid),
            ],
        }
        return kinds.get(item.kind, [])

    def _add_item(self, item: ChecklistItem) -> None:
        frame = QFrame(self.body)
        frame.setObjectName(f"{item.id}_row")
        frame.setProperty("role", "card")
        box = QVBoxLayout(frame)
        title = QLabel(item.label, frame)
        title.setWordWrap(True)
        title.setProperty("role", "h3")
        box.addWidget(title)
        if item.help:
            box.addWidget(paragraph(item.help, frame))
        options = [Answer.YES, Answer.NO]
        if item.allow_not_applicable:
            options.append(Answer.NOT_APPLICABLE)
        answers = AnswerButtons(item.id, options, item.label, frame)
        answers.answered.connect(lambda a, i=item.id: self._answered(i, a))
        self._answers[item.id] = answers
        box.addWidget(answers)
        box.addWidget(self.problem_label(item.id))
        details = QWidget(frame)
        form = QFormLayout(details)
        form.setContentsMargins(24, 0, 0, 0)
        for field, label, widget in self._details_for(item):
            widget.setParent(details)
            widget.setAccessibleName(label or field)
            cell = QVBoxLayout()
            cell.addWidget(widget)
            cell.addWidget(self.problem_label(field))
            form.addRow(label, cell)
        self._details[item.id] = details
        box.addWidget(details)
        note = QLineEdit(frame)
        note.setObjectName(f"{item.id}_note")
        note.setPlaceholderText(self.tr("Note (optional)"))
        note.setMinimumHeight(TOUCH)
        note.setAccessibleName(self.tr("Note: {0}").format(item.label))
        note.textChanged.connect(lambda _t, i=item.id: self.changed(f"{i}_note"))
        self._notes[item.id] = note
        box.addWidget(note)
        flag = QLabel(frame)
        flag.setObjectName(f"{item.id}_flag")
        # Its box (padding, border) is set from the start; only its colours follow severity,
        # since Qt does not re-measure padding when a dynamic property changes.
        flag.setProperty("role", "flag")
        flag.setWordWrap(True)
        flag.hide()
        self._flags[item.id] = flag
        box.addWidget(flag)
        self.layout_.addWidget(frame)

    def _answered(self, item_id: str, answer: Answer) -> None:
        self.session.checklist.entry(item_id).answer = answer
        self.changed(item_id)

    def load(self) -> None:
        """Show the session's checklist."""
        record = self.session.checklist
        for item_id, buttons in self._answers.items():
            buttons.set_value(record.answer(item_id))
            self._notes[item_id].setText(
                record.entries[item_id].note if item_id in record.entries else ""
            )
        self.imaging_date.set_value(record.imaging_date)
        self.inr.setText("" if record.inr is None else f"{record.inr:g}")
        self.inr_drawn.set_value(record.inr_drawn)
        self.platelets.setText("" if record.platelets is None else f"{record.platelets:g}")
        self.platelets_drawn.set_value(record.platelets_drawn)
        self.drug.setCurrentIndex(max(0, self.drug.findData(record.anticoagulant_drug)))
        self.last_dose.set_value(record.anticoagulant_last_dose)
        more = record.more_anticoagulants
        for index, (combo, dose) in enumerate(zip(self.more_drugs, self.more_doses, strict=True)):
            saved = more[index] if index < len(more) else MedicineDose()
            combo.setCurrentIndex(max(0, combo.findData(saved.drug)))
            dose.set_value(saved.last_dose)
        self.renal.setChecked(record.renal_impairment)
        self.last_solid.set_value(record.last_solid_food)
        meal = record.meal_type.value if record.meal_type else ""
        self.meal_type.setCurrentIndex(max(0, self.meal_type.findData(meal)))
        self.last_fluid.set_value(record.last_clear_fluid)

    def store(self) -> None:
        """Write the widgets into the session's checklist."""
        record = self.session.checklist
        for item_id, note in self._notes.items():
            record.entry(item_id).note = clean_text(note.text())
        record.imaging_date = self.imaging_date.value()
        record.inr = _number(self.inr.text())
        record.inr_drawn = self.inr_drawn.value()
        record.platelets = _number(self.platelets.text())
        record.platelets_drawn = self.platelets_drawn.value()
        record.anticoagulant_drug = self.drug.currentData() or ""
        record.anticoagulant_last_dose = self.last_dose.value()
        record.more_anticoagulants = [
            MedicineDose(drug=combo.currentData() or "", last_dose=dose.value())
            for combo, dose in zip(self.more_drugs, self.more_doses, strict=True)
        ]
        record.renal_impairment = self.renal.isChecked()
        record.last_solid_food = self.last_solid.value()
        meal = self.meal_type.currentData()
        record.meal_type = MealType(meal) if meal else None
        record.last_clear_fluid = self.last_fluid.value()

    def problems(self) -> list[Problem]:
        """Unreadable entries first, then the checklist rules."""
        typed = [
            Problem(w.objectName(), w.problem())
            for w in (
                self.imaging_date,
                self.inr_drawn,
                self.platelets_drawn,
                self.last_dose,
                *self.more_doses,
                self.last_solid,
                self.last_fluid,
            )
            if w.problem()
        ]
        typed += [
            Problem(field, self.tr("Enter a number, e.g. 1.2"))
            for field, edit in (("inr", self.inr), ("platelets", self.platelets))
            if clean_text(edit.text()) and _number(edit.text()) is None
        ]
        return typed + validate_checklist(
            self.session.checklist,
            self.context.form,
            self.context.settings,
            self.context.now(),
            self.session.intake.scheduled_at,
        )

    def refresh(self) -> None:
        """Show the values a "yes" needs, and the clearance findings beside each line."""
        record = self.session.checklist
        for item_id, details in self._details.items():
            # Values entered stay visible even after a "no", so they can be seen and cleared.
            details.setVisible(record.answer(item_id) is Answer.YES or _holds_values(details))
        findings: dict[str, list[Finding]] = {}
        for finding in self.context.clearance().findings:
            findings.setdefault(finding.field, []).append(finding)
        for item_id, flag in self._flags.items():
            # Unanswered lines are already marked by the validator; show what answers mean.
            shown = [f for f in findings.get(item_id, []) if record.answer(item_id) is not None]
            if shown:
                worst = max((f.severity for f in shown), key=lambda s: s.rank)
                text = "\n".join(f"{severity_words(self, f.severity)}: {f.message}" for f in shown)
                if flag.text() != text:
                    flag.setText(text)
                mark(flag, "severity", worst.value)
                flag.show()
            else:
                flag.hide()
        super().refresh()


def _holds_values(details: QWidget) -> bool:
    """Whether any value has been entered in a line's detail widgets."""
    return (
        any(bool(e.text()) for e in details.findChildren(QLineEdit))
        or any(c.currentIndex() > 0 for c in details.findChildren(QComboBox) if not c.isEditable())
        or any(b.isChecked() for b in details.findChildren(QCheckBox))
    )


def _number(text: str) -> float | None:
    """A typed number (a comma as the decimal mark is accepted), or None."""
    cleaned = clean_text(text).replace(",", ".")
    try:
        return float(cleaned) if cleaned else None
    except ValueError:
        return None


class HandoverPage(ConsentPage):
    """Ask the nurse to hand the tablet to the patient; from here on, staff pages need the PIN."""

    page = PageId.HANDOVER

    def build(self) -> None:
        super().build()
        context = self.context
        self.setTitle(self.tr("Handover"))
        # A commit page: once the patient has the tablet, Back cannot return to staff pages.
        self.setCommitPage(True)
        self.layout_.addStretch(1)
        self.layout_.addWidget(heading(context.form.handover.to_patient_heading, self.body))
        # Addressed to the patient, so in the patient's language (filled in as the page opens).
        self.greeting = paragraph("", self.body)
        self.greeting.setObjectName("handover_greeting")
        self.layout_.addWidget(self.greeting)
        self.flags = QWidget(self.body)
        self.flags.setObjectName("handover_flags")
        QVBoxLayout(self.flags).setContentsMargins(0, 0, 0, 0)
        self._flag_labels: list[QLabel] = []
        self.layout_.addWidget(self.flags)
        self.layout_.addStretch(2)

    def load(self) -> None:
        """Show every checklist flag once more, before the tablet leaves the nurse's hands."""
        self.greeting.setText(self.context.patient_form.handover.to_patient_text)
        checklist_ids = {i.id for i in self.context.form.checklist.items}
        flagged = [f for f in self.context.clearance().findings if f.field in checklist_ids]
        layout = self.flags.layout()
        for old in self._flag_labels:
            layout.removeWidget(old)
            old.deleteLater()
        self._flag_labels = []
        if flagged:
            self._flag_labels.append(
                heading(self.tr("Checklist flags, shown again at review"), self.flags, 3)
            )
        self._flag_labels += [FindingLabel(f.severity, f.message, self.flags) for f in flagged]
        for label in self._flag_labels:
            layout.addWidget(label)

    def flag_texts(self) -> list[str]:
        """The checklist flags as shown."""
        return [label.text() for label in self._flag_labels if isinstance(label, FindingLabel)]
