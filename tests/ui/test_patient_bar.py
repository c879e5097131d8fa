"""Every patient page shows where the patient is and lets them choose text size and contrast;
the choice holds for the rest of the session, and after a resume."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QPushButton
from wizard_driver import Driver, PatientAnswers, make_app

from consent_app.domain.form_versions import PATIENT_PAGE_CONTENT
from consent_app.domain.session import TextSize


def _label_points(wizard, name: str) -> float:
    return wizard.currentPage().findChild(QLabel, name).font().pointSizeF()


def test_each_patient_page_names_its_step(tmp_path, qtbot, monkeypatch) -> None:
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_patient()
    seen = []
    for number, page in enumerate(PATIENT_PAGE_CONTENT, start=1):
        step = wizard.page_for_name(page).findChild(QLabel, f"{page}_step")
        assert step.text().startswith(f"Step {number} of 7: "), step.text()
        seen.append(step.text())
    assert len(set(seen)) == 7
    assert wizard.page_for_name("intake").patient_bar is None  # staff pages have none


def test_a_text_size_chosen_on_one_page_holds_on_the_next(tmp_path, qtbot, monkeypatch) -> None:
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_patient()
    standard = _label_points(wizard, "procedure_step")
    driver.click("text_size_largest")
    assert wizard.context.session.text_size is TextSize.LARGEST
    larger = _label_points(wizard, "procedure_step")
    assert larger == pytest.approx(standard * 1.5, rel=0.05)
    driver.next("positioning")
    assert driver.find(QPushButton, "text_size_largest").isChecked()
    assert _label_points(wizard, "positioning_step") == pytest.approx(larger)
    driver.click("text_size_standard")
    assert _label_points(wizard, "positioning_step") == pytest.approx(standard)


def test_high_contrast_turns_the_patient_pages_light_on_dark(tmp_path, qtbot, monkeypatch) -> None:
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_patient()
    page = wizard.currentPage()

    def background_lightness() -> float:
        image = page.grab().toImage()
        return image.pixelColor(image.width() // 2, image.height() - 5).lightnessF()

    assert background_lightness() > 0.9
    driver.click("high_contrast")
    assert wizard.context.session.high_contrast
    assert background_lightness() < 0.1
    driver.next("positioning")
    page = wizard.currentPage()
    assert driver.find(QPushButton, "high_contrast").isChecked()
    assert background_lightness() < 0.1


def test_the_choice_is_kept_through_a_resume(tmp_path, qtbot, monkeypatch) -> None:
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_patient()
    driver.click("text_size_larger")
    driver.click("high_contrast")
    driver.patient(PatientAnswers())
    session_id = wizard.context.session.session_id
    assert wizard.save()
    again, _ = make_app(tmp_path, qtbot, monkeypatch)
    again.resume(session_id)
    assert again.context.session.text_size is TextSize.LARGER
    assert again.context.session.high_contrast
    assert Driver(again).find(QPushButton, "text_size_larger").isChecked()
    assert "#000000" in again.styleSheet()


def test_the_next_patient_starts_with_the_standard_look(tmp_path, qtbot, monkeypatch) -> None:
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_patient()
    driver.click("text_size_largest")
    driver.click("high_contrast")
    wizard.start_next_patient()
    assert wizard.styleSheet() == ""


def test_answer_buttons_stack_when_they_do_not_fit_side_by_side(qtbot) -> None:
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from consent_app.domain.form import Answer
    from consent_app.ui.controls import AnswerButtons

    page = QWidget()  # as on a card: the row inside a layout that follows the screen's width
    row = AnswerButtons("q", [Answer.YES, Answer.NO, Answer.NOT_SURE], "A question", page)
    QVBoxLayout(page).addWidget(row)
    qtbot.addWidget(page)
    page.resize(1000, 300)
    page.show()
    qtbot.waitUntil(lambda: row.width() > 900)
    assert not row.stacked()
    page.resize(200, 600)
    qtbot.waitUntil(lambda: row.width() < 250)
    assert row.stacked()
    assert page.width() < 250  # the row did not hold the page wide
    yes, no = row.button(Answer.YES), row.button(Answer.NO)
    # One above the other, each whole (laid out once the row has settled).
    qtbot.waitUntil(lambda: no.geometry().top() > yes.geometry().bottom())
    assert yes.width() >= yes.sizeHint().width() - 1
    page.resize(1000, 300)
    qtbot.waitUntil(lambda: not row.stacked())


def test_the_drawn_pictures_keep_their_own_light_ground_in_high_contrast(
    tmp_path, qtbot, monkeypatch
) -> None:
    from consent_app.ui.controls import PICTURE_GROUND
    from consent_app.ui.spine_diagram import SpineDiagram

    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    driver = Driver(wizard)
    driver.to_patient()
    driver.click("high_contrast")
    spine = wizard.currentPage().findChild(SpineDiagram)
    image = spine.grab().toImage()
    # The middle of the picture's top edge: ground, not the black page.
    assert image.pixelColor(image.width() // 2, 2).name() == PICTURE_GROUND
