"""Shared fixtures: a headless Qt platform, a fresh data folder per test, the form and settings."""

from __future__ import annotations

import os

# Must be set before Qt loads: with no display and no platform, Qt aborts the process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

import consent_app.ui  # noqa: F401  (guards the Qt runtime before any Qt object exists)
from consent_app.domain.form import FormDefinition
from consent_app.resources_door import load_form
from consent_app.settings import Settings


@pytest.fixture(autouse=True)
def fresh_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test writes to its own data folder, never to the real user folders."""
    data = tmp_path / "data"
    monkeypatch.setenv("CONSENT_APP_DATA_DIR", str(data))
    return data


@pytest.fixture(scope="session")
def form() -> FormDefinition:
    """The shipped English vertebroplasty form."""
    return load_form("vertebroplasty", "en")


@pytest.fixture
def settings() -> Settings:
    """Clinic settings with a zone that has daylight saving, so the arithmetic is exercised."""
    return Settings(clinic_name="Test Clinic", device_name="tablet-1", timezone="Europe/London")


@pytest.fixture(autouse=True)
def clinic_language_back_to_english():
    """A test that ran the app in a Spanish clinic leaves the next one in English."""
    yield
    from consent_app.ui.i18n import clinic_language, use_clinic_language

    if clinic_language() != "en":
        use_clinic_language("en")


@pytest.fixture
def fhir_server():
    """A small FHIR-like server on 127.0.0.1 (a free port) for this test, stopped after it."""
    from fhir_server import FhirServer

    server = FhirServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def closed_widgets_are_deleted_before_the_next_test():
    """What a test showed is gone before the next test starts.

    pytest-qt closes each widget a test registered and asks Qt to delete it later, but
    ``processEvents`` never runs such deletions: they waited for the next test that happened to
    run an event loop, which then spent seconds deleting every earlier wizard inside its own
    timed wait.
    """
    yield
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
