"""Pages are built when first needed: start-up builds the first, the rest follow while idle."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from PySide6.QtWidgets import QLabel, QWidget
from wizard_driver import Driver, make_app

from consent_app import app
from consent_app.ui.base import PageId
from consent_app.ui.controls import CardDeck


def _built(wizard) -> set[str]:
    return {wizard.page(i).objectName() for i in wizard.pageIds() if wizard.page(i).built}


def test_no_page_is_built_until_the_window_is_shown_then_only_the_first(
    tmp_path, qtbot, monkeypatch
) -> None:
    shown, data = make_app(tmp_path, qtbot, monkeypatch)
    shown.close()
    wizard = app.create_main_window(["--data-dir", str(data)])
    qtbot.addWidget(wizard)
    assert _built(wizard) == set()
    wizard.show()
    assert _built(wizard) == {"intake"}
    assert wizard.currentPage().findChild(QLabel) is not None


def test_the_other_pages_are_built_once_the_first_is_on_screen(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    every = {wizard.page(i).objectName() for i in wizard.pageIds()}
    qtbot.waitUntil(lambda: _built(wizard) == every, timeout=20_000)


def test_a_widget_asked_of_a_page_not_built_yet_builds_the_page(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    risks = wizard.page(int(PageId.RISKS))  # Qt's accessor: no building on the way
    assert not risks.built
    assert isinstance(risks.deck, CardDeck)
    assert risks.built
    try:
        risks.no_such_widget  # noqa: B018
    except AttributeError:
        pass
    else:
        raise AssertionError("a name a built page does not have must stay an AttributeError")


def test_page_for_hands_out_a_built_page(tmp_path, qtbot, monkeypatch) -> None:
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    assert not wizard.page(int(PageId.DECISION)).built
    decision = wizard.page_for(PageId.DECISION)
    assert decision.built
    assert decision.findChild(QWidget, "decision_body") is not None


def test_a_page_built_after_the_language_changed_speaks_the_new_language(
    tmp_path, qtbot, monkeypatch
) -> None:
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.click("tablet_language_es")
    assert not wizard.page(int(PageId.ALLERGY)).built
    driver.to_patient()
    allergy = wizard.page_for(PageId.ALLERGY)
    assert allergy.ui_language() == "es"
    step = allergy.findChild(QLabel, "allergy_step")
    assert step.text().startswith("Paso 3 de 7"), step.text()


def test_a_new_patient_resets_only_the_pages_already_built(tmp_path, qtbot, monkeypatch):
    shown, data = make_app(tmp_path, qtbot, monkeypatch)
    shown.close()
    wizard = app.create_main_window(["--data-dir", str(data)])  # never shown: nothing idles
    qtbot.addWidget(wizard)
    wizard.start_next_patient()
    assert _built(wizard) == {"intake"}
    assert wizard.page_for(PageId.CHECKLIST).built  # and the rest still build when needed


def test_a_deck_shows_one_card_and_is_as_tall_as_that_card(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_patient()
    driver.next("positioning")
    deck = wizard.currentPage().deck
    width = deck.width()
    heights = {}
    for index in (0, deck.count() - 1):
        deck.go_to(index)
        shown = [i for i in range(deck.count()) if deck.card(i).isVisibleTo(deck)]
        assert shown == [index]
        heights[index] = (deck.heightForWidth(width), deck.card(index).heightForWidth(width))
    (deck_first, card_first), (deck_last, card_last) = heights.values()
    assert card_first != card_last
    # The cards set aside take no room: the deck grows and shrinks with the card on show
    # (a QStackedWidget would stay as tall as its tallest card).
    assert deck_first - card_first == deck_last - card_last


def test_the_plain_qt_start_up_probe_builds_what_the_intake_page_is_made_of(
    tmp_path, qtbot, monkeypatch
) -> None:
    """benchmarks/startup_probe.py measures Qt's share of start-up with the intake page's
    widgets and no app code: that comparison holds only while the two are made alike."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from startup_probe import INTAKE_WIDGETS

    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    made = Counter(
        next(k for k in type(w).__mro__ if k.__module__.startswith("PySide6")).__name__
        for w in wizard.page_for(PageId.INTAKE).findChildren(QWidget)
    )
    assert {kind: made[kind] for kind in INTAKE_WIDGETS} == INTAKE_WIDGETS


def test_each_page_entered_starts_the_keyboard_on_its_content_not_on_next(
    tmp_path, qtbot, monkeypatch
) -> None:
    from PySide6.QtWidgets import QWizard

    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_review()  # back to staff: the review, built while nobody waited
    review = wizard.currentPage()
    focused = wizard.focusWidget()
    assert focused is not wizard.button(QWizard.WizardButton.NextButton)
    assert review.isAncestorOf(focused), focused
