"""The translation catalogues: complete, current, built, and used by every widget."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

import consent_app.ui
from consent_app.ui.i18n import (
    LANGUAGE_NAMES,
    Localised,
    catalogue,
    next_language,
    translate,
)

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"
#: The commands the README gives for gathering strings and building the catalogues.
LUPDATE = [
    "pyside6-lupdate",
    "-tr-function-alias",
    "QT_TRANSLATE_NOOP+=phrase",
    "-extensions",
    "py",
    "-locations",
    "none",
    "-no-obsolete",
]
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%n")


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """Every live message of a .ts file by (context, source)."""
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else None
            if kind not in ("obsolete", "vanished"):
                found[(name, message.findtext("source") or "")] = message
    return found


def _translations(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    forms = [form.text or "" for form in translation.iter("numerusform")]
    return forms or [translation.text or ""]


def _lupdate(tmp_path: Path, name: str, *extra: str) -> Path:
    """Gather the strings from the code into a copy of a committed catalogue."""
    copy = tmp_path / name
    shutil.copy(I18N / name, copy)
    subprocess.run(
        [*LUPDATE, *extra, str(ROOT / "consent_app"), "-ts", str(copy)],
        check=True,
        capture_output=True,
    )
    return copy


def test_the_readme_gives_the_commands_these_tests_run() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert " ".join(LUPDATE) in readme
    assert "pyside6-lrelease resources/i18n/consent_app_en.ts resources/i18n/consent_app_es.ts" in (
        readme
    )


def test_the_spanish_catalogue_holds_every_string_in_the_code(tmp_path) -> None:
    """A new self.tr() or phrase() without a catalogue entry fails here, by name."""
    fresh = _messages(_lupdate(tmp_path, "consent_app_es.ts"))
    committed = _messages(I18N / "consent_app_es.ts")
    assert sorted(set(fresh) - set(committed)) == []
    assert sorted(set(committed) - set(fresh)) == []


def test_the_english_catalogue_holds_every_plural(tmp_path) -> None:
    fresh = _messages(_lupdate(tmp_path, "consent_app_en.ts", "-pluralonly"))
    committed = _messages(I18N / "consent_app_en.ts")
    assert sorted(set(fresh) - set(committed)) == []


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_message_is_translated_with_the_same_placeholders(language) -> None:
    problems = []
    for (context, source), message in _messages(I18N / f"consent_app_{language}.ts").items():
        translation = message.find("translation")
        if translation is not None and translation.get("type") == "unfinished":
            problems.append(f"{context}: {source!r} is not translated")
            continue
        wanted = sorted(set(PLACEHOLDER.findall(source)))
        for text in _translations(message):
            if not text.strip():
                problems.append(f"{context}: {source!r} has an empty translation")
            elif sorted(set(PLACEHOLDER.findall(text))) != wanted:
                problems.append(f"{context}: {source!r} -> {text!r} changes the placeholders")
    assert problems == []


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_built_catalogues_are_built_from_the_sources(tmp_path, language) -> None:
    """The .qm in the package is exactly what pyside6-lrelease makes of the .ts."""
    built = tmp_path / f"consent_app_{language}.qm"
    subprocess.run(
        ["pyside6-lrelease", str(I18N / f"consent_app_{language}.ts"), "-qm", str(built)],
        check=True,
        capture_output=True,
    )
    assert built.read_bytes() == (I18N / built.name).read_bytes()


def test_every_language_the_tablet_offers_has_a_catalogue_and_a_form() -> None:
    from consent_app.resources_door import load_form

    for language in LANGUAGE_NAMES:
        assert catalogue(language) is not None, language
        assert load_form("vertebroplasty", language).meta.language == language


def test_counts_read_naturally_in_both_languages() -> None:
    source = "%n item(s) still need an answer before you can go on."
    assert translate("en", ("ConsentPage",), source, None, 1) == (
        "1 item still needs an answer before you can go on."
    )
    assert translate("en", ("ConsentPage",), source, None, 3).startswith("3 items still need")
    spanish_one = translate("es", ("ConsentPage",), source, None, 1)
    spanish_many = translate("es", ("ConsentPage",), source, None, 3)
    assert spanish_one.startswith("1 ")
    assert spanish_many.startswith("3 ")
    assert spanish_one[2:] != spanish_many[2:]  # singular and plural differ


def test_a_language_without_a_catalogue_reads_as_the_source() -> None:
    assert catalogue("xx") is None
    assert translate("xx", ("PatientBar",), "Listen") == "Listen"
    assert next_language("es") == "en"
    assert next_language("en") == "es"
    assert next_language("xx") == "en"


def _widget_classes() -> list[type]:
    found = []
    for module in pkgutil.iter_modules(consent_app.ui.__path__, "consent_app.ui."):
        loaded = importlib.import_module(module.name)
        for _name, klass in inspect.getmembers(loaded, inspect.isclass):
            if klass.__module__ == loaded.__name__ and issubclass(klass, QWidget):
                found.append(klass)
    return found


def test_every_widget_of_the_app_speaks_its_reader_s_language() -> None:
    """A widget class without the Localised mixin would answer in Qt's one language."""
    classes = _widget_classes()
    assert len(classes) > 20
    assert [k.__qualname__ for k in classes if not issubclass(k, Localised)] == []
    for klass in classes:  # the mixin's tr must win over Qt's
        assert klass.tr is Localised.tr, klass.__qualname__
