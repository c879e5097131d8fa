"""Read aloud: a "Listen" button reads the patient's page through QtTextToSpeech.

An optional extra (``pip install .[speech]`` adds PySide6-Addons). Where the module is not
installed, cannot load (e.g. no sound libraries: importing it raises ImportError), or finds no
speech engine, the button is hidden. Nothing here may break the app: every failure is logged
and the page carries on without sound.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

log = logging.getLogger(__name__)


@cache
def speech_class() -> Any | None:
    """QTextToSpeech when it is installed, loads and has an engine; else None (once per run)."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except Exception as exc:  # not installed, or its libraries are missing
        log.info("read aloud unavailable: %s", type(exc).__name__)
        return None
    try:
        if not QTextToSpeech.availableEngines():
            log.info("read aloud unavailable: no speech engine")
            return None
    except Exception:
        log.exception("read aloud unavailable: the engine list could not be read")
        return None
    return QTextToSpeech


class Speaker:
    """One speech engine for the app, made on first use, in the patient's language."""

    def __init__(self) -> None:
        self._engine: Any | None = None

    @staticmethod
    def available() -> bool:
        """Whether read aloud can work on this machine."""
        return speech_class() is not None

    def say(self, text: str, language: str = "en") -> bool:
        """Read ``text`` aloud (stopping anything being read); False if it could not."""
        cls = speech_class()
        if cls is None or not text.strip():
            return False
        try:
            if self._engine is None:
                self._engine = cls()
            from PySide6.QtCore import QLocale

            self._engine.setLocale(QLocale(language))
            self._engine.stop()
            self._engine.say(text)
        except Exception:
            log.exception("read aloud failed")
            return False
        return True
