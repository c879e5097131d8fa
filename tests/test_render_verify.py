"""``consent-app render`` and ``verify``: a sealed record a records officer can check."""

from __future__ import annotations

import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from commands import run_cli as cli
from sessions import ready_session

from consent_app.resources_door import load_form

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A record rendered and sealed by the command line, once for the module."""
    folder = tmp_path_factory.mktemp("render")
    record = folder / "record.json"
    record.write_text(ready_session(load_form("vertebroplasty", "en")).model_dump_json())
    result = cli(
        "--data-dir", str(folder / "data"), "render", str(record), "-o", "out.pdf", cwd=folder
    )
    assert result.returncode == 0, result.stderr
    return folder, folder / "out.pdf"


def test_render_then_verify_reports_signer_time_and_record_hash(sealed) -> None:
    folder, pdf = sealed
    result = cli("verify", str(pdf), cwd=folder)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Signer: " in result.stdout
    assert "Signed at: 20" in result.stdout
    assert "Record SHA-256: " in result.stdout
    assert "intact" in result.stdout


def test_pdfsig_agrees_the_seal_is_valid(sealed) -> None:
    _, pdf = sealed
    out = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True).stdout
    # pdfsig exits 0 even for a broken signature: read what it says.
    assert "Signature Validation: Signature is Valid." in out
    assert "Total document signed" in out


@pytest.mark.parametrize("fraction", [0.0001, 0.25, 0.5, 0.75, 0.999])
def test_flipping_one_byte_fails_verification(sealed, tmp_path: Path, fraction: float) -> None:
    folder, pdf = sealed
    data = bytearray(pdf.read_bytes())
    data[int(len(data) * fraction)] ^= 0x01
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(data))
    result = cli("verify", str(changed), cwd=folder)
    assert result.returncode in (1, 2)
    assert "intact, covers the whole file" not in result.stdout


def test_a_record_changed_and_reattached_without_resealing_fails(sealed, tmp_path: Path) -> None:
    from pyhanko.pdf_utils import embed
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    folder, pdf = sealed
    writer = IncrementalPdfFileWriter(BytesIO(pdf.read_bytes()))
    tampered = pdf.read_bytes()  # keep the original for comparison
    data = embed.EmbeddedFileObject.from_file_data(
        writer, data=b'{"decision": "agree", "tampered": true}', mime_type="application/json"
    )
    embed.embed_file(
        writer, embed.FileSpec(file_spec_string="consent-record.json", embedded_data=data)
    )
    out = BytesIO()
    writer.write(out)
    assert out.getvalue() != tampered
    changed = tmp_path / "reattached.pdf"
    changed.write_bytes(out.getvalue())
    result = cli("verify", str(changed), cwd=folder)
    assert result.returncode == 1
    assert "FAILED" in result.stdout


def test_verify_with_the_clinic_trust_root(sealed) -> None:
    folder, pdf = sealed
    certificate = folder / "data" / "seal-certificate.pem"
    assert cli("verify", str(pdf), "--trust", str(certificate), cwd=folder).returncode == 0


def test_verify_against_another_certificate_fails(sealed, tmp_path: Path) -> None:
    from consent_app.paths import DataPaths
    from consent_app.seal import load_or_create_identity
    from consent_app.settings import Settings

    other = load_or_create_identity(DataPaths(tmp_path), Settings(clinic_name="Elsewhere"))
    pem = tmp_path / "other.pem"
    pem.write_bytes(other.certificate_pem)
    folder, pdf = sealed
    result = cli("verify", str(pdf), "--trust", str(pem), cwd=folder)
    assert result.returncode == 1


def test_verify_exits_2_for_a_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a pdf")
    result = cli("verify", str(text), cwd=tmp_path)
    assert result.returncode == 2
    assert "not a PDF" in result.stderr


def test_verify_exits_2_for_a_pdf_without_a_seal(tmp_path: Path, form, settings) -> None:
    from consent_app.domain.clearance import evaluate
    from consent_app.pdf.summary import render_summary

    session = ready_session(form)
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(render_summary(session, form, settings, evaluate(session, form, settings)))
    result = cli("verify", str(plain), cwd=tmp_path)
    assert result.returncode == 2
    assert "no seal" in result.stderr


def test_an_invalid_record_exits_2_naming_each_bad_field_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"form_id": "vertebroplasty", "intake": {"date_of_birth": "soon"}}')
    result = cli(
        "--data-dir", str(tmp_path / "data"), "render", str(bad), "-o", "out.pdf", cwd=tmp_path
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert "$.form_version: Field required" in lines
    assert any(line.startswith("$.intake.date_of_birth: ") for line in lines)
    assert not (tmp_path / "out.pdf").exists()
    assert not list(tmp_path.glob("*.part"))
    assert "Traceback" not in result.stderr


def test_a_spanish_record_renders_with_staff_sections_also_in_english(tmp_path: Path) -> None:
    session = ready_session(load_form("vertebroplasty", "es"))
    session.language = "es"
    record = tmp_path / "record.json"
    record.write_text(session.model_dump_json())
    data = tmp_path / "data"
    result = cli("--data-dir", str(data), "render", str(record), "-o", "out.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert cli("verify", "out.pdf", cwd=tmp_path).returncode == 0
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(tmp_path / "out.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Paciente y procedimiento" in text
    assert "Patient and procedure" in text
    assert "Lo que se mostró al paciente" in text
    assert "What the patient was shown" not in text
