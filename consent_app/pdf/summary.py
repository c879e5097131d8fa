"""The PDF summary of one consent session: what the patient was shown, said and signed.

This is the legal record. Every page carries the patient's name, date of birth and MRN, the form
id and version and "Page X of Y". Every piece of text from the session is escaped before it
reaches a reportlab ``Paragraph``: a name such as ``<img src="/etc/passwd"/>`` must print as
those characters, never restyle the page or embed a file. The only font is the bundled Noto Sans,
embedded, so the record reads the same on any machine in ten years.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

import fontpkg_noto_sans
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)

from consent_app.domain.clearance import Clearance, ClearanceStatus, Finding
from consent_app.domain.form import Answer, FormDefinition, Question, Severity
from consent_app.domain.session import (
    Consenter,
    ConsentSession,
    Decision,
    MealType,
    PhysicianDecision,
    RiskResponse,
    Signature,
    SignatureMeaning,
    SignatureRole,
)
from consent_app.domain.validation import clean_text
from consent_app.settings import Settings

#: The name of the session record attached inside the sealed PDF.
RECORD_FILE_NAME = "consent-record.json"
#: Height of the room left for the seal's visible stamp, in points.
SEAL_STAMP_HEIGHT = 72

FONT = "NotoSans"
FONT_ITALIC = "NotoSans-Italic"
_FONT_FILES = {
    FONT: "NotoSans[wdth,wght].ttf",
    FONT_ITALIC: "NotoSans-Italic[wdth,wght].ttf",
}

# A calm palette: dark ink, one navy for headings, tints for the outcome and the findings.
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
NAVY = colors.HexColor("#243b53")
RULE = colors.HexColor("#c5ccd6")
GRID = colors.HexColor("#d5dbe3")
HEADER_FILL = colors.HexColor("#eef1f5")
CARD_FILL = colors.HexColor("#f8f9fb")
NOT_ANSWERED = colors.HexColor("#a61b1b")

_TONES: dict[str, tuple[colors.Color, colors.Color]] = {
    # (strong colour for text and bars, light tint for fills)
    "ready": (colors.HexColor("#1e6b45"), colors.HexColor("#e4f3ea")),
    "nurse_action": (colors.HexColor("#2d5b8a"), colors.HexColor("#e6eef7")),
    "physician_review": (colors.HexColor("#8a5300"), colors.HexColor("#fdf1d8")),
    "do_not_proceed": (colors.HexColor("#a61b1b"), colors.HexColor("#fbe6e6")),
}

STATUS_WORDS = {
    ClearanceStatus.READY: "Ready",
    ClearanceStatus.PHYSICIAN_REVIEW: "Physician review required",
    ClearanceStatus.DO_NOT_PROCEED: "Do not proceed",
}

SEVERITY_WORDS = {
    Severity.NURSE_ACTION: "Nurse action",
    Severity.PHYSICIAN_REVIEW: "Physician review",
    Severity.DO_NOT_PROCEED: "Do not proceed",
}

DECISION_WORDS = {
    Decision.AGREE: "Consent given",
    Decision.REFUSE: "Informed refusal: the patient declined the procedure",
    Decision.TALK_FIRST: "Wants to talk to the doctor first — no consent given",
}
NO_DECISION = "No decision recorded — no consent given"

ANSWER_WORDS = {
    Answer.YES: "Yes",
    Answer.NO: "No",
    Answer.NOT_SURE: "Not sure",
    Answer.NOT_APPLICABLE: "Not applicable",
}
NOT_ANSWERED_WORDS = "NOT ANSWERED"

ROLE_WORDS = {
    SignatureRole.PATIENT: "Patient",
    SignatureRole.REPRESENTATIVE: "Representative of the patient",
    SignatureRole.INTERPRETER: "Interpreter",
    SignatureRole.WITNESS: "Witness",
    SignatureRole.PHYSICIAN: "Physician",
}

PHYSICIAN_DECISION_WORDS = {
    PhysicianDecision.PROCEED: "Proceed",
    PhysicianDecision.PROCEED_WITH_PRECAUTIONS: "Proceed with precautions",
    PhysicianDecision.DO_NOT_PROCEED: "Do not proceed",
}

#: The wizard's pages in plain words, in the parts they belong to and in the wizard's order.
PAGE_GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Staff pages before the patient",
        (
            ("intake", "Intake (patient and procedure)"),
            ("checklist", "Pre-procedure checklist"),
            ("handover", "Handover to the patient"),
        ),
    ),
    (
        "The patient's part",
        (
            ("procedure", "The procedure"),
            ("positioning", "Positioning"),
            ("allergy", "Allergies"),
            ("risks", "Risks"),
            ("understanding", "Teach-back questions"),
            ("decision", "Decision"),
            ("patient_signature", "Patient signature"),
        ),
    ),
    (
        "Staff pages after the patient",
        (
            ("review", "Staff review"),
            ("staff_signatures", "Staff signatures"),
            ("done", "Export"),
        ),
    ),
)
#: Pages in an audit trail that this version of the app does not know (a newer or older app).
OTHER_PAGES = "Other pages"
NO_AUDIT_TRAIL = "No audit trail was attached to this record."

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# C0 and C1 control characters other than tab and newline: invisible, and some break the PDF.

SIGNATURE_BOX = (70 * mm, 25 * mm)
# SimpleDocTemplate's frame pads its content by reportlab's default of 6 pt on every side; the
# header and footer line up with the content, not with the bare margin.
_FRAME_PADDING = 6.0
MARGIN_X = 20 * mm
# The signature pad's ink width in logical pixels at no pressure and at full pressure.
_PEN_WIDTH = (1.5, 4.0)


# --- text -------------------------------------------------------------------------------------


#: Drawn in place of a character the font has no glyph for, so nothing vanishes unseen.
MISSING_GLYPH = "\ufffd"


@cache
def _drawable() -> frozenset[int]:
    """The code points the summary's font can draw."""
    register_fonts()
    face = pdfmetrics.getFont(FONT).face
    return frozenset(face.charToGlyph)


def clean(text: object) -> str:
    """Any value as text, cleaned as stored text is, with each character the font cannot draw
    (CJK, emoji, …) shown as a visible replacement mark rather than silently left blank."""
    drawable = _drawable()
    return "".join(
        ch if ch in "\n\t" or ord(ch) in drawable else MISSING_GLYPH for ch in clean_text(str(text))
    )


def markup(text: object) -> str:
    """Any text, made safe for a reportlab Paragraph: cleaned, escaped, newlines kept."""
    return escape(clean(text)).replace("\t", "    ").replace("\n", "<br/>")


def format_date(value: date | None) -> str:
    """A date that cannot be misread in any country: ``2 Mar 1948``."""
    if value is None:
        return "not recorded"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def format_time(value: datetime | None, settings: Settings) -> str:
    """A time in the clinic's zone with its UTC offset: ``24 Nov 2026 08:00 (UTC+00:00)``."""
    if value is None:
        return "not recorded"
    if value.tzinfo is None:
        return f"{format_date(value.date())} {value:%H:%M} (time zone not recorded)"
    local = value.astimezone(settings.zone)
    offset = local.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{format_date(local.date())} {local:%H:%M} (UTC{sign}{hours:02d}:{mins:02d})"


def whole_seconds(seconds: float) -> int | None:
    """Time on a page in whole seconds (half up), or None when no time was recorded.

    Zero, negative and non-finite values (a damaged record) count as no time, never as a crash.
    """
    if not math.isfinite(seconds) or seconds <= 0:
        return None
    return math.floor(seconds + 0.5)


def format_duration(seconds: int) -> str:
    """Whole seconds as ``45 s``, ``2 min 05 s`` or ``1 h 02 min 05 s``.

    0 is time that was recorded but rounds to nothing: it reads ``under 1 s``, never ``0 s``.
    """
    if seconds <= 0:
        return "under 1 s"
    if seconds < 60:
        return f"{seconds} s"
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min {secs:02d} s"


def answer_words(answer: Answer | None) -> str:
    """An answer in words; an unanswered question is NOT ANSWERED, never blank and never no."""
    return NOT_ANSWERED_WORDS if answer is None else ANSWER_WORDS[answer]


# --- fonts and styles -------------------------------------------------------------------------


@cache
def register_fonts() -> None:
    """Register the bundled Noto Sans with reportlab, once per process.

    Noto Sans ships as a variable font; reportlab uses its default (Regular) instance. There is
    no bold file, so ``<b>`` maps to the regular face and emphasis comes from size and colour.
    """
    folder = Path(fontpkg_noto_sans.ROOT) / "files"
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in _FONT_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT, italic=FONT_ITALIC, boldItalic=FONT_ITALIC
    )


def build_stylesheet() -> StyleSheet1:
    """The named paragraph styles of the summary, all in Noto Sans."""
    sheet = StyleSheet1()
    base = ParagraphStyle(
        "Body",
        fontName=FONT,
        fontSize=9.5,
        leading=13,
        textColor=INK,
        alignment=TA_LEFT,
        spaceAfter=4,
        splitLongWords=1,
    )
    sheet.add(base)
    add = sheet.add
    add(ParagraphStyle("Title", parent=base, fontSize=20, leading=25, textColor=NAVY, spaceAfter=2))
    add(ParagraphStyle("Subtitle", parent=base, fontSize=9.5, textColor=MUTED, spaceAfter=10))
    add(
        ParagraphStyle(
            "Section",
            parent=base,
            fontSize=13.5,
            leading=17,
            textColor=NAVY,
            spaceBefore=16,
            spaceAfter=7,
        )
    )
    add(
        ParagraphStyle(
            "Subsection",
            parent=base,
            fontSize=11,
            leading=14,
            textColor=NAVY,
            spaceBefore=9,
            spaceAfter=4,
        )
    )
    add(
        ParagraphStyle(
            "Lead", parent=base, textColor=MUTED, fontSize=8.5, leading=11.5, spaceAfter=6
        )
    )
    add(ParagraphStyle("Cell", parent=base, fontSize=8.8, leading=11.5, spaceAfter=0))
    add(
        ParagraphStyle(
            "CellMuted", parent=base, fontSize=8.3, leading=11, spaceAfter=0, textColor=MUTED
        )
    )
    add(
        ParagraphStyle(
            "CellHead", parent=base, fontSize=8, leading=10.5, spaceAfter=0, textColor=MUTED
        )
    )
    add(
        ParagraphStyle(
            "CardTitle", parent=base, fontSize=10.5, leading=13.5, textColor=NAVY, spaceAfter=0
        )
    )
    add(
        ParagraphStyle(
            "Quote", parent=base, fontName=FONT_ITALIC, fontSize=9, leading=12, spaceAfter=0
        )
    )
    add(
        ParagraphStyle(
            "Statement",
            parent=base,
            fontName=FONT_ITALIC,
            fontSize=8.5,
            leading=11.5,
            textColor=MUTED,
            spaceAfter=0,
        )
    )
    add(ParagraphStyle("BannerStatus", parent=base, fontSize=15, leading=19, spaceAfter=0))
    add(ParagraphStyle("BannerLine", parent=base, fontSize=10, leading=13.5, spaceAfter=0))
    add(
        ParagraphStyle(
            "Small", parent=base, fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=2
        )
    )
    return sheet


# --- drawing ----------------------------------------------------------------------------------


class SignatureDrawing(Flowable):
    """A handwritten signature redrawn from its strokes as vector paths, scaled to fit a box.

    The pad's whole canvas is scaled (keeping its aspect), so the signature sits where it was
    written. Line width follows the recorded pressure, as it did on the pad.
    """

    def __init__(self, signature: Signature, box: tuple[float, float] = SIGNATURE_BOX) -> None:
        super().__init__()
        self.strokes = signature.strokes
        self.source_size = (float(signature.canvas_width), float(signature.canvas_height))
        self.scale = min(box[0] / self.source_size[0], box[1] / self.source_size[1])
        self.width = self.source_size[0] * self.scale
        self.height = self.source_size[1] * self.scale

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """The scaled size of the signing pad."""
        return self.width, self.height

    def _point(self, x: float, y: float) -> tuple[float, float]:
        # The pad measures y downwards; PDF measures it upwards.
        x = min(max(x, 0.0), self.source_size[0])
        y = min(max(y, 0.0), self.source_size[1])
        return x * self.scale, self.height - y * self.scale

    def _width(self, pressure: float) -> float:
        pressure = min(max(pressure, 0.0), 1.0)
        low, high = _PEN_WIDTH
        return max((low + (high - low) * pressure) * self.scale, 0.35)

    def draw(self) -> None:
        """Draw each stroke; a run of segments of equal width becomes one path."""
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(INK)
        canv.setFillColor(INK)
        canv.setLineCap(1)
        canv.setLineJoin(1)
        for stroke in self.strokes:
            if not stroke:
                continue
            if len(stroke) == 1:
                x, y = self._point(stroke[0][0], stroke[0][1])
                canv.circle(x, y, self._width(stroke[0][2]) / 2, stroke=0, fill=1)
                continue
            path = None
            width = None
            for start, end in itertools.pairwise(stroke):
                segment_width = round(self._width((start[2] + end[2]) / 2), 2)
                if path is None or segment_width != width:
                    if path is not None:
                        canv.drawPath(path, stroke=1, fill=0)
                    width = segment_width
                    canv.setLineWidth(width)
                    path = canv.beginPath()
                    path.moveTo(*self._point(start[0], start[1]))
                path.lineTo(*self._point(end[0], end[1]))
            if path is not None:
                canv.drawPath(path, stroke=1, fill=0)
        canv.restoreState()


class _NumberedCanvas(pdfcanvas.Canvas):
    """A canvas that holds every page back until the end, to print "Page X of Y" on each."""

    footer_font_size = 7.5
    margin = MARGIN_X + _FRAME_PADDING
    footer_y = 12 * mm

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        """Keep the page; it is drawn once the page count is known."""
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        """Number every kept page, then write the document."""
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_page_number(total)
            super().showPage()
        super().save()

    def _draw_page_number(self, total: int) -> None:
        self.saveState()
        self.setFont(FONT, self.footer_font_size)
        self.setFillColor(MUTED)
        width = self._pagesize[0]
        self.drawRightString(
            width - self.margin, self.footer_y, f"Page {self._pageNumber} of {total}"
        )
        self.restoreState()


def _fit(text: str, font: str, size: float, min_size: float, width: float) -> tuple[str, float]:
    """Shrink a header line to fit; only a name too long even at the smallest size is cut."""
    while size > min_size and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 0.5
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text, size
    # No glyph is narrower than a fifth of the size: drop what cannot fit before measuring.
    text = text[: int(width / (size * 0.2)) + 1]
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…", size


# --- the renderer -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SealBox:
    """Where the renderer left room for the visible seal: page index (from 0) and a rectangle."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float


class _SealSpace(Flowable):
    """Free space at the end of the summary, where the seal's visible stamp is drawn."""

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width, self.height = width, height
        self.box: SealBox | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        self.box = SealBox(self.canv.getPageNumber() - 1, x, y, x + self.width, y + self.height)


class SummaryRenderer:
    """Renders a consent session, its clearance and the form it used as a PDF summary."""

    pagesize = A4
    margin_x = MARGIN_X
    margin_top = 31 * mm
    margin_bottom = 22 * mm

    def __init__(self, form: FormDefinition, settings: Settings) -> None:
        register_fonts()
        self.form = form
        self.settings = settings
        self.styles = build_stylesheet()
        self.content_width = self.pagesize[0] - 2 * (self.margin_x + _FRAME_PADDING)
        self._session: ConsentSession | None = None
        self.record_sha256: str | None = None
        self.seal_space: _SealSpace | None = None

    # -- entry point --

    def render(self, session: ConsentSession, clearance: Clearance, stream: IO[bytes]) -> None:
        """Write the summary of a session to a binary stream."""
        doc = SimpleDocTemplate(
            stream,
            pagesize=self.pagesize,
            leftMargin=self.margin_x,
            rightMargin=self.margin_x,
            topMargin=self.margin_top,
            bottomMargin=self.margin_bottom,
            title=f"{self.form.meta.title} — summary",
            subject="Consent summary",
            author=self.settings.clinic_name,
            creator="consent-app",
            lang=self.form.meta.language,
            initialFontName=FONT,
            initialFontSize=9.5,
        )
        self._session = session
        try:
            doc.build(
                self._story(session, clearance),
                onFirstPage=self._on_page,
                onLaterPages=self._on_page,
                canvasmaker=_NumberedCanvas,
            )
        finally:
            self._session = None

    # -- page furniture --

    def _on_page(self, canvas: pdfcanvas.Canvas, doc: SimpleDocTemplate) -> None:
        """Header (patient, date of birth, MRN, clinic) and footer (form, version, session)."""
        session = self._session
        if session is None:  # pragma: no cover - only called while rendering
            return
        intake = session.intake
        width, height = self.pagesize
        left = self.margin_x + _FRAME_PADDING
        right = width - left
        top = height - 12 * mm
        canvas.saveState()
        canvas.setFillColor(INK)
        name = clean(intake.full_name).replace("\n", " ").strip() or "Name not recorded"
        name_width = self.content_width * 0.66
        text, size = _fit(name, FONT, 11, 7, name_width)
        canvas.setFont(FONT, size)
        canvas.drawString(left, top - 11, text)
        ids = (
            f"Date of birth {format_date(intake.date_of_birth)}   ·   "
            f"MRN {clean(intake.mrn).strip() or 'not recorded'}"
        )
        text, size = _fit(ids, FONT, 8.5, 6, name_width)
        canvas.setFont(FONT, size)
        canvas.setFillColor(MUTED)
        canvas.drawString(left, top - 23, text)
        clinic, size = _fit(clean(self.settings.clinic_name), FONT, 8, 6, self.content_width * 0.3)
        canvas.setFont(FONT, size)
        canvas.drawRightString(right, top - 10, clinic)
        canvas.setFont(FONT, 8)
        canvas.drawRightString(right, top - 22, "Consent summary")
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(left, top - 29, right, top - 29)
        canvas.line(left, 17 * mm, right, 17 * mm)
        canvas.setFont(FONT, _NumberedCanvas.footer_font_size)
        meta = self.form.meta
        canvas.drawString(
            left,
            _NumberedCanvas.footer_y,
            clean(
                f"Form {meta.form_id}, version {meta.version}   ·   "
                f"Session {session.session_id[:8]}   ·   "
                f"Record version {session.record_version}"
            ),
        )
        canvas.restoreState()

    # -- the story --

    def _story(self, session: ConsentSession, clearance: Clearance) -> list[Flowable]:
        """Every section of the summary, in reading order."""
        story: list[Flowable] = []
        for part in (
            self._title_and_outcome(session, clearance),
            self._patient_and_procedure(session),
            self._clearance(session, clearance),
            self._checklist(session, clearance),
            self._disclosures(session),
            self._answers(session, clearance),
            self._understanding(session),
            self._questions_raised(session),
            self._decision(session),
            self._signatures(session),
            self._audit_trail(session),
            self._record(session),
        ):
            story.extend(part)
        if self.seal_space is not None:
            story.extend(self._seal_section())
        return story

    def _seal_section(self) -> list[Flowable]:
        """The last thing in the summary: what the seal proves, and room for its stamp."""
        assert self.seal_space is not None
        return [
            KeepTogether(
                [
                    *self._subsection("Digital seal"),
                    self._p(
                        "This summary is sealed with the clinic's digital signature. The seal "
                        "covers every page and the attached session record "
                        f"({RECORD_FILE_NAME}); any change after sealing breaks it. Check it "
                        "with any PDF reader, or with: consent-app verify FILE.pdf",
                        "Small",
                    ),
                    self.seal_space,
                ]
            )
        ]

    # -- building blocks --

    def _p(self, text: str, style: str = "Body") -> Paragraph:
        """A paragraph of text that has already been escaped (see :func:`markup`)."""
        return Paragraph(text, self.styles[style])

    def _section(self, number: int, title: str) -> list[Flowable]:
        """A numbered section heading, moved to the next page if it would sit at the bottom.

        Not ``keepWithNext``: that would carry a whole table to the next page with its
        heading and leave half a page blank; a conditional break keeps only a heading's first
        lines with it.
        """
        heading = self._p(f"{number}.&nbsp;&nbsp;{markup(title)}", "Section")
        return [CondPageBreak(50 * mm), heading]

    def _subsection(self, title: str) -> list[Flowable]:
        """A heading within a section (escaped here)."""
        return [CondPageBreak(32 * mm), self._p(markup(title), "Subsection")]

    def _coloured(self, text: str, colour: colors.Color) -> str:
        return f'<font color="{colour.hexval()}">{text}</font>'

    def _answer_markup(self, answer: Answer | None) -> str:
        words = markup(answer_words(answer))
        return self._coloured(words, NOT_ANSWERED) if answer is None else words

    def _optional(self, value: str, missing: str = "not recorded") -> str:
        """Escaped user text, or a muted word saying that it is missing."""
        value = clean(value).strip()
        return markup(value) if value else self._coloured(markup(missing), MUTED)

    def _table(
        self,
        rows: Sequence[Sequence[Flowable | str]],
        fractions: Sequence[float],
        header: bool = True,
        extra: Iterable[tuple[Any, ...]] = (),
    ) -> Table:
        """A table with a light grid and a tinted header row; rows may split across pages."""
        widths = [self.content_width * f for f in fractions]
        style: list[tuple[Any, ...]] = [
            # Cells are all Paragraphs, but reportlab sets a cell font anyway: keep it Noto.
            ("FONT", (0, 0), (-1, -1), FONT, 8.8),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ("TOPPADDING", (0, 0), (-1, -1), 3.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
        ]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL))
        style.extend(extra)
        return Table(
            [list(row) for row in rows],
            colWidths=widths,
            style=style,
            repeatRows=1 if header else 0,
            splitInRow=1,
            hAlign="LEFT",
        )

    def _head(self, *labels: str) -> list[Flowable]:
        return [self._p(markup(label), "CellHead") for label in labels]

    def _key_values(self, rows: Sequence[tuple[str, str]]) -> Table:
        """Label / value rows (values already escaped), ruled lightly between rows."""
        data = [
            [self._p(markup(label), "CellMuted"), self._p(value, "Cell")] for label, value in rows
        ]
        return Table(
            data,
            colWidths=[self.content_width * 0.3, self.content_width * 0.7],
            style=[
                ("FONT", (0, 0), (-1, -1), FONT, 8.8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, GRID),
                ("LINEABOVE", (0, 0), (-1, 0), 0.5, GRID),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 3.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
            ],
            splitInRow=1,
            hAlign="LEFT",
        )

    def _worst(self, clearance: Clearance, field: str) -> Severity | None:
        severities = [f.severity for f in clearance.findings if f.field == field]
        return max(severities, key=lambda s: s.rank, default=None)

    def _tint_row(self, severity: Severity | None, row: int, column: int) -> list[tuple[Any, ...]]:
        """Tint an answer cell that led to a finding, in the colour of its severity."""
        if severity is None:
            return []
        return [("BACKGROUND", (column, row), (column, row), _TONES[severity.value][1])]

    def _field_label(self, field: str) -> str:
        """What a finding's field is, in the form's words."""
        for question in self.form.patient_questions():
            if question.id == field:
                return question.staff_label
        for item in self.form.checklist.items:
            if item.id == field:
                return item.label
        for risk in self.form.risks.items:
            if risk.id == field:
                return f"Risk: {risk.title}"
        for teach in self.form.understanding.questions:
            if teach.id == field:
                return f"Understanding: {teach.text}"
        if field == "decision":
            return "Decision"
        return field

    # -- sections --

    def _title_and_outcome(self, session: ConsentSession, clearance: Clearance) -> list[Flowable]:
        meta = self.form.meta
        strong, tint = _TONES[clearance.status.value]
        decision = DECISION_WORDS[session.decision] if session.decision else NO_DECISION
        count = len(clearance.findings)
        findings = (
            "No findings."
            if count == 0
            else (f"{count} finding{'s' if count != 1 else ''}: see section 3.")
        )
        banner = Table(
            [
                [self._p(markup("Outcome of the checks"), "CellMuted")],
                [
                    self._p(
                        self._coloured(markup(STATUS_WORDS[clearance.status]), strong),
                        "BannerStatus",
                    )
                ],
                [self._p(f"Decision: {markup(decision)}", "BannerLine")],
                [self._p(markup(findings), "CellMuted")],
            ],
            colWidths=[self.content_width],
            style=[
                ("FONT", (0, 0), (-1, -1), FONT, 9),
                ("BACKGROUND", (0, 0), (-1, -1), tint),
                ("LINEBEFORE", (0, 0), (0, -1), 5, strong),
                ("LEFTPADDING", (0, 0), (-1, -1), 12),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("TOPPADDING", (0, 0), (-1, 0), 8),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 9),
            ],
            hAlign="LEFT",
        )
        subtitle = (
            f"{markup(self.settings.clinic_name)}   ·   {markup(meta.procedure_name)}   ·   "
            f"form {markup(meta.form_id)} version {markup(meta.version)}"
        )
        story: list[Flowable] = [
            self._p(markup(meta.title), "Title"),
            self._p(subtitle, "Subtitle"),
        ]
        if session.record_version > 1:
            # A later version (e.g. a late attestation) must not pass for the first export.
            version = self._coloured(
                f"Record version: {self._record_version(session)}", _TONES["nurse_action"][0]
            )
            story.append(self._p(version, "BannerLine"))
            story.append(Spacer(1, 6))
        story.append(KeepTogether([banner]))
        return story

    def _patient_and_procedure(self, session: ConsentSession) -> list[Flowable]:
        intake = session.intake
        if intake.consenter is Consenter.REPRESENTATIVE:
            name = self._optional(intake.representative_name, "name not recorded")
            relationship = self._optional(
                intake.representative_relationship, "relationship not recorded"
            )
            consenter = f"A representative: {name} ({relationship})"
        else:
            consenter = "The patient"
        interpreter = (
            f"Yes: {self._optional(intake.interpreter_name, 'name not recorded')}"
            if intake.interpreter_used
            else "No"
        )
        levels = ", ".join(clean(level) for level in intake.levels)
        form_language = self.form.meta.language
        rows = [
            ("Patient", self._optional(intake.full_name)),
            ("Date of birth", markup(format_date(intake.date_of_birth))),
            ("MRN", self._optional(intake.mrn)),
            ("Procedure", self._optional(intake.procedure)),
            ("Levels", self._optional(levels)),
            ("Proceduralist", self._optional(intake.proceduralist)),
            ("Scheduled", markup(format_time(intake.scheduled_at, self.settings))),
            ("Patient's language", self._optional(intake.preferred_language)),
            ("Language of the form", markup(f"{session.language} (form {form_language})")),
            ("Interpreter", interpreter),
            ("Who consents", consenter),
        ]
        return [*self._section(1, "Patient and procedure"), self._key_values(rows)]

    def _clearance(self, session: ConsentSession, clearance: Clearance) -> list[Flowable]:
        strong, _ = _TONES[clearance.status.value]
        story: list[Flowable] = [
            *self._section(2, "Clearance and findings"),
            self._p("Clearance: " + self._coloured(markup(STATUS_WORDS[clearance.status]), strong)),
        ]
        if clearance.findings:
            rows: list[list[Flowable]] = [self._head("Severity", "Finding", "About")]
            extra: list[tuple[Any, ...]] = []
            for row, finding in enumerate(clearance.findings, start=1):
                rows.append(self._finding_row(finding))
                colour, tint = _TONES[finding.severity.value]
                extra += [
                    ("BACKGROUND", (0, row), (0, row), tint),
                    ("LINEBEFORE", (0, row), (0, row), 3, colour),
                ]
            story.append(self._table(rows, (0.2, 0.5, 0.3), extra=extra))
        else:
            story.append(self._p(markup("No findings: nothing holds the procedure back.")))
        story.extend(self._physician_review(session, clearance))
        return story

    def _finding_row(self, finding: Finding) -> list[Flowable]:
        colour, _ = _TONES[finding.severity.value]
        about = markup(self._field_label(finding.field))
        return [
            self._p(self._coloured(markup(SEVERITY_WORDS[finding.severity]), colour), "Cell"),
            self._p(markup(finding.message), "Cell"),
            self._p(f"{about}<br/>{self._coloured(markup(finding.field), MUTED)}", "Cell"),
        ]

    def _physician_review(self, session: ConsentSession, clearance: Clearance) -> list[Flowable]:
        review = session.physician_review
        present = bool(review.physician_name.strip() or review.decision or review.reason.strip())
        if not present:
            if clearance.status is ClearanceStatus.PHYSICIAN_REVIEW:
                return [
                    *self._subsection("Physician review"),
                    self._p(self._coloured("Physician review: not recorded.", NOT_ANSWERED)),
                ]
            return []
        decision = (
            markup(PHYSICIAN_DECISION_WORDS[review.decision])
            if review.decision
            else self._coloured("not recorded", MUTED)
        )
        return [
            *self._subsection("Physician review"),
            self._key_values(
                [
                    ("Physician", self._optional(review.physician_name)),
                    ("Decision", decision),
                    ("Reason", self._optional(review.reason)),
                ]
            ),
        ]

    def _checklist(self, session: ConsentSession, clearance: Clearance) -> list[Flowable]:
        record = session.checklist
        rows: list[list[Flowable]] = [self._head("Item", "Answer", "Recorded values and note")]
        extra: list[tuple[Any, ...]] = []
        for row, item in enumerate(self.form.checklist.items, start=1):
            entry = record.entries.get(item.id)
            answer = entry.answer if entry else None
            details = self._checklist_values(session, item.kind, answer)
            note = clean(entry.note).strip() if entry else ""
            if note:
                details.append(f"Note: {markup(note)}")
            rows.append(
                [
                    self._p(markup(item.label), "Cell"),
                    self._p(self._answer_markup(answer), "Cell"),
                    self._p("<br/>".join(details) or self._coloured("—", MUTED), "Cell"),
                ]
            )
            extra += self._tint_row(self._worst(clearance, item.id), row, 1)
        return [
            *self._section(3, self.form.checklist.heading),
            self._table(rows, (0.40, 0.17, 0.43), extra=extra),
        ]

    def _checklist_values(
        self, session: ConsentSession, kind: str, answer: Answer | None
    ) -> list[str]:
        """The values a checklist line of this kind carries, escaped, one per line.

        Shown when the line is answered yes (a missing value then matters) or when a value was
        recorded anyway; a "no" with nothing recorded would only print a list of blanks.
        """
        record = session.checklist
        recorded = {
            "imaging": (record.imaging_date,),
            "inr": (record.inr, record.inr_drawn),
            "platelets": (record.platelets, record.platelets_drawn),
            "anticoagulant": tuple(
                value
                for dose in record.anticoagulant_doses()
                for value in (dose.drug, dose.last_dose)
            ),
            "fasting": (record.last_solid_food, record.last_clear_fluid, record.meal_type),
        }.get(kind, ())
        if answer is not Answer.YES and not any(v not in (None, "") for v in recorded):
            return []
        when = self._when
        if kind == "imaging":
            return [f"Imaging date: {markup(format_date(record.imaging_date))}"]
        if kind == "inr":
            value = "not recorded" if record.inr is None else f"{record.inr:g}"
            return [
                f"INR: {markup(value)} (clinic limit {self.settings.inr_max:g})",
                f"Drawn: {markup(format_date(record.inr_drawn))}",
            ]
        if kind == "platelets":
            unit = "\N{MULTIPLICATION SIGN} 10\N{SUPERSCRIPT NINE}/L"
            value = "not recorded" if record.platelets is None else f"{record.platelets:g} {unit}"
            return [
                f"Platelets: {markup(value)} (clinic minimum {self.settings.platelets_min:g})",
                f"Drawn: {markup(format_date(record.platelets_drawn))}",
            ]
        if kind == "anticoagulant":
            lines = []
            for dose in record.anticoagulant_doses():
                drug_id = clean(dose.drug).strip()
                drug = self.form.anticoagulant(drug_id) if drug_id else None
                if drug is not None:
                    name = markup(drug.name)
                elif drug_id:
                    name = f"{markup(drug_id)} (not in the hold table)"
                else:
                    name = self._coloured("not recorded", MUTED)
                lines += [f"Drug: {name}", f"Last dose: {when(dose.last_dose)}"]
            lines.append(f"Kidney function impaired: {'yes' if record.renal_impairment else 'no'}")
            return lines
        if kind == "fasting":
            meals = {MealType.LIGHT: "light meal", MealType.HEAVY: "heavy or fatty meal"}
            kind_of_meal = (
                meals[record.meal_type] if record.meal_type else "kind of meal not recorded"
            )
            return [
                f"Last solid food: {when(record.last_solid_food)} ({kind_of_meal})",
                f"Last clear fluid: {when(record.last_clear_fluid)}",
            ]
        return []

    def _when(self, value: datetime | None) -> str:
        return markup(format_time(value, self.settings))

    def _disclosures(self, session: ConsentSession) -> list[Flowable]:
        form = self.form
        story: list[Flowable] = [
            *self._section(4, "What the patient was shown"),
            self._p(
                markup(
                    "The information below is reproduced word for word from the form the "
                    f"patient read (form {form.meta.form_id}, version {form.meta.version})."
                ),
                "Lead",
            ),
        ]
        story += self._content(form.procedure.heading, form.procedure.paragraphs)
        story += self._content(form.positioning.heading, form.positioning.paragraphs)
        story += self._content(form.risks.heading, [form.risks.intro])
        for risk in form.risks.items:
            story.append(self._risk_card(session, risk.id, risk.title, risk.body, risk.likelihood))
        story += self._content(form.risks.benefits.heading, form.risks.benefits.paragraphs)
        story += self._content(form.risks.alternatives.heading, form.risks.alternatives.paragraphs)
        return story

    def _content(self, heading: str, paragraphs: Iterable[str]) -> list[Flowable]:
        return self._subsection(heading) + [self._p(markup(text)) for text in paragraphs]

    def _risk_card(
        self, session: ConsentSession, risk_id: str, title: str, body: str, likelihood: str
    ) -> Flowable:
        ack = session.risks.get(risk_id)
        response = ack.response if ack else None
        marks: list[Flowable]
        if response is RiskResponse.UNDERSTOOD:
            understood = self._coloured("Patient's mark: I understand", _TONES["ready"][0])
            marks = [self._p(understood, "Cell")]
        elif response is RiskResponse.QUESTION:
            asked = self._coloured(
                "Patient's mark: I have a question", _TONES["physician_review"][0]
            )
            question = clean(ack.question).strip() if ack else ""
            quoted = markup(question) if question else "(to be asked in person)"
            marks = [self._p(asked, "Cell"), self._p(f"Question: {quoted}", "Quote")]
        else:
            missing = self._coloured(f"Patient's mark: {NOT_ANSWERED_WORDS}", NOT_ANSWERED)
            marks = [self._p(missing, "Cell")]
        data = [
            [self._p(markup(title), "CardTitle")],
            [self._p(markup(body), "Cell")],
            [self._p(f"How likely: {markup(likelihood)}", "Cell")],
        ] + [[mark] for mark in marks]
        card = Table(
            data,
            colWidths=[self.content_width],
            style=[
                ("FONT", (0, 0), (-1, -1), FONT, 9),
                ("BOX", (0, 0), (-1, -1), 0.6, GRID),
                ("BACKGROUND", (0, 0), (-1, -1), CARD_FILL),
                ("LINEABOVE", (0, 3), (-1, 3), 0.5, GRID),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, 0), 6),
                ("TOPPADDING", (0, 3), (-1, 3), 5),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
            ],
            splitInRow=1,
            hAlign="LEFT",
            spaceAfter=6,
        )
        return KeepTogether([card])

    def _answers(self, session: ConsentSession, clearance: Clearance) -> list[Flowable]:
        form = self.form
        story: list[Flowable] = [
            *self._section(5, "The patient's answers"),
            *self._subsection(form.positioning.heading),
            self._question_table(session, clearance, form.positioning.questions),
            *self._subsection(form.allergy.heading),
            self._p(markup(form.allergy.intro), "Lead"),
        ]
        for group in form.allergy.groups:
            story.extend(self._subsection(group.heading))
            story.append(self._question_table(session, clearance, group.questions))
        return story

    def _question_table(
        self, session: ConsentSession, clearance: Clearance, questions: Sequence[Question]
    ) -> Table:
        rows: list[list[Flowable]] = [self._head("Question", "Answer", "Detail")]
        extra: list[tuple[Any, ...]] = []
        for row, question in enumerate(questions, start=1):
            entry = session.answers.get(question.id)
            answer = entry.answer if entry else None
            detail = clean(entry.detail).strip() if entry else ""
            rows.append(
                [
                    self._p(
                        f"{markup(question.text)}<br/>"
                        f"{self._coloured(markup(question.staff_label), MUTED)}",
                        "Cell",
                    ),
                    self._p(self._answer_markup(answer), "Cell"),
                    self._p(markup(detail) if detail else self._coloured("—", MUTED), "Cell"),
                ]
            )
            extra += self._tint_row(self._worst(clearance, question.id), row, 1)
        return self._table(rows, (0.50, 0.17, 0.33), extra=extra)

    def _understanding(self, session: ConsentSession) -> list[Flowable]:
        page = self.form.understanding
        rows: list[list[Flowable]] = [
            self._head("Question", "First answer", "Result", "Later answers")
        ]
        extra: list[tuple[Any, ...]] = []
        for row, question in enumerate(page.questions, start=1):
            choices = {c.id: c.text for c in question.choices}

            def text(choice_id: str, choices: dict[str, str] = choices) -> str:
                return markup(choices.get(choice_id, f"unknown choice {choice_id}"))

            response = session.understanding.get(question.id)
            picked = response.choices if response else []
            if not picked:
                first = self._coloured(NOT_ANSWERED_WORDS, NOT_ANSWERED)
                result = self._coloured(NOT_ANSWERED_WORDS, NOT_ANSWERED)
                tone = "do_not_proceed"
            elif picked[0] == question.correct:
                first, result, tone = text(picked[0]), "Correct", "ready"
            else:
                first = text(picked[0])
                result = (
                    "Not correct. The explanation was shown: "
                    f"{self._coloured(markup(question.explanation), MUTED)}"
                )
                tone = "physician_review"
            later = "<br/>".join(
                f"{n}. {text(choice)}" + (" (correct)" if choice == question.correct else "")
                for n, choice in enumerate(picked[1:], start=2)
            )
            rows.append(
                [
                    self._p(markup(question.text), "Cell"),
                    self._p(first, "Cell"),
                    self._p(result, "Cell"),
                    self._p(later or self._coloured("—", MUTED), "Cell"),
                ]
            )
            extra.append(("BACKGROUND", (2, row), (2, row), _TONES[tone][1]))
        return [
            *self._section(6, "Understanding (teach-back)"),
            self._p(markup(page.intro), "Lead"),
            self._table(rows, (0.3, 0.24, 0.26, 0.2), extra=extra),
        ]

    def _questions_raised(self, session: ConsentSession) -> list[Flowable]:
        titles = {risk.id: risk.title for risk in self.form.risks.items}
        raised = session.questions_raised()
        story: list[Flowable] = self._section(7, "Questions the patient raised")
        if not raised:
            story.append(self._p(markup("The patient marked no questions.")))
            return story
        rows: list[list[Flowable]] = [self._head("About", "The patient's question")]
        for risk_id, question in raised:
            question = clean(question).strip()
            rows.append(
                [
                    self._p(markup(titles.get(risk_id, risk_id)), "Cell"),
                    self._p(markup(question) if question else "(to be asked in person)", "Quote"),
                ]
            )
        story.append(self._table(rows, (0.3, 0.7)))
        return story

    def _decision(self, session: ConsentSession) -> list[Flowable]:
        page = self.form.decision
        options = (
            (Decision.AGREE, page.agree),
            (Decision.REFUSE, page.refuse),
            (Decision.TALK_FIRST, page.talk_first),
        )
        rows: list[list[Flowable]] = [self._head("What the patient was offered", "Chosen")]
        extra: list[tuple[Any, ...]] = []
        for row, (decision, text) in enumerate(options, start=1):
            chosen = session.decision is decision
            rows.append(
                [
                    self._p(markup(text), "Cell"),
                    self._p("Chosen" if chosen else self._coloured("—", MUTED), "Cell"),
                ]
            )
            if chosen:
                tone = "ready" if decision is Decision.AGREE else "physician_review"
                extra.append(("BACKGROUND", (0, row), (-1, row), _TONES[tone][1]))
        words = DECISION_WORDS[session.decision] if session.decision else NO_DECISION
        return [
            *self._section(8, page.heading),
            self._p(f"Decision: {markup(words)}"),
            self._p(markup(page.intro), "Lead"),
            self._table(rows, (0.8, 0.2), extra=extra),
        ]

    def _signatures(self, session: ConsentSession) -> list[Flowable]:
        order = list(SignatureRole)
        signatures = sorted(session.signatures, key=lambda s: order.index(s.role))
        story: list[Flowable] = self._section(9, self.form.signatures.heading)
        if not signatures:
            story.append(self._p(self._coloured("No signatures recorded.", NOT_ANSWERED)))
        for signature in signatures:
            story.append(self._signature_box(signature))
        if session.signature(SignatureRole.PHYSICIAN) is None:
            if session.attestation_deferred:
                words = "Physician attestation: to be added later."
                story.append(self._p(self._coloured(markup(words), _TONES["nurse_action"][0])))
            else:
                story.append(
                    self._p(self._coloured("Physician attestation: not signed.", NOT_ANSWERED))
                )
        return story

    def _statements(self, signature: Signature) -> list[str]:
        texts = self.form.signatures
        by_meaning = {
            SignatureMeaning.CONSENT: texts.consent,
            SignatureMeaning.REFUSAL: texts.refusal,
            SignatureMeaning.INTERPRETER: texts.interpreter,
            SignatureMeaning.WITNESS: texts.witness,
            SignatureMeaning.PHYSICIAN_ATTESTATION: texts.physician,
        }
        statements = [by_meaning[signature.meaning]]
        if signature.role is SignatureRole.REPRESENTATIVE:
            statements.insert(0, texts.representative)
        return statements

    def _signature_box(self, signature: Signature) -> Flowable:
        role = ROLE_WORDS[signature.role]
        relationship = clean(signature.relationship).strip()
        if relationship:
            role += f" ({relationship})"
        details = [
            self._p(
                self._optional(signature.printed_name, "printed name not recorded"), "CardTitle"
            ),
            self._p(f"Role: {markup(role)}", "Cell"),
            self._p(f"Signed: {self._when(signature.signed_at)}", "Cell"),
            self._p(f"Meaning: {markup(signature.meaning.value)}", "Cell"),
            Spacer(1, 3),
        ] + [self._p(f"“{markup(text)}”", "Statement") for text in self._statements(signature)]
        if any(stroke for stroke in signature.strokes):
            drawing: Flowable = SignatureDrawing(signature)
        else:
            drawing = self._p(self._coloured("No strokes recorded.", NOT_ANSWERED), "Cell")
        pad = SIGNATURE_BOX[0] + 12
        box = Table(
            [[drawing, details]],
            colWidths=[pad, self.content_width - pad],
            style=[
                ("FONT", (0, 0), (-1, -1), FONT, 9),
                ("BOX", (0, 0), (-1, -1), 0.8, RULE),
                ("LINEAFTER", (0, 0), (0, 0), 0.5, GRID),
                ("BACKGROUND", (0, 0), (0, 0), colors.white),
                ("BACKGROUND", (1, 0), (1, 0), CARD_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (0, 0), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ],
            splitInRow=1,
            hAlign="LEFT",
            spaceAfter=8,
        )
        return KeepTogether([box])

    def _record_version(self, session: ConsentSession) -> str:
        """``2 (late physician attestation)``, escaped; the first version needs no reason."""
        reason = clean(session.version_reason).replace("\n", " ").strip()
        if reason:
            return f"{session.record_version} ({markup(reason)})"
        if session.record_version > 1:
            return f"{session.record_version} ({self._coloured('reason not recorded', MUTED)})"
        return str(session.record_version)

    def _audit_trail(self, session: ConsentSession) -> list[Flowable]:
        """Time on each page, when each signature was taken, and the audit trail's chain head."""
        audit = session.audit
        heading = [*self._section(10, "Audit trail")]
        if audit is None:
            story: list[Flowable] = [*heading, self._p(markup(NO_AUDIT_TRAIL))]
        else:
            parts = self._time_spent(audit.seconds_by_page)
            # Each part of the wizard is a table kept whole, its total with its pages; the
            # headings stay with the first part.
            story = [KeepTogether([*heading, *self._subsection("Time spent"), parts[0]])]
            story += [KeepTogether([Spacer(1, 5), part]) for part in parts[1:]]
        taken: list[Flowable] = [
            *self._subsection("Signatures taken"),
            self._signatures_taken(session),
        ]
        if audit is not None:
            count = f"{audit.events} event{'s' if audit.events != 1 else ''}"
            taken += [
                Spacer(1, 8),
                self._p(
                    f"Audit trail: {markup(count)}; chain head "
                    f"{self._optional(audit.head, 'not recorded')}",
                    "Cell",
                ),
                self._p(
                    markup(f"Check with: consent-app audit verify {clean(session.session_id)}"),
                    "Small",
                ),
            ]
        story.append(KeepTogether(taken))
        return story

    def _time_spent(self, seconds_by_page: dict[str, float]) -> list[Flowable]:
        """A table for each part of the wizard with time: its pages in order, then its total.

        A page with no time is left out; a page this app does not know is listed by its id.
        """
        timed = {page: whole_seconds(s) for page, s in seconds_by_page.items()}
        timed_pages = {page: s for page, s in timed.items() if s is not None}
        known = {page for _, pages in PAGE_GROUPS for page, _ in pages}
        unknown = tuple((page, page) for page in timed_pages if page not in known)
        tables: list[Flowable] = []
        for title, pages in [*PAGE_GROUPS, (OTHER_PAGES, unknown)]:
            shown = [(name, timed_pages[page]) for page, name in pages if page in timed_pages]
            if not shown:
                continue
            rows: list[list[Flowable]] = [
                [self._p(self._coloured(markup(title), NAVY), "Cell"), *self._head("Time spent")]
            ]
            for name, seconds in shown:
                rows.append(
                    [
                        self._p(f"&nbsp;&nbsp;&nbsp;{markup(name)}", "Cell"),
                        self._p(markup(format_duration(seconds)), "Cell"),
                    ]
                )
            extra: list[tuple[Any, ...]] = []
            if title != OTHER_PAGES:
                total = format_duration(sum(seconds for _, seconds in shown))
                extra.append(("LINEABOVE", (0, len(rows)), (-1, len(rows)), 0.8, RULE))
                rows.append(
                    [
                        self._p(markup(f"Total: {title[0].lower()}{title[1:]}"), "Cell"),
                        self._p(markup(total), "Cell"),
                    ]
                )
            tables.append(self._table(rows, (0.5, 0.2), extra=extra))
        return tables or [self._p(markup("No time was recorded on any page."))]

    def _signatures_taken(self, session: ConsentSession) -> Flowable:
        """Each signature's role and time, earliest first."""
        if not session.signatures:
            return self._p(markup("No signatures were taken."))

        def when(signature: Signature) -> datetime:
            # A record from an old app may hold a time without a zone: order it as UTC.
            at = signature.signed_at
            return at if at.tzinfo is not None else at.replace(tzinfo=UTC)

        order = list(SignatureRole)
        rows: list[list[Flowable]] = [self._head("Role", "Signed")]
        for signature in sorted(session.signatures, key=lambda s: (when(s), order.index(s.role))):
            rows.append(
                [
                    self._p(markup(ROLE_WORDS[signature.role]), "Cell"),
                    self._p(self._when(signature.signed_at), "Cell"),
                ]
            )
        return self._table(rows, (0.3, 0.4))

    def _record(self, session: ConsentSession) -> list[Flowable]:
        meta = self.form.meta
        review = format_date(meta.review_date) if meta.review_date else "not yet reviewed"
        rows = [
            ("Form", markup(f"{meta.form_id}, version {meta.version}")),
            ("Effective date", markup(format_date(meta.effective_date))),
            ("Clinical reviewer", markup(meta.clinical_reviewer)),
            ("Review date", markup(review)),
            ("Session id", markup(session.session_id)),
            ("Record version", self._record_version(session)),
            ("Session status", markup(session.status.value.replace("_", " "))),
            ("Session created", self._when(session.created_at)),
            ("Last updated", self._when(session.updated_at)),
            (
                "Exported",
                self._when(session.exported_at)
                if session.exported_at
                else self._coloured("not yet exported", MUTED),
            ),
            ("This PDF made", self._when(datetime.now(UTC))),
            ("Clinic", markup(self.settings.clinic_name)),
            ("Device", markup(self.settings.device_name)),
        ]
        if self.record_sha256:
            rows.append(
                (
                    "Session record",
                    markup(f"attached as {RECORD_FILE_NAME}; SHA-256 {self.record_sha256}"),
                )
            )
        if session.form_id != meta.form_id or session.form_version != meta.version:
            rows.insert(
                1,
                (
                    "Session's form",
                    self._coloured(
                        markup(f"{session.form_id}, version {session.form_version}"),
                        NOT_ANSWERED,
                    ),
                ),
            )
        return [
            *self._section(11, "Form and session record"),
            self._key_values(rows),
            *self._subsection("Sources of the form's facts"),
            self._sources(meta.sources),
        ]

    def _sources(self, sources: Sequence[str]) -> Table:
        """The form's sources, numbered, in two columns read down then across."""
        items = [
            self._p(f"{n}.&nbsp;{markup(text)}", "Small") for n, text in enumerate(sources, start=1)
        ]
        half = (len(items) + 1) // 2
        left, right = items[:half], items[half:]
        rows = [[a, right[i] if i < len(right) else ""] for i, a in enumerate(left)]
        return Table(
            rows,
            colWidths=[self.content_width / 2] * 2,
            style=[
                ("FONT", (0, 0), (-1, -1), FONT, 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ],
            hAlign="LEFT",
        )


# --- module API -------------------------------------------------------------------------------


def render_summary(
    session: ConsentSession, form: FormDefinition, settings: Settings, clearance: Clearance
) -> bytes:
    """The PDF summary of a session, as bytes."""
    buffer = BytesIO()
    SummaryRenderer(form, settings).render(session, clearance, buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class RenderedSummary:
    """A summary ready to be sealed: its bytes and where its seal stamp goes."""

    pdf: bytes
    seal_box: SealBox


def render_sealable(
    session: ConsentSession,
    form: FormDefinition,
    settings: Settings,
    clearance: Clearance,
    record_sha256: str,
) -> RenderedSummary:
    """The summary with the record's hash printed and room left for the seal's stamp."""
    renderer = SummaryRenderer(form, settings)
    renderer.record_sha256 = record_sha256
    renderer.seal_space = _SealSpace(renderer.content_width, SEAL_STAMP_HEIGHT)
    buffer = BytesIO()
    renderer.render(session, clearance, buffer)
    box = renderer.seal_space.box
    if box is None:  # pragma: no cover - platypus always draws the last flowable
        raise RuntimeError("the seal space was not laid out")
    return RenderedSummary(buffer.getvalue(), box)


def summary_file_name(session: ConsentSession, settings: Settings) -> str:
    """``consent-<YYYYMMDD-HHMM>-<session id>[-v<N>].pdf``: no patient name or MRN in it."""
    when = (session.exported_at or datetime.now(UTC)).astimezone(settings.zone)
    short_id = re.sub(r"[^A-Za-z0-9]", "", session.session_id)[:8] or "session"
    version = f"-v{session.record_version}" if session.record_version > 1 else ""
    return f"consent-{when:%Y%m%d-%H%M}-{short_id}{version}.pdf"
