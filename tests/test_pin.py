"""The staff PIN: only a salted hash is kept, and wrong PINs are rate-limited."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from consent_app.pin import PinError, PinGate, PinVerdict, StaffPin


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def pin(tmp_path: Path) -> StaffPin:
    staff_pin = StaffPin(tmp_path / "staff_pin.json")
    staff_pin.set("482913")
    return staff_pin


def test_only_a_salted_hash_is_stored(pin: StaffPin) -> None:
    assert "482913" not in pin.path.read_text()
    assert pin.verify("482913")
    assert not pin.verify("482914")


def test_two_devices_with_the_same_pin_store_different_hashes(tmp_path: Path) -> None:
    first, second = StaffPin(tmp_path / "a.json"), StaffPin(tmp_path / "b.json")
    first.set("1234")
    second.set("1234")
    assert first.path.read_text() != second.path.read_text()


@pytest.mark.parametrize("bad", ["", "123", "1234567890123", "12a4", "١٢٣٤"])
def test_a_pin_must_be_4_to_12_ascii_digits(tmp_path: Path, bad: str) -> None:
    with pytest.raises(PinError):
        StaffPin(tmp_path / "pin.json").set(bad)


def test_four_wrong_pins_still_leave_the_right_one_working(pin: StaffPin) -> None:
    gate = PinGate(pin, Clock())
    for _ in range(4):
        assert gate.check("0000") is PinVerdict.WRONG
    assert gate.check("482913") is PinVerdict.ACCEPTED


def test_the_fifth_wrong_pin_locks_entry_for_60_seconds(pin: StaffPin) -> None:
    clock = Clock()
    gate = PinGate(pin, clock)
    verdicts = [gate.check("0000") for _ in range(5)]
    assert verdicts[-1] is PinVerdict.LOCKED
    assert gate.seconds_left() == 60
    # While locked, even the right PIN is refused.
    assert gate.check("482913") is PinVerdict.LOCKED
    clock.now += timedelta(seconds=59)
    assert gate.check("482913") is PinVerdict.LOCKED
    clock.now += timedelta(seconds=1)
    assert gate.check("482913") is PinVerdict.ACCEPTED


def test_a_right_pin_resets_the_count_of_failures(pin: StaffPin) -> None:
    gate = PinGate(pin, Clock())
    for _ in range(4):
        gate.check("0000")
    gate.check("482913")
    assert [gate.check("0000") for _ in range(4)] == [PinVerdict.WRONG] * 4


def test_failures_and_lockouts_are_logged_without_the_digits(
    pin: StaffPin, caplog: pytest.LogCaptureFixture
) -> None:
    gate = PinGate(pin, Clock())
    with caplog.at_level(logging.INFO, logger="consent_app.pin"):
        for _ in range(5):
            gate.check("777000")
    text = caplog.text
    assert "wrong staff PIN (1 of 5)" in text
    assert "locked for 60 s" in text
    assert "777000" not in text


def test_a_lockout_survives_a_restart_of_the_app(pin: StaffPin) -> None:
    clock = Clock()
    gate = PinGate(pin, clock)
    for _ in range(5):
        gate.check("0000")
    restarted = PinGate(pin, clock)  # a new app on the same data folder
    assert restarted.check("482913") is PinVerdict.LOCKED
    assert restarted.seconds_left() == 60
    clock.now += timedelta(seconds=60)
    assert restarted.check("482913") is PinVerdict.ACCEPTED


def test_failures_short_of_a_lockout_survive_a_restart(pin: StaffPin) -> None:
    clock = Clock()
    gate = PinGate(pin, clock)
    for _ in range(4):
        gate.check("0000")
    # Restarting the app does not buy a patient five fresh guesses.
    assert PinGate(pin, clock).check("0000") is PinVerdict.LOCKED


def test_an_unreadable_attempt_record_locks_rather_than_opens(pin: StaffPin) -> None:
    clock = Clock()
    PinGate(pin, clock).state_path.write_text("{not json")
    assert PinGate(pin, clock).check("482913") is PinVerdict.LOCKED


def test_a_clock_set_back_cannot_lock_staff_out_for_longer(pin: StaffPin) -> None:
    clock = Clock()
    gate = PinGate(pin, clock)
    for _ in range(5):
        gate.check("0000")
    clock.now -= timedelta(days=2)
    assert gate.seconds_left() == 60
