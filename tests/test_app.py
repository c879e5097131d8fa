"""The command line and start-up: data folder, staff PIN, malformed forms, the smoke run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from commands import run_cli

from consent_app import app
from consent_app.pin import StaffPin

ROOT = Path(__file__).resolve().parents[1]


def test_help_names_the_data_dir_and_kiosk_options() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    assert "--data-dir" in result.stdout
    assert "--kiosk" in result.stdout


def test_help_leaves_out_the_seal_worker() -> None:
    """The window's own child process is no command for people."""
    result = run_cli("--help")
    assert result.returncode == 0
    assert "seal-worker" not in result.stdout
    assert "{admin,render,verify,records,fhir,audit}" in result.stdout


def test_admin_set_pin_reads_stdin_and_stores_only_a_hash(tmp_path: Path) -> None:
    result = run_cli("--data-dir", str(tmp_path), "admin", "set-pin", stdin="482913\n")
    assert result.returncode == 0, result.stderr
    stored = (tmp_path / "staff_pin.json").read_text()
    assert "482913" not in stored
    assert json.loads(stored)["scheme"] == "scrypt"
    assert StaffPin(tmp_path / "staff_pin.json").verify("482913")
    assert oct((tmp_path / "staff_pin.json").stat().st_mode & 0o777) == "0o600"


def test_admin_set_pin_refuses_a_short_pin(tmp_path: Path) -> None:
    result = run_cli("--data-dir", str(tmp_path), "admin", "set-pin", stdin="12\n")
    assert result.returncode == 1
    assert "4 to 12 digits" in result.stderr
    assert not (tmp_path / "staff_pin.json").exists()


def test_malformed_form_stops_start_up_naming_file_field_and_problem(tmp_path: Path) -> None:
    StaffPin(tmp_path / "staff_pin.json").set("1234")
    bundled = (ROOT / "forms" / "vertebroplasty" / "en.toml").read_text(encoding="utf-8")
    clinic_copy = tmp_path / "forms" / "vertebroplasty" / "en.toml"
    clinic_copy.parent.mkdir(parents=True)
    # Drop the version line: a required field of the form's metadata.
    broken = "\n".join(x for x in bundled.splitlines() if not x.startswith("version ="))
    clinic_copy.write_text(broken, encoding="utf-8")
    result = run_cli("--data-dir", str(tmp_path))
    assert result.returncode == 2
    assert str(clinic_copy) in result.stderr
    assert "meta.version" in result.stderr
    assert "Field required" in result.stderr
    assert "Traceback" not in result.stderr


def test_clinic_form_replaces_the_bundled_wording(
    tmp_path: Path, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    StaffPin(tmp_path / "staff_pin.json").set("1234")
    bundled = (ROOT / "forms" / "vertebroplasty" / "en.toml").read_text(encoding="utf-8")
    clinic_copy = tmp_path / "forms" / "vertebroplasty" / "en.toml"
    clinic_copy.parent.mkdir(parents=True)
    clinic_copy.write_text(
        bundled.replace('procedure_name = "Vertebroplasty"', 'procedure_name = "Cementoplasty"'),
        encoding="utf-8",
    )
    window = app.create_main_window(["--data-dir", str(tmp_path)])
    qtbot.addWidget(window)
    assert window.context.form.meta.procedure_name == "Cementoplasty"


def test_first_start_without_a_pin_asks_staff_to_set_one(
    tmp_path: Path, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from consent_app.ui.pin_dialog import SetPinDialog

    monkeypatch.setattr(SetPinDialog, "ask", classmethod(lambda cls, parent=None: "9876"))
    window = app.create_main_window(["--data-dir", str(tmp_path)])
    qtbot.addWidget(window)
    assert StaffPin(tmp_path / "staff_pin.json").verify("9876")


def test_first_start_refused_pin_does_not_open_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from consent_app.ui.pin_dialog import SetPinDialog

    monkeypatch.setattr(SetPinDialog, "ask", classmethod(lambda cls, parent=None: None))
    with pytest.raises(app.StartupError, match="staff PIN"):
        app.create_main_window(["--data-dir", str(tmp_path)])


def test_data_dir_comes_from_the_environment(tmp_path: Path, qtbot, monkeypatch) -> None:
    StaffPin(tmp_path / "env-data" / "staff_pin.json").set("1234")
    monkeypatch.setenv("CONSENT_APP_DATA_DIR", str(tmp_path / "env-data"))
    window = app.create_main_window([])
    qtbot.addWidget(window)
    assert (tmp_path / "env-data" / "settings.json").exists()
    assert (tmp_path / "env-data" / "sessions.sqlite3").exists()
    assert oct((tmp_path / "env-data").stat().st_mode & 0o777) == "0o700"


def test_start_up_does_not_import_the_pdf_libraries(tmp_path: Path) -> None:
    StaffPin(tmp_path / "staff_pin.json").set("1234")
    code = (
        "import sys; from PySide6.QtWidgets import QApplication; a = QApplication([]);"
        "from consent_app.app import create_main_window;"
        f"w = create_main_window(['--data-dir', {str(tmp_path)!r}]);"
        "print(sorted(m for m in ('reportlab', 'pyhanko', 'pikepdf') if m in sys.modules))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_app_imports_its_store_and_domain_before_qt(tmp_path: Path) -> None:
    """PySide6 reads the source of every module imported after it: the Qt-free ones the
    window needs come first (a start-up cost, measured in benchmarks/)."""
    StaffPin(tmp_path / "staff_pin.json").set("1234")
    code = (
        "import sys; from consent_app import app;"
        f"code = app.main(['--data-dir', {str(tmp_path)!r}, '--smoke']);"
        "order = list(sys.modules);"
        "qt = order.index('PySide6.QtCore');"
        "late = [m for m in ('consent_app.store', 'consent_app.domain.session',"
        " 'consent_app.domain.audit', 'consent_app.domain.validation') if order.index(m) > qt];"
        "print(code, late, __import__('os').environ.get('PYDANTIC_DISABLE_PLUGINS'))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    # No pydantic plugin may look at patient records (nor may looking for one cost start-up).
    assert result.stdout.strip().splitlines()[-1] == "0 [] __all__", result.stdout


def test_smoke_run_reports_the_bundled_parts(tmp_path: Path) -> None:
    StaffPin(tmp_path / "staff_pin.json").set("1234")
    result = run_cli("--data-dir", str(tmp_path), "--smoke")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("smoke ok: form vertebroplasty"), result.stdout
    assert "catalogues en es" in result.stdout


def test_smoke_run_without_a_pin_says_how_to_set_one(tmp_path: Path) -> None:
    result = run_cli("--data-dir", str(tmp_path), "--smoke")
    assert result.returncode == 2
    assert "admin set-pin" in result.stderr
    assert not (tmp_path / "staff_pin.json").exists()
