"""Controls that change shape with their width say how tall they are before they are laid out,
so a card is given the height of its text in the same pass that gives it a new width."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from consent_app.ui.controls import ButtonRow, ChoiceButtons, WrappingButton

LONG_CHOICE = "An adult takes me home, and someone stays with me overnight"


def _row_of_two(qtbot, first: str, second: str) -> tuple[QWidget, ButtonRow]:
    """Two buttons sharing a row equally, as "I understand" and "I have a question" do."""
    page = QWidget()
    row = ButtonRow(16, page)
    for text in (first, second):
        row.add(QPushButton(text, row), 1)
    layout = QVBoxLayout(page)
    layout.addWidget(row)
    layout.addStretch(1)  # the row keeps its own height, as on a card
    qtbot.addWidget(page)
    return page, row


def test_a_button_row_is_as_tall_as_its_buttons_stacked_at_a_narrow_width(qtbot) -> None:
    _page, row = _row_of_two(qtbot, "I understand", "I have a question")
    heights = [b.sizeHint().height() for b in row.findChildren(QPushButton)]
    assert row.heightForWidth(10_000) == max(heights)
    assert row.heightForWidth(100) == sum(heights) + 16


def test_a_narrowed_row_is_given_its_stacked_height_in_the_first_layout_pass(qtbot) -> None:
    page, row = _row_of_two(qtbot, "I understand", "I have a question")
    page.resize(1000, 400)
    page.show()
    qtbot.waitUntil(lambda: row.width() > 900)
    page.resize(150, 400)
    page.layout().activate()  # one pass, no event loop in between
    assert row.stacked()
    assert row.height() == row.heightForWidth(row.width())


def test_buttons_sharing_a_row_equally_stack_when_a_share_cannot_hold_the_longer_words(
    qtbot,
) -> None:
    page, row = _row_of_two(qtbot, "Yes", "I have a question about this")
    short, long = row.findChildren(QPushButton)
    # Wide enough for both buttons' words side by side, too narrow for two halves that each
    # hold the longer words.
    width = short.sizeHint().width() + long.sizeHint().width() + 16 + 10
    assert width < 2 * long.sizeHint().width() + 16
    page.resize(width + 2 * page.layout().contentsMargins().left(), 400)
    page.show()
    qtbot.waitUntil(lambda: row.width() == width)
    assert row.stacked()
    assert long.width() >= long.sizeHint().width()


def test_a_wrapping_button_asks_for_the_height_of_its_lines_at_any_width(qtbot) -> None:
    button = WrappingButton(LONG_CHOICE)
    qtbot.addWidget(button)
    one_line = button.heightForWidth(10_000)
    narrow = button.heightForWidth(200)
    assert narrow > one_line
    button.show()
    button.resize(200, narrow)
    qtbot.waitUntil(lambda: "\n" in button.text())
    assert button.sizeHint().height() == narrow
    assert button.accessibleName() == LONG_CHOICE


def test_wrapped_choices_get_the_height_of_their_lines_in_the_first_layout_pass(qtbot) -> None:
    page = QWidget()
    choices = ChoiceButtons("q", [("a", "Yes"), ("b", LONG_CHOICE)], vertical=True, wrap=True)
    QVBoxLayout(page).addWidget(choices)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    long = choices.button("b")
    qtbot.waitUntil(lambda: long.width() > 900)
    page.resize(160, 600)
    page.layout().activate()
    assert long.height() == long.heightForWidth(long.width()) > choices.button("a").height()


def test_a_label_turned_into_a_flag_gets_the_flag_s_padding(qtbot) -> None:
    """A status line that becomes a boxed flag keeps its words off the border."""
    from PySide6.QtWidgets import QApplication, QLabel

    from consent_app.ui.controls import restyle

    app = QApplication.instance()
    sheet = app.styleSheet()
    app.setStyleSheet('QLabel[severity="ready"] { border: 2px solid green; padding: 8px 12px; }')
    try:
        label = QLabel("The sealed summary has been saved.")
        qtbot.addWidget(label)
        label.show()
        label.setProperty("severity", "ready")
        restyle(label)
        margins = label.contentsMargins()
        assert (margins.left(), margins.top()) == (14, 10)  # padding and border
        label.setProperty("severity", "")
        restyle(label)
        assert label.contentsMargins().left() == 0
    finally:
        app.setStyleSheet(sheet)


def test_a_row_measures_its_buttons_once_until_one_of_them_changes(qtbot, monkeypatch) -> None:
    _page, row = _row_of_two(qtbot, "Yes", "No")
    measured: list[int] = []
    measure = ButtonRow._measure_height_at

    def counted(self, width):
        measured.append(width)
        return measure(self, width)

    monkeypatch.setattr(ButtonRow, "_measure_height_at", counted)
    side_by_side = row.heightForWidth(400)
    for _ in range(5):
        assert row.heightForWidth(400) == side_by_side
    assert measured == [400]
    # New words that no longer fit side by side at this width: measured again, and stacked.
    row.findChildren(QPushButton)[0].setText(LONG_CHOICE)
    assert row.heightForWidth(400) > side_by_side
    assert measured == [400, 400]
    # A button hidden: measured again, one button tall.
    row.findChildren(QPushButton)[0].hide()
    no_button = row.findChildren(QPushButton)[1]
    assert row.heightForWidth(400) == no_button.sizeHint().height()
