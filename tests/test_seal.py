"""The seal, checked as a records officer would years later: with poppler, qpdf and pyHanko.

One device key and one sealed summary serve the whole module (an RSA 3072 key takes a moment
to make); tests that change a file work on a copy of the bytes.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import stat
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from sessions import ready_session

from consent_app.domain.clearance import evaluate
from consent_app.domain.form import FormDefinition
from consent_app.paths import DataPaths
from consent_app.pdf.summary import RenderedSummary, render_sealable, render_summary
from consent_app.seal import (
    PKCS12_PASSPHRASE_ENV,
    NoSeal,
    NotAPdf,
    SealError,
    SealIdentity,
    SealReport,
    load_or_create_identity,
    seal_pdf,
    short_fingerprint,
    verify_seal,
)
from consent_app.settings import Settings

# The conftest's clinic, for the module-wide fixtures (its ``settings`` fixture is per test).
SETTINGS = Settings(clinic_name="Test Clinic", device_name="tablet-1", timezone="Europe/London")
RECORD_SHA256 = hashlib.sha256(b"the session record").hexdigest()


# --- helpers ----------------------------------------------------------------------------------


def run(*command: str | Path) -> str:
    """A poppler or qpdf tool's output; these exit 0 even on a broken signature, so read it."""
    result = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def page_count(pdf: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", pdf), re.MULTILINE).group(1))


def stamp_rect(pdf: bytes) -> tuple[int, tuple[float, float, float, float]]:
    """The page index and rectangle of the seal's widget."""
    with pikepdf.open(BytesIO(pdf)) as document:
        for index, page in enumerate(document.pages):
            for annot in page.obj.get("/Annots", []):
                if annot.get("/FT") == "/Sig":
                    x1, y1, x2, y2 = (float(v) for v in annot.Rect)
                    return index, (x1, y1, x2, y2)
    raise AssertionError("no signature widget")


def words_on_page(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """Every word on a page (from 1) with its box, in PDF points from the top-left corner."""
    html = run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), pdf, "-")
    root = ElementTree.fromstring(html)
    return [
        (
            word.text or "",
            float(word.get("xMin")),
            float(word.get("yMin")),
            float(word.get("xMax")),
            float(word.get("yMax")),
        )
        for word in root.iter("{http://www.w3.org/1999/xhtml}word")
    ]


def contents_span(pdf: bytes) -> tuple[int, int]:
    """Where the signature's hex digits (between ``<`` and ``>``) lie in the file."""
    match = re.search(rb"/Contents\s*<([0-9A-Fa-f]+)>", pdf)
    assert match is not None
    return match.start(1), match.end(1)


def self_signed(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, name: str) -> x509.Certificate:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )


# --- module fixtures --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def device_paths(tmp_path_factory: pytest.TempPathFactory) -> DataPaths:
    return DataPaths(tmp_path_factory.mktemp("seal") / "data")


@pytest.fixture(scope="module")
def identity(device_paths: DataPaths) -> SealIdentity:
    """This device's seal, made on first use."""
    return load_or_create_identity(device_paths, SETTINGS)


@pytest.fixture(scope="module")
def summary(form: FormDefinition) -> RenderedSummary:
    """A ready session's summary with room left for the stamp, as the export renders it."""
    session = ready_session(form)
    return render_sealable(
        session, form, SETTINGS, evaluate(session, form, SETTINGS), RECORD_SHA256
    )


@pytest.fixture(scope="module")
def sealed(summary: RenderedSummary, identity: SealIdentity) -> bytes:
    return seal_pdf(summary.pdf, identity, clinic=SETTINGS.clinic_name, box=summary.seal_box)


@pytest.fixture(scope="module")
def sealed_file(sealed: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sealed") / "summary.pdf"
    path.write_bytes(sealed)
    return path


@pytest.fixture(scope="module")
def unsealed_summary(form: FormDefinition) -> bytes:
    """The plain summary, with no room reserved for a stamp."""
    session = ready_session(form)
    return render_summary(session, form, SETTINGS, evaluate(session, form, SETTINGS))


# --- the device identity ----------------------------------------------------------------------


def test_first_use_writes_key_and_certificate_for_this_user_only(
    identity: SealIdentity, device_paths: DataPaths
) -> None:
    for path in (device_paths.seal_key, device_paths.seal_certificate):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert device_paths.seal_key.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert device_paths.seal_certificate.read_bytes() == identity.certificate_pem
    assert not [p for p in device_paths.root.iterdir() if p.name.endswith(".part")]


def test_later_use_loads_the_same_key(identity: SealIdentity, device_paths: DataPaths) -> None:
    again = load_or_create_identity(device_paths, SETTINGS)
    assert again.fingerprint == identity.fingerprint
    assert again.certificate == identity.certificate


def test_device_certificate_is_rsa_for_signing_only(identity: SealIdentity) -> None:
    certificate = identity.certificate
    key = certificate.public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    assert key.key_size >= 2048
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical
    assert usage.value.digital_signature
    assert usage.value.content_commitment  # nonRepudiation
    assert not usage.value.key_cert_sign
    constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.value.ca is False
    organisation = certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    common = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    assert organisation[0].value == "Test Clinic"
    assert common[0].value == "tablet-1 consent seal"
    lifetime = certificate.not_valid_after_utc - certificate.not_valid_before_utc
    assert timedelta(days=365 * 10) <= lifetime <= timedelta(days=365 * 10 + 5)


def test_identity_names_the_certificate(identity: SealIdentity) -> None:
    der = identity.certificate.public_bytes(serialization.Encoding.DER)
    assert identity.fingerprint == hashlib.sha256(der).hexdigest()
    assert re.fullmatch(r"[0-9a-f]{64}", identity.fingerprint)
    assert identity.subject == "tablet-1 consent seal (Test Clinic)"


def test_lost_certificate_is_made_again_for_the_same_key(
    device_paths: DataPaths, identity: SealIdentity, tmp_path: Path
) -> None:
    paths = DataPaths(tmp_path / "data")
    paths.root.mkdir()
    shutil.copy(device_paths.seal_key, paths.seal_key)
    again = load_or_create_identity(paths, SETTINGS)
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    pem = serialization.Encoding.PEM
    assert again.certificate.public_key().public_bytes(pem, public) == (
        identity.certificate.public_key().public_bytes(pem, public)
    )
    assert stat.S_IMODE(paths.seal_certificate.stat().st_mode) == 0o600


def test_lost_key_is_an_error_not_a_new_seal(device_paths: DataPaths, tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    paths.root.mkdir()
    shutil.copy(device_paths.seal_certificate, paths.seal_certificate)
    with pytest.raises(SealError, match=r"seal key .* is missing"):
        load_or_create_identity(paths, SETTINGS)
    assert not paths.seal_key.exists()


# --- the clinic's own PKCS#12 -----------------------------------------------------------------


@pytest.fixture(scope="module")
def clinic_p12(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, x509.Certificate]:
    """A PKCS#12 such as a clinic gets from its certificate authority, passphrase s3cret."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    certificate = self_signed(key, "Test Clinic records seal")
    path = tmp_path_factory.mktemp("p12") / "clinic.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"clinic", key, certificate, None, serialization.BestAvailableEncryption(b"s3cret")
        )
    )
    return path, certificate


def test_pkcs12_from_settings_is_used(
    clinic_p12: tuple[Path, x509.Certificate], tmp_path: Path
) -> None:
    path, certificate = clinic_p12
    settings = SETTINGS.model_copy(update={"pkcs12_path": str(path)})
    loaded = load_or_create_identity(DataPaths(tmp_path), settings, passphrase="s3cret")
    assert loaded.certificate == certificate
    assert loaded.subject == "Test Clinic records seal"
    assert not (tmp_path / "seal-key.pem").exists()


def test_pkcs12_passphrase_comes_from_the_environment(
    clinic_p12: tuple[Path, x509.Certificate], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, certificate = clinic_p12
    monkeypatch.setenv(PKCS12_PASSPHRASE_ENV, "s3cret")
    settings = SETTINGS.model_copy(update={"pkcs12_path": str(path)})
    assert load_or_create_identity(DataPaths(tmp_path), settings).certificate == certificate


@pytest.mark.parametrize("passphrase", ["wrong", None])
def test_wrong_pkcs12_passphrase_names_the_file(
    clinic_p12: tuple[Path, x509.Certificate],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    passphrase: str | None,
) -> None:
    path, _ = clinic_p12
    monkeypatch.delenv(PKCS12_PASSPHRASE_ENV, raising=False)
    settings = SETTINGS.model_copy(update={"pkcs12_path": str(path)})
    with pytest.raises(SealError, match="passphrase is wrong") as raised:
        load_or_create_identity(DataPaths(tmp_path), settings, passphrase=passphrase)
    assert str(path) in str(raised.value)


def test_missing_pkcs12_names_the_file(tmp_path: Path) -> None:
    settings = SETTINGS.model_copy(update={"pkcs12_path": "clinic.p12"})
    with pytest.raises(SealError, match="cannot be opened") as raised:
        load_or_create_identity(DataPaths(tmp_path), settings, passphrase="x")
    assert str(tmp_path / "clinic.p12") in str(raised.value)


def test_ec_key_is_refused_because_it_would_break_pdf_a(tmp_path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    path = tmp_path / "ec.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"ec", key, self_signed(key, "ec"), None, serialization.NoEncryption()
        )
    )
    settings = SETTINGS.model_copy(update={"pkcs12_path": str(path)})
    with pytest.raises(SealError, match="not an RSA key"):
        load_or_create_identity(DataPaths(tmp_path), settings)


def test_summary_sealed_with_pkcs12_verifies(
    clinic_p12: tuple[Path, x509.Certificate], unsealed_summary: bytes, tmp_path: Path
) -> None:
    path, certificate = clinic_p12
    settings = SETTINGS.model_copy(update={"pkcs12_path": str(path)})
    clinic = load_or_create_identity(DataPaths(tmp_path), settings, passphrase="s3cret")
    report = verify_seal(
        seal_pdf(unsealed_summary, clinic, clinic="Test Clinic"),
        certificate.public_bytes(serialization.Encoding.PEM),
    )
    assert (report.intact, report.valid, report.covers_whole_file, report.trusted) == (
        True,
        True,
        True,
        True,
    )


# --- the sealed file, read by other tools -----------------------------------------------------


def test_sealing_appends_and_leaves_the_summary_bytes_untouched(
    sealed: bytes, summary: RenderedSummary
) -> None:
    assert sealed.startswith(summary.pdf)
    assert len(sealed) > len(summary.pdf)


def test_pdfsig_finds_a_valid_signature(sealed_file: Path) -> None:
    out = run("pdfsig", sealed_file)
    assert "Signature Field Name: ConsentSeal" in out
    assert "Signer full Distinguished Name: CN=tablet-1 consent seal,O=Test Clinic" in out
    assert "Signature Type: ETSI.CAdES.detached" in out
    assert "Total document signed" in out
    # The certificate line may say the self-signed issuer is not trusted; that is expected.
    assert "Signature Validation: Signature is Valid." in out


def test_qpdf_check_passes(sealed_file: Path) -> None:
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed (apt-get install qpdf)")
    out = run("qpdf", "--check", sealed_file)
    assert "No syntax or stream encoding errors found" in out


def test_libqpdf_finds_no_problems(sealed: bytes) -> None:
    with pikepdf.open(BytesIO(sealed)) as document:
        assert document.check_pdf_syntax() == []


def test_every_font_is_embedded(sealed_file: Path) -> None:
    lines = run("pdffonts", sealed_file).splitlines()[2:]
    assert lines
    for line in lines:
        # name, type (may hold spaces), encoding, then emb sub uni and the object id
        emb, _sub, _uni = line.split()[-5:-2]
        assert emb == "yes", line
    # the stamp's own font, written by pyHanko, is among them
    assert any("Identity-H" in line for line in lines)


def test_stamp_on_last_page_shows_clinic_time_and_fingerprint(
    sealed_file: Path, identity: SealIdentity
) -> None:
    last = page_count(sealed_file)
    text = run("pdftotext", "-f", str(last), "-l", str(last), sealed_file, "-")
    assert "Digital seal of Test Clinic" in text
    assert short_fingerprint(identity.fingerprint) in text
    assert identity.fingerprint[:4].upper() in text
    assert re.search(r"Sealed \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC[+-]\d{4}", text)


def test_stamp_fills_the_room_the_renderer_left(sealed: bytes, summary: RenderedSummary) -> None:
    box = summary.seal_box
    page, rect = stamp_rect(sealed)
    assert page == box.page
    assert rect == pytest.approx((box.x1, box.y1, box.x2, box.y2), abs=0.01)


def stamp_is_on_free_space(pdf: bytes, unsealed: bytes, folder: Path) -> None:
    """Assert the stamp is on the last page and overlaps no word of the unsealed page."""
    sealed_path, unsealed_path = folder / "sealed.pdf", folder / "unsealed.pdf"
    sealed_path.write_bytes(pdf)
    unsealed_path.write_bytes(unsealed)
    last = page_count(sealed_path)
    page, (x1, y1, x2, y2) = stamp_rect(pdf)
    assert page == last - 1
    with pikepdf.open(BytesIO(pdf)) as document:
        height = float(document.pages[page].mediabox[3])
    top, bottom = height - y2, height - y1  # pdftotext measures down from the top
    for word, w_x1, w_top, w_x2, w_bottom in words_on_page(unsealed_path, last):
        overlaps = w_x1 < x2 and x1 < w_x2 and w_top < bottom and top < w_bottom
        assert not overlaps, f"the stamp covers {word!r}"


def test_stamp_covers_no_text_of_the_summary(
    sealed: bytes, summary: RenderedSummary, tmp_path: Path
) -> None:
    stamp_is_on_free_space(sealed, summary.pdf, tmp_path)


def test_without_reserved_room_the_stamp_goes_above_the_footer(
    unsealed_summary: bytes, identity: SealIdentity, tmp_path: Path
) -> None:
    pdf = seal_pdf(unsealed_summary, identity, clinic="Test Clinic")
    stamp_is_on_free_space(pdf, unsealed_summary, tmp_path)
    assert verify_seal(pdf).problems == []


def test_non_latin_clinic_name_is_printed_with_the_embedded_font(
    unsealed_summary: bytes, identity: SealIdentity, tmp_path: Path
) -> None:
    clinic = "Клиника Αθηνά Łódź"
    path = tmp_path / "sealed.pdf"
    path.write_bytes(seal_pdf(unsealed_summary, identity, clinic=clinic))
    last = page_count(path)
    text = run("pdftotext", "-f", str(last), "-l", str(last), path, "-")
    assert f"Digital seal of {clinic}" in text
    assert all(line.split()[-5] == "yes" for line in run("pdffonts", path).splitlines()[2:])


def test_sealing_leaves_document_info_and_xmp_alone(
    summary: RenderedSummary, identity: SealIdentity
) -> None:
    # PDF/A needs the document info and the XMP to agree; pyHanko would rewrite both, unequally.
    with pikepdf.open(BytesIO(summary.pdf)) as document:
        with document.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["pdfaid:part"] = "3"
            meta["pdfaid:conformance"] = "B"
            meta["dc:title"] = "Consent summary"
        buffer = BytesIO()
        document.save(buffer)
    archival = buffer.getvalue()

    def metadata(pdf: bytes) -> tuple[dict[str, str], bytes]:
        with pikepdf.open(BytesIO(pdf)) as document:
            info = {str(k): str(v) for k, v in document.docinfo.items()}
            return info, document.Root.Metadata.read_bytes()

    assert metadata(seal_pdf(archival, identity, clinic="Test Clinic")) == metadata(archival)


def test_sealing_something_else_is_refused(identity: SealIdentity) -> None:
    with pytest.raises(NotAPdf):
        seal_pdf(b"hello", identity, clinic="Test Clinic")


# --- verifying --------------------------------------------------------------------------------


def test_fresh_seal_is_all_clear(sealed: bytes, identity: SealIdentity) -> None:
    report = verify_seal(sealed)
    assert report.intact
    assert report.valid
    assert report.covers_whole_file
    assert report.trusted is None
    assert "Test Clinic" in report.signer
    assert report.fingerprint == identity.fingerprint
    assert report.signed_at is not None
    assert abs(datetime.now(UTC) - report.signed_at) < timedelta(hours=1)
    assert report.problems == []
    assert report.ok


def _first_byte(pdf: bytes) -> int:
    return 0


def _version_digit(pdf: bytes) -> int:
    return pdf.index(b"%PDF-") + 7


def _early_content(pdf: bytes) -> int:
    return 300


def _middle_of_summary(pdf: bytes) -> int:
    return contents_span(pdf)[0] // 2


def _signature_hex(pdf: bytes) -> int:
    return contents_span(pdf)[0] + 200


def _reserved_padding(pdf: bytes) -> int:
    # The signature is shorter than the room reserved for it; the rest is zeros that no
    # reader parses and the signed byte range skips.
    _start, end = contents_span(pdf)
    return end - 10


def _byte_range(pdf: bytes) -> int:
    return re.search(rb"/ByteRange\s*\[\s*0\s+(\d)", pdf).start(1)


def _after_signature(pdf: bytes) -> int:
    return contents_span(pdf)[1] + 60


def _last_byte(pdf: bytes) -> int:
    return len(pdf) - 1


@pytest.mark.parametrize("mask", [0x01, 0x20], ids=["low-bit", "case-bit"])
@pytest.mark.parametrize(
    "where",
    [
        _first_byte,
        _version_digit,
        _early_content,
        _middle_of_summary,
        _signature_hex,
        _reserved_padding,
        _byte_range,
        _after_signature,
        _last_byte,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
def test_any_changed_byte_breaks_the_seal(
    sealed: bytes, where: Callable[[bytes], int], mask: int
) -> None:
    changed = bytearray(sealed)
    changed[where(sealed)] ^= mask
    try:
        report = verify_seal(bytes(changed))
    except NotAPdf:
        return
    assert not (report.intact and report.valid and report.covers_whole_file)
    assert report.problems
    assert not report.ok


def test_update_appended_after_sealing_is_reported(sealed: bytes) -> None:
    writer = IncrementalPdfFileWriter(BytesIO(sealed))
    writer.add_object(generic.TextStringObject("added after sealing"))
    out = BytesIO()
    writer.write(out)
    report = verify_seal(out.getvalue())
    assert report.intact  # the sealed part itself is unchanged ...
    assert not report.covers_whole_file  # ... but it is no longer the whole file
    assert any("added to the file after it was sealed" in p for p in report.problems)
    assert not report.ok


def test_bytes_appended_after_sealing_are_reported(sealed: bytes) -> None:
    report = verify_seal(sealed + b"\n% a note\n")
    assert not report.covers_whole_file
    assert report.problems


def test_device_certificate_as_trust_root_is_trusted(sealed: bytes, identity: SealIdentity) -> None:
    report = verify_seal(sealed, identity.certificate_pem)
    assert report.trusted is True
    assert report.problems == []


def test_another_certificate_as_trust_root_is_not_trusted(sealed: bytes) -> None:
    stranger = self_signed(rsa.generate_private_key(public_exponent=65537, key_size=2048), "x")
    report = verify_seal(sealed, stranger.public_bytes(serialization.Encoding.PEM))
    assert report.trusted is False
    # still the file that was sealed, only by someone else
    assert report.intact
    assert report.valid
    assert any("trusted certificate" in p for p in report.problems)
    assert not report.ok


def test_unreadable_trust_root_is_a_seal_error(sealed: bytes) -> None:
    with pytest.raises(SealError, match="trusted certificate"):
        verify_seal(sealed, b"not a certificate")


@pytest.mark.parametrize("data", [b"", b"hello", b"\x00" * 2048], ids=["empty", "text", "zeros"])
def test_not_a_pdf(data: bytes) -> None:
    with pytest.raises(NotAPdf):
        verify_seal(data)


def test_unsealed_summary_has_no_seal(unsealed_summary: bytes) -> None:
    with pytest.raises(NoSeal):
        verify_seal(unsealed_summary)


def test_report_lists_its_fields() -> None:
    # The public shape other modules and the verify command rely on.
    assert list(SealReport.__dataclass_fields__) == [
        "intact",
        "valid",
        "covers_whole_file",
        "trusted",
        "signer",
        "signed_at",
        "fingerprint",
        "problems",
    ]
