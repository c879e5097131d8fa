"""The PDF summary, read back the way a records officer would: as extracted text, page by page."""

from __future__ import annotations

import base64
import hashlib
import re
import subprocess
import sys
import zlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sessions import SCHEDULED, ready_session, signature

from consent_app.domain.clearance import Clearance, ClearanceStatus, evaluate
from consent_app.domain.form import Answer, FormDefinition
from consent_app.domain.session import (
    AuditSeal,
    Consenter,
    ConsentSession,
    Decision,
    PhysicianDecision,
    PhysicianReview,
    RiskAcknowledgement,
    RiskResponse,
    SignatureMeaning,
    SignatureRole,
    TeachBackAnswer,
)
from consent_app.pdf.summary import (
    format_time,
    markup,
    render_summary,
    summary_file_name,
)
from consent_app.pdf.wording import load_wording
from consent_app.resources_door import load_form
from consent_app.settings import Settings

REPO = Path(__file__).resolve().parents[2]
INJECTION = '<b>x</b> </para> <img src="/etc/passwd"/> &amp;'


# --- helpers ----------------------------------------------------------------------------------


def fully_ready(form: FormDefinition) -> ConsentSession:
    """``ready_session``, but on apixaban held long enough: every checklist value is filled in."""
    session = ready_session(form)
    session.checklist.entry("checklist.anticoagulant").answer = Answer.YES
    session.checklist.anticoagulant_drug = "apixaban"
    session.checklist.anticoagulant_last_dose = SCHEDULED - timedelta(hours=96)
    return session


def render(
    session: ConsentSession,
    form: FormDefinition,
    settings: Settings,
    tmp_path: Path,
    clearance: Clearance | None = None,
) -> Path:
    """Render a session (with its own clearance unless one is given) to a file."""
    clearance = clearance or evaluate(session, form, settings)
    path = tmp_path / "summary.pdf"
    path.write_bytes(render_summary(session, form, settings, clearance))
    return path


def pdftotext(path: Path) -> list[str]:
    """The text of every page, laid out as printed (pdftotext -layout)."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    pages = result.stdout.split("\f")
    return [page for page in pages if page.strip()]


def flat(text: str) -> str:
    """Whitespace collapsed, for phrases that wrap over lines."""
    return re.sub(r"\s+", " ", text)


def blocks(text: str) -> list[str]:
    """The text of each table cell or paragraph: runs of lines that start in the same column.

    pdftotext -layout prints table columns side by side, so a wrapped cell's lines are
    interleaved with its neighbours'. Reading each column down gives the cell back whole.
    """
    done: list[str] = []
    open_: dict[int, str] = {}
    for line in text.splitlines():
        fragments = [(m.start(), m.group()) for m in re.finditer(r"\S+(?: \S+)*", line)]
        starts = {start for start, _ in fragments}
        for column in [c for c in open_ if c not in starts]:
            done.append(open_.pop(column))
        for start, fragment in fragments:
            open_[start] = f"{open_[start]} {fragment}" if start in open_ else fragment
    return done + list(open_.values())


def readable(path: Path) -> str:
    """Everything on every page, cell by cell, whitespace collapsed."""
    return "\n".join(flat(block) for page in pdftotext(path) for block in blocks(page))


def row_with(pages: list[str], marker: str) -> str:
    """The printed line that starts with a marker: the first line of a table row."""
    lines = [line for page in pages for line in page.splitlines()]
    lines = [line for line in lines if line.strip().startswith(marker)]
    assert lines, f"{marker!r} is not in the PDF"
    return lines[0]


def content_streams(data: bytes) -> bytes:
    """Every stream in the PDF, decompressed (reportlab writes pages as ASCII85 + Flate)."""
    out = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        raw = match.group(1)
        try:
            out.append(zlib.decompressobj().decompress(raw))
        except zlib.error:
            out.append(zlib.decompressobj().decompress(base64.a85decode(raw.strip(), adobe=True)))
    return b"\n".join(out)


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ready_pdf(form: FormDefinition, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The summary of a session with nothing holding it back, rendered once for this module."""
    settings = Settings(clinic_name="Test Clinic", device_name="tablet-1", timezone="Europe/London")
    return render(fully_ready(form), form, settings, tmp_path_factory.mktemp("ready"))


@pytest.fixture(scope="module")
def ready_pages(ready_pdf: Path) -> list[str]:
    """The ready summary's pages as text."""
    return pdftotext(ready_pdf)


# --- every page -------------------------------------------------------------------------------


def test_patient_name_birth_date_and_mrn_are_on_every_page(ready_pages: list[str]) -> None:
    assert len(ready_pages) > 1
    for number, page in enumerate(ready_pages, start=1):
        assert "Margaret Ellis" in page, f"page {number}"
        assert "2 Mar 1948" in page, f"page {number}"
        assert "MRN-104233" in page, f"page {number}"


def test_every_page_says_page_x_of_y(ready_pages: list[str]) -> None:
    total = len(ready_pages)
    for number, page in enumerate(ready_pages, start=1):
        assert f"Page {number} of {total}" in page


def test_form_id_and_version_are_on_every_page(
    ready_pages: list[str], form: FormDefinition
) -> None:
    for page in ready_pages:
        assert f"Form {form.meta.form_id}, version {form.meta.version}" in page


# --- outcome and clearance --------------------------------------------------------------------


def test_ready_session_shows_ready_and_consent(ready_pages: list[str]) -> None:
    first = ready_pages[0]
    assert "Ready" in first
    assert "Decision: Consent given" in first
    assert "No findings" in first


@pytest.mark.parametrize(
    ("decision", "words"),
    [
        (Decision.AGREE, "Consent given"),
        (Decision.REFUSE, "Informed refusal"),
        (Decision.TALK_FIRST, "Wants to talk to the doctor first — no consent given"),
        (None, "No decision recorded — no consent given"),
    ],
)
def test_decision_is_stated_in_words(
    form: FormDefinition,
    settings: Settings,
    tmp_path: Path,
    decision: Decision | None,
    words: str,
) -> None:
    session = fully_ready(form)
    session.decision = decision
    first = pdftotext(render(session, form, settings, tmp_path))[0]
    assert f"Decision: {words}" in first


def test_allergy_yes_lists_its_findings_and_do_not_proceed(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = fully_ready(form)
    session.set_answer("allergy.acrylic_nails", Answer.YES, "Rash after gel nails, 2019")
    session.set_answer("allergy.contrast_dye", Answer.YES, "Hives after a CT scan")
    clearance = evaluate(session, form, settings)
    assert clearance.status is ClearanceStatus.DO_NOT_PROCEED
    path = render(session, form, settings, tmp_path, clearance)
    text = readable(path)
    assert "Do not proceed" in pdftotext(path)[0]
    for finding in clearance.findings:
        assert flat(finding.message) in text
        assert finding.field in text
    assert "Physician review" in text


def test_physician_review_is_printed_when_present(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = fully_ready(form)
    session.physician_review = PhysicianReview(
        physician_name="Dr Ruth Mensah",
        decision=PhysicianDecision.PROCEED_WITH_PRECAUTIONS,
        reason="Latex-free set; patch test negative.",
    )
    text = readable(render(session, form, settings, tmp_path))
    assert "Dr Ruth Mensah" in text
    assert "Proceed with precautions" in text
    assert "Latex-free set; patch test negative." in text


# --- checklist --------------------------------------------------------------------------------


def test_checklist_shows_values_and_drug_name(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = fully_ready(form)
    session.checklist.entry("checklist.iv_access").note = "Left forearm, 20G"
    text = readable(render(session, form, settings, tmp_path))
    assert "Imaging date: 10 Nov 2026" in text
    assert "INR: 1.1" in text
    assert "Platelets: 210 \N{MULTIPLICATION SIGN} 10\N{SUPERSCRIPT NINE}/L" in text
    assert "Drawn: 23 Nov 2026" in text
    assert f"Drug: {form.anticoagulant('apixaban').name}" in text
    assert "Last dose: 20 Nov 2026 10:00 (UTC+00:00)" in text
    assert "Last solid food: 23 Nov 2026 22:00 (UTC+00:00)" in text
    assert "Last clear fluid: 24 Nov 2026 07:00 (UTC+00:00)" in text
    assert "Note: Left forearm, 20G" in text
    for item in form.checklist.items:
        assert flat(item.label) in text


def test_checklist_no_with_nothing_recorded_prints_no_blank_values(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = ready_session(form)  # anticoagulant answered "no", no drug recorded
    assert session.checklist.answer("checklist.anticoagulant") is Answer.NO
    pages = pdftotext(render(session, form, settings, tmp_path))
    row = row_with(pages, "Takes an anticoagulant")
    assert re.search(r"\sNo\s", row)
    assert "Drug:" not in row


def test_unanswered_checklist_line_reads_not_answered(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = fully_ready(form)
    session.checklist.entries.pop("checklist.iv_access")
    pages = pdftotext(render(session, form, settings, tmp_path))
    assert "NOT ANSWERED" in row_with(pages, "IV access in place")


# --- what the patient saw and said ------------------------------------------------------------


def test_every_risk_title_and_likelihood_is_printed(ready_pdf: Path, form: FormDefinition) -> None:
    text = readable(ready_pdf)
    for risk in form.risks.items:
        assert flat(risk.title) in text
        assert flat(f"How likely: {risk.likelihood}") in text
        assert flat(risk.body) in text


def test_disclosures_are_printed_word_for_word(ready_pdf: Path, form: FormDefinition) -> None:
    text = readable(ready_pdf)
    for page in (
        form.procedure,
        form.positioning,
        form.risks.benefits,
        form.risks.alternatives,
    ):
        assert flat(page.heading) in text
        for paragraph in page.paragraphs:
            assert flat(paragraph) in text


def test_risk_marks_and_question_text_are_printed(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = fully_ready(form)
    session.risks["risk.infection"] = RiskAcknowledgement(
        response=RiskResponse.QUESTION, question="Which antibiotics do you give?"
    )
    del session.risks["risk.radiation"]
    text = readable(render(session, form, settings, tmp_path))
    assert "Patient's mark: I understand" in text
    assert "Patient's mark: I have a question" in text
    assert "Question: Which antibiotics do you give?" in text
    assert "Patient's mark: NOT ANSWERED" in text
    assert "7. Questions the patient raised" in text
    assert text.count("Which antibiotics do you give?") >= 2  # on the card and in section 7


def test_allergy_answers_are_printed_in_words(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = fully_ready(form)
    session.set_answer("allergy.contrast_dye", Answer.YES, "Hives after a CT scan")
    session.set_answer("allergy.latex", Answer.NOT_SURE)
    session.set_answer("allergy.antibiotics", Answer.NO)
    path = render(session, form, settings, tmp_path)
    pages = pdftotext(path)
    dye = row_with(pages, "Have you ever had a bad reaction to X-ray dye")
    assert "Yes" in dye
    assert "Hives after a CT scan" in dye
    assert "Not sure" in row_with(pages, "Are you allergic to latex")
    assert re.search(r"\sNo\s", row_with(pages, "Are you allergic to the antibiotics"))
    text = readable(path)
    for group in form.allergy.groups:
        assert flat(group.heading) in text
        for question in group.questions:
            assert flat(question.text) in text


def test_unanswered_question_reads_not_answered_never_no(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = fully_ready(form)
    session.set_answer("allergy.latex", None)
    pages = pdftotext(render(session, form, settings, tmp_path))
    row = row_with(pages, "Are you allergic to latex")
    assert "NOT ANSWERED" in row
    assert not re.search(r"\sNo\s", row)


def test_teach_back_shows_first_answer_result_and_later_attempts(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    question = form.understanding.questions[1]
    wrong = next(c for c in question.choices if c.id != question.correct)
    right = next(c for c in question.choices if c.id == question.correct)
    session = fully_ready(form)
    session.understanding[question.id] = TeachBackAnswer(choices=[wrong.id, right.id])
    text = readable(render(session, form, settings, tmp_path))
    assert flat(wrong.text) in text
    assert "Not correct." in text
    assert flat(f"2. {right.text} (correct)") in text
    assert text.count("Correct") >= len(form.understanding.questions) - 1


# --- signatures and times ---------------------------------------------------------------------


def test_signatures_show_printed_names_meanings_and_statements(
    ready_pdf: Path, form: FormDefinition
) -> None:
    text = readable(ready_pdf)
    for name, role, meaning, statement in (
        ("Margaret Ellis", "Patient", "consent", form.signatures.consent),
        ("Nurse Joy Okafor", "Witness", "witness", form.signatures.witness),
        ("Dr Amir Patel", "Physician", "physician attestation", form.signatures.physician),
    ):
        assert name in text
        assert f"Role: {role}" in text
        assert f"Meaning: {meaning}" in text
        assert flat(statement) in text


def test_signature_time_carries_the_clinic_utc_offset(ready_pdf: Path) -> None:
    assert "Signed: 24 Nov 2026 08:00 (UTC+00:00)" in readable(ready_pdf)


def test_times_are_shown_in_the_clinic_zone_with_summer_offset(settings: Settings) -> None:
    assert format_time(datetime(2026, 7, 1, 7, 0, tzinfo=UTC), settings) == (
        "1 Jul 2026 08:00 (UTC+01:00)"
    )


def test_representative_signature_shows_relationship_and_both_statements(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = fully_ready(form)
    session.intake.consenter = Consenter.REPRESENTATIVE
    session.intake.representative_name = "Ruth Ellis"
    session.intake.representative_relationship = "daughter"
    session.remove_signature(SignatureRole.PATIENT)
    rep = signature(SignatureRole.REPRESENTATIVE, SignatureMeaning.CONSENT, "Ruth Ellis")
    rep.relationship = "daughter"
    session.put_signature(rep)
    text = readable(render(session, form, settings, tmp_path))
    assert "A representative: Ruth Ellis (daughter)" in text
    assert "Role: Representative of the patient (daughter)" in text
    assert flat(form.signatures.representative) in text
    assert flat(form.signatures.consent) in text


def test_a_signature_typed_on_the_keyboard_says_so(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = fully_ready(form)
    drawn = readable(render(session, form, settings, tmp_path))
    assert "Signed by typing the name on the keyboard" not in drawn
    session.signature(SignatureRole.PATIENT).typed = True
    text = readable(render(session, form, settings, tmp_path))
    assert text.count("Signed by typing the name on the keyboard, not drawn.") == 1


def test_deferred_physician_attestation_is_stated(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = fully_ready(form)
    session.remove_signature(SignatureRole.PHYSICIAN)
    session.attestation_deferred = True
    text = readable(render(session, form, settings, tmp_path))
    assert "Physician attestation: to be added later" in text
    assert "Meaning: physician attestation" not in text


def test_signature_strokes_are_drawn_as_vector_paths(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = fully_ready(form)
    clearance = evaluate(session, form, settings)
    with_ink = render_summary(session, form, settings, clearance)
    for sig in session.signatures:
        sig.strokes = []
    without_ink = render_summary(session, form, settings, clearance)

    def line_ops(data: bytes) -> int:
        return len(re.findall(rb"[\d.]+ [\d.]+ l\b", content_streams(data)))

    segments = sum(
        len(stroke) - 1
        for stroke in signature(SignatureRole.PATIENT, SignatureMeaning.CONSENT, "x").strokes
    )
    assert line_ops(with_ink) - line_ops(without_ink) >= 3 * segments
    path = tmp_path / "ink.pdf"
    path.write_bytes(with_ink)
    images = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert images == []


# --- user text --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Zoë Łukasiewicz-O'Brien", "Ελένη Παπαδοπούλου", "Анна Иванова"])
def test_names_in_any_script_read_back_literally(
    form: FormDefinition, settings: Settings, tmp_path: Path, name: str
) -> None:
    session = fully_ready(form)
    session.intake.full_name = name
    session.put_signature(signature(SignatureRole.PATIENT, SignatureMeaning.CONSENT, name))
    pages = pdftotext(render(session, form, settings, tmp_path))
    for page in pages:
        assert name in page
    assert f"Patient {name}" in flat(pages[0])


def test_markup_in_user_text_reads_back_literally(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = fully_ready(form)
    session.intake.full_name = f"Ann {INJECTION}"
    session.intake.mrn = "<MRN&1>"
    session.checklist.entry("checklist.iv_access").note = INJECTION
    session.set_answer("allergy.latex", Answer.YES, INJECTION)
    path = render(session, form, settings, tmp_path)
    pages = pdftotext(path)
    text = readable(path)
    assert f"Note: {INJECTION}" in text
    assert text.count(INJECTION) >= 3
    for page in pages:
        assert f"Ann {INJECTION}" in page
        assert "<MRN&1>" in page
    images = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert images == []


def test_control_characters_are_removed(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = fully_ready(form)
    session.checklist.entry("checklist.iv_access").note = "before\x00\x07\x1b\x85\x9fafter\nnext"
    text = readable(render(session, form, settings, tmp_path))
    assert "Note: beforeafter next" in text


def test_markup_escapes_and_keeps_newlines() -> None:
    assert markup("a<b>&\nc\x00") == "a&lt;b&gt;&amp;<br/>c"


@pytest.mark.parametrize(
    "note",
    ["word " * 2000, "x" * 10_000],
    ids=["many-words", "one-unbroken-string"],
)
def test_a_10000_character_note_flows_across_pages(
    form: FormDefinition, settings: Settings, tmp_path: Path, ready_pages: list[str], note: str
) -> None:
    session = fully_ready(form)
    session.checklist.entry("checklist.iv_access").note = note
    pages = pdftotext(render(session, form, settings, tmp_path))
    assert len(pages) > len(ready_pages)
    printed = "".join(re.findall(r"x+|word", "\n".join(pages)))
    assert len(printed) >= len(note.replace(" ", "")) * 0.99


def test_a_glyph_the_font_lacks_does_not_crash(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = fully_ready(form)
    session.intake.full_name = "Mei 梅 😀 \U0001f9ec"
    path = render(session, form, settings, tmp_path)
    assert "Mei" in pdftotext(path)[0]


# --- fonts ------------------------------------------------------------------------------------


def test_every_font_is_embedded_noto_and_none_is_helvetica(ready_pdf: Path) -> None:
    lines = subprocess.run(
        ["pdffonts", str(ready_pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    header, rows = lines[0], lines[2:]
    emb = header.index("emb")
    assert rows
    for row in rows:
        assert row[emb : emb + 3] == "yes", row
        assert "NotoSans" in row.split()[0], row
        assert "Helvetica" not in row


# --- form and session record ------------------------------------------------------------------


def test_form_and_session_record_closes_the_summary(ready_pdf: Path, form: FormDefinition) -> None:
    text = readable(ready_pdf)
    meta = form.meta
    assert f"{meta.form_id}, version {meta.version}" in text
    assert flat(meta.clinical_reviewer) in text
    assert ("not yet reviewed" in text) is (meta.review_date is None)
    for source in meta.sources:
        assert flat(source) in text
    assert "Session id" in text


# --- export -----------------------------------------------------------------------------------


def test_file_name_uses_now_when_not_yet_exported(form: FormDefinition, settings: Settings) -> None:
    session = fully_ready(form)
    session.session_id = "../../etc/passwd"
    name = summary_file_name(session, settings)
    assert re.fullmatch(r"consent-\d{8}-\d{4}-etcpassw\.pdf", name)
    today = datetime.now(settings.zone).date()
    assert name[8:16] in {f"{today:%Y%m%d}", f"{today - timedelta(days=1):%Y%m%d}"}


# --- imports ----------------------------------------------------------------------------------


def test_the_package_does_not_import_reportlab_and_the_renderer_not_qt() -> None:
    code = (
        "import sys, consent_app.pdf;"
        "print('reportlab' in sys.modules);"
        "import consent_app.pdf.summary;"
        "print('reportlab' in sys.modules, any(m.startswith('PySide6') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.split() == ["False", "True", "False"]


def test_date_of_birth_reads_day_month_year(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = fully_ready(form)
    session.intake.date_of_birth = date(1951, 12, 9)
    assert "9 Dec 1951" in pdftotext(render(session, form, settings, tmp_path))[-1]


# --- audit trail and record version -----------------------------------------------------------

AUDIT_HEAD = hashlib.sha256(b"the last event of the trail").hexdigest()


def audited(form: FormDefinition) -> ConsentSession:
    """``fully_ready`` with an audit seal and signatures taken a few minutes apart."""
    session = fully_ready(form)
    session.audit = AuditSeal(
        head=AUDIT_HEAD,
        events=57,
        seconds_by_page={"intake": 184.2, "risks": 125.0, "understanding": 45.0, "review": 70.4},
    )
    for minutes, role in enumerate(
        (SignatureRole.PATIENT, SignatureRole.WITNESS, SignatureRole.PHYSICIAN)
    ):
        sig = session.signature(role)
        assert sig is not None
        sig.signed_at = SCHEDULED + timedelta(minutes=7 * minutes)
    return session


def audit_section(pages: list[str]) -> str:
    """The printed lines of section 10, from its heading to the next section's."""
    text = "\n".join(pages)
    start = text.index("10. Audit trail")
    return text[start : text.index("11. Form and session record", start)]


def test_audit_trail_shows_time_on_each_page_with_part_totals(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    section = audit_section(pdftotext(render(audited(form), form, settings, tmp_path)))
    for page, time in (
        ("Intake (patient and procedure)", "3 min 04 s"),
        ("Risks", "2 min 05 s"),
        ("Teach-back questions", "45 s"),
        ("Staff review", "1 min 10 s"),
        ("Total: the patient's part", "2 min 50 s"),
        ("Total: staff pages before the patient", "3 min 04 s"),
        ("Total: staff pages after the patient", "1 min 10 s"),
    ):
        assert re.search(rf"^\s*{re.escape(page)}\s+{time}\s*$", section, re.M), page


def test_audit_trail_lists_each_signature_with_its_time(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    section = audit_section(pdftotext(render(audited(form), form, settings, tmp_path)))
    assert "Signatures taken" in section
    for role, time in (
        ("Patient", "10:00"),
        ("Witness", "10:07"),
        ("Physician", "10:14"),
    ):
        assert re.search(rf"^\s*{role}\s+24 Nov 2026 {time} \(UTC\+00:00\)\s*$", section, re.M)


def test_audit_trail_gives_event_count_chain_head_and_how_to_check(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = audited(form)
    text = readable(render(session, form, settings, tmp_path))
    assert f"Audit trail: 57 events; chain head {AUDIT_HEAD}" in text
    assert f"Check with: consent-app audit verify {session.session_id}" in text


def test_a_page_with_no_time_is_left_out_of_time_spent(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = audited(form)
    assert session.audit is not None
    session.audit.seconds_by_page["decision"] = 0.0  # "positioning" has no entry at all
    section = audit_section(pdftotext(render(session, form, settings, tmp_path)))
    assert re.search(r"^\s*Risks\s+2 min 05 s\s*$", section, re.M)
    assert not re.search(r"^\s*(Positioning|Decision)\b", section, re.M)


def test_damaged_times_do_not_crash_and_are_left_out(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = audited(form)
    session.audit = AuditSeal(
        head=AUDIT_HEAD,
        events=3,
        seconds_by_page={"risks": float("nan"), "decision": float("inf"), "allergy": -4.0},
    )
    section = audit_section(pdftotext(render(session, form, settings, tmp_path)))
    assert "No time was recorded on any page." in section
    assert "Audit trail: 3 events" in flat(section)


def test_a_record_without_audit_trail_says_so(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = audited(form)
    session.audit = None
    section = audit_section(pdftotext(render(session, form, settings, tmp_path)))
    assert "No audit trail was attached to this record." in section
    assert re.search(r"^\s*Witness\s+24 Nov 2026 10:07", section, re.M)


def test_a_later_record_version_shows_its_number_and_reason(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = audited(form)
    session.record_version = 2
    session.version_reason = "late physician attestation"
    pages = pdftotext(render(session, form, settings, tmp_path))
    assert "Record version: 2 (late physician attestation)" in pages[0]
    assert re.search(r"Record version\s+2 \(late physician attestation\)", "\n".join(pages))
    for page in pages:
        assert "Record version 2" in page


def test_the_first_record_version_is_on_every_page(ready_pages: list[str]) -> None:
    assert "Record version:" not in ready_pages[0]
    for page in ready_pages:
        assert "Record version 1" in page


# --- the patient's language, and the clinic's for staff --------------------------------------

#: Wording of the sections about what the patient was shown, answered and decided.
PATIENT_SECTIONS = (
    "shown.section",
    "answers.section",
    "understanding.section",
    "questions.section",
)
#: Wording of staff headings that each appear in a bilingual summary.
STAFF_HEADINGS = (
    "details.section",
    "clearance.section",
    "physician_review.heading",
    "audit.section",
    "audit.time_spent",
    "audit.signatures_taken",
    "record.section",
    "record.sources",
    "details.patient_language",
)


@pytest.fixture(scope="module")
def es_form() -> FormDefinition:
    """The shipped Spanish vertebroplasty form."""
    return load_form("vertebroplasty", "es")


def spanish_session(es_form: FormDefinition) -> ConsentSession:
    """A Spanish session with an allergy finding, a doubt and a staff-only audit trail."""
    session = fully_ready(es_form)
    session.language = "es"
    session.set_answer("allergy.contrast_dye", Answer.YES, "Urticaria tras un TAC")
    session.set_answer("allergy.latex", Answer.NOT_SURE)
    session.audit = AuditSeal(
        head=AUDIT_HEAD, events=12, seconds_by_page={"intake": 184.2, "review": 70.4}
    )
    return session


@pytest.fixture(scope="module")
def spanish_for_english_clinic(
    es_form: FormDefinition, form: FormDefinition, tmp_path_factory: pytest.TempPathFactory
) -> tuple[ConsentSession, str]:
    """A Spanish session summarised for a clinic that works in English, as readable text."""
    settings = Settings(clinic_name="Test Clinic", timezone="Europe/London", clinic_language="en")
    session = spanish_session(es_form)
    clearance = evaluate(session, es_form, settings)
    path = tmp_path_factory.mktemp("es-en") / "summary.pdf"
    path.write_bytes(render_summary(session, es_form, settings, clearance, clinic_form=form))
    return session, readable(path)


def test_spanish_summary_shows_the_patient_sections_in_spanish(
    spanish_for_english_clinic: tuple[ConsentSession, str], es_form: FormDefinition
) -> None:
    _, text = spanish_for_english_clinic
    spanish = load_wording("es")
    for key in PATIENT_SECTIONS:
        assert flat(spanish(key)) in text, key
    for risk in es_form.risks.items:
        assert flat(risk.title) in text
        assert flat(risk.body) in text
        assert flat(spanish("shown.likelihood", likelihood=risk.likelihood)) in text
    assert flat(es_form.signatures.consent) in text


def test_spanish_summary_leaves_out_the_english_patient_sections(
    spanish_for_english_clinic: tuple[ConsentSession, str], form: FormDefinition
) -> None:
    _, text = spanish_for_english_clinic
    english = load_wording("en")
    for key in PATIENT_SECTIONS:
        assert flat(english(key)) not in text, key
    for page in (form.procedure, form.positioning, form.risks.benefits, form.risks.alternatives):
        assert flat(page.heading) not in text
    assert flat(form.decision.heading) not in text
    for risk in form.risks.items:
        assert flat(risk.title) not in text
        assert flat(risk.body) not in text
    # The patient's own signature keeps to their language; the witness's is for staff too.
    assert flat(form.signatures.consent) not in text
    assert flat(form.signatures.witness) in text


def test_spanish_summary_gives_staff_headings_in_both_languages(
    spanish_for_english_clinic: tuple[ConsentSession, str],
    es_form: FormDefinition,
    form: FormDefinition,
) -> None:
    _, text = spanish_for_english_clinic
    for language in ("es", "en"):
        words = load_wording(language)
        for key in STAFF_HEADINGS:
            assert flat(words(key)) in text, (language, key)
    for either in (es_form, form):
        assert flat(either.checklist.heading) in text
        assert flat(either.signatures.heading) in text
        for item in either.checklist.items:
            assert flat(item.label) in text
    assert "Idioma del paciente" in text
    assert "Español / Spanish" in text


def test_spanish_summary_gives_each_finding_in_both_languages(
    spanish_for_english_clinic: tuple[ConsentSession, str],
    es_form: FormDefinition,
    form: FormDefinition,
) -> None:
    session, text = spanish_for_english_clinic
    settings = Settings(clinic_name="Test Clinic", timezone="Europe/London")
    spanish = evaluate(session, es_form, settings).findings
    english = evaluate(session, form, settings).findings
    assert len(spanish) == len(english) >= 2
    for es_finding, en_finding in zip(spanish, english, strict=True):
        assert flat(es_finding.message) in text
        assert flat(en_finding.message) in text
        assert es_finding.field in text


def test_spanish_summary_for_a_spanish_clinic_has_no_english_wording(
    es_form: FormDefinition, tmp_path: Path
) -> None:
    settings = Settings(
        clinic_name="Clínica de Prueba", timezone="Europe/London", clinic_language="es"
    )
    session = spanish_session(es_form)
    session.physician_review = PhysicianReview(
        physician_name="Dra. Ruth Mensah",
        decision=PhysicianDecision.PROCEED_WITH_PRECAUTIONS,
        reason="Material sin látex.",
    )
    clearance = evaluate(session, es_form, settings)
    path = tmp_path / "summary.pdf"
    path.write_bytes(render_summary(session, es_form, settings, clearance, clinic_form=es_form))
    text = "\n".join(pdftotext(path))
    english, spanish = load_wording("en").texts, load_wording("es").texts
    leaks = []
    for key, value in english.items():
        # A template's fixed words, between its placeholders; words Spanish shares are fine.
        for fragment in re.split(r"\{[^}]*\}", value):
            fragment = fragment.strip(" :;,.()")
            if len(fragment) <= 3 or fragment in spanish[key]:
                continue
            if re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", text):
                leaks.append((key, fragment))
    assert leaks == []
    assert "Página 1 de" in text
    assert "1948-03-02" in text


def test_without_the_clinic_form_a_spanish_summary_is_spanish_only(
    es_form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = spanish_session(es_form)
    text = readable(render(session, es_form, settings, tmp_path))
    assert flat(es_form.checklist.heading) in text
    assert "Pre-procedure checklist" not in text
    assert "Página 1 de" in text


def test_an_english_clinic_form_for_an_english_session_changes_nothing(
    form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = fully_ready(form)
    clearance = evaluate(session, form, settings)
    alone = tmp_path / "alone.pdf"
    alone.write_bytes(render_summary(session, form, settings, clearance))
    paired = tmp_path / "paired.pdf"
    paired.write_bytes(render_summary(session, form, settings, clearance, clinic_form=form))
    # "This PDF made" may tick over a minute between the two renders.
    made = re.compile(r"This PDF made.*")
    assert made.sub("", "\n".join(pdftotext(alone))) == made.sub("", "\n".join(pdftotext(paired)))


def test_the_language_the_patient_used_is_stated(ready_pages: list[str]) -> None:
    assert re.search(r"Language the patient used\s+English", "\n".join(ready_pages))


def test_markup_in_spanish_staff_text_reads_back_literally(
    es_form: FormDefinition, form: FormDefinition, settings: Settings, tmp_path: Path
) -> None:
    session = spanish_session(es_form)
    session.intake.interpreter_used = True
    session.intake.interpreter_name = INJECTION
    session.checklist.entry("checklist.iv_access").note = INJECTION
    clearance = evaluate(session, es_form, settings)
    path = tmp_path / "summary.pdf"
    path.write_bytes(render_summary(session, es_form, settings, clearance, clinic_form=form))
    text = readable(path)
    assert f"Sí / Yes: {INJECTION}" in text
    assert f"Nota / Note: {INJECTION}" in text
