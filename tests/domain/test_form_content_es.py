"""The shipped Spanish vertebroplasty form: it is the English form translated, with the same ids,
rules, hours and numbers and nothing left in English, and every block a patient reads is plain
Spanish by the Fernández-Huerta index.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest
from form_texts import numbers, patient_texts, reading_blocks

from consent_app.domain.form import FormDefinition
from consent_app.resources_door import load_form

# shared/ sits beside the repository (the developers' checkout and CI's fresh clone alike).
REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "clinical-reference.md"

# Fernández-Huerta (1959), Flesch's reading ease refitted for Spanish. On its usual scale 60-70
# is "normal", 7th-8th grade, and 70-80 "fairly easy", 6th grade; so 60 per block and 70 on
# average mirror the English limits of grade 8 per block and grade 7 on average (clinical
# reference section 8). textstat counts Spanish syllables by hyphenation (pyphen), which misses
# some (diphthong-initial "a-gua" counts as one), so its scores run a few points high.
MIN_SCORE = 60.0
MIN_MEAN_SCORE = 70.0

# textstat's own default locale, which the English readability tests rely on.
TEXTSTAT_DEFAULT_LANG = "en_US"

# Texts that are rightly the same in both languages: drug names whose Spanish INN is spelt as in
# English. Anything else identical to the English is taken to be untranslated.
SAME_IN_BOTH = frozenset(
    {
        "checklist.anticoagulants.clopidogrel.name",
        "checklist.anticoagulants.prasugrel.name",
        "checklist.anticoagulants.ticagrelor.name",
    }
)

# Common English words that are not Spanish words: one of them in a Spanish text means a phrase
# was left untranslated. ("a", "no", "me", "he", "son", "has", "come" are Spanish too, so are
# left out.)
ENGLISH_WORDS = frozenset(
    {
        "about", "and", "are", "be", "can", "do", "does", "for", "from", "have", "if", "in",
        "is", "it", "not", "of", "on", "or", "our", "please", "should", "that", "the", "this",
        "to", "we", "what", "when", "will", "with", "you", "your",
    }
)  # fmt: skip

_WORD = re.compile(r"[^\W\d_]+")


@pytest.fixture(scope="module")
def es_form() -> FormDefinition:
    """The Spanish form, through the same door the app uses."""
    return load_form("vertebroplasty", "es")


@pytest.fixture(scope="module")
def en_form() -> FormDefinition:
    """The English form the Spanish one translates."""
    return load_form("vertebroplasty", "en")


@pytest.fixture(scope="module")
def reference() -> str:
    """The clinical reference text; the check against it skips when shared/ is not beside us."""
    if not REFERENCE.is_file():
        pytest.skip(f"clinical reference not found at {REFERENCE} (shared/ beside the repository)")
    return REFERENCE.read_text(encoding="utf-8")


def _textstat() -> ModuleType:
    try:
        import textstat
    except ImportError:
        pytest.fail("textstat is a test dependency: pip install 'textstat>=0.7.5,<0.7.10'")
    return textstat


@contextmanager
def _spanish_textstat() -> Iterator[Callable[[str], float]]:
    """Fernández-Huerta scoring with Spanish syllables, then textstat back in English.

    ``textstat.set_lang`` is global: left in Spanish, it would change the grades the English
    readability tests compute.
    """
    textstat = _textstat()
    textstat.set_lang("es")
    try:
        yield lambda text: float(textstat.fernandez_huerta(text))
    finally:
        textstat.set_lang(TEXTSTAT_DEFAULT_LANG)


@pytest.fixture
def fernandez_huerta() -> Iterator[Callable[[str], float]]:
    """The Fernández-Huerta score of a Spanish text, for the length of one test."""
    with _spanish_textstat() as score:
        yield score


def _keyed(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """(where, text) pairs as a dict; empty texts are left out, a repeated key is an error."""
    keys = [where for where, _ in pairs]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    assert not repeated, f"two texts share a key: {repeated}"
    return {where: text for where, text in pairs if text}


def _staff_texts(form: FormDefinition) -> dict[str, str]:
    """Every sentence the nurse or the physician reads, keyed by id or rule code."""
    pairs = [(f"{q.id}.staff_label", q.staff_label) for q in form.patient_questions()]
    checklist = form.checklist
    pairs.append(("checklist.heading", checklist.heading))
    for item in checklist.items:
        pairs += [(f"{item.id}.label", item.label), (f"{item.id}.help", item.help)]
    for drug in checklist.anticoagulants:
        pairs += [
            (f"checklist.anticoagulants.{drug.id}.name", drug.name),
            (f"checklist.anticoagulants.{drug.id}.note", drug.note),
        ]
    pairs += [(f"rules.answers.{r.code}.message", r.message) for r in form.rules.answers]
    pairs += [(f"rules.computed.{n}.message", r.message) for n, r in form.rules.computed.items()]
    return _keyed(pairs)


def _texts(form: FormDefinition) -> dict[str, str]:
    """Every translated text in the form, patient-facing and staff-facing."""
    patient, staff = _keyed(patient_texts(form)), _staff_texts(form)
    assert not patient.keys() & staff.keys()
    return patient | staff


def _placeholders(message: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(message) if field is not None}


# --- It is the English form, in Spanish -------------------------------------------------------


def test_spanish_form_loads_through_the_resource_door(es_form: FormDefinition) -> None:
    assert es_form.meta.form_id == "vertebroplasty"
    assert es_form.meta.language == "es"


def test_meta_is_the_english_meta_but_for_language_and_title(
    es_form: FormDefinition, en_form: FormDefinition
) -> None:
    def kept(form: FormDefinition) -> tuple[object, ...]:
        meta = form.meta
        return (meta.form_id, meta.version, meta.effective_date, meta.clinical_reviewer)

    assert kept(es_form) == kept(en_form)
    assert es_form.meta.review_date == en_form.meta.review_date
    assert es_form.meta.title != en_form.meta.title


def test_sources_are_the_english_citations_unchanged(
    es_form: FormDefinition, en_form: FormDefinition
) -> None:
    assert es_form.meta.sources == en_form.meta.sources
    assert [r.source for r in es_form.risks.items] == [r.source for r in en_form.risks.items]


def test_every_english_text_has_one_spanish_text_and_no_more(
    es_form: FormDefinition, en_form: FormDefinition
) -> None:
    es, en = _texts(es_form).keys(), _texts(en_form).keys()
    assert not en - es, f"missing in Spanish: {sorted(en - es)}"
    assert not es - en, f"only in Spanish: {sorted(es - en)}"


def test_patient_questions_keep_their_ids_in_order(
    es_form: FormDefinition, en_form: FormDefinition
) -> None:
    assert [q.id for q in es_form.patient_questions()] == [
        q.id for q in en_form.patient_questions()
    ]
    assert [g.id for g in es_form.allergy.groups] == [g.id for g in en_form.allergy.groups]
    for es_group, en_group in zip(es_form.allergy.groups, en_form.allergy.groups, strict=True):
        assert [q.id for q in es_group.questions] == [q.id for q in en_group.questions]


def test_risks_keep_their_ids_and_uncertainty(
    es_form: FormDefinition, en_form: FormDefinition
) -> None:
    assert [(r.id, r.uncertain) for r in es_form.risks.items] == [
        (r.id, r.uncertain) for r in en_form.risks.items
    ]


def test_teach_back_keeps_its_questions_choices_and_correct_answers(
    es_form: FormDefinition, en_form: FormDefinition
) -> None:
    def shape(form: FormDefinition) -> list[tuple[str, list[str], str]]:
        return [(q.id, [c.id for c in q.choices], q.correct) for q in form.understanding.questions]

    assert shape(es_form) == shape(en_form)


def test_checklist_items_keep_their_ids_kinds_and_not_applicable(
    es_form: FormDefinition, en_form: FormDefinition
) -> None:
    def shape(form: FormDefinition) -> list[tuple[str, str, bool]]:
        return [(i.id, i.kind, i.allow_not_applicable) for i in form.checklist.items]

    assert shape(es_form) == shape(en_form)


def test_anticoagulants_keep_their_ids_and_hours(
    es_form: FormDefinition, en_form: FormDefinition
) -> None:
    def table(form: FormDefinition) -> list[tuple[str, int, int, int | None, bool]]:
        return [
            (d.id, d.minimum_hours, d.full_hours, d.renal_impairment_hours, d.always_review)
            for d in form.checklist.anticoagulants
        ]

    assert table(es_form) == table(en_form)


def test_fasting_hours_are_the_english_hours(
    es_form: FormDefinition, en_form: FormDefinition
) -> None:
    assert es_form.checklist.fasting == en_form.checklist.fasting


def test_answer_rules_are_the_english_rules(
    es_form: FormDefinition, en_form: FormDefinition
) -> None:
    def rules(form: FormDefinition) -> list[tuple[str, list[str], str, str]]:
        return [(r.field, list(r.answers), r.severity, r.code) for r in form.rules.answers]

    assert rules(es_form) == rules(en_form)


def test_computed_rules_are_the_english_rules(
    es_form: FormDefinition, en_form: FormDefinition
) -> None:
    def rules(form: FormDefinition) -> dict[str, tuple[str, str]]:
        return {n: (r.code, r.severity) for n, r in form.rules.computed.items()}

    assert rules(es_form) == rules(en_form)


def test_computed_messages_keep_the_english_placeholders(
    es_form: FormDefinition, en_form: FormDefinition
) -> None:
    for name, rule in en_form.rules.computed.items():
        message = es_form.rules.computed[name].message
        assert _placeholders(message) == _placeholders(rule.message), name


# --- Same numbers -----------------------------------------------------------------------------


def test_no_number_in_spanish_that_english_lacks(
    es_form: FormDefinition, en_form: FormDefinition
) -> None:
    en = _texts(en_form)
    strays = [
        f"{where}: {number} in {text!r}"
        for where, text in _texts(es_form).items()
        for number in sorted(numbers(text) - numbers(en.get(where, "")))
    ]
    assert not strays, "numbers the English block does not have:\n" + "\n".join(strays)


def test_no_english_number_dropped_in_spanish(
    es_form: FormDefinition, en_form: FormDefinition
) -> None:
    es = _texts(es_form)
    dropped = [
        f"{where}: {number} missing from {es.get(where, '')!r}"
        for where, text in _texts(en_form).items()
        for number in sorted(numbers(text) - numbers(es.get(where, "")))
    ]
    assert not dropped, "numbers lost in translation:\n" + "\n".join(dropped)


def test_every_number_a_patient_reads_is_in_the_reference(
    es_form: FormDefinition, reference: str
) -> None:
    known = numbers(reference)
    strays = [
        f"{where}: {number} in {text!r}"
        for where, text in _keyed(patient_texts(es_form)).items()
        for number in sorted(numbers(text) - known)
    ]
    assert not strays, "numbers not in the clinical reference:\n" + "\n".join(strays)


# --- Nothing left in English ------------------------------------------------------------------


def test_no_text_is_left_as_the_english(es_form: FormDefinition, en_form: FormDefinition) -> None:
    en = _texts(en_form)
    same = [
        f"{where}: {text!r}"
        for where, text in _texts(es_form).items()
        if text == en.get(where) and where not in SAME_IN_BOTH
    ]
    assert not same, "identical to the English (untranslated?):\n" + "\n".join(same)


def test_texts_allowed_to_match_english_are_names_that_exist(es_form: FormDefinition) -> None:
    texts = _texts(es_form)
    assert texts.keys() >= SAME_IN_BOTH
    assert all(where.endswith(".name") for where in SAME_IN_BOTH)


def test_no_english_words_in_spanish_text(es_form: FormDefinition) -> None:
    found = [
        f"{where}: {sorted(words)} in {text!r}"
        for where, text in _texts(es_form).items()
        if (words := {w.lower() for w in _WORD.findall(text)} & ENGLISH_WORDS)
    ]
    assert not found, "English words in the Spanish form:\n" + "\n".join(found)


def test_contrast_is_not_called_an_iodine_allergy(es_form: FormDefinition) -> None:
    for where, text in _keyed(patient_texts(es_form)).items():
        assert "alergia al yodo" not in text.lower(), where


# --- Plain Spanish ----------------------------------------------------------------------------


def test_each_reading_block_scores_at_least_60(
    es_form: FormDefinition, fernandez_huerta: Callable[[str], float]
) -> None:
    too_hard = [
        f"{where} (Fernández-Huerta {score:.1f}): {text}"
        for where, text in reading_blocks(es_form)
        if (score := fernandez_huerta(text)) < MIN_SCORE
    ]
    assert not too_hard, f"below {MIN_SCORE:g}:\n" + "\n".join(too_hard)


def test_mean_reading_score_is_at_least_70(
    es_form: FormDefinition,
    fernandez_huerta: Callable[[str], float],
    record_property: Callable[[str, object], None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    scores = {where: fernandez_huerta(text) for where, text in reading_blocks(es_form)}
    mean = sum(scores.values()) / len(scores)
    hardest = min(scores, key=scores.__getitem__)
    summary = (
        f"Spanish form, Fernández-Huerta over {len(scores)} blocks: mean {mean:.1f}, "
        f"min {scores[hardest]:.1f} ({hardest})"
    )
    record_property("fernandez_huerta_mean", round(mean, 1))
    with capsys.disabled():
        print(f"\n{summary}")
    assert mean >= MIN_MEAN_SCORE, summary


def test_spanish_scoring_leaves_textstat_in_english() -> None:
    textstat = _textstat()
    sample = "The doctor puts bone cement into the broken bone through a needle."
    before = textstat.flesch_kincaid_grade(sample)
    with _spanish_textstat() as score:
        score("El cemento se pone duro en pocos minutos.")
        inside = textstat.flesch_kincaid_grade(sample)
    assert inside != before, "set_lang('es') had no effect, so this test proves nothing"
    assert textstat.flesch_kincaid_grade(sample) == before
