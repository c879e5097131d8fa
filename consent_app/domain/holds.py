"""How long since a last dose or a last meal, measured in real elapsed time.

Times are timezone-aware. The difference is taken in UTC, so a night that loses an hour to
daylight saving counts as 23 hours, not 24: a hold that looks long enough on the wall clock
may be an hour short in the body, and here it is reported short.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from consent_app.domain.form import Anticoagulant


class HoldVerdict(StrEnum):
    """Whether a drug has been held long enough before the procedure."""

    HELD = "held"
    BORDERLINE = "borderline"
    TOO_SHORT = "too_short"
    NEEDS_REVIEW = "needs_review"


@dataclass(frozen=True)
class HoldResult:
    """The elapsed time since the last dose, what the table requires, and the verdict."""

    drug: Anticoagulant
    held: timedelta
    minimum: timedelta
    full: timedelta
    verdict: HoldVerdict


def elapsed(since: datetime, until: datetime) -> timedelta:
    """Real time between two aware datetimes, whatever zones and daylight-saving rules apply."""
    if since.tzinfo is None or until.tzinfo is None:
        raise ValueError("times must carry a time zone")
    return until.astimezone(UTC) - since.astimezone(UTC)


def anticoagulant_hold(
    drug: Anticoagulant, last_dose: datetime, scheduled_at: datetime, renal_impairment: bool
) -> HoldResult:
    """Compare the time from the last dose to the scheduled procedure with the hold table."""
    held = elapsed(last_dose, scheduled_at)
    full_hours = drug.full_hours
    minimum_hours = drug.minimum_hours
    if renal_impairment and drug.renal_impairment_hours is not None:
        # Impaired kidneys clear the drug slowly: the longer hold applies in full.
        full_hours = minimum_hours = drug.renal_impairment_hours
    minimum, full = timedelta(hours=minimum_hours), timedelta(hours=full_hours)
    if drug.always_review:
        verdict = HoldVerdict.NEEDS_REVIEW
    elif held < minimum:
        verdict = HoldVerdict.TOO_SHORT
    elif held < full:
        verdict = HoldVerdict.BORDERLINE
    else:
        verdict = HoldVerdict.HELD
    return HoldResult(drug, held, minimum, full, verdict)


#: Each language's words for a day and days (hours and minutes are "h" and "min" in both).
_DAY_WORDS = {"en": ("day", "days"), "es": ("día", "días")}


def describe_duration(span: timedelta, language: str = "en") -> str:
    """A duration as staff read it: "4 days 3 h", "11 h 30 min", "3 days"; "-2 h" when after.

    In Spanish "4 días 3 h"; a language without its own words reads as English.
    """
    one_day, days_word = _DAY_WORDS.get(language, _DAY_WORDS["en"])
    negative = span < timedelta(0)
    minutes = int(abs(span).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} {one_day if days == 1 else days_word}")
    if hours:
        parts.append(f"{hours} h")
    if mins or not parts:
        parts.append(f"{mins} min")
    text = " ".join(parts)
    return f"-{text}" if negative else text
