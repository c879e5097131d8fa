"""The one door to bundled files: form definitions, styles and images.

Files load through ``importlib.resources`` so an installed wheel or a PyInstaller bundle finds
them. In a source checkout that has not been installed, ``consent_app.forms`` and
``consent_app.resources`` are the top-level ``forms/`` and ``resources/`` folders.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from consent_app.domain.form import FormDefinition, FormError, parse_form

_CHECKOUT = Path(__file__).resolve().parent.parent


def _root(package: str, folder: str) -> Traversable:
    """The installed data package, or the checkout folder when running from source."""
    if importlib.util.find_spec(package) is not None:
        return resources.files(package)
    return _CHECKOUT / folder


def _forms_root() -> Traversable:
    return _root("consent_app.forms", "forms")


def _resources_root() -> Traversable:
    return _root("consent_app.resources", "resources")


def data_location() -> str:
    """The folder bundled resources are read from: the installed package's, or the checkout's.

    The smoke run reports it, so a test can tell which copy an installed app really uses.
    """
    return str(_resources_root())


@cache
def load_form(form_id: str, language: str, clinic_forms: Path | None = None) -> FormDefinition:
    """Load and validate a form; raise FormError naming the file when it cannot be used.

    A clinic may put its own wording in ``<data folder>/forms/<form_id>/<language>.toml``; it
    replaces the bundled form of the same id and language without touching code.
    """
    override = clinic_forms / form_id / f"{language}.toml" if clinic_forms else None
    if override is not None and override.is_file():
        source: Traversable = override
        where = str(override)
    else:
        source = _forms_root() / form_id / f"{language}.toml"
        where = f"forms/{form_id}/{language}.toml"
    if not source.is_file():
        raise FormError(where, [("", "no such form file")])
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FormError(where, [("", f"cannot be read: {exc}")]) from exc
    return parse_form(text, where)


def resource_text(relative: str) -> str:
    """The text of a bundled resource, e.g. ``styles/app.qss``; a clear error for unknown names."""
    target = _resources_root().joinpath(*relative.split("/"))
    if not target.is_file():
        raise FileNotFoundError(f"no bundled resource named {relative!r}")
    return target.read_text(encoding="utf-8")


def resource_bytes(relative: str) -> bytes:
    """The bytes of a bundled resource, e.g. ``i18n/consent_app_es.qm``."""
    target = _resources_root().joinpath(*relative.split("/"))
    if not target.is_file():
        raise FileNotFoundError(f"no bundled resource named {relative!r}")
    return target.read_bytes()
