"""A Spanish clinic with a Spanish patient: every screen of the wizard, and no English on it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from form_texts import patient_texts
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
    QWizard,
)
from wizard_driver import Driver, PatientAnswers, make_app

from consent_app.resources_door import load_form
from consent_app.ui.controls import ChoiceButtons
from consent_app.ui.i18n import LANGUAGE_NAMES
from consent_app.ui.pin_dialog import PinDialog

CATALOGUE = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "consent_app_es.ts"
ENGLISH_FORM = load_form("vertebroplasty", "en")

#: Words that are English and never Spanish: one of them on a Spanish screen is a leftover.
ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "you",
        "your",
        "please",
        "with",
        "this",
        "that",
        "are",
        "what",
        "will",
        "have",
        "next",
        "back",
        "yes",
        "sign",
        "page",
        "patient",
        "nurse",
        "review",
        "ready",
        "done",
        "proceed",
        "answer",
        "enter",
        "choose",
        "staff",
        "signature",
        "level",
        "levels",
        "name",
        "date",
        "time",
        "sure",
        "understand",
        "question",
        "questions",
        "listen",
        "high",
        "contrast",
        "step",
        "of",
        "is",
        "it",
        "here",
        "still",
        "locked",
        "tablet",
        "saved",
        "records",
        "resume",
        "paused",
        "search",
        "open",
        "close",
        "print",
        "export",
        "physician",
        "witness",
        "interpreter",
        "allergy",
        "risks",
        "treatment",
        "lying",
        "decision",
        "signing",
        "check",
    ]
)


def _english_sentences() -> set[str]:
    """Every English text the app could show whose Spanish differs: none may appear."""
    sentences = set()
    for message in ET.parse(CATALOGUE).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        spanish = "".join(translation.itertext()) if translation is not None else ""
        for part in re.split(r"\{[^{}]*\}|%n", source):
            part = part.strip(" .:…▶◀\n")
            if len(part) > 6 and part not in spanish:
                sentences.add(part)
    sentences |= {text for _id, text in patient_texts(ENGLISH_FORM) if len(text) > 6}
    return sentences


ENGLISH_SENTENCES = _english_sentences()


def _shown(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every piece of text on show: labels, buttons, hints, names, tips."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        name = widget.objectName() or type(widget).__name__
        if isinstance(widget, (QLabel, QAbstractButton)):
            found.append((name, widget.text()))
        elif isinstance(widget, QLineEdit):
            found.append((name, widget.placeholderText()))
        elif isinstance(widget, QComboBox):
            found += [(name, widget.itemText(i)) for i in range(widget.count())]
        found.append((f"{name} (accessible name)", widget.accessibleName()))
        found.append((f"{name} (description)", widget.accessibleDescription()))
        found.append((f"{name} (tooltip)", widget.toolTip()))
    return [(where, text) for where, text in found if text.strip()]


def _english(shown: list[tuple[str, str]]) -> list[str]:
    leftovers = []
    for where, text in shown:
        if text in LANGUAGE_NAMES.values():
            continue  # a language named in its own words, for those who read it
        prose = re.sub(r"/\S+", "", text)  # a file's path is a name, not words
        words = set(re.findall(r"[a-z]+", prose.lower()))
        stray = sorted(words & ENGLISH_WORDS)
        sentence = next((s for s in ENGLISH_SENTENCES if s in text), None)
        if stray or sentence:
            leftovers.append(f"{where}: {text!r} ({', '.join(stray) or sentence})")
    return leftovers


def test_every_screen_in_spanish_has_no_english_left(tmp_path, qtbot, monkeypatch) -> None:
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch, clinic_language="es")
    driver = Driver(wizard)
    found: dict[str, list[str]] = {}

    def look(tag: str = "") -> None:
        page = wizard.currentPage()
        shown = [*_shown(page), ("window title", wizard.windowTitle())]
        shown += [
            (f"wizard button {b}", wizard.button(b).text())
            for b in (
                QWizard.WizardButton.BackButton,
                QWizard.WizardButton.NextButton,
                QWizard.WizardButton.CommitButton,
                QWizard.WizardButton.FinishButton,
            )
            if wizard.button(b).isVisible()
        ]
        leftovers = _english(shown)
        if leftovers:
            found[page.objectName() + tag] = leftovers

    def look_at_every_card() -> None:
        deck = wizard.currentPage().deck
        for index in range(deck.count()):
            deck.go_to(index)
            look(f" card {index}")
        deck.go_to(0)

    assert wizard.context.session.language == "es"
    look()
    driver.intake(name="Carmen Ruiz Ortega")
    look()
    driver.checklist()
    look()
    driver.next("handover")
    look()
    driver.next("procedure")
    look()
    form = driver.form
    plan = PatientAnswers()
    driver.next("positioning")
    look_at_every_card()
    driver.click("positioning_intro_next")
    driver._questions(form.positioning.questions, plan)
    driver.next("allergy")
    look_at_every_card()
    driver.click("allergy_intro_next")
    driver._questions([q for g in form.allergy.groups for q in g.questions], plan)
    driver.next("risks")
    look_at_every_card()
    driver.click("risks_intro_next")
    for risk in form.risks.items:
        driver.click(f"{risk.id}_understood")
    driver.click("risks_benefits_next")
    driver.click("risks_alternatives_read")
    driver.next("understanding")
    look_at_every_card()
    driver.click("understanding_intro_next")
    for question in form.understanding.questions:
        driver.find(ChoiceButtons, question.id).button(question.correct).click()
        look(f" {question.id} answered")
        driver.click(f"{question.id}_next")
    driver.next("decision")
    look()
    driver.click("decision_agree")
    driver.next("patient_signature")
    look()
    driver.sign("signature_patient")
    driver.next("review")
    look()
    driver.next("staff_signatures")
    look()
    driver.sign("signature_witness")
    driver.text("witness_printed_name", "Lucía Gómez")
    driver.sign("signature_physician")
    driver.next("done")
    look()

    # The lock screens and the PIN dialog a patient may meet.
    def look_at(tag: str, widget: QWidget) -> None:
        leftovers = _english(_shown(widget))
        if leftovers:
            found[tag] = leftovers

    wizard.lock_screen.ask(30)
    look_at("still there?", wizard.lock_screen)
    wizard.lock_screen.lock()
    look_at("locked", wizard.lock_screen)
    look_at("PIN dialog", PinDialog(lambda _pin: False, wizard))
    assert found == {}


def test_the_detector_finds_english(tmp_path, qtbot) -> None:
    """The check above would see a leftover English button, label or name."""
    label = QLabel("Please choose an answer.")
    qtbot.addWidget(label)
    assert _english(_shown(label))
    assert _english([("b", "Siguiente page")])
    assert _english([("b", ENGLISH_FORM.procedure.heading)])
    assert _english([("b", "Sí, entiendo. Siguiente  ▶")]) == []
