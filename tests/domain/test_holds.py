"""Real elapsed time, duration wording and the anticoagulant hold verdict (pure, no form needed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consent_app.domain.form import Anticoagulant
from consent_app.domain.holds import (
    HoldVerdict,
    anticoagulant_hold,
    describe_duration,
    elapsed,
)

LONDON = ZoneInfo("Europe/London")
SCHEDULED = datetime(2026, 11, 24, 10, 0, tzinfo=LONDON)


def drug(
    minimum: int,
    full: int,
    *,
    renal: int | None = None,
    always_review: bool = False,
) -> Anticoagulant:
    return Anticoagulant(
        id="test_drug",
        name="Test drug",
        minimum_hours=minimum,
        full_hours=full,
        renal_impairment_hours=renal,
        always_review=always_review,
    )


# --- elapsed -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("since", "until"),
    [
        pytest.param(datetime(2026, 11, 20, 9, 0), SCHEDULED, id="naive-since"),
        pytest.param(SCHEDULED, datetime(2026, 11, 25, 9, 0), id="naive-until"),
        pytest.param(datetime(2026, 11, 20, 9, 0), datetime(2026, 11, 25, 9, 0), id="both-naive"),
    ],
)
def test_elapsed_refuses_naive_datetimes(since: datetime, until: datetime) -> None:
    with pytest.raises(ValueError, match="time zone"):
        elapsed(since, until)


def test_elapsed_counts_the_lost_spring_hour() -> None:
    # 2026-03-29 01:00 GMT -> 02:00 BST: three wall-clock days are 71 real hours.
    since = datetime(2026, 3, 27, 9, 0, tzinfo=LONDON)
    until = datetime(2026, 3, 30, 9, 0, tzinfo=LONDON)
    assert elapsed(since, until) == timedelta(hours=71)


def test_elapsed_counts_the_repeated_autumn_hour() -> None:
    # 2026-10-25 02:00 BST -> 01:00 GMT: three wall-clock days are 73 real hours.
    since = datetime(2026, 10, 22, 9, 0, tzinfo=LONDON)
    until = datetime(2026, 10, 25, 9, 0, tzinfo=LONDON)
    assert elapsed(since, until) == timedelta(hours=73)


def test_elapsed_tells_the_two_ambiguous_autumn_times_apart() -> None:
    first = datetime(2026, 10, 25, 1, 30, tzinfo=LONDON, fold=0)  # 01:30 BST
    second = datetime(2026, 10, 25, 1, 30, tzinfo=LONDON, fold=1)  # 01:30 GMT
    assert elapsed(first, second) == timedelta(hours=1)


def test_elapsed_is_the_same_across_zones() -> None:
    in_utc = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
    in_london = datetime(2026, 3, 30, 9, 0, tzinfo=LONDON)
    assert elapsed(in_utc, in_london) == timedelta(hours=71)


def test_elapsed_is_negative_when_the_dose_is_after_the_procedure() -> None:
    assert elapsed(SCHEDULED + timedelta(hours=2), SCHEDULED) == timedelta(hours=-2)


# --- describe_duration ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (timedelta(0), "0 min"),
        (timedelta(seconds=59), "0 min"),
        (timedelta(minutes=1), "1 min"),
        (timedelta(minutes=90), "1 h 30 min"),
        (timedelta(hours=11, minutes=30), "11 h 30 min"),
        (timedelta(hours=2), "2 h"),
        (timedelta(days=1), "1 day"),
        (timedelta(days=2), "2 days"),
        (timedelta(days=3), "3 days"),
        (timedelta(days=4, hours=3), "4 days 3 h"),
        (timedelta(days=1, minutes=5), "1 day 5 min"),
        (timedelta(days=2, hours=23, minutes=59), "2 days 23 h 59 min"),
        (timedelta(hours=-2), "-2 h"),
        (timedelta(minutes=-90), "-1 h 30 min"),
    ],
    ids=str,
)
def test_describe_duration(span: timedelta, text: str) -> None:
    assert describe_duration(span) == text


def test_describe_duration_never_rounds_a_short_hold_up_to_the_full_hold() -> None:
    # A hold one second short of 3 days must not read as "3 days".
    assert describe_duration(timedelta(hours=72) - timedelta(seconds=1)) == "2 days 23 h 59 min"


# --- anticoagulant_hold --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minimum", "full", "held", "verdict"),
    [
        # A single hold time (minimum == full).
        (72, 72, timedelta(hours=72), HoldVerdict.HELD),
        (72, 72, timedelta(hours=200), HoldVerdict.HELD),
        (72, 72, timedelta(hours=72) - timedelta(minutes=1), HoldVerdict.TOO_SHORT),
        (72, 72, timedelta(0), HoldVerdict.TOO_SHORT),
        (72, 72, timedelta(hours=-1), HoldVerdict.TOO_SHORT),
        # A range (minimum < full): between the two is borderline.
        (168, 240, timedelta(hours=168) - timedelta(minutes=1), HoldVerdict.TOO_SHORT),
        (168, 240, timedelta(hours=168), HoldVerdict.BORDERLINE),
        (168, 240, timedelta(hours=240) - timedelta(minutes=1), HoldVerdict.BORDERLINE),
        (168, 240, timedelta(hours=240), HoldVerdict.HELD),
        # No hold needed.
        (0, 0, timedelta(0), HoldVerdict.HELD),
    ],
    ids=lambda v: str(v),
)
def test_anticoagulant_hold_verdict(
    minimum: int, full: int, held: timedelta, verdict: HoldVerdict
) -> None:
    result = anticoagulant_hold(drug(minimum, full), SCHEDULED - held, SCHEDULED, False)
    assert result.verdict is verdict
    assert result.held == held


def test_always_review_drug_needs_review_however_long_it_was_held() -> None:
    result = anticoagulant_hold(
        drug(0, 0, always_review=True), SCHEDULED - timedelta(days=60), SCHEDULED, False
    )
    assert result.verdict is HoldVerdict.NEEDS_REVIEW


@pytest.mark.parametrize(
    ("held", "verdict"),
    [
        (timedelta(hours=144) - timedelta(minutes=1), HoldVerdict.TOO_SHORT),
        (timedelta(hours=120), HoldVerdict.TOO_SHORT),
        (timedelta(hours=144), HoldVerdict.HELD),
    ],
    ids=str,
)
def test_renal_impairment_applies_the_longer_hold_in_full(
    held: timedelta, verdict: HoldVerdict
) -> None:
    result = anticoagulant_hold(drug(96, 120, renal=144), SCHEDULED - held, SCHEDULED, True)
    assert result.verdict is verdict
    assert result.minimum == result.full == timedelta(hours=144)


def test_renal_hold_is_ignored_without_renal_impairment() -> None:
    result = anticoagulant_hold(
        drug(96, 120, renal=144), SCHEDULED - timedelta(hours=120), SCHEDULED, False
    )
    assert result.verdict is HoldVerdict.HELD
    assert (result.minimum, result.full) == (timedelta(hours=96), timedelta(hours=120))


def test_renal_impairment_changes_nothing_for_a_drug_without_a_renal_hold() -> None:
    result = anticoagulant_hold(drug(72, 72), SCHEDULED - timedelta(hours=72), SCHEDULED, True)
    assert result.verdict is HoldVerdict.HELD


# --- properties ----------------------------------------------------------------------------

london_times = st.datetimes(
    min_value=datetime(2020, 1, 1),
    max_value=datetime(2035, 12, 31),
    timezones=st.just(LONDON),
    allow_imaginary=False,
).map(lambda d: d.replace(second=0, microsecond=0))


@settings(database=None)
@given(since=london_times, until=london_times)
def test_elapsed_equals_the_utc_difference(since: datetime, until: datetime) -> None:
    # Whole minutes, so the POSIX timestamps are exact; the timestamp difference is real time.
    real = timedelta(seconds=round(until.timestamp() - since.timestamp()))
    assert elapsed(since, until) == real
    assert elapsed(since, until) == until.astimezone(UTC) - since.astimezone(UTC)


@settings(database=None)
@given(since=london_times, until=london_times, hours=st.integers(min_value=0, max_value=400))
def test_hold_is_too_short_exactly_when_elapsed_is_below_the_minimum(
    since: datetime, until: datetime, hours: int
) -> None:
    result = anticoagulant_hold(drug(hours, hours), since, until, False)
    too_short = elapsed(since, until) < timedelta(hours=hours)
    assert (result.verdict is HoldVerdict.TOO_SHORT) == too_short
    assert (result.verdict is HoldVerdict.HELD) == (not too_short)


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (timedelta(days=1), "1 día"),
        (timedelta(days=4, hours=3), "4 días 3 h"),
        (timedelta(days=2, hours=23, minutes=59), "2 días 23 h 59 min"),
        (timedelta(hours=-2), "-2 h"),
    ],
    ids=str,
)
def test_describe_duration_in_spanish(span: timedelta, text: str) -> None:
    assert describe_duration(span, "es") == text
