"""Clinic settings: thresholds, identifier patterns, the records folder, the clinic's time zone."""

from __future__ import annotations

import json
import os
import re
import socket
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from consent_app.domain.phrases import phrase


def _system_timezone() -> str:
    """The IANA name of this machine's zone, so hold times follow its daylight-saving rules."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz:
        return tz
    try:
        target = os.readlink("/etc/localtime")
        return target.split("zoneinfo/", 1)[1]
    except (OSError, IndexError):
        return "UTC"


class Settings(BaseModel):
    """What a clinic may change without touching code."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    clinic_name: str = "Vertebroplasty clinic"
    device_name: str = Field(default_factory=socket.gethostname)
    form_id: str = "vertebroplasty"
    clinic_language: str = "en"
    timezone: str = Field(default_factory=_system_timezone)
    mrn_pattern: str = r"^[A-Za-z0-9-]{4,20}$"
    #: The default is translated on screen; a clinic's own hint is shown as the clinic wrote it.
    mrn_hint: str = phrase("Validation", "4 to 20 letters, digits or dashes")
    # The identifier system (a URI) of these MRNs in a FHIR export. Set it to the one the
    # receiving record system uses for the clinic's MRNs (often "urn:oid:…"), so it matches the
    # patient instead of making a new one; the default is only a placeholder.
    mrn_system: str = Field(default="urn:consent-app:mrn", pattern=r"^\S+$")
    # SIR 2019 / SIR 2012 for high-bleeding-risk procedures (clinical-reference.md section 7).
    inr_max: float = Field(default=1.5, gt=0)
    platelets_min: float = Field(default=50, gt=0)
    # Values outside these are typing mistakes, not lab results.
    inr_plausible: tuple[float, float] = (0.5, 10.0)
    platelets_plausible: tuple[float, float] = (1.0, 2000.0)
    records_dir: str = ""
    # A PKCS#12 (.p12/.pfx) file holding the clinic's seal key and certificate, when the clinic
    # has one from its certificate authority; empty means this device makes its own seal key.
    # A relative path is read from the data folder. The passphrase comes from the environment
    # (CONSENT_APP_PKCS12_PASSPHRASE), never from this file.
    pkcs12_path: str = ""
    # The idle lock: a patient left alone is asked "Are you still there?", then the tablet
    # locks (progress kept, no patient details on screen); staff pages lock on their own.
    patient_idle_seconds: int = Field(default=180, ge=10)
    still_there_seconds: int = Field(default=60, ge=5)
    staff_idle_seconds: int = Field(default=300, ge=10)
    # The clinic's FHIR R4 server: each sealed session is posted to it as a transaction Bundle
    # through the outbox. Empty means no server, and no outbox.
    fhir_base_url: str = ""
    #: How long to wait for the server's answer before trying again later.
    fhir_timeout_seconds: float = Field(default=10, gt=0, le=300)

    @field_validator("mrn_pattern")
    @classmethod
    def _pattern_compiles(cls, value: str) -> str:
        re.compile(value)
        return value

    @field_validator("fhir_base_url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        value = value.strip()
        if value and not re.match(r"^https?://[^/\s]+", value):
            raise ValueError(f"not an http:// or https:// address: {value!r}")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone_exists(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @property
    def zone(self) -> ZoneInfo:
        """The clinic's time zone."""
        return ZoneInfo(self.timezone)


class SettingsError(Exception):
    """A settings file that cannot be used; the message names the file and the problem."""


def load_settings(path: Path) -> Settings:
    """Read settings from a JSON file; defaults when it does not exist yet."""
    if not path.exists():
        return Settings()
    try:
        return Settings.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError) as exc:
        raise SettingsError(f"{path}: {exc}") from exc


def save_settings(settings: Settings, path: Path) -> None:
    """Write settings as JSON, readable by this user only."""
    path.write_text(settings.model_dump_json(indent=2), encoding="utf-8")
    path.chmod(0o600)
