"""The fixed wording of the PDF summary in each language: titles, labels, answer words, furniture.

Content is data: the words live in ``resources/summary/<language>.toml`` (bundled in the wheel as
``consent_app.resources``), read through the resources door. Keys are stable ids such as
``details.date_of_birth``; values are plain text and may hold ``{placeholders}``.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from string import Formatter
from typing import Any

from consent_app.resources_door import resource_text

log = logging.getLogger(__name__)

#: The wording used when a form's language has no bundled wording (a clinic's own form).
FALLBACK_LANGUAGE = "en"
# A language tag such as "es" or "pt-BR": anything else is never turned into a file name.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


class WordingError(Exception):
    """A wording table that cannot be used: names the table and the problem."""


def placeholders(template: str) -> frozenset[str]:
    """The names of the ``{placeholders}`` in a template (format specs left aside)."""
    return frozenset(name for _, name, _, _ in Formatter().parse(template) if name is not None)


def _flatten(table: Mapping[str, Any], prefix: str, where: str) -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{name}.", where))
        elif isinstance(value, str) and value.strip():
            try:
                placeholders(value)
            except ValueError as exc:
                raise WordingError(f"{where}: {name}: {exc}") from exc
            flat[name] = value
        else:
            raise WordingError(f"{where}: {name}: must be a non-empty string")
    return flat


@dataclass(frozen=True)
class Wording:
    """One language's wording table: ``wording("details.mrn")`` is the text for that key."""

    language: str
    texts: Mapping[str, str]

    def __call__(self, key: str, **values: object) -> str:
        """The text for a key with its placeholders filled; KeyError for an unknown key."""
        template = self.texts[key]
        return template.format(**values) if values else template

    def get(self, key: str, default: str) -> str:
        """The text for a key that may be missing (an enum value added since), or a default."""
        return self.texts.get(key, default)

    @property
    def months(self) -> tuple[str, ...]:
        """The twelve month words that dates use, January first."""
        months = tuple(self.texts["date.months"].split())
        if len(months) != 12:
            raise WordingError(f"summary/{self.language}.toml: date.months: needs 12 months")
        return months


def parse_wording(text: str, language: str) -> Wording:
    """A wording table from TOML text; WordingError names the table and the problem."""
    where = f"summary/{language}.toml"
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise WordingError(f"{where}: {exc}") from exc
    return Wording(language, _flatten(table, "", where))


@cache
def load_wording(language: str) -> Wording:
    """The bundled wording for a language; English for a language with no bundled table.

    A clinic may add a form in a language the app has no summary wording for: the summary is
    then still made, with its fixed wording in English, rather than not at all.
    """
    try:
        if not _LANGUAGE_TAG.fullmatch(language):
            raise FileNotFoundError(language)
        text = resource_text(f"summary/{language}.toml")
    except FileNotFoundError:
        if language == FALLBACK_LANGUAGE:
            raise
        log.warning(
            "no summary wording for language %r: the summary uses %r", language, FALLBACK_LANGUAGE
        )
        return load_wording(FALLBACK_LANGUAGE)
    return parse_wording(text, language)
