"""Where the app keeps its state: one data folder holds settings, database, records and logs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DATA_DIR_ENV = "CONSENT_APP_DATA_DIR"


@dataclass(frozen=True)
class DataPaths:
    """Every file and folder the app writes, under one data folder."""

    root: Path

    @property
    def settings(self) -> Path:
        """The clinic's settings (JSON)."""
        return self.root / "settings.json"

    @property
    def database(self) -> Path:
        """The sessions database (SQLite)."""
        return self.root / "sessions.sqlite3"

    @property
    def staff_pin(self) -> Path:
        """The salted scrypt hash of the staff PIN."""
        return self.root / "staff_pin.json"

    @property
    def records(self) -> Path:
        """The default folder for exported PDF summaries."""
        return self.root / "records"

    @property
    def logs(self) -> Path:
        """The log folder (no patient identifiers are ever written here)."""
        return self.root / "logs"

    @property
    def seal_key(self) -> Path:
        """This device's private key for sealing summaries (PKCS#8 PEM, this user only)."""
        return self.root / "seal-key.pem"

    @property
    def seal_certificate(self) -> Path:
        """This device's self-signed seal certificate (PEM): give it to the records office."""
        return self.root / "seal-certificate.pem"

    def ensure(self) -> None:
        """Create the data folder, readable by this user only (an existing one is tightened).

        Every file the app creates from here on is readable by this user only too (umask 077),
        including log files started when the log rotates.
        """
        os.umask(0o077)
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.logs.mkdir(exist_ok=True, mode=0o700)
        for folder in (self.root, self.logs):
            folder.chmod(0o700)


def resolve_data_dir(cli_value: str | None) -> DataPaths:
    """The data folder: ``--data-dir``, else $CONSENT_APP_DATA_DIR, else the per-user folder."""
    if cli_value:
        return DataPaths(Path(cli_value).expanduser().resolve())
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return DataPaths(Path(env).expanduser().resolve())
    # Imported here: only the default path needs it.
    from platformdirs import user_data_dir

    return DataPaths(Path(user_data_dir("consent-app", appauthor=False)))
