"""Keyboard users: every control can be reached with Tab, in the order the page is read."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QPlainTextEdit, QWidget
from wizard_driver import Driver, PatientAnswers, make_app

#: Controls on one row (within this many pixels of each other) are read left to right.
ROW = 12


def _tab_chain(page: QWidget) -> list[QWidget]:
    """The controls Tab visits on a page, in order (what a keyboard user meets)."""
    chain, widget, seen = [], page.nextInFocusChain(), set()
    while widget is not page and id(widget) not in seen:
        seen.add(id(widget))
        if (
            page.isAncestorOf(widget)
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.isVisibleTo(page)
            and widget.isEnabled()
            and isinstance(widget, QAbstractButton | QLineEdit | QPlainTextEdit)
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def _out_of_order(page: QWidget) -> list[str]:
    """Places where Tab jumps back up the page (or leftwards within a row)."""
    problems = []
    chain = _tab_chain(page)
    placed = [(w, w.mapTo(page, w.rect().topLeft())) for w in chain]
    for (a, pa), (b, pb) in pairwise(placed):
        same_row = abs(pa.y() - pb.y()) <= ROW
        backwards = pb.x() < pa.x() if same_row else pb.y() < pa.y()
        if backwards:
            problems.append(
                f"{a.objectName()} ({pa.x()},{pa.y()}) -> {b.objectName()} ({pb.x()},{pb.y()})"
            )
    return problems


def _unreachable(page: QWidget) -> list[str]:
    return [
        w.objectName()
        for w in page.findChildren(QAbstractButton)
        if w.isVisibleTo(page) and not w.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]


def test_tab_follows_reading_order_on_the_patient_pages(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_patient()
    problems: dict[str, list[str]] = {}

    def check(tag: str) -> None:
        page = wizard.currentPage()
        found = _out_of_order(page) + [f"no Tab stop: {n}" for n in _unreachable(page)]
        if found:
            problems[f"{page.objectName()}{tag}"] = found

    check("")
    driver.next("positioning")
    check(" intro card")
    driver.click("positioning_intro_next")
    check(" question card")
    plan = PatientAnswers()
    driver._questions(driver.form.positioning.questions, plan)
    driver.next("allergy")
    driver.click("allergy_intro_next")
    check(" question card")
    driver._questions([q for g in driver.form.allergy.groups for q in g.questions], plan)
    driver.next("risks")
    driver.click("risks_intro_next")
    check(" risk card")
    assert problems == {}


def test_tab_follows_reading_order_on_the_remaining_pages(tmp_path, qtbot, monkeypatch):
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    problems: dict[str, list[str]] = {}

    def check() -> None:
        page = wizard.currentPage()
        found = _out_of_order(page) + [f"no Tab stop: {n}" for n in _unreachable(page)]
        if found:
            problems[page.objectName()] = found

    check()
    driver.intake()
    check()
    driver.checklist()
    check()
    driver.handover()
    driver.patient(PatientAnswers())
    check()
    driver.next("patient_signature")
    check()
    driver.sign("signature_patient")
    driver.next("review")
    check()
    driver.review()
    check()
    assert problems == {}
