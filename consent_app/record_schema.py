"""The JSON Schema of the session record attached to every archival summary.

The record (``consent-record.json`` inside the PDF) is ``ConsentSession`` serialised to JSON.
Its schema is generated from the model, never written by hand, and committed as
``docs/record.schema.json`` so a records officer can read what each field means without the
code. After changing the session model, regenerate it::

    python -m consent_app.record_schema
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import core_schema

from consent_app.domain.session import SCHEMA_VERSION, ConsentSession

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
# ".invalid" is reserved (RFC 6761): an identifier that names no real host.
SCHEMA_ID = "https://consent-app.invalid/record.schema.json"
SCHEMA_TITLE = "Consent session record"
#: Where the committed schema lives in a checkout of the repository.
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "docs" / "record.schema.json"


class _EveryFieldWritten(GenerateJsonSchema):
    """Marks every field required: ``model_dump`` writes them all, defaults included.

    The same as the model option ``json_schema_serialization_defaults_required``, without
    changing the session model for the sake of its documentation.
    """

    def field_is_required(
        self,
        field: core_schema.ModelField | core_schema.DataclassField | core_schema.TypedDictField,
        total: bool,
    ) -> bool:
        """Every field is in a serialised record; validation keeps pydantic's own rule."""
        if self.mode == "serialization" and field.get("serialization_exclude_if") is None:
            return True
        return super().field_is_required(field, total)


def record_json_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of the session record, generated from ``ConsentSession``."""
    schema = ConsentSession.model_json_schema(
        mode="serialization", schema_generator=_EveryFieldWritten
    )
    # Pin the version this schema describes: a record of another version needs another schema.
    schema["properties"]["schema_version"]["const"] = SCHEMA_VERSION
    return {
        **schema,
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": SCHEMA_TITLE,
        "description": (
            f"One patient's consent session (record schema_version {SCHEMA_VERSION}), as "
            "attached to the archival PDF summary as consent-record.json: UTF-8 JSON with "
            "sorted keys. Times are ISO 8601 with their UTC offset. Generated from the "
            "ConsentSession model by `python -m consent_app.record_schema`."
        ),
    }


def schema_text() -> str:
    """The schema as committed: two-space indent, sorted keys, a trailing newline."""
    return json.dumps(record_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite docs/record.schema.json (or the path given) from the model."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1:
        print("usage: python -m consent_app.record_schema [PATH]", file=sys.stderr)
        return 2
    target = Path(args[0]) if args else SCHEMA_PATH
    target.write_text(schema_text(), encoding="utf-8", newline="\n")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
