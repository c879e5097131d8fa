"""The export the app makes: a sealed summary written whole into the records folder, or nothing."""

from __future__ import annotations

import logging
import os
import re
import stat
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sessions import ready_session

from consent_app import export
from consent_app.domain.form import FormDefinition
from consent_app.domain.session import ConsentSession
from consent_app.paths import DataPaths
from consent_app.resources_door import load_form
from consent_app.settings import Settings


def test_export_writes_a_private_pdf_named_without_patient_details(
    form, settings, tmp_path: Path
) -> None:
    session = ready_session(form)
    session.exported_at = datetime(2026, 7, 1, 7, 5, tzinfo=UTC)
    folder = tmp_path / "records"
    path = export.export_sealed(session, form, settings, DataPaths(tmp_path / "data"), folder)
    assert path.parent == folder
    assert path.name == f"consent-20260701-0805-{session.session_id[:8]}.pdf"
    assert "Ellis" not in path.name
    assert "104233" not in path.name
    assert path.read_bytes().startswith(b"%PDF-")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0
    assert sorted(p.name for p in folder.iterdir()) == [path.name]


def test_failed_export_leaves_neither_the_file_nor_a_temporary_one(
    form, settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = ready_session(form)
    data = DataPaths(tmp_path / "data")
    export.export_sealed(session, form, settings, data, tmp_path / "warm")  # key made first

    def refuse(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    folder = tmp_path / "records"
    with pytest.raises(OSError, match="disk full"):
        export.export_sealed(session, form, settings, data, folder)
    assert list(folder.iterdir()) == []


def test_failed_render_writes_nothing(
    form, settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = ready_session(form)

    def broken(*args: object) -> bytes:
        raise ValueError("layout failed")

    monkeypatch.setattr(export, "render_sealable", broken)
    folder = tmp_path / "records"
    folder.mkdir()
    with pytest.raises(ValueError, match="layout failed"):
        export.export_sealed(session, form, settings, DataPaths(tmp_path / "data"), folder)
    assert list(folder.iterdir()) == []


def pdf_text(path: Path) -> str:
    """The text of a PDF, whitespace collapsed."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"\s+", " ", out)


def spanish_session() -> tuple[ConsentSession, FormDefinition]:
    form = load_form("vertebroplasty", "es")
    session = ready_session(form)
    session.language = "es"
    return session, form


def test_spanish_export_for_an_english_clinic_is_bilingual_and_verifies(tmp_path: Path) -> None:
    session, form = spanish_session()
    settings = Settings(clinic_name="Test Clinic", timezone="Europe/London", clinic_language="en")
    path = export.export_sealed(
        session, form, settings, DataPaths(tmp_path / "data"), tmp_path / "records"
    )
    verdict = export.verify_summary(path.read_bytes())
    assert verdict.ok, verdict.problems
    text = pdf_text(path)
    assert "Lista de verificación previa al procedimiento" in text
    assert "Pre-procedure checklist" in text
    assert "Sello digital" in text
    assert "Digital seal" in text


def test_export_is_in_the_patients_language_when_the_clinic_form_cannot_load(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    session, form = spanish_session()
    settings = Settings(clinic_name="Test Clinic", timezone="Europe/London", clinic_language="fr")
    with caplog.at_level(logging.WARNING, logger="consent_app"):
        path = export.export_sealed(
            session, form, settings, DataPaths(tmp_path / "data"), tmp_path / "records"
        )
    assert export.verify_summary(path.read_bytes()).ok
    text = pdf_text(path)
    assert "Lista de verificación previa al procedimiento" in text
    assert "Pre-procedure checklist" not in text
    warnings = [r.getMessage() for r in caplog.records if r.name == "consent_app.export"]
    assert len(warnings) == 1
    assert "fr" in warnings[0]
    for detail in (session.intake.full_name, session.intake.mrn, "1948"):
        assert detail not in warnings[0]


def test_a_clinic_form_is_only_loaded_for_another_language(tmp_path: Path) -> None:
    session, _ = spanish_session()
    paths = DataPaths(tmp_path / "data")
    same = Settings(clinic_language="es")
    other = Settings(clinic_language="en")
    assert export.clinic_form_for(session, same, paths) is None
    clinic_form = export.clinic_form_for(session, other, paths)
    assert clinic_form is not None
    assert clinic_form.meta.language == "en"
