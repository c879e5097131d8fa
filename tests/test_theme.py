"""The display choices' stylesheets: sizes scale from the one stylesheet; every colour pair the
app uses meets WCAG AA in both themes."""

from __future__ import annotations

import pytest

from consent_app.domain.session import TextSize
from consent_app.resources_door import resource_text
from consent_app.theme import (
    AA_TEXT,
    contrast_failures,
    contrast_ratio,
    parse,
    size_rules,
)

APP = resource_text("styles/app.qss")
CONTRAST = resource_text("styles/contrast.qss")


def test_contrast_ratio_matches_the_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#777", "#fff") == pytest.approx(4.48, abs=0.01)  # just fails AA
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # just passes


def test_every_text_colour_of_the_standard_theme_meets_aa() -> None:
    failures = contrast_failures(APP, page_background="#f7f8fa", page_text="#1f2933")
    assert failures == [], "\n".join(
        f"{f.selector}: {f.foreground} on {f.background} = {f.ratio:.2f}" for f in failures
    )


def test_every_text_colour_of_the_high_contrast_theme_meets_aa() -> None:
    failures = contrast_failures(CONTRAST, page_background="#000000", page_text="#ffffff")
    assert failures == [], "\n".join(
        f"{f.selector}: {f.foreground} on {f.background} = {f.ratio:.2f}" for f in failures
    )


def test_the_check_catches_a_pale_colour() -> None:
    failures = contrast_failures(
        'QLabel[role="hint"] { color: #9aa5b1; }', page_background="#f7f8fa", page_text="#000"
    )
    assert [f.selector for f in failures] == ['QLabel[role="hint"]']
    assert failures[0].ratio < AA_TEXT


def test_the_high_contrast_theme_restyles_only_the_patient_pages() -> None:
    for rule in parse(CONTRAST):
        for selector in rule.selectors:
            assert '[audience="patient"]' in selector, selector


@pytest.mark.parametrize(("size", "factor"), [(TextSize.LARGER, 1.25), (TextSize.LARGEST, 1.5)])
def test_larger_sizes_scale_every_patient_font_size(size: TextSize, factor: float) -> None:
    standard = {
        selector: rule.declarations["font-size"]
        for rule in parse(APP)
        for selector in rule.selectors
        if '[audience="patient"]' in selector and "font-size" in rule.declarations
    }
    scaled = {
        selector: rule.declarations["font-size"]
        for rule in parse(size_rules(APP, size))
        for selector in rule.selectors
        if 'role="patient_bar"' not in selector  # restated as they are: see below
    }
    assert scaled.keys() == standard.keys()
    for selector, points in standard.items():
        assert scaled[selector] == f"{round(float(points.removesuffix('pt')) * factor)}pt"
    assert size_rules(APP, TextSize.STANDARD) == ""


def test_the_patient_bar_buttons_keep_their_size_at_every_text_size() -> None:
    """The bar's own buttons restate their size in the larger sheets, so they never crowd out
    the step or each other; every other patient text grows."""
    largest = size_rules(APP, TextSize.LARGEST)
    bar = [line for line in largest.splitlines() if 'role="patient_bar"' in line]
    assert bar
    assert all("font-size: 16pt" in line for line in bar)
    step = next(line for line in largest.splitlines() if 'QLabel[role="step"]' in line)
    assert "font-size: 27pt" in step
