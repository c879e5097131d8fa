"""The archival summary (PDF/A-3b with the session record attached), checked as an archivist would.

Independent tools read the file where they are installed: qpdf for its structure, poppler's
pdffonts for its fonts and pdftoppm for how it looks, and pikepdf's PDF/A validator (an optional
extra) for conformance. ``check_pdfa`` is tested against files made to break each of its rules.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pikepdf
import pytest
from PIL import Image, ImageChops, ImageCms
from reportlab.pdfgen import canvas as pdfcanvas
from sessions import ready_session

from consent_app.domain.clearance import evaluate
from consent_app.domain.form import FormDefinition
from consent_app.domain.session import ConsentSession
from consent_app.pdf.archive import (
    RECORD_NAME,
    ArchivalError,
    check_pdfa,
    embedded_record,
    make_archival,
    record_bytes,
    record_digest,
)
from consent_app.pdf.summary import RECORD_FILE_NAME, render_summary
from consent_app.settings import Settings

REPO = Path(__file__).resolve().parents[2]
TITLE = "Consent for vertebroplasty — summary"
AUTHOR = "Test Clinic"
CREATED = datetime(2026, 11, 24, 8, 30, 15, tzinfo=ZoneInfo("Europe/London"))


# --- fixtures and helpers ---------------------------------------------------------------------


@pytest.fixture
def session(form: FormDefinition) -> ConsentSession:
    return ready_session(form)


@pytest.fixture
def summary_pdf(session: ConsentSession, form: FormDefinition, settings: Settings) -> bytes:
    """The plain reportlab summary of a ready session."""
    return render_summary(session, form, settings, evaluate(session, form, settings))


@pytest.fixture
def archival(summary_pdf: bytes, session: ConsentSession) -> bytes:
    return archive_of(summary_pdf, record_bytes(session))


def archive_of(pdf: bytes, record: bytes) -> bytes:
    return make_archival(pdf, record, title=TITLE, author=AUTHOR, created=CREATED)


def edited(pdf: bytes, edit: Callable[[pikepdf.Pdf], None], **save: object) -> bytes:
    """The PDF with one change made by pikepdf, everything else kept."""
    with pikepdf.open(BytesIO(pdf)) as doc:
        edit(doc)
        out = BytesIO()
        doc.save(out, fix_metadata_version=False, **save)  # type: ignore[arg-type]
    return out.getvalue()


def helvetica_pdf() -> bytes:
    """One page in reportlab's default font, Helvetica, which reportlab never embeds."""
    buffer = BytesIO()
    page = pdfcanvas.Canvas(buffer)
    page.drawString(72, 720, "Helvetica is one of the standard 14 fonts, so it is not embedded.")
    page.showPage()
    page.save()
    return buffer.getvalue()


def mentions(problems: list[str], *words: str) -> list[str]:
    return [p for p in problems if all(word in p for word in words)]


def pdffonts(path: Path) -> dict[str, bool]:
    """Font name -> embedded, as poppler's pdffonts lists them."""
    result = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True, timeout=60
    )
    lines = result.stdout.splitlines()
    header = lines[0]
    emb = header.index("emb")
    return {line.split()[0]: line[emb : emb + 3] == "yes" for line in lines[2:]}


needs_poppler = pytest.mark.skipif(
    shutil.which("pdffonts") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils is not installed",
)


# --- the record -------------------------------------------------------------------------------


def test_record_bytes_are_the_same_for_the_same_session(session: ConsentSession) -> None:
    assert record_bytes(session) == record_bytes(session)
    assert record_bytes(session) == record_bytes(session.model_copy(deep=True))


def test_record_bytes_are_sorted_compact_utf8_json(session: ConsentSession) -> None:
    session.intake.full_name = "Zoë Ñúñez"
    record = record_bytes(session)
    assert "Zoë Ñúñez".encode() in record  # UTF-8 as is, no \u escapes
    parsed = json.loads(record)
    assert list(parsed) == sorted(parsed)
    # Compact separators: no space after a comma or a colon outside strings.
    assert json.dumps(parsed, sort_keys=True, ensure_ascii=False, separators=(",", ":")) == (
        record.decode("utf-8")
    )


@pytest.mark.parametrize(
    "zone",
    [UTC, ZoneInfo("Europe/London"), timezone(timedelta(hours=-5, minutes=-30))],
    ids=["utc", "london-summer", "minus-0530"],
)
def test_record_bytes_survive_a_json_round_trip(session: ConsentSession, zone: object) -> None:
    # A record reloaded from the store must give the same bytes, hence the same digest.
    summer = datetime(2026, 7, 1, 9, 15, 30, 123456, tzinfo=zone)  # type: ignore[arg-type]
    session.created_at = summer
    session.pages_shown["intro"] = summer
    session.intake.full_name = "Siân O'Connor"
    record = record_bytes(session)
    reloaded = ConsentSession.model_validate_json(record)
    assert reloaded == session
    assert record_bytes(reloaded) == record


def test_record_digest_is_the_sha256_of_the_record(session: ConsentSession) -> None:
    record = record_bytes(session)
    assert record_digest(record) == hashlib.sha256(record).hexdigest()
    assert record_digest(b"") == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )


# --- the archival file ------------------------------------------------------------------------


def test_archival_summary_passes_our_pdfa_check(archival: bytes) -> None:
    assert check_pdfa(archival) == []


def test_archival_summary_claims_pdfa_3b(archival: bytes) -> None:
    with pikepdf.open(BytesIO(archival)) as doc:
        assert doc.open_metadata().pdfa_status == "3B"


def test_archival_summary_passes_pikepdfs_pdfa_validator(archival: bytes) -> None:
    # pikepdf.pdfa needs the 'pdfa' extra (jsonschema, referencing, fontTools); it raises
    # ImportError without them. It inspects font programs and colour use, which we do not.
    pdfa = pytest.importorskip("pikepdf.pdfa")
    report = pdfa.validate_written(BytesIO(archival), "3b")
    assert report.passed, "\n".join(str(finding) for finding in report.findings)


def test_raw_summary_fails_pikepdfs_pdfa_validator(summary_pdf: bytes) -> None:
    pdfa = pytest.importorskip("pikepdf.pdfa")
    assert not pdfa.validate_written(BytesIO(summary_pdf), "3b").passed


def test_archival_summary_passes_qpdf_check(archival: bytes, tmp_path: Path) -> None:
    if shutil.which("qpdf") is None:
        pytest.skip("the qpdf command is not installed (Debian package qpdf)")
    path = tmp_path / "archival.pdf"
    path.write_bytes(archival)
    result = subprocess.run(
        ["qpdf", "--check", str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout
    assert "PDF Version: 1.7" in result.stdout
    assert "File is not encrypted" in result.stdout
    assert "File is not linearized" in result.stdout


def test_archival_summary_passes_libqpdfs_syntax_check(archival: bytes) -> None:
    # The library behind qpdf --check, for machines without the qpdf command.
    with pikepdf.open(BytesIO(archival)) as doc:
        assert doc.check_pdf_syntax() == []


@needs_poppler
def test_pdffonts_lists_every_font_embedded(archival: bytes, tmp_path: Path) -> None:
    path = tmp_path / "archival.pdf"
    path.write_bytes(archival)
    fonts = pdffonts(path)
    assert fonts, "pdffonts found no fonts"
    assert all(fonts.values()), fonts


@needs_poppler
def test_pdffonts_reports_helvetica_not_embedded(tmp_path: Path) -> None:
    # The reading of pdffonts' table above can see a missing font.
    path = tmp_path / "helvetica.pdf"
    path.write_bytes(helvetica_pdf())
    assert pdffonts(path) == {"Helvetica": False}


def test_no_page_has_a_transition(summary_pdf: bytes, archival: bytes) -> None:
    with pikepdf.open(BytesIO(summary_pdf)) as doc:
        assert all("/Trans" in page.obj for page in doc.pages)  # reportlab writes them
    with pikepdf.open(BytesIO(archival)) as doc:
        assert not [n for n, page in enumerate(doc.pages, 1) if "/Trans" in page.obj]


def test_archival_file_is_plain_pdf_1_7_ready_for_incremental_signing(archival: bytes) -> None:
    assert archival.startswith(b"%PDF-1.7\n%")
    assert b"/Type /ObjStm" not in archival
    assert b"/Type /XRef" not in archival
    assert b"\nxref\n" in archival
    with pikepdf.open(BytesIO(archival)) as doc:
        assert not doc.is_linearized
        assert not doc.is_encrypted
        assert len(doc.trailer.ID) == 2
        assert "/Version" not in doc.Root


def test_archival_file_keeps_every_page_and_its_text(summary_pdf: bytes, archival: bytes) -> None:
    with pikepdf.open(BytesIO(summary_pdf)) as before, pikepdf.open(BytesIO(archival)) as after:
        assert len(after.pages) == len(before.pages)
        for old, new in zip(before.pages, after.pages, strict=True):
            assert new.Contents.read_bytes() == old.Contents.read_bytes()


@needs_poppler
def test_archival_first_page_looks_exactly_as_before(
    summary_pdf: bytes, archival: bytes, tmp_path: Path
) -> None:
    def first_page(pdf: bytes, name: str) -> Image.Image:
        source = tmp_path / f"{name}.pdf"
        source.write_bytes(pdf)
        prefix = tmp_path / name
        subprocess.run(
            ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", source, prefix],
            check=True,
            timeout=60,
        )
        return Image.open(f"{prefix}.png").convert("RGB")

    before, after = first_page(summary_pdf, "before"), first_page(archival, "after")
    assert before.size == after.size
    assert ImageChops.difference(before, after).getbbox() is None


def test_same_input_gives_the_same_archival_bytes(
    summary_pdf: bytes, session: ConsentSession
) -> None:
    record = record_bytes(session)
    assert archive_of(summary_pdf, record) == archive_of(summary_pdf, record)


def test_metadata_says_title_author_dates_and_producer(archival: bytes) -> None:
    with pikepdf.open(BytesIO(archival)) as doc:
        meta = doc.open_metadata()
        assert meta["dc:title"] == TITLE
        assert meta["dc:creator"] == [AUTHOR]
        assert datetime.fromisoformat(meta["xmp:CreateDate"]) == CREATED.replace(microsecond=0)
        assert "pikepdf" in meta["pdf:Producer"]
        info = doc.docinfo
        assert str(info.Title) == TITLE
        assert str(info.Author) == AUTHOR
        assert str(info.Producer) == meta["pdf:Producer"]
        assert str(info.CreationDate) == "D:20261124083015+00'00'"
        assert "/Trapped" not in info


def test_output_intent_is_srgb_with_a_readable_icc_profile(archival: bytes) -> None:
    with pikepdf.open(BytesIO(archival)) as doc:
        (intent,) = doc.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFA1
        profile = intent.DestOutputProfile
        assert profile.N == 3
        icc = ImageCms.ImageCmsProfile(BytesIO(profile.read_bytes()))
        assert ImageCms.getProfileDescription(icc).strip() == "sRGB built-in"
        assert ImageCms.getProfileInfo(icc) is not None


def test_record_is_an_associated_data_file_with_dates(archival: bytes) -> None:
    with pikepdf.open(BytesIO(archival)) as doc:
        spec = doc.attachments[RECORD_NAME]
        assert spec.relationship == pikepdf.Name.Data
        assert [item.objgen for item in doc.Root.AF] == [spec.obj.objgen]
        tree = pikepdf.NameTree(doc.Root.Names.EmbeddedFiles)
        assert tree[RECORD_NAME].objgen == spec.obj.objgen
        stored = spec.get_file()
        assert stored.mime_type == "application/json"
        assert stored.creation_date == CREATED.replace(microsecond=0)
        assert stored.mod_date == CREATED.replace(microsecond=0)


def test_embedded_record_reads_back_byte_identical(
    archival: bytes, session: ConsentSession
) -> None:
    record = embedded_record(archival)
    assert record == record_bytes(session)
    assert record is not None
    assert ConsentSession.model_validate_json(record) == session


def test_attachment_name_is_the_one_the_summary_prints() -> None:
    # The summary tells the reader the record is "attached as consent-record.json".
    assert RECORD_NAME == RECORD_FILE_NAME == "consent-record.json"


def test_embedded_record_is_none_when_absent(summary_pdf: bytes) -> None:
    assert embedded_record(summary_pdf) is None


def test_naive_creation_time_is_refused(summary_pdf: bytes, session: ConsentSession) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        make_archival(
            summary_pdf,
            record_bytes(session),
            title=TITLE,
            author=AUTHOR,
            created=datetime(2026, 1, 1),
        )


def test_pdf_with_an_unembedded_font_is_not_made_archival(session: ConsentSession) -> None:
    with pytest.raises(ArchivalError) as raised:
        archive_of(helvetica_pdf(), record_bytes(session))
    assert mentions(raised.value.problems, "Helvetica", "not embedded")


def test_pdf_with_javascript_is_not_made_archival(
    summary_pdf: bytes, session: ConsentSession
) -> None:
    def add_script(doc: pikepdf.Pdf) -> None:
        doc.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")

    with pytest.raises(ArchivalError, match="JavaScript"):
        archive_of(edited(summary_pdf, add_script), record_bytes(session))


# --- check_pdfa finds what is wrong -----------------------------------------------------------


def test_check_flags_the_raw_reportlab_summary(summary_pdf: bytes) -> None:
    problems = check_pdfa(summary_pdf)
    assert mentions(problems, "no XMP metadata")
    assert mentions(problems, "no PDF/A output intent")
    with pikepdf.open(BytesIO(summary_pdf)) as doc:
        pages = len(doc.pages)
    assert len(mentions(problems, "page transition (/Trans)")) == pages
    assert not mentions(problems, "font")  # the summary's own fonts are embedded


def test_check_flags_an_attachment_without_afrelationship(archival: bytes) -> None:
    def drop_relationship(doc: pikepdf.Pdf) -> None:
        del doc.attachments[RECORD_NAME].obj["/AFRelationship"]

    problems = check_pdfa(edited(archival, drop_relationship))
    assert problems == [f"The embedded file {RECORD_NAME} has no /AFRelationship."]


def test_check_flags_an_attachment_missing_from_the_af_array(archival: bytes) -> None:
    def drop_af(doc: pikepdf.Pdf) -> None:
        del doc.Root["/AF"]

    problems = check_pdfa(edited(archival, drop_af))
    assert problems == [f"The embedded file {RECORD_NAME} is not listed in the catalog's /AF."]


def test_check_flags_an_attachment_without_a_mime_type(archival: bytes) -> None:
    def drop_mime(doc: pikepdf.Pdf) -> None:
        del doc.attachments[RECORD_NAME].obj.EF.F["/Subtype"]

    problems = check_pdfa(edited(archival, drop_mime))
    assert problems == [f"The embedded file {RECORD_NAME} has no MIME type (/Subtype)."]


def test_check_flags_an_unembedded_helvetica(archival: bytes) -> None:
    with pikepdf.open(BytesIO(helvetica_pdf())) as source:
        page = source.pages[0]
        del page.obj["/Trans"]

        def add_helvetica_page(doc: pikepdf.Pdf) -> None:
            doc.pages.append(page)

        problems = check_pdfa(edited(archival, add_helvetica_page))
    assert len(problems) == 1
    assert mentions(problems, "font Helvetica is not embedded", "on page 10")


def test_check_finds_fonts_inside_form_xobjects(archival: bytes) -> None:
    with pikepdf.open(BytesIO(helvetica_pdf())) as source:
        helvetica = source.pages[0].Resources.Font

        def add_form_with_helvetica(doc: pikepdf.Pdf) -> None:
            form = doc.make_stream(b"BT /F1 9 Tf (x) Tj ET")
            form.Type, form.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
            form.BBox = [0, 0, 10, 10]
            form.Resources = pikepdf.Dictionary(Font=doc.copy_foreign(helvetica))
            doc.pages[0].Resources.XObject = pikepdf.Dictionary(Fx=form)

        problems = check_pdfa(edited(archival, add_form_with_helvetica))
    assert mentions(problems, "Helvetica", "/Fx", "page 1")


def test_check_flags_metadata_that_disagrees_with_the_info(archival: bytes) -> None:
    def retitle(doc: pikepdf.Pdf) -> None:
        doc.docinfo.Title = "Another title"

    problems = check_pdfa(edited(archival, retitle))
    assert problems == [
        f"The document info title ('Another title') and the XMP dc:title ({TITLE!r}) differ."
    ]


def test_check_flags_a_pdfa_2b_claim(archival: bytes) -> None:
    def claim_2b(doc: pikepdf.Pdf) -> None:
        with doc.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["pdfaid:part"] = "2"

    assert check_pdfa(edited(archival, claim_2b)) == [
        "The XMP identifies the file as PDF/A-2B, not PDF/A-3B."
    ]


def test_check_flags_javascript(archival: bytes) -> None:
    def add_script(doc: pikepdf.Pdf) -> None:
        doc.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")

    assert check_pdfa(edited(archival, add_script)) == [
        "The file contains a JavaScript action (/JS)."
    ]


def test_check_flags_document_javascript_and_a_launch_action(archival: bytes) -> None:
    def add_actions(doc: pikepdf.Pdf) -> None:
        doc.Root.Names.JavaScript = pikepdf.Dictionary(Names=[])
        doc.Root.OpenAction = pikepdf.Dictionary(
            Type=pikepdf.Name.Action, S=pikepdf.Name.Launch, F="calc.exe"
        )

    assert check_pdfa(edited(archival, add_actions)) == [
        "The catalog's name tree holds document JavaScript (/JavaScript).",
        "The file contains a Launch action, which PDF/A forbids.",
    ]


def test_check_flags_a_font_whose_program_is_missing(archival: bytes) -> None:
    def drop_font_programs(doc: pikepdf.Pdf) -> None:
        for font in doc.pages[0].Resources.Font.values():
            del font.FontDescriptor["/FontFile2"]

    problems = check_pdfa(edited(archival, drop_font_programs))
    assert len(problems) == 2
    assert len(mentions(problems, "NotoSans", "not embedded (no FontFile", "on page 1")) == 2


def test_check_flags_encryption(archival: bytes) -> None:
    encrypted = edited(
        archival, lambda doc: None, encryption=pikepdf.Encryption(owner="o", user="")
    )
    assert mentions(check_pdfa(encrypted), "encrypted")


def test_check_flags_a_missing_trailer_id(archival: bytes) -> None:
    # qpdf always writes an /ID, so cut it out of the bytes (same length, offsets kept).
    start = archival.rindex(b"/ID [")
    end = archival.index(b"]", start) + 1
    without_id = archival[:start] + b" " * (end - start) + archival[end:]
    assert mentions(check_pdfa(without_id), "no /ID")


def test_check_flags_a_version_above_1_7(archival: bytes) -> None:
    assert mentions(check_pdfa(b"%PDF-2.0" + archival[8:]), "PDF 2.0")


@pytest.mark.parametrize("flags", [0, 4 | 2, 4 | 32], ids=["not-printed", "hidden", "no-view"])
def test_check_flags_a_hidden_or_unprinted_annotation(archival: bytes, flags: int) -> None:
    def add_note(doc: pikepdf.Pdf) -> None:
        appearance = doc.make_stream(b"")
        appearance.BBox = [0, 0, 10, 10]
        note = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Square,
            Rect=[0, 0, 10, 10],
            F=flags,
            AP=pikepdf.Dictionary(N=appearance),
        )
        doc.pages[0].Annots = doc.make_indirect(pikepdf.Array([note]))

    assert check_pdfa(edited(archival, add_note)) == [
        f"A Square annotation on page 1 is hidden or not printable (/F {flags})."
    ]


# --- import cost ------------------------------------------------------------------------------


def test_starting_the_app_does_not_load_pikepdf() -> None:
    # pikepdf is heavy and only needed at export: start-up must not import the archive module.
    probe = (
        "import importlib, pkgutil, sys\n"
        "import consent_app.app, consent_app.ui\n"
        "for m in pkgutil.iter_modules(consent_app.ui.__path__):\n"
        "    importlib.import_module('consent_app.ui.' + m.name)\n"
        "print('pikepdf' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.stdout.strip() == "False", result.stderr
