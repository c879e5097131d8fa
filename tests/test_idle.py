"""The idle lock's rule: ask the patient first, lock staff pages straight away."""

from __future__ import annotations

import pytest

from consent_app.idle import IdleState, idle_state, seconds_until_lock
from consent_app.settings import Settings

SETTINGS = Settings(patient_idle_seconds=180, still_there_seconds=60, staff_idle_seconds=300)


@pytest.mark.parametrize(
    ("idle", "expected"),
    [
        (0, IdleState.ACTIVE),
        (179.9, IdleState.ACTIVE),
        (180, IdleState.ASKING),
        (239.9, IdleState.ASKING),
        (240, IdleState.LOCKED),
        (10_000, IdleState.LOCKED),
    ],
)
def test_a_patient_is_asked_before_the_tablet_locks(idle: float, expected: IdleState) -> None:
    assert idle_state(idle, True, SETTINGS) is expected


@pytest.mark.parametrize(
    ("idle", "expected"),
    [(0, IdleState.ACTIVE), (299.9, IdleState.ACTIVE), (300, IdleState.LOCKED)],
)
def test_staff_pages_lock_after_their_own_timeout_without_asking(
    idle: float, expected: IdleState
) -> None:
    assert idle_state(idle, False, SETTINGS) is expected


def test_the_countdown_counts_whole_seconds_to_the_lock() -> None:
    assert seconds_until_lock(180, SETTINGS) == 60
    assert seconds_until_lock(239.5, SETTINGS) == 1
    assert seconds_until_lock(240, SETTINGS) == 0
    assert seconds_until_lock(500, SETTINGS) == 0


def test_timeouts_too_short_to_use_are_refused() -> None:
    with pytest.raises(ValueError, match="patient_idle_seconds"):
        Settings(patient_idle_seconds=1)
