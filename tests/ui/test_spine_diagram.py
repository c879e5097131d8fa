"""The spine diagram marks the treated levels in the picture and for screen readers."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage

from consent_app.ui.spine_diagram import SpineDiagram

HIGHLIGHT = QColor("#d9480f")


@pytest.fixture
def spine(qtbot) -> SpineDiagram:
    """A diagram at a realistic page size."""
    widget = SpineDiagram()
    qtbot.addWidget(widget)
    widget.resize(300, 560)
    return widget


def highlight_pixels(image: QImage) -> list[tuple[int, int]]:
    """Every pixel painted in exactly the highlight colour."""
    target = HIGHLIGHT.rgb()
    return [
        (x, y)
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixel(x, y) == target
    ]


def test_it_is_named_for_screen_readers_and_starts_with_nothing_highlighted(
    spine: SpineDiagram,
) -> None:
    assert spine.accessibleName() == "Spine diagram"
    assert spine.levels() == []
    assert spine.accessibleDescription() == "No levels highlighted"
    assert spine.minimumWidth() >= 220
    assert spine.minimumHeight() >= 420


def test_highlighted_levels_are_listed_top_to_bottom(spine: SpineDiagram) -> None:
    spine.set_levels(["L1", "T12"])
    assert spine.levels() == ["T12", "L1"]
    assert spine.accessibleDescription() == "Highlighted: T12, L1"


def test_levels_are_tidied_and_deduplicated(spine: SpineDiagram) -> None:
    spine.set_levels([" l1", "L1", "t5 "])
    assert spine.levels() == ["T5", "L1"]


def test_an_unknown_level_is_refused_and_the_old_levels_stay(spine: SpineDiagram) -> None:
    spine.set_levels(["T12"])
    with pytest.raises(ValueError, match="L6"):
        spine.set_levels(["L1", "L6"])
    assert spine.levels() == ["T12"]
    assert spine.accessibleDescription() == "Highlighted: T12"


def test_an_empty_list_clears_the_highlight(spine: SpineDiagram) -> None:
    spine.set_levels(["T12", "L1"])
    spine.set_levels([])
    assert spine.levels() == []
    assert spine.accessibleDescription() == "No levels highlighted"
    assert highlight_pixels(spine.grab().toImage()) == []


def test_levels_returns_a_copy(spine: SpineDiagram) -> None:
    spine.set_levels(["L2"])
    spine.levels().append("L3")
    assert spine.levels() == ["L2"]


def test_the_picture_is_drawn_and_shows_the_highlight_colour(spine: SpineDiagram) -> None:
    plain = spine.grab().toImage()
    assert len({plain.pixel(x, y) for x in range(0, 300, 3) for y in range(0, 560, 3)}) > 10
    assert highlight_pixels(plain) == []

    spine.set_levels(["L1"])
    assert len(highlight_pixels(spine.grab().toImage())) > 50


def test_the_highlight_sits_at_the_right_height(spine: SpineDiagram) -> None:
    def mean_y(level: str) -> float:
        spine.set_levels([level])
        pixels = highlight_pixels(spine.grab().toImage())
        return sum(y for _, y in pixels) / len(pixels)

    t5, t12, l5 = mean_y("T5"), mean_y("T12"), mean_y("L5")
    assert t5 < t12 < l5
    # T5 is in the upper third of the column, L5 in the lower quarter.
    assert t5 < 560 / 3
    assert l5 > 560 * 0.75


def test_more_levels_light_up_more_of_the_picture(spine: SpineDiagram) -> None:
    spine.set_levels(["L1"])
    one = len(highlight_pixels(spine.grab().toImage()))
    spine.set_levels(["T12", "L1", "L2"])
    three = len(highlight_pixels(spine.grab().toImage()))
    assert three > 2 * one


def test_it_scales_with_the_widget_and_keeps_its_shape(spine: SpineDiagram) -> None:
    spine.set_levels(["L1"])
    spine.resize(300, 560)
    small = highlight_pixels(spine.grab().toImage())
    spine.resize(600, 1120)
    large = highlight_pixels(spine.grab().toImage())
    # Twice the size in each direction paints about four times the area.
    assert 3.2 < len(large) / len(small) < 4.8

    # Extra width alone does not stretch the picture sideways.
    spine.resize(900, 560)
    wide = highlight_pixels(spine.grab().toImage())
    width_small = max(x for x, _ in small) - min(x for x, _ in small)
    width_wide = max(x for x, _ in wide) - min(x for x, _ in wide)
    assert abs(width_wide - width_small) <= 4
