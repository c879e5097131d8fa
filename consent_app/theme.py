"""The patient's display choices, and the contrast check of every colour the stylesheets use.

Qt-free. Two choices hold for the rest of a session once the patient makes them:
- the text size: standard, larger (1.25 times) or largest (1.5 times), applied by scaling every
  ``font-size`` of the patient-page rules in the app's own stylesheet (one source of sizes);
- the high-contrast theme (``styles/contrast.qss``).

``contrast_failures`` reads a stylesheet as a person's eye would meet it: each rule's text
colour against the rule's own background, or the theme's page background when it sets none,
and reports every pair under WCAG AA's 4.5 : 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from consent_app.domain.session import TextSize

SCALE: dict[TextSize, float] = {
    TextSize.STANDARD: 1.0,
    TextSize.LARGER: 1.25,
    TextSize.LARGEST: 1.5,
}

#: WCAG 2.1 AA for normal text (1.4.3).
AA_TEXT = 4.5

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_FONT_SIZE = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)pt")
_HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_PATIENT = ('[audience="patient"]',)
#: Patient-page rules that keep their size at every text size (the bar's own buttons).
_FIXED = ('[role="patient_bar"]',)


@dataclass(frozen=True)
class Rule:
    """One stylesheet rule: its selectors and its declarations."""

    selectors: tuple[str, ...]
    declarations: dict[str, str]


def parse(qss: str) -> list[Rule]:
    """The rules of a stylesheet, comments removed (enough of CSS for Qt's stylesheets)."""
    rules = []
    for selector_text, body in _RULE.findall(_COMMENT.sub("", qss)):
        declarations = {}
        for part in body.split(";"):
            name, colon, value = part.partition(":")
            if colon:
                declarations[name.strip().lower()] = value.strip()
        selectors = tuple(s.strip() for s in selector_text.split(",") if s.strip())
        rules.append(Rule(selectors, declarations))
    return rules


def size_rules(qss: str, size: TextSize) -> str:
    """The patient-page font sizes of ``qss``, scaled for a text size ("" for standard)."""
    factor = SCALE[size]
    if factor == 1.0:
        return ""
    lines = []
    for rule in parse(qss):
        patient = [s for s in rule.selectors if any(m in s for m in (*_PATIENT, *_FIXED))]
        found = _FONT_SIZE.search(f"font-size: {rule.declarations.get('font-size', '')}")
        if patient and found:
            fixed = any(mark in s for s in patient for mark in _FIXED)
            # A fixed rule is restated as it is, so it still wins over the scaled ones.
            points = round(float(found.group(1)) * (1.0 if fixed else factor))
            lines.append(f"{', '.join(patient)} {{ font-size: {points}pt; }}")
    return "\n".join(lines)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rgb`` or ``#rrggbb`` colour."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio between two colours, from 1 to 21."""
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _colour(value: str) -> str | None:
    found = _HEX.search(value)
    return f"#{found.group(1)}" if found else None


@dataclass(frozen=True)
class ContrastFailure:
    """A text colour on a background that is too close to it."""

    selector: str
    foreground: str
    background: str
    ratio: float


def contrast_failures(
    qss: str, page_background: str, page_text: str, minimum: float = AA_TEXT
) -> list[ContrastFailure]:
    """Every rule whose text would read under ``minimum`` contrast.

    A rule with a text colour and no background is read on the page background; a rule with
    a background and no text colour is read with the page's text colour.
    """
    failures = []
    for rule in parse(qss):
        text = _colour(rule.declarations.get("color", ""))
        ground = _colour(rule.declarations.get("background", "")) or _colour(
            rule.declarations.get("background-color", "")
        )
        if text is None and ground is None:
            continue
        foreground, background = text or page_text, ground or page_background
        ratio = contrast_ratio(foreground, background)
        if ratio < minimum:
            failures.append(
                ContrastFailure(", ".join(rule.selectors), foreground, background, ratio)
            )
    return failures
