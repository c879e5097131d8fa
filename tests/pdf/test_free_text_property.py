"""Any text in any free-text field renders without an exception and reads back from the PDF."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sessions import ready_session

from consent_app.domain.clearance import evaluate
from consent_app.domain.form import Answer
from consent_app.domain.session import RiskAcknowledgement, RiskResponse
from consent_app.pdf.summary import MISSING_GLYPH, _drawable, render_summary

# Characters Noto Sans draws: Latin (with accents), Greek, Cyrillic, digits and the markup-prone
# punctuation. Text from these must come back from the PDF word for word.
COVERED = st.characters(
    codec="utf-8",
    categories=("Lu", "Ll", "Nd"),
    max_codepoint=0x04FF,
    exclude_characters="\u0149\u01c5\u01c8\u01cb\u01f2",
).filter(lambda ch: ord(ch) in _drawable()) | st.sampled_from(list("<>&'\";/=!?.,:()[]{}#%*+-_"))
WORDS = st.lists(st.text(COVERED, min_size=1, max_size=12), min_size=1, max_size=6).map(" ".join)

HOSTILE = st.one_of(
    st.text(),  # anything at all: control characters, emoji, right-to-left, combining marks
    st.sampled_from(
        [
            "<b>bold</b> </para> <img src='/etc/passwd'/> &amp; &lt;",
            "שלום עולם مرحبا",
            "e\u0301\u0301\u0301 Zoë Łukasiewicz-O'Brien",
            "\x00\x1b[31m\x7f\u202e",
            "😀" * 50,
            "word " * 2_000,
        ]
    ),
)


def fill_every_free_text_field(form, text: str):
    """A ready session with ``text`` in every field a person types into."""
    session = ready_session(form)
    intake = session.intake
    for field in (
        "full_name",
        "mrn",
        "procedure",
        "proceduralist",
        "preferred_language",
        "interpreter_name",
        "representative_name",
        "representative_relationship",
    ):
        setattr(intake, field, text)
    for entry in session.checklist.entries.values():
        entry.note = text
    first = form.patient_questions()[0].id
    session.set_answer(first, Answer.YES, detail=text)
    risk = form.risks.items[0].id
    session.risks[risk] = RiskAcknowledgement(response=RiskResponse.QUESTION, question=text)
    session.physician_review.physician_name = text
    session.physician_review.reason = text
    for signature in session.signatures:
        signature.printed_name = text
    return session


def pdf_text(pdf: bytes, tmp: Path) -> str:
    path = tmp / "summary.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


@pytest.mark.slow
@hypothesis_settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=HOSTILE)
def test_any_text_in_every_field_renders(form, settings, text) -> None:
    session = fill_every_free_text_field(form, text)
    pdf = render_summary(session, form, settings, evaluate(session, form, settings))
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")


@hypothesis_settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=WORDS)
def test_text_in_every_field_reads_back_literally(form, settings, tmp_path_factory, text) -> None:
    session = fill_every_free_text_field(form, text)
    pdf = render_summary(session, form, settings, evaluate(session, form, settings))
    extracted = pdf_text(pdf, tmp_path_factory.mktemp("pdf"))
    for word in text.split():
        assert word in extracted


def test_a_character_the_font_lacks_shows_as_a_visible_replacement(form, settings, tmp_path):
    session = fill_every_free_text_field(form, "Li 李 and a smile 😀")
    pdf = render_summary(session, form, settings, evaluate(session, form, settings))
    extracted = pdf_text(pdf, tmp_path)
    assert f"Li {MISSING_GLYPH} and a smile {MISSING_GLYPH}" in extracted
