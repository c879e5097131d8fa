"""The summary made archival: PDF/A-3b, with the session record attached as JSON.

Why PDF/A-3b and not PDF/A-2b. The request was for "PDF/A-2b with the JSON record embedded";
one file cannot be both. ISO 19005-2 (PDF/A-2) permits an embedded file only if it is itself a
PDF/A-1 or PDF/A-2 document, so a JSON attachment makes a file non-conforming. ISO 19005-3
(PDF/A-3) is PDF/A-2 plus exactly this: any file may be embedded if it is declared as an
*associated file*, with a MIME type, ``/AFRelationship`` and a place in the catalog's ``/AF``
array. It is how ZUGFeRD / Factur-X invoices carry their XML. Every other PDF/A-2b rule (fonts,
colour, metadata, no encryption, no JavaScript) holds unchanged in PDF/A-3b. The conforming
ways to stay PDF/A-2b (the JSON inside custom XMP with an extension schema, or wrapped inside a
nested PDF/A-2 file) would not give an archivist an attachment they can save and read, so this
module writes PDF/A-3b: ``pdfaid:part`` 3, ``pdfaid:conformance`` B.

What it does, on the reportlab output of :mod:`consent_app.pdf.summary`: drops the empty
``/Trans`` (page transition) entries reportlab writes on every page (PDF/A forbids the Trans
*action*, not this key, but a record has no business with transitions); adds an sRGB output
intent; writes XMP (title, creator, dates, producer, PDF/A identification) and a document info
dictionary that says the same things; attaches the record as ``consent-record.json``; and saves
an unencrypted, non-linearised PDF 1.7 with a plain cross-reference table and a trailer ``/ID``,
ready for an incremental signature. It then reads its own output back with :func:`check_pdfa`
and refuses to return a file that fails.

:func:`check_pdfa` is our own structural check of the rules a file from here could break. It
is not a validator: veraPDF is not available here, and it does not inspect font programs or
colour use in content streams. pikepdf's own validator (``pikepdf.pdfa``, an optional extra
needing fontTools) does; the tests run it when it is installed.

pikepdf is heavy: import this module only where a summary is exported, never at start-up.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache
from io import BytesIO

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, Stream, String
from pikepdf.models.metadata import PdfMetadata, decode_pdf_date

from consent_app.domain.session import ConsentSession

#: The name of the session record attached inside the archival PDF.
RECORD_NAME = "consent-record.json"
#: The document information key holding the SHA-256 of the attached record.
RECORD_HASH_KEY = "/ConsentRecordSHA256"
RECORD_MIME = "application/json"
RECORD_DESCRIPTION = "The consent session record this summary was made from (JSON)"

PDFA_PART = "3"
PDFA_CONFORMANCE = "B"
PDF_VERSION = "1.7"

# The sRGB output condition, named as the ICC registry names it.
SRGB_CONDITION = "sRGB IEC61966-2.1"
ICC_REGISTRY = "http://www.color.org"

# ISO 19005-3, 6.5.1: actions a conforming file shall not contain.
FORBIDDEN_ACTIONS = frozenset(
    {
        "/Launch",
        "/Sound",
        "/Movie",
        "/ResetForm",
        "/ImportData",
        "/Hide",
        "/SetOCGState",
        "/Rendition",
        "/Trans",
        "/GoTo3DView",
        "/JavaScript",
        "/SetState",
        "/NOP",
    }
)
_EMBEDDED_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
# ISO 19005-3, 6.8-1 (the test veraPDF applies to an embedded file's MIME type).
_MIME = re.compile(r"^[-\w+.]+/[-\w+.]+$")
# Annotation flags (ISO 32000-1, 12.5.3).
_INVISIBLE, _HIDDEN, _PRINT, _NO_VIEW, _TOGGLE_NO_VIEW = 1, 2, 4, 32, 256


class ArchivalError(ValueError):
    """The PDF could not be made archival; ``problems`` lists every reason, in sentences."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("The PDF is not archival (PDF/A-3b): " + " ".join(problems))
        self.problems = problems


# --- the record -------------------------------------------------------------------------------


def record_bytes(session: ConsentSession) -> bytes:
    """The canonical session record: sorted, compact UTF-8 JSON; one session, one byte string."""
    return json.dumps(
        session.model_dump(mode="json"),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")


def record_digest(record: bytes) -> str:
    """The SHA-256 of a record, in lower-case hex."""
    return hashlib.sha256(record).hexdigest()


# --- making the archival file -----------------------------------------------------------------


def make_archival(
    pdf: bytes, record: bytes, *, title: str, author: str, created: datetime
) -> bytes:
    """The PDF made PDF/A-3b with the record attached; raises :class:`ArchivalError` if it fails.

    ``created`` must carry a time zone; it is stored to the second as the creation and
    modification time in the XMP, the document info and the attachment.
    """
    if created.tzinfo is None or created.utcoffset() is None:
        raise ValueError("created must be timezone-aware: an archival date states its offset")
    created = created.replace(microsecond=0)
    with pikepdf.open(BytesIO(pdf)) as doc:
        if doc.is_encrypted:
            raise ArchivalError(["The input PDF is encrypted; PDF/A forbids encryption."])
        actions = _forbidden_actions(doc)
        if actions:
            raise ArchivalError(actions)
        original_info = {str(key): value for key, value in doc.docinfo.items()}
        for page in doc.pages:
            if "/Trans" in page.obj:
                del page.obj["/Trans"]
        if "/Version" in doc.Root:
            # A catalog version would override the 1.7 header.
            del doc.Root["/Version"]
        doc.Root.OutputIntents = Array([_srgb_output_intent(doc, created)])
        _write_metadata(doc, original_info, title=title, author=author, created=created)
        # The hash printed on the last page, kept where ``verify`` can read it exactly.
        doc.docinfo[Name(RECORD_HASH_KEY)] = String(record_digest(record))
        _attach_record(doc, record, created)
        buffer = BytesIO()
        doc.save(
            buffer,
            force_version=PDF_VERSION,
            # Leave the XMP packet exactly as written (pikepdf.pdfa pins this too).
            fix_metadata_version=False,
            # A classic cross-reference table, no object streams: the plainest structure for
            # readers decades from now and for pyHanko's incremental signature on top.
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
            compress_streams=True,
            linearize=False,
            encryption=False,
            # The same input gives the same bytes, /ID included.
            deterministic_id=True,
        )
    archival = buffer.getvalue()
    problems = check_pdfa(archival)
    if problems:
        raise ArchivalError(problems)
    return archival


@cache
def _srgb_profile_template() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def srgb_profile(when: datetime) -> bytes:
    """LittleCMS's built-in sRGB ICC profile (v4, display class), dated ``when`` in UTC.

    LittleCMS stamps a profile with the time it was made, so two calls a second apart differ.
    The header date (ICC.1 7.2.1, bytes 24-35) is set to ``when`` so the same input always gives
    the same file. The profile ID (bytes 84-99) is left unset (zero) by LittleCMS, so no checksum
    covers the date.
    """
    profile = bytearray(_srgb_profile_template())
    if any(profile[84:100]):  # pragma: no cover - a LittleCMS that computes profile IDs
        return bytes(profile)
    utc = when.astimezone(UTC)
    fields = (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)
    profile[24:36] = b"".join(value.to_bytes(2, "big") for value in fields)
    return bytes(profile)


def _srgb_output_intent(doc: Pdf, created: datetime) -> Dictionary:
    profile = Stream(doc, srgb_profile(created))
    profile.N = 3
    # Flate-compressed on save like every other stream (compress_streams=True).
    return doc.make_indirect(
        Dictionary(
            Type=Name.OutputIntent,
            S=Name.GTS_PDFA1,
            OutputConditionIdentifier=String(SRGB_CONDITION),
            RegistryName=String(ICC_REGISTRY),
            Info=String(SRGB_CONDITION),
            DestOutputProfile=doc.make_indirect(profile),
        )
    )


def _info_text(value: object) -> str | None:
    """A document info string as text, or None for a missing, empty or non-string value."""
    if not isinstance(value, String):
        return None
    text = str(value).strip()
    return text or None


def _producer(original: object) -> str:
    made_by = _info_text(original)
    with_pikepdf = f"pikepdf {pikepdf.__version__} (PDF/A-3b)"
    return f"{made_by}; {with_pikepdf}" if made_by else with_pikepdf


def _write_metadata(
    doc: Pdf,
    original_info: dict[str, object],
    *,
    title: str,
    author: str,
    created: datetime,
) -> None:
    """Write the XMP and let pikepdf rebuild the document info from it, so the two agree."""
    # Start the info afresh: pikepdf writes back only the keys that have an XMP twin, so a
    # stray key (reportlab's /Trapped, an empty /Keywords) cannot disagree with the XMP.
    doc.trailer.Info = doc.make_indirect(Dictionary())
    if "/Metadata" in doc.Root:
        del doc.Root["/Metadata"]
    when = created.isoformat()
    with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as meta:
        meta["dc:title"] = title
        # dc:creator is an ordered list (rdf:Seq); one entry, mirrored as the one /Author.
        meta["dc:creator"] = [author]
        subject = _info_text(original_info.get("/Subject"))
        if subject:
            meta["dc:description"] = subject
        keywords = _info_text(original_info.get("/Keywords"))
        if keywords:
            meta["pdf:Keywords"] = keywords
        creator_tool = _info_text(original_info.get("/Creator"))
        if creator_tool:
            meta["xmp:CreatorTool"] = creator_tool
        meta["pdf:Producer"] = _producer(original_info.get("/Producer"))
        meta["xmp:CreateDate"] = when
        meta["xmp:ModifyDate"] = when
        meta["xmp:MetadataDate"] = when
        meta["pdfaid:part"] = PDFA_PART
        meta["pdfaid:conformance"] = PDFA_CONFORMANCE
    # pikepdf copied the dates in PDF 2.0's form (no closing apostrophe); this file is PDF 1.7,
    # whose date syntax (ISO 32000-1, 7.9.4) closes the offset with one. Same instant.
    doc.docinfo[Name.CreationDate] = String(pdf_date(created))
    doc.docinfo[Name.ModDate] = String(pdf_date(created))


def pdf_date(when: datetime) -> str:
    """A timezone-aware time as a PDF 1.7 date string: ``D:20261124080000+01'00'``."""
    offset = when.utcoffset()
    if offset is None:
        raise ValueError("a PDF date for the archive needs a time zone")
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"D:{when:%Y%m%d%H%M%S}{sign}{hours:02d}'{mins:02d}'"


def _attach_record(doc: Pdf, record: bytes, created: datetime) -> None:
    when = pdf_date(created)
    spec = pikepdf.AttachedFileSpec(
        doc,
        record,
        description=RECORD_DESCRIPTION,
        filename=RECORD_NAME,
        mime_type=RECORD_MIME,
        creation_date=when,
        mod_date=when,
        relationship=Name.Data,
    )
    # pikepdf puts the file spec in the EmbeddedFiles name tree and, given a relationship, in
    # the catalog's /AF array; both are checked below rather than trusted.
    doc.attachments[RECORD_NAME] = spec
    af = doc.Root.get("/AF")
    if af is None:
        doc.Root.AF = Array([spec.obj])
    elif not any(_same(item, spec.obj) for item in af):
        af.append(spec.obj)


# --- reading it back --------------------------------------------------------------------------


def embedded_record(pdf: bytes) -> bytes | None:
    """The bytes of the attached session record, or None when the PDF carries none."""
    with pikepdf.open(BytesIO(pdf)) as doc:
        spec = doc.attachments.get(RECORD_NAME)
        if spec is None:
            return None
        return bytes(spec.get_file().read_bytes())


# --- checking ---------------------------------------------------------------------------------


def check_pdfa(pdf: bytes) -> list[str]:
    """Every PDF/A-3b violation this structural check finds, in sentences; [] when none.

    Checks the header, encryption, trailer /ID, XMP with its PDF/A claim, XMP/Info agreement,
    the output intent, font embedding, page transitions, forbidden actions, annotation flags
    and embedded files. It does not look inside font programs or content streams.
    """
    problems = _check_header(pdf)
    try:
        doc = pikepdf.open(BytesIO(pdf))
    except pikepdf.PasswordError:
        return [*problems, "The file is encrypted with a password; PDF/A forbids encryption."]
    except pikepdf.PdfError as error:
        return [*problems, f"The file cannot be read as a PDF: {error}."]
    with doc:
        if doc.is_encrypted or "/Encrypt" in doc.trailer:
            problems.append("The file is encrypted; PDF/A forbids encryption.")
        problems += _check_trailer_id(doc)
        problems += _check_catalog_version(doc)
        problems += _check_metadata(doc)
        problems += _check_output_intent(doc)
        problems += _check_fonts(doc)
        problems += _check_pages(doc)
        problems += _forbidden_actions(doc)
        problems += _check_embedded_files(doc)
    return problems


def _check_header(pdf: bytes) -> list[str]:
    match = re.match(rb"%PDF-(\d)\.(\d)(\r\n|\r|\n)", pdf)
    if match is None:
        return ["The file does not start with a PDF header line (%PDF-1.n)."]
    problems = []
    major, minor = int(match[1]), int(match[2])
    if (major, minor) > (1, 7):
        problems.append(f"The header says PDF {major}.{minor}; PDF/A-3 allows at most 1.7.")
    comment = pdf[match.end() : match.end() + 5]
    if len(comment) < 5 or comment[0:1] != b"%" or any(byte <= 127 for byte in comment[1:5]):
        problems.append(
            "The header line is not followed by a comment of four bytes above 127, which "
            "PDF/A requires so that the file is recognised as binary."
        )
    return problems


def _check_trailer_id(doc: Pdf) -> list[str]:
    file_id = doc.trailer.get("/ID")
    if not isinstance(file_id, Array) or len(file_id) != 2:
        return ["The trailer has no /ID of two file identifiers; PDF/A requires one."]
    return []


def _check_catalog_version(doc: Pdf) -> list[str]:
    version = doc.Root.get("/Version")
    if version is None:
        return []
    text = str(version).lstrip("/")
    if re.fullmatch(r"1\.[0-7]", text):
        return []
    return [f"The catalog's /Version says {text}; PDF/A-3 allows at most 1.7."]


def _xmp_text(meta: PdfMetadata, key: str) -> str | None:
    try:
        value = meta[key]
    except KeyError:
        return None
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) if value else None
    return str(value)


# (document info key, XMP property, what the property says); dates are compared as instants.
_INFO_TWINS = (
    ("/Title", "dc:title", "title"),
    ("/Author", "dc:creator", "creator"),
    ("/Subject", "dc:description", "subject"),
    ("/Keywords", "pdf:Keywords", "keywords"),
    ("/Creator", "xmp:CreatorTool", "creating tool"),
    ("/Producer", "pdf:Producer", "producer"),
    ("/CreationDate", "xmp:CreateDate", "creation date"),
    ("/ModDate", "xmp:ModifyDate", "modification date"),
)
_DATE_KEYS = frozenset({"/CreationDate", "/ModDate"})
_REQUIRED_XMP = (("dc:title", "title"), ("dc:creator", "creator"), ("pdf:Producer", "producer"))


def _check_metadata(doc: Pdf) -> list[str]:
    stream = doc.Root.get("/Metadata")
    if not isinstance(stream, Stream):
        return ["The catalog has no XMP metadata stream, which PDF/A requires."]
    problems = []
    if stream.get("/Type") != Name.Metadata or stream.get("/Subtype") != Name.XML:
        problems.append("The XMP metadata stream is not marked /Type /Metadata /Subtype /XML.")
    meta = doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
    if meta.recovered:
        problems.append("The XMP metadata is not well-formed XMP.")
    # pikepdf reads the claim as pdfaid:part + pdfaid:conformance, e.g. "3B".
    status = meta.pdfa_status
    if not status:
        problems.append("The XMP does not identify the file as PDF/A (pdfaid:part, conformance).")
    elif status != PDFA_PART + PDFA_CONFORMANCE:
        problems.append(f"The XMP identifies the file as PDF/A-{status}, not PDF/A-3B.")
    for key, what in _REQUIRED_XMP:
        if not _xmp_text(meta, key):
            problems.append(f"The XMP has no {what} ({key}).")
    try:
        creators = meta["dc:creator"]
    except KeyError:
        creators = []
    if isinstance(creators, list) and len(creators) > 1:
        problems.append(f"The XMP names {len(creators)} creators; the document info holds one.")
    problems += _check_info_agrees(doc, meta)
    return problems


def _check_info_agrees(doc: Pdf, meta: PdfMetadata) -> list[str]:
    if "/Info" not in doc.trailer:
        return []
    problems = []
    info = doc.docinfo
    for key, xmp_key, what in _INFO_TWINS:
        if key not in info:
            continue
        info_value = str(info[key])
        xmp_value = _xmp_text(meta, xmp_key)
        if xmp_value is None:
            problems.append(f"The document info has a {what} ({key}) but the XMP has no {xmp_key}.")
        elif key in _DATE_KEYS:
            if not _same_instant(info_value, xmp_value):
                problems.append(
                    f"The document info {what} ({info_value}) and the XMP {xmp_key} "
                    f"({xmp_value}) differ."
                )
        elif info_value != xmp_value:
            problems.append(
                f"The document info {what} ({info_value!r}) and the XMP {xmp_key} "
                f"({xmp_value!r}) differ."
            )
    return problems


def _same_instant(pdf_date: str, xmp_date: str) -> bool:
    try:
        left = decode_pdf_date(pdf_date)
        right = datetime.fromisoformat(xmp_date)
    except ValueError:
        return False
    if (left.tzinfo is None) != (right.tzinfo is None):
        return False
    return left == right


def _check_output_intent(doc: Pdf) -> list[str]:
    intents = doc.Root.get("/OutputIntents")
    pdfa_intents = [
        intent
        for intent in (intents if isinstance(intents, Array) else [])
        if isinstance(intent, Dictionary) and intent.get("/S") == Name.GTS_PDFA1
    ]
    if not pdfa_intents:
        return ["There is no PDF/A output intent (/OutputIntents with /S /GTS_PDFA1)."]
    problems = []
    for intent in pdfa_intents:
        if "/OutputConditionIdentifier" not in intent:
            problems.append("The PDF/A output intent has no /OutputConditionIdentifier.")
        profile = intent.get("/DestOutputProfile")
        if not isinstance(profile, Stream):
            problems.append("The PDF/A output intent has no ICC profile (/DestOutputProfile).")
            continue
        if profile.get("/N") != 3:
            problems.append(
                f"The output intent's ICC profile has /N {profile.get('/N')}, not 3 (RGB)."
            )
        try:
            header = profile.read_bytes()[:128]
        except pikepdf.PdfError:
            problems.append("The output intent's ICC profile cannot be decoded.")
            continue
        if len(header) < 128 or header[36:40] != b"acsp":
            problems.append("The output intent's /DestOutputProfile is not an ICC profile.")
            continue
        if header[16:20] != b"RGB ":
            problems.append("The output intent's ICC profile is not an RGB profile.")
        if header[12:16] not in (b"mntr", b"prtr"):
            problems.append("The output intent's ICC profile is not a display or printer profile.")
        if header[8] > 4:
            problems.append(f"The output intent's ICC profile is version {header[8]}, above 4.")
    return problems


def _resources(resources: object) -> Iterator[tuple[str, Dictionary]]:
    """(where, font) for each font a resource dictionary reaches, through forms and patterns."""
    seen: set[tuple[int, int]] = set()
    pending: list[tuple[object, str]] = [(resources, "")]
    while pending:
        current, where = pending.pop()
        if not isinstance(current, Dictionary):
            continue
        if current.is_indirect:
            if current.objgen in seen:
                continue
            seen.add(current.objgen)
        fonts = current.get("/Font")
        if isinstance(fonts, Dictionary):
            for name, font in fonts.items():
                if isinstance(font, Dictionary):
                    yield f"{name}{where}", font
                    if font.get("/Subtype") == Name.Type3:
                        pending.append((font.get("/Resources"), f" (in Type3 font {name})"))
        for category in ("/XObject", "/Pattern"):
            objects = current.get(category)
            if not isinstance(objects, Dictionary):
                continue
            for name, item in objects.items():
                if isinstance(item, Stream | Dictionary) and "/Resources" in item:
                    pending.append((item.get("/Resources"), f" (in {name})"))


def _appearance_streams(annotation: Dictionary) -> Iterator[Stream]:
    appearances = annotation.get("/AP")
    if not isinstance(appearances, Dictionary):
        return
    for key in ("/N", "/R", "/D"):
        entry = appearances.get(key)
        if isinstance(entry, Stream):
            yield entry
        elif isinstance(entry, Dictionary):
            yield from (state for state in entry.values() if isinstance(state, Stream))


def _check_fonts(doc: Pdf) -> list[str]:
    problems = []
    checked: set[tuple[int, int]] = set()
    for number, page in enumerate(doc.pages, start=1):
        roots: list[tuple[object, str]] = [(page.obj.get("/Resources"), "")]
        for annotation in _annotations(page.obj):
            roots += [
                (stream.get("/Resources"), " (in an annotation's appearance)")
                for stream in _appearance_streams(annotation)
            ]
        for resources, annotation_where in roots:
            for where, font in _resources(resources):
                if font.is_indirect:
                    if font.objgen in checked:
                        continue
                    checked.add(font.objgen)
                problem = _font_problem(font)
                if problem:
                    problems.append(f"{problem} ({where} on page {number}{annotation_where}).")
    return problems


def _font_problem(font: Dictionary) -> str | None:
    """Why a font is not embedded, or None when its program is in the file."""
    subtype = font.get("/Subtype")
    name = str(font.get("/BaseFont", "unnamed")).lstrip("/")
    if subtype == Name.Type3:
        return None  # its glyphs are content streams in the file
    described = font
    if subtype == Name.Type0:
        descendants = font.get("/DescendantFonts")
        if not isinstance(descendants, Array) or len(descendants) != 1:
            return f"The Type0 font {name} has no descendant font"
        described = descendants[0]
    descriptor = described.get("/FontDescriptor")
    if not isinstance(descriptor, Dictionary):
        return f"The font {name} is not embedded (it has no font descriptor)"
    if not any(isinstance(descriptor.get(key), Stream) for key in _EMBEDDED_FONT_FILES):
        return f"The font {name} is not embedded (no FontFile, FontFile2 or FontFile3)"
    return None


def _annotations(page: Dictionary) -> list[Dictionary]:
    annotations = page.get("/Annots")
    if not isinstance(annotations, Array):
        return []
    return [a for a in annotations if isinstance(a, Dictionary)]


def _check_pages(doc: Pdf) -> list[str]:
    problems = []
    for number, page in enumerate(doc.pages, start=1):
        if "/Trans" in page.obj:
            problems.append(f"Page {number} has a page transition (/Trans).")
        for annotation in _annotations(page.obj):
            problems += _annotation_problems(annotation, number)
    return problems


def _annotation_problems(annotation: Dictionary, page: int) -> list[str]:
    subtype = str(annotation.get("/Subtype", "/unknown")).lstrip("/")
    if subtype == "Popup":
        return []
    flags = annotation.get("/F")
    problems = []
    if not isinstance(flags, int):
        problems.append(f"A {subtype} annotation on page {page} has no /F flags.")
    elif not flags & _PRINT or flags & (_INVISIBLE | _HIDDEN | _NO_VIEW | _TOGGLE_NO_VIEW):
        problems.append(
            f"A {subtype} annotation on page {page} is hidden or not printable (/F {flags})."
        )
    rect = [float(v) for v in annotation.get("/Rect", Array([0, 0, 0, 0]))]
    zero_area = len(rect) == 4 and rect[0] == rect[2] and rect[1] == rect[3]
    if subtype != "Link" and not zero_area and "/AP" not in annotation:
        problems.append(f"A {subtype} annotation on page {page} has no appearance (/AP).")
    return problems


def _walk(doc: Pdf) -> Iterator[Dictionary]:
    """Every dictionary (and stream dictionary) reachable from the trailer, each once."""
    seen: set[tuple[int, int]] = set()
    pending: list[object] = [doc.trailer]
    while pending:
        current = pending.pop()
        if isinstance(current, Dictionary | Stream | Array) and current.is_indirect:
            if current.objgen in seen:
                continue
            seen.add(current.objgen)
        if isinstance(current, Array):
            pending.extend(item for item in current if _container(item))
        elif isinstance(current, Dictionary | Stream):
            yield current
            pending.extend(value for value in current.values() if _container(value))


def _container(value: object) -> bool:
    return isinstance(value, Dictionary | Stream | Array)


def _forbidden_actions(doc: Pdf) -> list[str]:
    problems = []
    names = doc.Root.get("/Names")
    if isinstance(names, Dictionary) and "/JavaScript" in names:
        problems.append("The catalog's name tree holds document JavaScript (/JavaScript).")
    for item in _walk(doc):
        kind = item.get("/S")
        if "/JS" in item:
            problems.append("The file contains a JavaScript action (/JS).")
        elif isinstance(kind, Name) and str(kind) in FORBIDDEN_ACTIONS and _is_action(item):
            action = str(kind).lstrip("/")
            problems.append(f"The file contains a {action} action, which PDF/A forbids.")
    return problems


def _is_action(item: Dictionary) -> bool:
    # /S also names the kind of a transition, group, mask or intent (none of which shares a
    # name with a forbidden action); an action's /Type, when present, is /Action.
    return item.get("/Type") in (None, Name.Action)


def _check_embedded_files(doc: Pdf) -> list[str]:
    associated = doc.Root.get("/AF")
    af = list(associated) if isinstance(associated, Array) else []
    problems = []
    for spec in _walk(doc):
        if "/EF" not in spec:
            continue
        name = str(spec.get("/UF", spec.get("/F", "unnamed")))
        if not isinstance(spec.get("/AFRelationship"), Name):
            problems.append(f"The embedded file {name} has no /AFRelationship.")
        if "/F" not in spec or "/UF" not in spec:
            problems.append(f"The embedded file {name}'s file specification lacks /F or /UF.")
        embedded = spec.EF.get("/F") if isinstance(spec.EF, Dictionary) else None
        subtype = embedded.get("/Subtype") if isinstance(embedded, Stream) else None
        if not isinstance(subtype, Name) or not _MIME.match(str(subtype)[1:]):
            problems.append(f"The embedded file {name} has no MIME type (/Subtype).")
        if not any(_same(item, spec) for item in af):
            problems.append(f"The embedded file {name} is not listed in the catalog's /AF.")
    return problems


def _same(left: object, right: object) -> bool:
    return (
        isinstance(left, Dictionary | Stream)
        and isinstance(right, Dictionary | Stream)
        and left.is_indirect
        and right.is_indirect
        and left.objgen == right.objgen
    )
