"""Read aloud: hidden where speech cannot work, reads the card on show where it can, and never
breaks the page when the speech engine fails."""

from __future__ import annotations

import logging
from typing import ClassVar

import pytest
from PySide6.QtWidgets import QPushButton
from wizard_driver import Driver, make_app

from consent_app.ui import read_aloud


class FakeSpeech:
    """Stands in for QTextToSpeech: records what it was asked to say."""

    spoken: ClassVar[list[tuple[str, str]]] = []
    broken = False

    @staticmethod
    def availableEngines() -> list[str]:
        return ["fake"]

    def __init__(self) -> None:
        self.locale = ""

    def setLocale(self, locale) -> None:
        self.locale = locale.name()

    def stop(self) -> None:
        pass

    def say(self, text: str) -> None:
        if FakeSpeech.broken:
            raise RuntimeError("the speech engine fell over")
        FakeSpeech.spoken.append((text, self.locale))


@pytest.fixture
def speech(monkeypatch):
    FakeSpeech.spoken = []
    FakeSpeech.broken = False
    monkeypatch.setattr(read_aloud, "speech_class", lambda: FakeSpeech)
    return FakeSpeech


def test_listen_is_hidden_where_speech_cannot_work(tmp_path, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(read_aloud, "speech_class", lambda: None)
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    Driver(wizard).to_patient()
    listen = wizard.currentPage().findChild(QPushButton, "listen")
    assert listen is not None
    assert not listen.isVisibleTo(wizard.currentPage())
    assert not wizard.currentPage().read_aloud()  # and asking anyway does nothing


def test_a_missing_speech_module_is_absent_not_an_error(monkeypatch) -> None:
    import sys

    # As when PySide6-Addons is not installed, or its sound libraries are missing.
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", None)
    read_aloud.speech_class.cache_clear()
    try:
        assert read_aloud.speech_class() is None
        assert not read_aloud.Speaker().say("Hello")
    finally:
        read_aloud.speech_class.cache_clear()


def test_listen_reads_the_card_on_show(tmp_path, qtbot, monkeypatch, speech) -> None:
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_patient()
    driver.next("positioning")
    driver.click("positioning_intro_next")
    listen = driver.find(QPushButton, "listen")
    assert listen.isVisibleTo(wizard.currentPage())
    listen.click()
    question = driver.form.positioning.questions[0]
    [(text, locale)] = speech.spoken
    assert question.text in text
    assert driver.form.positioning.paragraphs[0] not in text  # only the card on show
    assert locale.startswith("en")


def test_a_failing_speech_engine_never_breaks_the_page(
    tmp_path, qtbot, monkeypatch, speech, caplog
) -> None:
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_patient()
    speech.broken = True
    with caplog.at_level(logging.ERROR, logger="consent_app.ui.read_aloud"):
        driver.click("listen")
    assert "read aloud failed" in caplog.text
    assert driver.page_name() == "procedure"
    driver.next("positioning")  # the session carries on
