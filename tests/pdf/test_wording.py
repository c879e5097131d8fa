"""The summary's wording tables: every language says the same things, with the same blanks."""

from __future__ import annotations

from datetime import date

import pytest

from consent_app.pdf.wording import (
    Wording,
    WordingError,
    load_wording,
    parse_wording,
    placeholders,
)

LANGUAGES = ("en", "es")


@pytest.fixture(scope="module")
def tables() -> dict[str, Wording]:
    return {language: load_wording(language) for language in LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_every_table_has_exactly_the_english_keys(
    tables: dict[str, Wording], language: str
) -> None:
    english, other = set(tables["en"].texts), set(tables[language].texts)
    assert sorted(english - other) == [], f"missing from {language}.toml"
    assert sorted(other - english) == [], f"in {language}.toml but not in en.toml"


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_every_key_has_the_same_placeholders_in_every_language(
    tables: dict[str, Wording], language: str
) -> None:
    english, other = tables["en"].texts, tables[language].texts
    differ = {
        key: (sorted(placeholders(english[key])), sorted(placeholders(other[key])))
        for key in english.keys() & other.keys()
        if placeholders(english[key]) != placeholders(other[key])
    }
    assert differ == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_table_loads_with_its_own_language(tables: dict[str, Wording], language: str) -> None:
    assert tables[language].language == language
    assert len(tables[language].months) == 12


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "2 Mar 1948"), ("es", "1948-03-02")], ids=LANGUAGES
)
def test_dates_follow_the_table(language: str, expected: str) -> None:
    from consent_app.pdf.summary import format_date

    assert format_date(date(1948, 3, 2), load_wording(language)) == expected


def test_a_language_without_a_table_uses_english() -> None:
    assert load_wording("fr").language == "en"


def test_a_language_that_is_not_a_tag_never_becomes_a_file_name() -> None:
    assert load_wording("../styles/app").language == "en"


def test_a_value_that_is_not_text_is_refused_with_its_key() -> None:
    with pytest.raises(WordingError, match=r"summary/xx\.toml: answer\.yes"):
        parse_wording("[answer]\nyes = 1\n", "xx")


def test_a_broken_placeholder_is_refused_with_its_key() -> None:
    with pytest.raises(WordingError, match=r"header\.page"):
        parse_wording('[header]\npage = "Page {page of {total}"\n', "xx")
