"""Words the domain hands to the screen, marked so the translation tools can find them.

The domain stays free of Qt: ``phrase`` returns its text unchanged, and the interface looks the
text up in the reader's language under the same context. ``pyside6-lupdate`` is told that
``phrase`` spells ``QT_TRANSLATE_NOOP`` (see the README), so it gathers every marked text.
Texts with ``{placeholders}`` are translated first and filled in after.
"""

from __future__ import annotations


def phrase(context: str, text: str) -> str:
    """Mark ``text`` for translation under ``context``; it is returned as it is."""
    del context  # read by the translation tools, not at run time
    return text
