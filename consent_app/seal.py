"""The digital seal on the PDF summary: a PAdES signature anyone can check without this app.

The summary is the legal record. ``seal_pdf`` appends a PAdES B-B signature (an incremental
update: the rendered bytes stay exactly as they were) with a visible stamp on the last page, and
``verify_seal`` says in plain sentences whether a file is still the one that was sealed. Any PDF
reader (Acrobat, ``pdfsig``, pyHanko) can check the same seal years later.

The seal key is either the clinic's own PKCS#12 (``Settings.pkcs12_path``) or a key this device
makes on first use, with a self-signed certificate the clinic hands to its records office as
the trust root. The key is RSA: pyHanko marks a PDF signed with a NIST or Brainpool EC key as
PDF 2.0 (ISO 32002), which a PDF/A-2 record must not be.

Heavy imports (pyHanko, cryptography) live here and nowhere that loads at app start-up.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any, Protocol

import fontpkg_noto_sans
from asn1crypto import keys as asn1_keys
from asn1crypto import parser
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from consent_app.paths import DataPaths
from consent_app.settings import Settings

# pyHanko logs a traceback when a check fails (an untrusted signer, a changed file). A verdict
# is never a traceback on a terminal: without this, Python prints them to stderr whenever the
# program has set up no logging. An app that has set up logging still receives them.
logging.getLogger("pyhanko").addHandler(logging.NullHandler())
logging.getLogger("pyhanko_certvalidator").addHandler(logging.NullHandler())

__all__ = [
    "FIELD_NAME",
    "PKCS12_PASSPHRASE_ENV",
    "NoSeal",
    "NotAPdf",
    "SealError",
    "SealIdentity",
    "SealReport",
    "StampBox",
    "load_or_create_identity",
    "seal_pdf",
    "short_fingerprint",
    "verify_seal",
]

#: The environment variable holding the passphrase of ``Settings.pkcs12_path``.
PKCS12_PASSPHRASE_ENV = "CONSENT_APP_PKCS12_PASSPHRASE"
#: The name of the signature field the seal fills.
FIELD_NAME = "ConsentSeal"

_KEY_BITS = 3072
_VALIDITY = timedelta(days=3653)  # ten years, leap days included
# Clocks on tablets drift; a certificate that starts a little early still works at once.
_BACKDATE = timedelta(minutes=5)
# RFC 5280's upper bounds for a common name and an organisation name.
_NAME_LIMIT = 64
_CN_SUFFIX = " consent seal"

_STAMP_FONT = Path(fontpkg_noto_sans.ROOT) / "files" / "NotoSans[wdth,wght].ttf"
_STAMP_LINES = (
    "Digital seal of %(clinic)s",
    "Sealed %(ts)s",
    "Certificate SHA-256 %(fingerprint)s …",
)
_STAMP_FONT_SIZE = 9
_STAMP_LEADING = 12
# The summary's ink and heading colours (consent_app.pdf.summary), as RGB fractions.
_INK = (0x1F / 255, 0x29 / 255, 0x33 / 255)
_NAVY = (0x24 / 255, 0x3B / 255, 0x53 / 255)
_UNUSED_FONT_TABLES = ("GSUB", "GPOS", "GDEF", "fvar", "gvar", "avar", "HVAR", "MVAR", "STAT")
# Where the stamp goes when the caller has not reserved room for it: bottom right of the last
# page, just above the summary's footer rule (17 mm from the bottom edge).
_DEFAULT_STAMP_SIZE = (260.0, 60.0)
_DEFAULT_STAMP_BOTTOM = 52.0
_DEFAULT_STAMP_RIGHT_MARGIN = 62.7
_A4 = (0.0, 0.0, 595.2756, 841.8898)


class SealError(Exception):
    """The seal cannot be made: the key or certificate is missing, unreadable or unsuitable."""


class NotAPdf(Exception):
    """The bytes are not a readable PDF file."""


class NoSeal(Exception):
    """The PDF carries no digital signature."""


class StampBox(Protocol):
    """Where the visible stamp goes: a page index (from 0) and a rectangle in points.

    ``consent_app.pdf.summary.SealBox`` is one; it is described here, not imported, so sealing
    does not load the renderer.
    """

    @property
    def page(self) -> int: ...
    @property
    def x1(self) -> float: ...
    @property
    def y1(self) -> float: ...
    @property
    def x2(self) -> float: ...
    @property
    def y2(self) -> float: ...


@dataclass(frozen=True)
class SealIdentity:
    """The key and certificate that seal summaries, and how a person can recognise them."""

    signer: signers.SimpleSigner
    certificate: x509.Certificate
    #: SHA-256 of the certificate (DER), lower-case hex without colons.
    fingerprint: str
    #: The certificate's subject in words, e.g. ``tablet-1 consent seal (Test Clinic)``.
    subject: str

    @property
    def certificate_pem(self) -> bytes:
        """The certificate as PEM: what the records office keeps as its trust root."""
        return self.certificate.public_bytes(serialization.Encoding.PEM)


@dataclass
class SealReport:
    """What ``verify_seal`` found; all clear only when intact, valid and covering the file."""

    #: The signed bytes hash to the digest the seal carries.
    intact: bool
    #: The signature over that digest verifies with the signer's certificate.
    valid: bool
    #: The signed byte range is the whole file: nothing was appended after sealing.
    covers_whole_file: bool
    #: None when no trust root was given; else whether the signer chains to it.
    trusted: bool | None
    signer: str
    signed_at: datetime | None
    fingerprint: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Intact, valid, covering the whole file, not untrusted, with nothing else wrong."""
        return (
            self.intact
            and self.valid
            and self.covers_whole_file
            and self.trusted is not False
            and not self.problems
        )


# --- identity ---------------------------------------------------------------------------------


def load_or_create_identity(
    paths: DataPaths, settings: Settings, passphrase: str | None = None
) -> SealIdentity:
    """The seal identity: the clinic's PKCS#12 if configured, else this device's own key.

    The device key is made on first use (RSA 3072, self-signed certificate valid ten years)
    and kept in the data folder; later calls load it.
    """
    if settings.pkcs12_path:
        pkcs12_file = Path(settings.pkcs12_path).expanduser()
        if not pkcs12_file.is_absolute():
            pkcs12_file = paths.root / pkcs12_file
        if passphrase is None:
            passphrase = os.environ.get(PKCS12_PASSPHRASE_ENV)
        return _load_pkcs12(pkcs12_file, passphrase)
    return _load_or_create_device_identity(paths, settings)


def _load_pkcs12(path: Path, passphrase: str | None) -> SealIdentity:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SealError(
            f"The seal certificate file {path} cannot be opened: {exc.strerror or exc}."
        ) from None
    password = passphrase.encode("utf-8") if passphrase else None
    try:
        key, certificate, others = pkcs12.load_key_and_certificates(data, password)
    except (ValueError, TypeError):
        # cryptography says "Invalid password or PKCS12 data" for both; so do we.
        hint = "" if passphrase else f" (no passphrase was given: set {PKCS12_PASSPHRASE_ENV})"
        raise SealError(
            f"The seal certificate file {path} cannot be opened: the passphrase is wrong or "
            f"it is not a PKCS#12 file{hint}."
        ) from None
    if key is None or certificate is None:
        raise SealError(
            f"The seal certificate file {path} must hold both a private key and its certificate."
        )
    return _identity(key, certificate, others, source=path)


def _load_or_create_device_identity(paths: DataPaths, settings: Settings) -> SealIdentity:
    key_file, cert_file = paths.seal_key, paths.seal_certificate
    if cert_file.exists() and not key_file.exists():
        raise SealError(
            f"The seal key {key_file} is missing but its certificate {cert_file} is there. "
            f"Restore the key from a backup, or remove the certificate to make a new seal."
        )
    paths.root.mkdir(parents=True, exist_ok=True, mode=0o700)
    if key_file.exists():
        try:
            # The RSA consistency check costs ~0.2 s per start. This is the key this app made
            # and keeps at mode 0600; a damaged key cannot pass unseen either, because every
            # seal is verified as soon as it is written. A clinic PKCS#12 keeps the full check.
            key = serialization.load_pem_private_key(
                key_file.read_bytes(), password=None, unsafe_skip_rsa_key_validation=True
            )
        except (OSError, ValueError, TypeError) as exc:
            raise SealError(f"The seal key {key_file} cannot be read: {exc}") from None
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=_KEY_BITS)
        # Unencrypted on purpose: the tablet seals unattended, so there is nobody to type a
        # passphrase. The key is protected by the file mode (0600) inside a 0700 data folder.
        _write_private(
            key_file,
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
        )
    if cert_file.exists():
        try:
            certificate = x509.load_pem_x509_certificate(cert_file.read_bytes())
        except (OSError, ValueError) as exc:
            raise SealError(f"The seal certificate {cert_file} cannot be read: {exc}") from None
    else:
        # A fresh key, or a key whose certificate was never written (a crash in between):
        # either way the key is good, so certify it.
        certificate = _self_signed_certificate(key, settings)
        _write_private(cert_file, certificate.public_bytes(serialization.Encoding.PEM))
    return _identity(key, certificate, [], source=key_file)


def _self_signed_certificate(key: rsa.RSAPrivateKey, settings: Settings) -> x509.Certificate:
    """A ten-year certificate for sealing only: not a CA, signing and non-repudiation."""
    organisation = _name_part(settings.clinic_name, "Consent clinic", _NAME_LIMIT)
    device = _name_part(settings.device_name, "consent-app", _NAME_LIMIT - len(_CN_SUFFIX))
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, device + _CN_SUFFIX),
        ]
    )
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _BACKDATE)
        .not_valid_after(now + _VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _name_part(value: str, fallback: str, limit: int) -> str:
    """One line of text that fits a certificate name attribute."""
    text = " ".join(value.split()) or fallback
    return text[:limit].rstrip() or fallback


def _identity(
    key: object,
    certificate: x509.Certificate,
    others: list[x509.Certificate],
    *,
    source: Path,
) -> SealIdentity:
    if not isinstance(key, rsa.RSAPrivateKey):
        # See the module docstring: an EC key would make the record PDF 2.0, not PDF/A-2.
        raise SealError(
            f"The seal key in {source} is not an RSA key; the archival PDF needs RSA "
            f"(2048 bits or more)."
        )
    if key.key_size < 2048:
        raise SealError(f"The seal key in {source} is only {key.key_size} bits; 2048 or more.")
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(
        serialization.Encoding.DER, public
    ) != certificate.public_key().public_bytes(serialization.Encoding.DER, public):
        raise SealError(f"The seal key and certificate in {source} do not belong together.")
    der = serialization.Encoding.DER
    registry = SimpleCertificateStore()
    registry.register_multiple(
        [asn1_x509.Certificate.load(other.public_bytes(der)) for other in others]
    )
    signer = _RsaSigner(
        key,
        signing_cert=asn1_x509.Certificate.load(certificate.public_bytes(der)),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        ),
        cert_registry=registry,
    )
    return SealIdentity(
        signer=signer,
        certificate=certificate,
        fingerprint=hashlib.sha256(certificate.public_bytes(der)).hexdigest(),
        subject=_describe(certificate.subject),
    )


class _RsaSigner(signers.SimpleSigner):
    """pyHanko's in-memory signer, keeping the loaded RSA key.

    SimpleSigner parses its key again for every signature (twice per seal), and cryptography
    checks an RSA 3072 key for about 0.15 s each time; the key was checked once on loading.
    """

    def __init__(self, key: rsa.RSAPrivateKey, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        """Sign with PKCS#1 v1.5, pyHanko's choice for RSA; anything else goes to pyHanko."""
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        digest = _SHA2.get(digest_algorithm)
        if mechanism.signature_algo != "rsassa_pkcs1v15" or digest is None:
            return super().sign_raw(data, digest_algorithm)
        return self._key.sign(data, padding.PKCS1v15(), digest())


_SHA2: dict[str, type[hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


def _describe(name: x509.Name) -> str:
    """A certificate name in words: ``common name (organisation)``, else its RFC 4514 form."""

    def first(oid: x509.ObjectIdentifier) -> str:
        values = name.get_attributes_for_oid(oid)
        return str(values[0].value) if values else ""

    common, organisation = first(NameOID.COMMON_NAME), first(NameOID.ORGANIZATION_NAME)
    if common and organisation:
        return f"{common} ({organisation})"
    return common or organisation or name.rfc4514_string()


def _write_private(path: Path, data: bytes) -> None:
    """Write a file readable by this user only, atomically: never a half-written key."""
    # mkstemp creates the file 0600 from the start, so the key is never readable by others.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --- sealing ----------------------------------------------------------------------------------


def short_fingerprint(fingerprint: str) -> str:
    """The first 16 hex digits of a fingerprint in groups of four, as the stamp prints them."""
    head = fingerprint[:16].upper()
    return " ".join(head[i : i + 4] for i in range(0, len(head), 4))


def seal_pdf(
    pdf: bytes,
    identity: SealIdentity,
    *,
    clinic: str,
    reason: str = "Consent summary sealed",
    box: StampBox | None = None,
) -> bytes:
    """The PDF with a PAdES B-B seal and a visible stamp appended; its own bytes are unchanged.

    The stamp goes into ``box`` (the room the renderer left for it) or, without one, at the
    bottom right of the last page just above the footer.
    """
    if not _looks_like_pdf(pdf):
        raise NotAPdf("The data to seal is not a PDF file.")
    clinic_line = " ".join(clinic.split()) or "the clinic"
    try:
        writer = _MetadataKeepingWriter(BytesIO(pdf))
        if box is None:
            page, rectangle = _default_stamp_place(writer)
        else:
            page, rectangle = box.page, (box.x1, box.y1, box.x2, box.y2)
        style = TextStampStyle(
            stamp_text="\n".join(_STAMP_LINES),
            # Local time with its offset from UTC, so the time cannot be misread.
            timestamp_format="%Y-%m-%d %H:%M:%S UTC%z",
            # pyHanko's default stamp font is a non-embedded Courier that cannot show most
            # non-Latin names; the bundled Noto Sans is subset and embedded instead.
            text_box_style=TextBoxStyle(
                font=_StampFont(str(_STAMP_FONT), font_size=_STAMP_FONT_SIZE),
                font_size=_STAMP_FONT_SIZE,
                leading=_STAMP_LEADING,
                text_color=_INK,
            ),
            # Text at the left, shrunk (never cut) when a long clinic name would not fit.
            inner_content_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MIN,
                y_align=layout.AxisAlignment.ALIGN_MID,
                # The text box keeps its own 10 pt margin inside the border.
                margins=layout.Margins(),
                inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
            ),
            border_width=1,
            border_color=_NAVY,
        )
        signer = signers.PdfSigner(
            signers.PdfSignatureMetadata(
                field_name=FIELD_NAME,
                subfilter=fields.SigSeedSubFilter.PADES,
                md_algorithm="sha256",
                reason=reason,
                location=clinic_line,
            ),
            signer=identity.signer,
            stamp_style=style,
            new_field_spec=fields.SigFieldSpec(
                sig_field_name=FIELD_NAME, on_page=page, box=rectangle
            ),
        )
        output = signer.sign_pdf(
            writer,
            appearance_text_params={
                "clinic": clinic_line,
                "fingerprint": short_fingerprint(identity.fingerprint),
            },
        )
    except (PdfError, SigningError, ValueError, KeyError) as exc:
        raise SealError(f"The summary could not be sealed: {exc}") from exc
    return output.getvalue()


class _MetadataKeepingWriter(IncrementalPdfFileWriter):
    """pyHanko's incremental writer, leaving the document info and XMP metadata alone.

    pyHanko's writer rewrites the XMP packet on every update and names itself producer in two
    different ways (``"<old>; pyHanko x"`` in the document info, ``"pyHanko x"`` in the XMP).
    PDF/A requires the two to agree, so sealing an archival summary would break it. The seal
    adds no content, so the metadata made with the archival file stays as it was. Turning the
    update off this way is what pyHanko's maintainer suggests (pyHanko issue #223).
    """

    def _update_meta(self) -> None:
        return


class _StampFont(GlyphAccumulatorFactory):
    """pyHanko's embedded-subset font engine, fed from memory and trimmed to what it needs.

    pyHanko's own factory leaves the font file open. And it drops the layout tables (GSUB,
    GPOS, GDEF) when it subsets, but fontTools reads them in full first, which for Noto Sans
    costs most of a second per seal; shaping is done by HarfBuzz on the original bytes, so they
    can go before subsetting. The variation tables go too: the embedded subset is the plain
    default instance (Regular), a static TrueType font as archival PDF readers expect.
    """

    def create_font_engine(
        self, writer: BasePdfFileWriter, obj_stream: object = None
    ) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        engine = GlyphAccumulator(
            writer=writer,
            font_handle=BytesIO(_font_bytes(self.font_file)),
            font_size=self.font_size,
            ot_script_tag=self.ot_script_tag,
            ot_language_tag=self.ot_language_tag,
            writing_direction=self.writing_direction,
            bcp47_lang_code=self.bcp47_lang_code,
            obj_stream=obj_stream,
        )
        for tag in _UNUSED_FONT_TABLES:
            if tag in engine.tt:
                del engine.tt[tag]
        return engine


@cache
def _font_bytes(path: str) -> bytes:
    return Path(path).read_bytes()


def _default_stamp_place(
    writer: IncrementalPdfFileWriter,
) -> tuple[int, tuple[float, float, float, float]]:
    """The last page and a box at its bottom right, above the summary's footer rule."""
    last = int(writer.root["/Pages"]["/Count"]) - 1
    page = writer.find_page_for_modification(last)[0].get_object()
    # /MediaBox may be inherited from the page tree; A4 when nobody says.
    media_box = page.get("/MediaBox") or writer.root["/Pages"].get("/MediaBox")
    left, bottom, right, _top = (float(v) for v in media_box or _A4)
    width, height = _DEFAULT_STAMP_SIZE
    x2 = right - _DEFAULT_STAMP_RIGHT_MARGIN
    y1 = bottom + _DEFAULT_STAMP_BOTTOM
    return last, (max(left, x2 - width), y1, x2, y1 + height)


def _looks_like_pdf(data: bytes) -> bool:
    # The PDF header may follow a little junk; readers look in the first kilobyte.
    return b"%PDF-" in data[:1024]


# --- verifying --------------------------------------------------------------------------------


def verify_seal(pdf: bytes, trust_pem: bytes | None = None) -> SealReport:
    """Check the seal of a PDF: intact, valid, covering the whole file, and trusted if asked.

    ``trust_pem`` holds the certificate(s) the seal must chain to (PEM or DER). Raises NotAPdf
    for data that is not a PDF and NoSeal for a readable PDF without a signature; a sealed file
    too damaged to read gives a report that says so.
    """
    roots = _trust_roots(trust_pem) if trust_pem is not None else None
    if not _looks_like_pdf(pdf):
        if _shows_a_seal(pdf):
            return _broken("The file is damaged: it no longer begins as a PDF file.", roots)
        raise NotAPdf("This is not a PDF file.")
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        signatures = reader.embedded_regular_signatures
    except Exception:  # a damaged file can fail anywhere in the parser; never a traceback
        if _shows_a_seal(pdf):
            return _broken("The file is damaged and its seal cannot be read.", roots)
        raise NotAPdf("This file begins like a PDF but cannot be read as one.") from None
    if not signatures:
        if _shows_a_seal(pdf):
            return _broken("The file is damaged and its seal cannot be read.", roots)
        raise NoSeal("This PDF carries no seal.")
    named = [s for s in signatures if s.field_name == FIELD_NAME]
    return _check(named[0] if named else signatures[-1], len(signatures), roots)


def _check(
    signature: EmbeddedPdfSignature, count: int, roots: list[asn1_x509.Certificate] | None
) -> SealReport:
    try:
        signer_cert = signature.signer_cert
        signed_at = signature.self_reported_timestamp
        # With no trust root, the signer's own certificate stands in, so the cryptography can
        # still be checked; trust is then reported as unknown. B-B carries no timestamp from
        # an authority, so certificates are judged at the signer's stated time: a seal does not
        # turn bad on the day its certificate expires.
        context = ValidationContext(
            trust_roots=roots if roots is not None else [signer_cert],
            allow_fetching=False,
            moment=signed_at,
        )
        status = validate_pdf_signature(signature, context)
    except Exception:  # a damaged seal can fail anywhere in the parser; never a traceback
        return _broken("The seal is damaged and cannot be checked.", roots)

    padding_clean = _padding_is_clean(signature.pkcs7_content)
    intact = bool(status.intact) and padding_clean
    covers = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    trusted = None if roots is None else bool(status.trusted)
    problems: list[str] = []
    if not intact:
        problems.append("The file was changed after it was sealed.")
    if not status.valid:
        problems.append("The seal's signature does not match its certificate.")
    if not covers:
        problems.append(_coverage_problem(status.coverage))
    if count > 1:
        problems.append(f"The file carries {count} signatures; a summary has exactly one seal.")
    if trusted is False:
        problems.append("The seal was not made with the trusted certificate given.")
    der = status.signing_cert.dump()
    return SealReport(
        intact=intact,
        valid=bool(status.valid),
        covers_whole_file=covers,
        trusted=trusted,
        signer=_describe(x509.load_der_x509_certificate(der).subject),
        signed_at=signed_at,
        fingerprint=hashlib.sha256(der).hexdigest(),
        problems=problems,
    )


def _coverage_problem(coverage: SignatureCoverageLevel | None) -> str:
    if coverage == SignatureCoverageLevel.ENTIRE_REVISION:
        return (
            "Something was added to the file after it was sealed; only the part before it "
            "is covered by the seal."
        )
    return "The seal does not cover the whole file."


def _padding_is_clean(contents: bytes) -> bool:
    """Whether the room reserved after the signature is still all zeros.

    Readers parse the signature and ignore what follows it, and the signed byte range skips
    this room; without this check a changed byte there would go unnoticed.
    """
    try:
        _cls, _method, _tag, header, body, trailer = parser.parse(contents, strict=False)
    except ValueError:
        return False
    used = len(header) + len(body) + len(trailer)
    return not contents[used:].strip(b"\x00")


def _shows_a_seal(pdf: bytes) -> bool:
    """Whether data that yields no readable seal still shows the remains of one."""
    return b"/ByteRange" in pdf


def _broken(problem: str, roots: list[asn1_x509.Certificate] | None) -> SealReport:
    """The report on a seal that cannot be read: nothing holds, nothing is trusted."""
    return SealReport(
        intact=False,
        valid=False,
        covers_whole_file=False,
        trusted=None if roots is None else False,
        signer="unknown",
        signed_at=None,
        fingerprint="",
        problems=[problem],
    )


def _trust_roots(trust_pem: bytes) -> list[asn1_x509.Certificate]:
    try:
        roots = list(load_certs_from_pemder_data(trust_pem))
    except (ValueError, TypeError):
        roots = []
    if not roots:
        raise SealError("The trusted certificate is not a PEM or DER X.509 certificate.")
    return roots
