"""The committed JSON Schema of the session record: current with the model, and true of records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sessions import ready_session

from consent_app.domain.form import FormDefinition
from consent_app.domain.session import SCHEMA_VERSION, ConsentSession
from consent_app.pdf.archive import record_bytes
from consent_app.record_schema import (
    SCHEMA_DIALECT,
    SCHEMA_ID,
    SCHEMA_PATH,
    main,
    record_json_schema,
    schema_text,
)

REGENERATE = "run `python -m consent_app.record_schema` and commit docs/record.schema.json"

# JSON Schema type name -> the Python types json.loads produces for it.
JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}


def ready_record(form: FormDefinition) -> dict[str, Any]:
    return json.loads(record_bytes(ready_session(form)))


def committed_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def test_committed_schema_matches_the_model() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        f"docs/record.schema.json is out of date with ConsentSession: {REGENERATE}"
    )


def test_schema_names_its_dialect_id_title_and_record_version() -> None:
    schema = record_json_schema()
    assert schema["$schema"] == SCHEMA_DIALECT == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID
    assert schema["title"] == "Consent session record"
    assert f"schema_version {SCHEMA_VERSION}" in schema["description"]
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION


def test_schema_file_is_sorted_two_space_json_with_a_trailing_newline() -> None:
    text = SCHEMA_PATH.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_main_writes_the_schema_to_a_given_path(tmp_path: Path) -> None:
    target = tmp_path / "record.schema.json"
    assert main([str(target)]) == 0
    assert target.read_bytes() == schema_text().encode("utf-8")


def test_every_field_of_a_record_is_required(form: FormDefinition) -> None:
    schema = committed_schema()
    record = ready_record(form)
    assert sorted(schema["required"]) == sorted(record) == sorted(ConsentSession.model_fields)


def test_ready_record_has_the_top_level_keys_and_types_the_schema_says(
    form: FormDefinition,
) -> None:
    # Runs without jsonschema: the top level, checked by hand, then the model reads it back.
    schema = committed_schema()
    session = ready_session(form)
    record = json.loads(record_bytes(session))
    assert set(schema["required"]) <= set(record)
    assert set(record) <= set(schema["properties"])
    for key, value in record.items():
        prop = schema["properties"][key]
        options = prop.get("anyOf", [prop])
        types = [JSON_TYPES[o["type"]] for o in options if "type" in o]
        refs = [o for o in options if "$ref" in o]
        if types and not refs:
            allowed = tuple(t for group in types for t in group)
            assert isinstance(value, allowed), f"{key}: {value!r} is not {prop}"
            # bool is an int in Python; JSON keeps them apart.
            assert not (isinstance(value, bool) and bool not in allowed), key
    assert ConsentSession.model_validate_json(record_bytes(session)) == session


def test_ready_record_validates_against_the_schema(form: FormDefinition) -> None:
    # jsonschema is installed here but is not a declared dependency; without it this skips and
    # the hand check above still runs.
    jsonschema = pytest.importorskip("jsonschema")
    schema = committed_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(ready_record(form))]
    assert errors == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"unexpected": 1}, "Additional properties are not allowed"),
        ({"schema_version": SCHEMA_VERSION + 1}, "was expected"),
        ({"decision": "maybe"}, "is not valid under any of the given schemas"),
    ],
)
def test_schema_rejects_a_record_that_is_not_one(
    form: FormDefinition, change: dict[str, Any], expected: str
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    record = {**ready_record(form), **change}
    messages = [
        e.message for e in jsonschema.Draft202012Validator(committed_schema()).iter_errors(record)
    ]
    assert any(expected in message for message in messages), messages
