"""The PDF summary of one consent session: what the patient was shown, said and signed.

This is the legal record. Every page carries the patient's name, date of birth and MRN, the form
id and version and "Page X of Y". Every piece of text from the session is escaped before it
reaches a reportlab ``Paragraph``: a name such as ``<img src="/etc/passwd"/>`` must print as
those characters, never restyle the page or embed a file. The only font is the bundled Noto Sans,
embedded, so the record reads the same on any machine in ten years.

The summary is written in the patient's language (the language of the form they read). Given the
same form in the clinic's language as well, the staff sections (outcome, details, clearance,
checklist, staff signatures, audit trail, record, seal, page furniture) also carry the clinic's
language, on a second, muted line; what the patient was shown, answered and signed stays in the
patient's language only. The fixed wording comes from :mod:`consent_app.pdf.wording`.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache, partial
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

from consent_app.domain.clearance import Clearance, ClearanceStatus, Finding, evaluate
from consent_app.domain.form import Answer, FormDefinition, Question, Severity
from consent_app.domain.form_versions import PATIENT_PAGE_CONTENT
from consent_app.domain.session import (
    Consenter,
    ConsentSession,
    Decision,
    MealType,
    RiskResponse,
    Signature,
    SignatureMeaning,
    SignatureRole,
)
from consent_app.domain.validation import clean_text
from consent_app.pdf.wording import FALLBACK_LANGUAGE, Wording, load_wording
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

#: The wizard's pages (wording keys under ``pages.``), in the parts they belong to and in the
#: wizard's order.
PAGE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("staff_before", ("intake", "checklist", "handover")),
    ("patient", tuple(PATIENT_PAGE_CONTENT)),
    ("staff_after", ("review", "staff_signatures", "done")),
)
#: Pages in an audit trail that this version of the app does not know (a newer or older app).
OTHER_PAGES = "other"

#: The section that lists the findings, as the outcome banner refers to it.
_FINDINGS_SECTION = 2
#: Signatures that record what the patient (or their representative) agreed to: patient's language.
_PATIENT_ROLES = (SignatureRole.PATIENT, SignatureRole.REPRESENTATIVE)

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


def _english() -> Wording:
    return load_wording(FALLBACK_LANGUAGE)


def format_date(value: date | None, words: Wording | None = None) -> str:
    """A date that cannot be misread: ``2 Mar 1948`` in English, ``1948-03-02`` in Spanish."""
    words = words or _english()
    if value is None:
        return words("word.not_recorded")
    return words(
        "date.pattern", day=value.day, month=words.months[value.month - 1], year=value.year
    )


def format_time(value: datetime | None, settings: Settings, words: Wording | None = None) -> str:
    """A time in the clinic's zone with its UTC offset: ``24 Nov 2026 08:00 (UTC+00:00)``."""
    words = words or _english()
    if value is None:
        return words("word.not_recorded")
    if value.tzinfo is None:
        return words("time.no_zone", date=format_date(value.date(), words), time=f"{value:%H:%M}")
    local = value.astimezone(settings.zone)
    offset = local.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return words(
        "time.with_zone",
        date=format_date(local.date(), words),
        time=f"{local:%H:%M}",
        offset=f"{sign}{hours:02d}:{mins:02d}",
    )


def whole_seconds(seconds: float) -> int | None:
    """Time on a page in whole seconds (half up), or None when no time was recorded.

    Zero, negative and non-finite values (a damaged record) count as no time, never as a crash.
    """
    if not math.isfinite(seconds) or seconds <= 0:
        return None
    return math.floor(seconds + 0.5)


def format_duration(seconds: int, words: Wording | None = None) -> str:
    """Whole seconds as ``45 s``, ``2 min 05 s`` or ``1 h 02 min 05 s``.

    0 is time that was recorded but rounds to nothing: it reads ``under 1 s``, never ``0 s``.
    """
    words = words or _english()
    if seconds <= 0:
        return words("duration.under_one")
    if seconds < 60:
        return words("duration.seconds", seconds=seconds)
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return words("duration.minutes", minutes=minutes, seconds=f"{secs:02d}")
    hours, minutes = divmod(minutes, 60)
    return words("duration.hours", hours=hours, minutes=f"{minutes:02d}", seconds=f"{secs:02d}")


def answer_words(answer: Answer | None, words: Wording | None = None) -> str:
    """An answer in words; an unanswered question is NOT ANSWERED, never blank and never no."""
    words = words or _english()
    return words("word.not_answered") if answer is None else words(f"answer.{answer.value}")


def document_title(form: FormDefinition) -> str:
    """The summary's document title, in the language of the form: ``… — summary``."""
    return load_wording(form.meta.language)("document.title", title=form.meta.title)


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
    add(
        ParagraphStyle(
            "TitleSecond",
            parent=base,
            fontName=FONT_ITALIC,
            fontSize=13,
            leading=17,
            textColor=MUTED,
            spaceAfter=3,
        )
    )
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
    add(ParagraphStyle("CellIndented", parent=sheet["Cell"], leftIndent=7))
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
    #: How far below the first footer line the clinic's language goes.
    footer_step = 9.0
    #: The wording of "Page X of Y", one per language of the summary; set by the canvas maker.
    page_words: tuple[Wording, ...] = ()

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
        self.setFillColor(MUTED)
        width = self._pagesize[0]
        for line, words in enumerate(self.page_words or (_english(),)):
            self.setFont(FONT_ITALIC if line else FONT, self.footer_font_size)
            self.drawRightString(
                width - self.margin,
                self.footer_y - line * self.footer_step,
                clean(words("header.page", page=self._pageNumber, total=total)),
            )
        self.restoreState()


def _canvas_maker(page_words: tuple[Wording, ...]) -> Callable[..., _NumberedCanvas]:
    """Makes the numbered canvas reportlab asks for, printing "Page X of Y" in these languages."""

    def make(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        canvas = _NumberedCanvas(*args, **kwargs)
        canvas.page_words = page_words
        return canvas

    return make


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


@dataclass(frozen=True)
class _Side:
    """One language of the summary: its fixed wording and the form in that language."""

    words: Wording
    form: FormDefinition

    def t(self, key: str, **values: str) -> str:
        """The wording for a key as Paragraph markup; the values must already be markup."""
        return markup(self.words.texts[key]).format(**values)

    def word(self, key: str, default: str) -> str:
        """Markup for a key that may be missing (an enum value added since), or a default."""
        return markup(self.words.get(key, default))


#: Builds one piece of markup in the language of a side.
_Build = Callable[[_Side], str]


class SummaryRenderer:
    """Renders a consent session, its clearance and the form it used as a PDF summary.

    ``form`` is the form the patient read. ``clinic_form``, the same form in the clinic's
    language, makes the staff sections bilingual when its language differs.
    """

    pagesize = A4
    margin_x = MARGIN_X
    margin_top = 31 * mm
    margin_bottom = 22 * mm

    def __init__(
        self,
        form: FormDefinition,
        settings: Settings,
        clinic_form: FormDefinition | None = None,
    ) -> None:
        register_fonts()
        self.form = form
        self.settings = settings
        self.patient = _Side(load_wording(form.meta.language), form)
        self.clinic: _Side | None = None
        if clinic_form is not None and clinic_form.meta.language != form.meta.language:
            self.clinic = _Side(load_wording(clinic_form.meta.language), clinic_form)
        self.words = self.patient.words
        self.styles = build_stylesheet()
        self.content_width = self.pagesize[0] - 2 * (self.margin_x + _FRAME_PADDING)
        self._session: ConsentSession | None = None
        self._clinic_findings: list[Finding | None] = []
        self.record_sha256: str | None = None
        self.seal_space: _SealSpace | None = None

    @property
    def sides(self) -> tuple[_Side, ...]:
        """The summary's languages: the patient's, then the clinic's when it differs."""
        return (self.patient,) if self.clinic is None else (self.patient, self.clinic)

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
            title=self.words("document.title", title=self.form.meta.title),
            subject=self.words("document.summary"),
            author=self.settings.clinic_name,
            creator="consent-app",
            lang=self.form.meta.language,
            initialFontName=FONT,
            initialFontSize=9.5,
        )
        self._session = session
        self._clinic_findings = self._pair_findings(session, clearance)
        try:
            doc.build(
                self._story(session, clearance),
                onFirstPage=self._on_page,
                onLaterPages=self._on_page,
                canvasmaker=_canvas_maker(tuple(side.words for side in self.sides)),
            )
        finally:
            self._session = None
            self._clinic_findings = []

    def _pair_findings(self, session: ConsentSession, clearance: Clearance) -> list[Finding | None]:
        """Each finding as the clinic's form words it (same code and field), or None.

        The two forms share their ids and rules, so the clearance is worked out again from the
        clinic's form and its findings matched one for one.
        """
        if self.clinic is None:
            return [None] * len(clearance.findings)
        pool: dict[tuple[str, str], list[Finding]] = {}
        for finding in evaluate(session, self.clinic.form, self.settings).findings:
            pool.setdefault((finding.code, finding.field), []).append(finding)
        paired: list[Finding | None] = []
        for finding in clearance.findings:
            matches = pool.get((finding.code, finding.field))
            paired.append(matches.pop(0) if matches else None)
        return paired

    # -- page furniture --

    def _plain_both(self, key: str, **values: object) -> str:
        """Plain wording in each language of the summary, joined by a slash (page furniture)."""
        texts: list[str] = []
        for side in self.sides:
            text = side.words(key, **values)
            if text not in texts:
                texts.append(text)
        return " / ".join(texts)

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
        name = clean(intake.full_name).replace("\n", " ").strip()
        name = name or self._plain_both("header.name_missing")
        name_width = self.content_width * 0.66
        text, size = _fit(name, FONT, 11, 7, name_width)
        canvas.setFont(FONT, size)
        canvas.drawString(left, top - 11, text)
        mrn = clean(intake.mrn).strip() or self._plain_both("word.not_recorded")
        ids = (
            f"{self._plain_both('details.date_of_birth')} "
            f"{format_date(intake.date_of_birth, self.words)}   ·   "
            f"{self._plain_both('details.mrn')} {mrn}"
        )
        text, size = _fit(ids, FONT, 8.5, 6, name_width)
        canvas.setFont(FONT, size)
        canvas.setFillColor(MUTED)
        canvas.drawString(left, top - 23, text)
        # The right-hand lines may use what the line of identifiers leaves free.
        used = pdfmetrics.stringWidth(text, FONT, size)
        side_width = max(self.content_width * 0.3, self.content_width - used - 18)
        clinic_width = self.content_width * 0.3
        clinic, size = _fit(clean(self.settings.clinic_name), FONT, 8, 6, clinic_width)
        canvas.setFont(FONT, size)
        canvas.drawRightString(right, top - 10, clinic)
        summary, size = _fit(clean(self._plain_both("document.summary")), FONT, 8, 6, side_width)
        canvas.setFont(FONT, size)
        canvas.drawRightString(right, top - 22, summary)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(left, top - 29, right, top - 29)
        canvas.line(left, 17 * mm, right, 17 * mm)
        meta = self.form.meta
        for line, side in enumerate(self.sides):
            words = side.words
            footer = (
                f"{words('header.form', form_id=meta.form_id, version=meta.version)}   ·   "
                f"{words('header.session', session=session.session_id[:8])}   ·   "
                f"{words('header.record_version', version=session.record_version)}"
            )
            canvas.setFont(FONT_ITALIC if line else FONT, _NumberedCanvas.footer_font_size)
            canvas.drawString(
                left,
                _NumberedCanvas.footer_y - line * _NumberedCanvas.footer_step,
                clean(footer),
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

        def text(side: _Side) -> str:
            return side.t(
                "seal.text",
                file=markup(RECORD_FILE_NAME),
                command=markup("consent-app verify FILE.pdf"),
            )

        first, second = self._two(text)
        paragraphs = [self._p(first, "Small")]
        if second is not None:
            paragraphs.append(self._p(self._second(second), "Small"))
        return [
            KeepTogether(
                [
                    *self._subsection(*self._two(lambda s: s.t("seal.heading"))),
                    *paragraphs,
                    self.seal_space,
                ]
            )
        ]

    # -- building blocks --

    def _p(self, text: str, style: str = "Body") -> Paragraph:
        """A paragraph of text that has already been escaped (see :func:`markup`)."""
        return Paragraph(text, self.styles[style])

    def _two(self, build: _Build) -> tuple[str, str | None]:
        """A piece of markup in the patient's language, and in the clinic's when it differs."""
        first = build(self.patient)
        if self.clinic is None:
            return first, None
        second = build(self.clinic)
        return first, (None if second == first else second)

    def _second(self, text: str, size: float | None = None) -> str:
        """The clinic's language beside the patient's: muted and in italics."""
        sized = f' size="{size:g}"' if size else ""
        return f'<font color="{MUTED.hexval()}"{sized}><i>{text}</i></font>'

    def _both(self, build: _Build, *, inline: bool = False, size: float | None = None) -> str:
        """Staff text: the patient's language, then the clinic's on the next line (or after a
        slash, ``inline``) when it differs."""
        first, second = self._two(build)
        if second is None:
            return first
        return f"{first}{' / ' if inline else '<br/>'}{self._second(second, size)}"

    def _k(self, key: str, *, inline: bool = False, **values: str) -> str:
        """Staff wording for a key, in both languages; the values must already be markup."""
        return self._both(lambda side: side.t(key, **values), inline=inline)

    def _label(self, key: str, staff: bool = True) -> str:
        """A label inside a line, ``Label / Label`` for staff: the caller adds ``: value``."""
        return self._k(key, inline=True) if staff else self.patient.t(key)

    def _section(self, number: int, title: str, second: str | None = None) -> list[Flowable]:
        """A numbered section heading (already escaped), moved to the next page if it would sit
        at the bottom; ``second`` is the heading in the clinic's language.

        Not ``keepWithNext``: that would carry a whole table to the next page with its
        heading and leave half a page blank; a conditional break keeps only a heading's first
        lines with it.
        """
        number_text = f"{number}.&nbsp;&nbsp;"
        if second is None:
            return [CondPageBreak(50 * mm), self._p(f"{number_text}{title}", "Section")]
        style = self.styles["Section"]
        # A hanging indent lines the second language up under the first, past the number.
        indent = pdfmetrics.stringWidth(f"{number}.\u00a0\u00a0", FONT, style.fontSize)
        hanging = ParagraphStyle(
            f"Section{number}", parent=style, leftIndent=indent, firstLineIndent=-indent
        )
        text = f"{number_text}{title}<br/>{self._second(second, 10.5)}"
        return [CondPageBreak(50 * mm), Paragraph(text, hanging)]

    def _subsection(self, title: str, second: str | None = None) -> list[Flowable]:
        """A heading within a section (already escaped), with the clinic's language below it."""
        if second is not None:
            title = f"{title}<br/>{self._second(second, 9)}"
        return [CondPageBreak(32 * mm), self._p(title, "Subsection")]

    def _coloured(self, text: str, colour: colors.Color) -> str:
        return f'<font color="{colour.hexval()}">{text}</font>'

    def _answer_markup(self, answer: Answer | None, staff: bool = False) -> str:
        def words(side: _Side) -> str:
            text = markup(answer_words(answer, side.words))
            return self._coloured(text, NOT_ANSWERED) if answer is None else text

        return self._both(words) if staff else words(self.patient)

    def _optional(
        self, value: str, missing: str = "word.not_recorded", side: _Side | None = None
    ) -> str:
        """Escaped user text, or a muted word (a wording key) saying that it is missing: in
        one side's language, or in both when no side is given."""
        value = clean(value).strip()
        if value:
            return markup(value)
        words = side.t(missing) if side is not None else self._k(missing, inline=True)
        return self._coloured(words, MUTED)

    def _date(self, value: date | None) -> str:
        return markup(format_date(value, self.words))

    def _when(self, value: datetime | None) -> str:
        return markup(format_time(value, self.settings, self.words))

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
        """A table's head cells (already escaped)."""
        return [self._p(label, "CellHead") for label in labels]

    def _key_values(self, rows: Sequence[tuple[str, str]]) -> Table:
        """Label / value rows (both already escaped), ruled lightly between rows."""
        data = [[self._p(label, "CellMuted"), self._p(value, "Cell")] for label, value in rows]
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

    def _field_label(self, field: str, side: _Side) -> str:
        """What a finding's field is, in the words of one side's form (escaped)."""
        form = side.form
        for question in form.patient_questions():
            if question.id == field:
                return markup(question.staff_label)
        for item in form.checklist.items:
            if item.id == field:
                return markup(item.label)
        for risk in form.risks.items:
            if risk.id == field:
                return side.t("clearance.risk", title=markup(risk.title))
        for teach in form.understanding.questions:
            if teach.id == field:
                return side.t("clearance.understanding", question=markup(teach.text))
        if field == "decision":
            return side.t("clearance.decision")
        return markup(field)

    # -- sections: staff --

    def _title_and_outcome(self, session: ConsentSession, clearance: Clearance) -> list[Flowable]:
        meta = self.form.meta
        strong, tint = _TONES[clearance.status.value]
        decision = f"decision.{session.decision.value}" if session.decision else "decision.none"
        count = len(clearance.findings)

        def findings(side: _Side) -> str:
            if count == 0:
                return side.t("outcome.no_findings")
            key = "outcome.one_finding" if count == 1 else "outcome.findings"
            return side.t(key, count=str(count), section=str(_FINDINGS_SECTION))

        banner = Table(
            [
                [self._p(self._k("outcome.heading"), "CellMuted")],
                [
                    self._p(
                        self._both(
                            lambda s: self._coloured(s.t(f"status.{clearance.status}"), strong),
                            size=11,
                        ),
                        "BannerStatus",
                    )
                ],
                [
                    self._p(
                        self._both(lambda s: s.t("decision.line", decision=s.t(decision))),
                        "BannerLine",
                    )
                ],
                [self._p(self._both(findings), "CellMuted")],
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

        def subtitle(side: _Side) -> str:
            form = side.t(
                "outcome.form", form_id=markup(meta.form_id), version=markup(meta.version)
            )
            parts = (markup(self.settings.clinic_name), markup(side.form.meta.procedure_name), form)
            return "   ·   ".join(parts)

        title, title_second = self._two(lambda s: markup(s.form.meta.title))
        story: list[Flowable] = [self._p(title, "Title")]
        if title_second is not None:
            story.append(self._p(title_second, "TitleSecond"))
        story.append(self._p(self._both(subtitle), "Subtitle"))
        if session.record_version > 1:
            # A later version (e.g. a late attestation) must not pass for the first export.
            version = self._coloured(
                f"{self._label('record.record_version')}: {self._record_version(session)}",
                _TONES["nurse_action"][0],
            )
            story.append(self._p(version, "BannerLine"))
            story.append(Spacer(1, 6))
        story.append(KeepTogether([banner]))
        return story

    def _patient_and_procedure(self, session: ConsentSession) -> list[Flowable]:
        intake = session.intake
        if intake.consenter is Consenter.REPRESENTATIVE:
            name = self._optional(intake.representative_name, "word.name_not_recorded")
            relationship = self._optional(
                intake.representative_relationship, "word.relationship_not_recorded"
            )
            consenter = f"{self._label('details.representative')}: {name} ({relationship})"
        else:
            consenter = self._k("details.consenter_patient")
        if intake.interpreter_used:
            interpreter_name = self._optional(intake.interpreter_name, "word.name_not_recorded")
            interpreter = f"{self._k('answer.yes', inline=True)}: {interpreter_name}"
        else:
            interpreter = self._k("answer.no", inline=True)
        levels = ", ".join(clean(level) for level in intake.levels)
        rows = [
            (self._k("details.patient"), self._optional(intake.full_name)),
            (self._k("details.date_of_birth"), self._date(intake.date_of_birth)),
            (self._k("details.mrn"), self._optional(intake.mrn)),
            (self._k("details.procedure"), self._optional(intake.procedure)),
            (self._k("details.levels"), self._optional(levels)),
            (self._k("details.proceduralist"), self._optional(intake.proceduralist)),
            (self._k("details.scheduled"), self._when(intake.scheduled_at)),
            (self._k("details.patient_language"), self._language(session)),
            (self._k("details.preferred_language"), self._optional(intake.preferred_language)),
            (self._k("details.interpreter"), interpreter),
            (self._k("details.consenter"), consenter),
        ]
        return [
            *self._section(1, *self._two(lambda s: s.t("details.section"))),
            self._key_values(rows),
        ]

    def _language(self, session: ConsentSession) -> str:
        """The language the patient used, named in each language; flagged when the form used
        was in another language."""
        code = clean(session.language).strip()
        name = self._both(lambda s: s.word(f"language.{code}", code), inline=True)
        form_code = self.form.meta.language
        if form_code != code:
            form = self._k("details.form_language", inline=True, code=markup(form_code))
            name += " " + self._coloured(f"({form})", NOT_ANSWERED)
        return name

    def _clearance(self, session: ConsentSession, clearance: Clearance) -> list[Flowable]:
        strong, _ = _TONES[clearance.status.value]
        status = f"status.{clearance.status}"
        story: list[Flowable] = [
            *self._section(2, *self._two(lambda s: s.t("clearance.section"))),
            self._p(
                self._both(
                    lambda s: s.t("clearance.line", status=self._coloured(s.t(status), strong))
                )
            ),
        ]
        if clearance.findings:
            rows: list[list[Flowable]] = [
                self._head(
                    self._k("clearance.severity"),
                    self._k("clearance.finding"),
                    self._k("clearance.about"),
                )
            ]
            extra: list[tuple[Any, ...]] = []
            pairs = zip(clearance.findings, self._clinic_findings, strict=False)
            for row, (finding, clinic_finding) in enumerate(pairs, start=1):
                rows.append(self._finding_row(finding, clinic_finding))
                colour, tint = _TONES[finding.severity.value]
                extra += [
                    ("BACKGROUND", (0, row), (0, row), tint),
                    ("LINEBEFORE", (0, row), (0, row), 3, colour),
                ]
            story.append(self._table(rows, (0.2, 0.5, 0.3), extra=extra))
        else:
            story.append(self._p(self._k("clearance.none")))
        story.extend(self._physician_review(session, clearance))
        return story

    def _finding_row(self, finding: Finding, clinic_finding: Finding | None) -> list[Flowable]:
        colour, _ = _TONES[finding.severity.value]
        severity = f"severity.{finding.severity.value}"
        message = markup(finding.message)
        if clinic_finding is not None and clinic_finding.message != finding.message:
            message += f"<br/>{self._second(markup(clinic_finding.message))}"
        about = self._both(lambda s: self._field_label(finding.field, s))
        return [
            self._p(self._both(lambda s: self._coloured(s.t(severity), colour)), "Cell"),
            self._p(message, "Cell"),
            self._p(f"{about}<br/>{self._coloured(markup(finding.field), MUTED)}", "Cell"),
        ]

    def _physician_review(self, session: ConsentSession, clearance: Clearance) -> list[Flowable]:
        review = session.physician_review
        present = bool(review.physician_name.strip() or review.decision or review.reason.strip())
        heading = self._subsection(*self._two(lambda s: s.t("physician_review.heading")))
        if not present:
            if clearance.status is ClearanceStatus.PHYSICIAN_REVIEW:
                missing = self._both(
                    lambda s: self._coloured(s.t("physician_review.missing"), NOT_ANSWERED)
                )
                return [*heading, self._p(missing)]
            return []
        decision = (
            self._k(f"physician_decision.{review.decision.value}")
            if review.decision
            else self._coloured(self._k("word.not_recorded", inline=True), MUTED)
        )
        return [
            *heading,
            self._key_values(
                [
                    (self._k("physician_review.physician"), self._optional(review.physician_name)),
                    (self._k("physician_review.decision"), decision),
                    (self._k("physician_review.reason"), self._optional(review.reason)),
                ]
            ),
        ]

    def _checklist_label(self, side: _Side, item_id: str, label: str) -> str:
        """A checklist line's label in one side's form (the patient's when it lacks the id)."""
        for item in side.form.checklist.items:
            if item.id == item_id:
                return markup(item.label)
        return markup(label)

    def _checklist(self, session: ConsentSession, clearance: Clearance) -> list[Flowable]:
        record = session.checklist
        rows: list[list[Flowable]] = [
            self._head(
                self._k("checklist.item"), self._k("checklist.answer"), self._k("checklist.values")
            )
        ]
        extra: list[tuple[Any, ...]] = []
        for row, item in enumerate(self.form.checklist.items, start=1):
            entry = record.entries.get(item.id)
            answer = entry.answer if entry else None
            details = self._checklist_values(session, item.kind, answer)
            note = clean(entry.note).strip() if entry else ""
            if note:
                details.append(f"{self._label('checklist.note')}: {markup(note)}")
            label = self._both(partial(self._checklist_label, item_id=item.id, label=item.label))
            rows.append(
                [
                    self._p(label, "Cell"),
                    self._p(self._answer_markup(answer, staff=True), "Cell"),
                    self._p("<br/>".join(details) or self._coloured("—", MUTED), "Cell"),
                ]
            )
            extra += self._tint_row(self._worst(clearance, item.id), row, 1)
        return [
            *self._section(3, *self._two(lambda s: markup(s.form.checklist.heading))),
            self._table(rows, (0.40, 0.17, 0.43), extra=extra),
        ]

    def _drug_name(self, side: _Side, drug_id: str, name: str) -> str:
        """A drug's name in one side's hold table (the patient's when it lacks the drug)."""
        drug = side.form.anticoagulant(drug_id)
        return markup(drug.name if drug is not None else name)

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
        label, when = self._label, self._when
        not_recorded = self._k("word.not_recorded", inline=True)
        if kind == "imaging":
            return [f"{label('checklist.imaging_date')}: {self._date(record.imaging_date)}"]
        if kind == "inr":
            value = not_recorded if record.inr is None else f"{record.inr:g}"
            return [
                f"{label('checklist.inr')}: {value} "
                f"({label('checklist.clinic_limit')} {self.settings.inr_max:g})",
                f"{label('checklist.drawn')}: {self._date(record.inr_drawn)}",
            ]
        if kind == "platelets":
            unit = "\N{MULTIPLICATION SIGN} 10\N{SUPERSCRIPT NINE}/L"
            value = (
                not_recorded if record.platelets is None else markup(f"{record.platelets:g} {unit}")
            )
            return [
                f"{label('checklist.platelets')}: {value} "
                f"({label('checklist.clinic_minimum')} {self.settings.platelets_min:g})",
                f"{label('checklist.drawn')}: {self._date(record.platelets_drawn)}",
            ]
        if kind == "anticoagulant":
            lines = []
            for dose in record.anticoagulant_doses():
                drug_id = clean(dose.drug).strip()
                drug = self.form.anticoagulant(drug_id) if drug_id else None
                if drug is not None:
                    name = self._both(
                        partial(self._drug_name, drug_id=drug_id, name=drug.name), inline=True
                    )
                elif drug_id:
                    name = f"{markup(drug_id)} ({label('checklist.not_in_hold_table')})"
                else:
                    name = self._coloured(not_recorded, MUTED)
                lines += [
                    f"{label('checklist.drug')}: {name}",
                    f"{label('checklist.last_dose')}: {when(dose.last_dose)}",
                ]
            impaired = self._k("word.yes" if record.renal_impairment else "word.no", inline=True)
            lines.append(f"{label('checklist.kidney')}: {impaired}")
            return lines
        if kind == "fasting":
            meals = {MealType.LIGHT: "checklist.light_meal", MealType.HEAVY: "checklist.heavy_meal"}
            meal = self._k(
                meals[record.meal_type] if record.meal_type else "checklist.meal_not_recorded",
                inline=True,
            )
            return [
                f"{label('checklist.last_solid_food')}: {when(record.last_solid_food)} ({meal})",
                f"{label('checklist.last_clear_fluid')}: {when(record.last_clear_fluid)}",
            ]
        return []

    # -- sections: what the patient was shown, answered and signed (the patient's language) --

    def _disclosures(self, session: ConsentSession) -> list[Flowable]:
        form, words = self.form, self.patient
        story: list[Flowable] = [
            *self._section(4, words.t("shown.section")),
            self._p(
                words.t(
                    "shown.lead",
                    form_id=markup(form.meta.form_id),
                    version=markup(form.meta.version),
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
        return self._subsection(markup(heading)) + [self._p(markup(text)) for text in paragraphs]

    def _risk_card(
        self, session: ConsentSession, risk_id: str, title: str, body: str, likelihood: str
    ) -> Flowable:
        words = self.patient
        ack = session.risks.get(risk_id)
        response = ack.response if ack else None
        marks: list[Flowable]
        if response is RiskResponse.UNDERSTOOD:
            understood = self._coloured(words.t("shown.understood"), _TONES["ready"][0])
            marks = [self._p(understood, "Cell")]
        elif response is RiskResponse.QUESTION:
            asked = self._coloured(words.t("shown.has_question"), _TONES["physician_review"][0])
            question = clean(ack.question).strip() if ack else ""
            quoted = markup(question) if question else words.t("shown.ask_in_person")
            marks = [
                self._p(asked, "Cell"),
                self._p(words.t("shown.question", question=quoted), "Quote"),
            ]
        else:
            missing = self._coloured(
                words.t("shown.not_answered", not_answered=words.t("word.not_answered")),
                NOT_ANSWERED,
            )
            marks = [self._p(missing, "Cell")]
        data = [
            [self._p(markup(title), "CardTitle")],
            [self._p(markup(body), "Cell")],
            [self._p(words.t("shown.likelihood", likelihood=markup(likelihood)), "Cell")],
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
            *self._section(5, self.patient.t("answers.section")),
            *self._subsection(markup(form.positioning.heading)),
            self._question_table(session, clearance, form.positioning.questions),
            *self._subsection(markup(form.allergy.heading)),
            self._p(markup(form.allergy.intro), "Lead"),
        ]
        for group in form.allergy.groups:
            story.extend(self._subsection(markup(group.heading)))
            story.append(self._question_table(session, clearance, group.questions))
        return story

    def _question_table(
        self, session: ConsentSession, clearance: Clearance, questions: Sequence[Question]
    ) -> Table:
        words = self.patient
        rows: list[list[Flowable]] = [
            self._head(
                words.t("answers.question"), words.t("answers.answer"), words.t("answers.detail")
            )
        ]
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
        page, words = self.form.understanding, self.patient
        rows: list[list[Flowable]] = [
            self._head(
                words.t("understanding.question"),
                words.t("understanding.first_answer"),
                words.t("understanding.result"),
                words.t("understanding.later_answers"),
            )
        ]
        not_answered = self._coloured(words.t("word.not_answered"), NOT_ANSWERED)
        extra: list[tuple[Any, ...]] = []
        for row, question in enumerate(page.questions, start=1):
            choices = {c.id: c.text for c in question.choices}

            def text(choice_id: str, choices: dict[str, str] = choices) -> str:
                if choice_id in choices:
                    return markup(choices[choice_id])
                return words.t("understanding.unknown_choice", choice=markup(choice_id))

            response = session.understanding.get(question.id)
            picked = response.choices if response else []
            if not picked:
                first, result, tone = not_answered, not_answered, "do_not_proceed"
            elif picked[0] == question.correct:
                first, result, tone = text(picked[0]), words.t("understanding.correct"), "ready"
            else:
                first = text(picked[0])
                explanation = self._coloured(markup(question.explanation), MUTED)
                result = words.t("understanding.not_correct", explanation=explanation)
                tone = "physician_review"
            correct_mark = " " + words.t("understanding.correct_mark")
            later = "<br/>".join(
                f"{n}. {text(choice)}" + (correct_mark if choice == question.correct else "")
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
            *self._section(6, words.t("understanding.section")),
            self._p(markup(page.intro), "Lead"),
            self._table(rows, (0.3, 0.24, 0.26, 0.2), extra=extra),
        ]

    def _questions_raised(self, session: ConsentSession) -> list[Flowable]:
        words = self.patient
        titles = {risk.id: risk.title for risk in self.form.risks.items}
        raised = session.questions_raised()
        story: list[Flowable] = self._section(7, words.t("questions.section"))
        if not raised:
            story.append(self._p(words.t("questions.none")))
            return story
        rows: list[list[Flowable]] = [
            self._head(words.t("questions.about"), words.t("questions.question"))
        ]
        for risk_id, question in raised:
            question = clean(question).strip()
            rows.append(
                [
                    self._p(markup(titles.get(risk_id, risk_id)), "Cell"),
                    self._p(
                        markup(question) if question else words.t("shown.ask_in_person"), "Quote"
                    ),
                ]
            )
        story.append(self._table(rows, (0.3, 0.7)))
        return story

    def _decision(self, session: ConsentSession) -> list[Flowable]:
        page, words = self.form.decision, self.patient
        options = (
            (Decision.AGREE, page.agree),
            (Decision.REFUSE, page.refuse),
            (Decision.TALK_FIRST, page.talk_first),
        )
        rows: list[list[Flowable]] = [
            self._head(words.t("choice.offered"), words.t("choice.chosen"))
        ]
        extra: list[tuple[Any, ...]] = []
        for row, (decision, text) in enumerate(options, start=1):
            chosen = session.decision is decision
            rows.append(
                [
                    self._p(markup(text), "Cell"),
                    self._p(
                        words.t("choice.chosen") if chosen else self._coloured("—", MUTED), "Cell"
                    ),
                ]
            )
            if chosen:
                tone = "ready" if decision is Decision.AGREE else "physician_review"
                extra.append(("BACKGROUND", (0, row), (-1, row), _TONES[tone][1]))
        key = f"decision.{session.decision.value}" if session.decision else "decision.none"
        return [
            *self._section(8, markup(page.heading)),
            self._p(words.t("decision.line", decision=words.t(key))),
            self._p(markup(page.intro), "Lead"),
            self._table(rows, (0.8, 0.2), extra=extra),
        ]

    # -- signatures: the patient's in their language, the staff's in both --

    def _signatures(self, session: ConsentSession) -> list[Flowable]:
        order = list(SignatureRole)
        signatures = sorted(session.signatures, key=lambda s: order.index(s.role))
        story: list[Flowable] = self._section(
            9, *self._two(lambda s: markup(s.form.signatures.heading))
        )
        if not signatures:
            story.append(
                self._p(self._both(lambda s: self._coloured(s.t("signatures.none"), NOT_ANSWERED)))
            )
        for signature in signatures:
            story.append(self._signature_box(signature))
        if session.signature(SignatureRole.PHYSICIAN) is None:
            if session.attestation_deferred:
                colour, key = _TONES["nurse_action"][0], "signatures.attestation_later"
            else:
                colour, key = NOT_ANSWERED, "signatures.attestation_missing"
            story.append(self._p(self._both(lambda s: self._coloured(s.t(key), colour))))
        return story

    def _statements(self, signature: Signature, form: FormDefinition) -> list[str]:
        texts = form.signatures
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
        staff = signature.role not in _PATIENT_ROLES
        relationship = clean(signature.relationship).strip()

        def line(build: _Build) -> str:
            return self._both(build) if staff else build(self.patient)

        def role(side: _Side) -> str:
            words = side.t(f"role.{signature.role.value}")
            return f"{words} ({markup(relationship)})" if relationship else words

        def meaning(side: _Side) -> str:
            words = side.word(f"meaning.{signature.meaning.name.lower()}", signature.meaning.value)
            return side.t("signatures.meaning", meaning=words)

        name = self._optional(
            signature.printed_name,
            "signatures.printed_name_missing",
            None if staff else self.patient,
        )
        statements: list[Flowable] = []
        for side in self.sides if staff else (self.patient,):
            for text in self._statements(signature, side.form):
                quoted = side.t("signatures.quoted", statement=markup(text))
                statements.append(self._p(quoted, "Statement"))
        typed = (
            [self._p(line(lambda s: s.t("signatures.typed")), "Cell")] if signature.typed else []
        )
        details = [
            self._p(name, "CardTitle"),
            self._p(line(lambda s: s.t("signatures.role", role=role(s))), "Cell"),
            self._p(
                f"{self._label('signatures.signed', staff)}: {self._when(signature.signed_at)}",
                "Cell",
            ),
            self._p(line(meaning), "Cell"),
            *typed,
            Spacer(1, 3),
            *statements,
        ]
        if any(stroke for stroke in signature.strokes):
            drawing: Flowable = SignatureDrawing(signature)
        else:
            missing = line(lambda s: self._coloured(s.t("signatures.no_strokes"), NOT_ANSWERED))
            drawing = self._p(missing, "Cell")
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

    # -- sections: the record (staff) --

    def _record_version(self, session: ConsentSession) -> str:
        """``2 (late physician attestation)``, escaped; the first version needs no reason."""
        reason = clean(session.version_reason).replace("\n", " ").strip()
        if reason:
            return f"{session.record_version} ({markup(reason)})"
        if session.record_version > 1:
            missing = self._coloured(self._k("word.reason_not_recorded", inline=True), MUTED)
            return f"{session.record_version} ({missing})"
        return str(session.record_version)

    def _audit_trail(self, session: ConsentSession) -> list[Flowable]:
        """Time on each page, when each signature was taken, and the audit trail's chain head."""
        audit = session.audit
        heading = [*self._section(10, *self._two(lambda s: s.t("audit.section")))]
        if audit is None:
            story: list[Flowable] = [*heading, self._p(self._k("audit.none"))]
        else:
            parts = self._time_spent(audit.seconds_by_page)
            # Each part of the wizard is a table kept whole, its total with its pages; the
            # headings stay with the first part.
            time_spent = self._subsection(*self._two(lambda s: s.t("audit.time_spent")))
            story = [KeepTogether([*heading, *time_spent, parts[0]])]
            story += [KeepTogether([Spacer(1, 5), part]) for part in parts[1:]]
        taken: list[Flowable] = [
            *self._subsection(*self._two(lambda s: s.t("audit.signatures_taken"))),
            self._signatures_taken(session),
        ]
        if audit is not None:
            key = "audit.one_event" if audit.events == 1 else "audit.events"
            events = str(audit.events)
            command = f"consent-app audit verify {clean(session.session_id)}"
            # The 64-digit head goes on a line of its own, once, under the sentence in each
            # language: beside a sentence it would wrap at a different place in each.
            count = self._both(lambda s: s.t(key, count=events))
            taken += [
                Spacer(1, 8),
                self._p(f"{count}<br/>{self._optional(audit.head)}", "Cell"),
                self._p(f"{self._label('audit.check')}: {markup(command)}", "Small"),
            ]
        story.append(KeepTogether(taken))
        return story

    def _time_spent(self, seconds_by_page: dict[str, float]) -> list[Flowable]:
        """A table for each part of the wizard with time: its pages in order, then its total.

        A page with no time is left out; a page this app does not know is listed by its id.
        """
        timed = {page: whole_seconds(s) for page, s in seconds_by_page.items()}
        timed_pages = {page: s for page, s in timed.items() if s is not None}
        known = {page for _, pages in PAGE_GROUPS for page in pages}
        unknown = tuple(page for page in timed_pages if page not in known)
        tables: list[Flowable] = []
        for group, pages in [*PAGE_GROUPS, (OTHER_PAGES, unknown)]:
            shown = [(page, timed_pages[page]) for page in pages if page in timed_pages]
            if not shown:
                continue
            title = self._coloured(self._k(f"pages.{group}"), NAVY)
            rows: list[list[Flowable]] = [
                [self._p(title, "Cell"), *self._head(self._k("audit.time_spent"))]
            ]
            for page, seconds in shown:
                name = self._k(f"pages.{page}") if page in known else markup(page)
                rows.append(
                    [
                        self._p(name, "CellIndented"),
                        self._p(markup(format_duration(seconds, self.words)), "Cell"),
                    ]
                )
            extra: list[tuple[Any, ...]] = []
            if group != OTHER_PAGES:
                total = format_duration(sum(seconds for _, seconds in shown), self.words)
                extra.append(("LINEABOVE", (0, len(rows)), (-1, len(rows)), 0.8, RULE))
                rows.append(
                    [
                        self._p(self._k(f"pages.{group}_total"), "Cell"),
                        self._p(markup(total), "Cell"),
                    ]
                )
            tables.append(self._table(rows, (0.5, 0.2), extra=extra))
        return tables or [self._p(self._k("audit.no_time"))]

    def _signatures_taken(self, session: ConsentSession) -> Flowable:
        """Each signature's role and time, earliest first."""
        if not session.signatures:
            return self._p(self._k("audit.no_signatures"))

        def when(signature: Signature) -> datetime:
            # A record from an old app may hold a time without a zone: order it as UTC.
            at = signature.signed_at
            return at if at.tzinfo is not None else at.replace(tzinfo=UTC)

        order = list(SignatureRole)
        rows: list[list[Flowable]] = [self._head(self._k("audit.role"), self._k("audit.signed"))]
        for signature in sorted(session.signatures, key=lambda s: (when(s), order.index(s.role))):
            rows.append(
                [
                    self._p(self._k(f"role.{signature.role.value}"), "Cell"),
                    self._p(self._when(signature.signed_at), "Cell"),
                ]
            )
        return self._table(rows, (0.3, 0.4))

    def _record(self, session: ConsentSession) -> list[Flowable]:
        meta = self.form.meta

        def form_value(form_id: str, version: str) -> str:
            return f"{markup(form_id)}, {self._label('record.version')} {markup(version)}"

        review = (
            self._date(meta.review_date)
            if meta.review_date
            else self._k("record.not_reviewed", inline=True)
        )
        status = session.status.value
        exported = (
            self._when(session.exported_at)
            if session.exported_at
            else self._coloured(self._k("record.not_exported", inline=True), MUTED)
        )
        rows = [
            (self._k("record.form"), form_value(meta.form_id, meta.version)),
            (self._k("record.effective_date"), self._date(meta.effective_date)),
            (self._k("record.clinical_reviewer"), markup(meta.clinical_reviewer)),
            (self._k("record.review_date"), review),
            (self._k("record.session_id"), markup(session.session_id)),
            (self._k("record.record_version"), self._record_version(session)),
            (
                self._k("record.session_status"),
                self._both(
                    lambda s: s.word(f"session_status.{status}", status.replace("_", " ")),
                    inline=True,
                ),
            ),
            (self._k("record.created"), self._when(session.created_at)),
            (self._k("record.updated"), self._when(session.updated_at)),
            (self._k("record.exported"), exported),
            (self._k("record.made"), self._when(datetime.now(UTC))),
            (self._k("record.clinic"), markup(self.settings.clinic_name)),
            (self._k("record.device"), markup(self.settings.device_name)),
        ]
        if self.record_sha256:
            attached = (
                f"{self._label('record.attached')} {markup(RECORD_FILE_NAME)}; "
                f"SHA-256 {markup(self.record_sha256)}"
            )
            rows.append((self._k("record.session_record"), attached))
        if session.form_id != meta.form_id or session.form_version != meta.version:
            rows.insert(
                1,
                (
                    self._k("record.sessions_form"),
                    self._coloured(form_value(session.form_id, session.form_version), NOT_ANSWERED),
                ),
            )
        return [
            *self._section(11, *self._two(lambda s: s.t("record.section"))),
            self._key_values(rows),
            *self._subsection(*self._two(lambda s: s.t("record.sources"))),
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
    session: ConsentSession,
    form: FormDefinition,
    settings: Settings,
    clearance: Clearance,
    clinic_form: FormDefinition | None = None,
) -> bytes:
    """The PDF summary of a session, as bytes.

    ``form`` is the form in the patient's language; ``clinic_form``, the same form in the
    clinic's language, adds that language to the staff sections when it differs.
    """
    buffer = BytesIO()
    SummaryRenderer(form, settings, clinic_form).render(session, clearance, buffer)
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
    clinic_form: FormDefinition | None = None,
) -> RenderedSummary:
    """The summary with the record's hash printed and room left for the seal's stamp."""
    renderer = SummaryRenderer(form, settings, clinic_form)
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
