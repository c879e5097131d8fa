"""The export the app makes: a sealed summary written whole into the records folder, or nothing."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sessions import ready_session

from consent_app import export
from consent_app.paths import DataPaths


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
