"""The clip detector finds text that is cut or covered, and nothing else."""

from __future__ import annotations

import pytest
from clipping import clipped
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

SENTENCE = "Cement may leak into the space around the nerves of your back"


@pytest.fixture
def window(qtbot):
    """A plain shown window to put widgets in by hand (no layout: geometry as given), without
    the app's stylesheet an earlier test may have applied (its minimum heights would win)."""
    app = QApplication.instance()
    sheet = app.styleSheet()
    app.setStyleSheet("")
    yield _window(qtbot)
    app.setStyleSheet(sheet)


def _window(qtbot) -> QWidget:
    widget = QWidget()
    widget.resize(600, 400)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _label(parent: QWidget, text: str, wrap: bool, x: int, y: int, w: int, h: int) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(wrap)
    label.setGeometry(x, y, w, h)
    label.show()
    return label


def test_a_label_too_narrow_for_its_line_is_clipped(window):
    _label(window, SENTENCE, False, 10, 10, 80, 40).setObjectName("narrow")
    found = clipped(window)
    assert len(found) == 1
    assert found[0].startswith("QLabel narrow")
    assert "width" in found[0]


def test_a_label_wide_enough_for_its_line_is_not_clipped(window):
    label = _label(window, SENTENCE, False, 10, 10, 80, 40)
    label.resize(label.sizeHint())
    assert clipped(window) == []


def test_a_wrapping_label_of_fixed_height_is_clipped(window):
    _label(window, SENTENCE, True, 10, 10, 120, 24).setObjectName("fixed_height")
    found = clipped(window)
    assert [f.split(":")[0] for f in found] == ["QLabel fixed_height"]
    assert "height" in found[0]


def test_a_wrapping_label_as_tall_as_its_text_is_not_clipped(window):
    label = _label(window, SENTENCE, True, 10, 10, 120, 24)
    label.setFixedHeight(label.heightForWidth(120))
    assert clipped(window) == []


def test_a_word_longer_than_a_wrapping_label_is_clipped(window):
    _label(window, "Pneumonoultramicroscopicsilicovolcanoconiosis", True, 10, 10, 60, 300)
    assert any("width" in f for f in clipped(window))


def test_two_overlapping_buttons_are_found(window):
    for name, x in (("understood", 10), ("question", 60)):
        button = QPushButton("Yes", window)
        button.setObjectName(name)
        button.setGeometry(x, 10, 100, 48)
        button.show()
    assert clipped(window) == [
        "QPushButton understood: overlaps QPushButton question by 50x48 px",
    ]


def test_buttons_side_by_side_do_not_overlap(window):
    for x in (10, 120):
        button = QPushButton("Yes", window)
        button.setGeometry(x, 10, 100, 48)
        button.show()
    assert clipped(window) == []


def test_a_button_narrower_than_its_text_and_padding_is_clipped(window):
    button = QPushButton("I have a question", window)
    button.setStyleSheet("QPushButton { padding: 4px 40px; }")
    width = button.fontMetrics().horizontalAdvance(button.text())
    # Wide enough for the bare text, not for the text inside the stylesheet's padding.
    button.setGeometry(10, 10, width + 20, 48)
    button.show()
    assert any("needs" in f and "width" in f for f in clipped(window))
    button.resize(width + 100, 48)
    assert clipped(window) == []


def test_each_line_of_a_two_line_button_is_measured(window):
    button = QPushButton("An adult takes me home\nafter the treatment", window)
    button.setStyleSheet("QPushButton { padding: 4px 8px; }")
    metrics = button.fontMetrics()
    widest = max(metrics.horizontalAdvance(line) for line in button.text().splitlines())
    button.setGeometry(10, 10, widest + 40, 2 * metrics.lineSpacing() + 24)
    button.show()
    assert clipped(window) == []
    button.resize(button.width(), metrics.lineSpacing() + 8)  # room for one line only
    assert any("height" in f for f in clipped(window))


def test_a_child_cut_off_by_its_parent_is_clipped(window):
    button = QPushButton("Next", window)
    button.setObjectName("next")
    button.setGeometry(550, 10, 100, 48)
    button.show()
    assert clipped(window) == [
        "QPushButton next: sticks out of its parent sideways (x 550..649 in 0..599)"
    ]


def test_hidden_widgets_are_ignored(window):
    _label(window, SENTENCE, False, 10, 10, 80, 40).hide()
    stack = QStackedWidget(window)
    stack.setGeometry(10, 60, 300, 200)
    stack.addWidget(QLabel("Card one", stack))
    stack.addWidget(QLabel(SENTENCE * 3, stack))  # the card not on show would be cut
    stack.show()
    assert clipped(window) == []


def _scroll_area(window: QWidget, content: QWidget) -> QScrollArea:
    area = QScrollArea(window)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    area.setGeometry(0, 0, 600, 200)
    area.show()
    return area


def test_text_scrolled_out_of_view_is_not_clipped(window, qtbot):
    content = QWidget()
    layout = QVBoxLayout(content)
    labels = [QLabel(f"{SENTENCE} ({n})") for n in range(20)]
    for label in labels:
        label.setWordWrap(True)
        layout.addWidget(label)
    area = _scroll_area(window, content)
    qtbot.waitUntil(lambda: content.height() > area.viewport().height())
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum() // 2)
    assert not labels[0].visibleRegion().boundingRect().isValid()  # above the fold now
    assert clipped(window) == []


def test_content_wider_than_a_scroll_area_that_never_scrolls_sideways_is_clipped(window, qtbot):
    content = QWidget()
    content.setObjectName("body")
    content.setMinimumWidth(900)
    QVBoxLayout(content).addWidget(QLabel("Short"))
    area = _scroll_area(window, content)
    qtbot.waitUntil(lambda: content.width() >= 900)
    assert clipped(window) == [
        f"QWidget body: is 900 px wide, its parent shows {area.viewport().width()}"
    ]


def test_a_framed_label_is_measured_where_its_text_is_painted(window):
    """QLabel.heightForWidth keeps a whole "x" for a framed label's indent; painting half.

    Such a label can be a line shorter than heightForWidth asks and still show all its text
    (seen on the risk cards' headings): that is not a cut.
    """
    label = _label(window, "Another broken bone in the spine", True, 10, 10, 300, 100)
    label.setStyleSheet("QLabel { font-size: 40pt; padding: 4px 0; }")
    label.ensurePolished()
    assert label.frameWidth() > 0  # the stylesheet's padding gives it a frame
    assert label.indent() == -1
    metrics, flags = label.fontMetrics(), Qt.TextFlag.TextWordWrap.value
    half_x = metrics.horizontalAdvance("x") // 2

    def painted_height(width: int) -> int:
        label.resize(width, 100)
        room = label.contentsRect().adjusted(half_x, 0, 0, 0)
        extra = label.height() - label.contentsRect().height()
        return metrics.boundingRect(room, flags, label.text()).height() + extra

    width = next(
        (w for w in range(200, 590, 2) if label.heightForWidth(w) > painted_height(w)), None
    )
    if width is None:
        pytest.skip("with this font heightForWidth and painting agree at every width")
    label.resize(width, painted_height(width))
    assert label.heightForWidth(width) > label.height()
    assert clipped(window) == []
    label.resize(width, label.height() - metrics.lineSpacing())  # now a line is cut
    assert clipped(window) != []
