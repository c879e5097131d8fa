"""The positioning picture draws the patient face down on the table, with pillows, at any size."""

from __future__ import annotations

from itertools import pairwise

import pytest
from PySide6.QtGui import QColor, QImage

from consent_app.ui.positioning_illustration import PositioningIllustration

GOWN = QColor("#7fa6cf")
CUSHION = QColor("#dce9f6")
TABLE = QColor("#b7c6d5")
LABEL = QColor("#27415c")


@pytest.fixture
def picture(qtbot) -> PositioningIllustration:
    """The illustration at the width it gets on a tablet page."""
    widget = PositioningIllustration()
    qtbot.addWidget(widget)
    widget.resize(760, 300)
    return widget


def pixels_of(image: QImage, colour: QColor) -> list[tuple[int, int]]:
    """Every pixel painted in exactly this colour."""
    target = colour.rgb()
    return [
        (x, y)
        for y in range(image.height())
        for x in range(image.width())
        if image.pixel(x, y) == target
    ]


def most_separate_shapes_in_a_row(pixels: list[tuple[int, int]], gap: int = 20) -> int:
    """The largest number of separate shapes any one row crosses, ignoring small gaps."""
    rows: dict[int, list[int]] = {}
    for x, y in pixels:
        rows.setdefault(y, []).append(x)
    best = 0
    for xs in rows.values():
        xs.sort()
        shapes = 1 + sum(1 for a, b in pairwise(xs) if b - a > gap)
        best = max(best, shapes)
    return best


def test_it_describes_the_picture_for_screen_readers(picture: PositioningIllustration) -> None:
    assert picture.accessibleName() == (
        "Picture of a person lying face down on the X-ray table, "
        "with pillows under the chest, hips and lower legs"
    )


def test_it_is_big_enough_to_see(picture: PositioningIllustration) -> None:
    assert picture.minimumWidth() >= 420
    assert picture.minimumHeight() >= 200


def test_it_paints_the_table_the_pillows_and_the_gowned_patient(
    picture: PositioningIllustration,
) -> None:
    image = picture.grab().toImage()
    assert len(pixels_of(image, TABLE)) > 2000
    assert len(pixels_of(image, CUSHION)) > 2000
    assert len(pixels_of(image, GOWN)) > 5000
    # The "Pillow" labels are the only text, drawn in a dark blue.
    assert len(pixels_of(image, LABEL)) > 50


def test_there_is_a_headrest_and_three_pillows(picture: PositioningIllustration) -> None:
    # Under the chest, under the hips and under the lower legs, plus the headrest.
    assert most_separate_shapes_in_a_row(pixels_of(picture.grab().toImage(), CUSHION)) == 4


def test_the_patient_lies_on_the_pillows_above_the_table(picture: PositioningIllustration) -> None:
    image = picture.grab().toImage()
    gown_rows = [y for _, y in pixels_of(image, GOWN)]
    cushion_rows = [y for _, y in pixels_of(image, CUSHION)]
    table_rows = [y for _, y in pixels_of(image, TABLE)]
    assert max(gown_rows) <= min(cushion_rows) + 4
    assert max(cushion_rows) <= min(table_rows) + 4


def test_it_scales_with_the_widget_and_keeps_its_shape(picture: PositioningIllustration) -> None:
    picture.resize(420, 200)
    small = pixels_of(picture.grab().toImage(), GOWN)
    picture.resize(840, 400)
    large = pixels_of(picture.grab().toImage(), GOWN)
    assert 3.2 < len(large) / len(small) < 4.8

    # Past the picture's own proportions, extra width leaves margins instead of stretching.
    picture.resize(760, 200)
    fitted = pixels_of(picture.grab().toImage(), GOWN)
    picture.resize(1400, 200)
    wide = pixels_of(picture.grab().toImage(), GOWN)
    width_fitted = max(x for x, _ in fitted) - min(x for x, _ in fitted)
    width_wide = max(x for x, _ in wide) - min(x for x, _ in wide)
    assert abs(width_wide - width_fitted) <= 4
    assert abs(len(wide) - len(fitted)) < 0.05 * len(fitted)


def test_layouts_get_a_height_that_keeps_the_proportions(
    picture: PositioningIllustration,
) -> None:
    assert picture.hasHeightForWidth()
    assert picture.heightForWidth(1464) == 2 * picture.heightForWidth(732)
    assert picture.heightForWidth(100) == picture.minimumHeight()


@pytest.mark.parametrize("word", ["Pillow", "Almohada"])
def test_the_pillow_label_fits_the_narrowest_pillow_in_either_language(
    picture: PositioningIllustration, word: str
) -> None:
    from PySide6.QtGui import QFontMetricsF

    from consent_app.ui.positioning_illustration import (
        CHEST_PILLOW,
        HIP_PILLOW,
        LEG_PILLOW,
        pillow_font,
    )

    font = pillow_font(picture.font(), word)
    narrowest = min(p.width() for p in (CHEST_PILLOW, HIP_PILLOW, LEG_PILLOW))
    assert QFontMetricsF(font).horizontalAdvance(word) <= narrowest - 16
    assert font.pixelSize() >= 14  # still large enough to read
