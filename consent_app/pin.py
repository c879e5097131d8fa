"""The staff PIN: only a salted scrypt hash is stored, never the PIN itself."""

from __future__ import annotations

import ctypes
import hashlib
import hmac
import json
import logging
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

# scrypt cost: about 50 ms here, slow enough to make guessing a 4-digit PIN from a stolen
# file take hours, fast enough that unlocking the tablet feels instant.
_N, _R, _P = 2**14, 8, 1
# ASCII digits only: the PIN dialog turns digits typed in other scripts into 0-9 first.
PIN_PATTERN = re.compile(r"[0-9]{4,12}")


class PinError(ValueError):
    """A PIN that cannot be used."""


def _derive(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    key = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024)
    _give_back_work_area()
    return key


def _give_back_work_area() -> None:
    """Return scrypt's freed 16 MB work area to the system.

    glibc hands the first such block back, then raises its threshold for doing so: from the
    second PIN check on, the window would keep 16 MB it no longer uses for the rest of the day.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``; None on a C library without it."""
    try:
        return ctypes.CDLL(None).malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError, TypeError):
        return None


class StaffPin:
    """Reads, sets and checks the staff PIN kept as a salted scrypt hash in the data folder."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def is_set(self) -> bool:
        """Whether a staff PIN has been provisioned."""
        return self.path.exists()

    def set(self, pin: str) -> None:
        """Store a new PIN (4 to 12 digits) as a salted scrypt hash, readable by this user only."""
        if not PIN_PATTERN.fullmatch(pin):
            raise PinError("The PIN must be 4 to 12 digits.")
        salt = os.urandom(16)
        record = {
            "scheme": "scrypt",
            "n": _N,
            "r": _R,
            "p": _P,
            "salt": salt.hex(),
            "hash": _derive(pin, salt, _N, _R, _P).hex(),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = self.path.with_suffix(".part")
        temporary.write_text(json.dumps(record), encoding="utf-8")
        temporary.chmod(0o600)
        os.replace(temporary, self.path)

    def verify(self, pin: str) -> bool:
        """Whether a PIN matches the stored one (constant-time comparison)."""
        if not self.is_set():
            return False
        record = json.loads(self.path.read_text(encoding="utf-8"))
        derived = _derive(pin, bytes.fromhex(record["salt"]), record["n"], record["r"], record["p"])
        return hmac.compare_digest(derived, bytes.fromhex(record["hash"]))


class PinVerdict(StrEnum):
    """What the PIN gate decided about one attempt."""

    ACCEPTED = "accepted"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass
class PinGate:
    """Rate-limits staff PIN attempts: after 5 wrong PINs, no PIN is accepted for 60 seconds.

    Four digits are only 10,000 guesses; a patient left alone with the tablet must not be able
    to try them. Every failure and lockout is logged (never the digits typed). The count and
    the lockout are kept beside the PIN file, so restarting the app does not reset them.
    """

    pin: StaffPin
    clock: Callable[[], datetime]
    max_failures: int = 5
    lockout: timedelta = timedelta(seconds=60)
    failures: int = field(default=0, init=False)
    locked_until: datetime | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
            self.failures = int(state.get("failures", 0))
            until = state.get("locked_until")
            self.locked_until = datetime.fromisoformat(until) if until else None
        except FileNotFoundError:
            pass
        except (OSError, ValueError, TypeError, AttributeError):
            # An unreadable count must not open the door: treat it as a fresh lockout.
            log.warning("PIN attempt record unreadable; entry locked")
            self.locked_until = self.clock() + self.lockout

    @property
    def state_path(self) -> Path:
        """Where the failure count and lockout are kept."""
        return self.pin.path.with_name("staff_pin_attempts.json")

    def _keep(self) -> None:
        state = {
            "failures": self.failures,
            "locked_until": self.locked_until.isoformat() if self.locked_until else None,
        }
        try:
            temporary = self.state_path.with_suffix(".part")
            temporary.write_text(json.dumps(state), encoding="utf-8")
            temporary.chmod(0o600)
            os.replace(temporary, self.state_path)
        except OSError:
            log.warning("PIN attempt record could not be written")

    def seconds_left(self) -> int:
        """Seconds until PINs are accepted again (0 when not locked).

        Never more than one lockout: a clock set back cannot lock staff out for longer.
        """
        if self.locked_until is None:
            return 0
        left = (self.locked_until - self.clock()).total_seconds()
        return max(0, min(math.ceil(left), math.ceil(self.lockout.total_seconds())))

    def check(self, typed: str) -> PinVerdict:
        """Judge one attempt; while locked, even the right PIN is refused."""
        if self.seconds_left() > 0:
            log.warning("staff PIN attempt refused: entry is locked")
            return PinVerdict.LOCKED
        self.locked_until = None
        if self.pin.verify(typed):
            if self.failures:
                self.failures = 0
                self._keep()
            log.info("staff PIN accepted")
            return PinVerdict.ACCEPTED
        self.failures += 1
        log.warning("wrong staff PIN (%d of %d)", self.failures, self.max_failures)
        verdict = PinVerdict.WRONG
        if self.failures >= self.max_failures:
            self.failures = 0
            self.locked_until = self.clock() + self.lockout
            log.warning("staff PIN entry locked for %d s", self.lockout.total_seconds())
            verdict = PinVerdict.LOCKED
        self._keep()
        return verdict
