"""The staff PIN: only a salted scrypt hash is stored, never the PIN itself."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
from pathlib import Path

# scrypt cost: about 50 ms here, slow enough to make guessing a 4-digit PIN from a stolen
# file take hours, fast enough that unlocking the tablet feels instant.
_N, _R, _P = 2**14, 8, 1
PIN_PATTERN = re.compile(r"\d{4,12}")


class PinError(ValueError):
    """A PIN that cannot be used."""


def _derive(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024)


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
