"""The interface in two languages at once, through Qt's translation system.

The tablet changes hands: staff pages speak the clinic's language and patient pages the
patient's, in the same window. Qt's ``tr()`` answers in one application-wide language, so each
widget here asks ``ui_language()`` of the nearest ancestor that knows who it is for (a page, the
wizard, a dialog) and looks its text up in that language's catalogue.

The catalogues are ``resources/i18n/consent_app_<language>.qm``, built from the ``.ts`` files by
``pyside6-lrelease``; ``pyside6-lupdate`` gathers the strings from every ``self.tr("…")`` in the
``consent_app`` package and every ``phrase("Context", "…")`` in the domain (the README has the
commands). English is the source language; its catalogue holds only the plural forms.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from functools import cache

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator

from consent_app.domain.validation import Problem
from consent_app.resources_door import resource_bytes
from consent_app.store import DOING, FAULT_SENTENCES, Fault

log = logging.getLogger(__name__)

#: The languages the app can be used in, as each names itself (the patient's own word).
LANGUAGE_NAMES = {"en": "English", "es": "Español"}

#: The language of anything that belongs to no page, until the app says otherwise.
_default = {"language": "en"}


def next_language(language: str) -> str:
    """The language after ``language`` in the list (with two, simply the other one)."""
    codes = list(LANGUAGE_NAMES)
    return codes[(codes.index(language) + 1) % len(codes)] if language in codes else codes[0]


def use_clinic_language(language: str) -> None:
    """The language for windows that belong to no page, and for Qt's own words (standard
    buttons, text-field menus); set by the app's wiring from the clinic's settings."""
    _default["language"] = language if language in LANGUAGE_NAMES else "en"
    for old in _installed:
        QCoreApplication.removeTranslator(old)
    _installed.clear()
    translator = _qt_catalogue(_default["language"])
    if translator is not None and QCoreApplication.installTranslator(translator):
        _installed.append(translator)


#: Qt's own catalogue now installed (at most one).
_installed: list[QTranslator] = []


def clinic_language() -> str:
    """The language staff windows speak when nothing nearer says."""
    return _default["language"]


@cache
def catalogue(language: str) -> QTranslator | None:
    """The app's translations into ``language``; None when there are none (logged once)."""
    try:
        data = resource_bytes(f"i18n/consent_app_{language}.qm")
    except FileNotFoundError:
        log.warning("no interface translation for language %r", language)
        return None
    translator = QTranslator()
    translator._data = data  # type: ignore[attr-defined]  # Qt reads it in place: keep it alive
    if not translator.load(data):
        log.warning("the interface translation for %r cannot be read", language)
        return None
    return translator


@cache
def _qt_catalogue(language: str) -> QTranslator | None:
    """Qt's own strings (standard buttons, text-field menus) in ``language``, when Qt has them."""
    from PySide6.QtCore import QLibraryInfo

    translator = QTranslator()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return translator if translator.load(f"qtbase_{language}", folder) else None


def translate(
    language: str,
    contexts: tuple[str, ...],
    text: str,
    disambiguation: str | None = None,
    n: int = -1,
) -> str:
    """``text`` in ``language``: the first context (class name) that has it wins; else ``text``.

    ``%n`` becomes the count, written as the language writes numbers.
    """
    found = ""
    translator = catalogue(language)
    if translator is not None:
        for context in contexts:
            found = translator.translate(context, text, disambiguation, n)
            if found:
                break
    result = found or text
    if n >= 0:
        result = result.replace("%n", QLocale(language).toString(n))
    return result


def language_of(widget: QObject | None) -> str:
    """The language of the nearest ancestor (or the widget itself) that says who it is for."""
    while widget is not None:
        speaks = getattr(widget, "ui_language", None)
        if callable(speaks):
            return speaks()
        widget = widget.parent()
    return clinic_language()


def _contexts(kind: type) -> Iterator[str]:
    """The class names lupdate files a ``self.tr`` under: the class and the app's bases."""
    for klass in kind.__mro__:
        if klass.__module__.startswith("consent_app."):
            yield klass.__name__


@cache
def contexts_of(kind: type) -> tuple[str, ...]:
    """The translation contexts of a class, nearest first."""
    return tuple(_contexts(kind))


class Localised:
    """Mixed into every widget class of the app: ``self.tr`` speaks the widget's language.

    It must come before the Qt class in the bases, so its ``tr`` is the one found.
    """

    def tr(self, text: str, disambiguation: str | None = None, n: int = -1) -> str:
        """``text`` in the language of the person this widget is for."""
        language = language_of(self)  # type: ignore[arg-type]
        return translate(language, contexts_of(type(self)), text, disambiguation, n)


def in_language_of(widget: QObject, context: str, text: str) -> str:
    """Text marked with ``phrase(context, text)``, in the language of the person ``widget`` is
    for (the domain's words, and tables of words kept outside any class)."""
    return translate(language_of(widget), (context,), text)


def problem_text(widget: QObject, problem: Problem) -> str:
    """A validation problem's message in the reader's language, filled in (a value the
    catalogue knows, such as the default MRN hint, is translated too)."""
    text = in_language_of(widget, "Validation", problem.template)
    if not problem.values:
        return text
    values = {k: in_language_of(widget, "Validation", v) for k, v in problem.values.items()}
    return text.format_map(values)


def fault_text(widget: QObject, fault: Fault, doing: str) -> str:
    """The sentence saying the store failed, in the reader's language."""
    sentence = in_language_of(widget, "Faults", FAULT_SENTENCES[fault])
    return sentence.format(doing=in_language_of(widget, "Faults", DOING.get(doing, doing)))
