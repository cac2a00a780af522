"""The shapes the API answers with, as OpenAPI 3.1 component schemas (JSON Schema 2020-12).

Case entries and interpretations reuse the project's own contract schemas under
`nlp/schemas/`, so the document and the extractor's tests check the same thing.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from assistant.entry_schema import SCHEMA_PATH, case_entry_schema
from storage.models import STATUSES


def ref(name: str) -> dict[str, str]:
    """A reference to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(kind: str, **more: Any) -> dict[str, Any]:
    return {"type": [kind, "null"], **more}


def object_schema(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    """An object with these properties, all required unless `required` names some."""
    return {
        "type": "object",
        "required": list(properties) if required is None else required,
        "properties": properties,
    }


def _contract(schema: dict[str, Any], prefix: str) -> dict[str, dict[str, Any]]:
    """A contract schema and its $defs as components, local refs rewritten to components
    (a copy: `schema` itself is left as it is)."""
    text = json.dumps(schema).replace('"#/$defs/', f'"#/components/schemas/{prefix}_')
    body = json.loads(text)
    for key in ("$schema", "$id"):
        body.pop(key, None)
    out = {f"{prefix}_{name}": value for name, value in body.pop("$defs", {}).items()}
    out[prefix] = body
    return out


@functools.cache
def _assessment_schema() -> dict[str, Any]:
    """The pre-filled assessment's schema (nlp/schemas/assessment.schema.json), read once."""
    return json.loads(SCHEMA_PATH.with_name("assessment.schema.json").read_text("utf-8"))


@functools.cache
def _interpretation_schema() -> dict[str, Any]:
    """The interpretation contract, read from disk once, not on every request for the document."""
    return json.loads(SCHEMA_PATH.with_name("interpretation.schema.json").read_text("utf-8"))


def component_schemas() -> dict[str, dict[str, Any]]:
    """Every schema the document refers to, by component name."""
    string, integer, date = {"type": "string"}, {"type": "integer"}, {"type": "string"}
    entry = object_schema(
        {
            "id": integer,
            "crn": string,
            "author_id": integer,
            "status": {"enum": list(STATUSES)},
            "current_version": {"type": "integer", "minimum": 0},
            "note_text": string,
            "reference_date": date,
            "extraction": {"oneOf": [{"type": "null"}, ref("CaseEntry")]},
            "data": _nullable("object"),
            "review_comment": _nullable("string"),
            "created_at": string,
            "updated_at": string,
            "submitted_at": _nullable("string"),
            "approved_by": _nullable("integer"),
            "approved_at": _nullable("string"),
            "approved_version": _nullable("integer"),
            "idempotency_key": _nullable("string"),
            "source_id": _nullable("string"),
        }
    )
    person = object_schema(
        {
            "crn": string,
            "name": string,
            "aliases": {"type": "array", "items": string},
            "dob": _nullable("string"),
            "team_id": integer,
            "officer_id": _nullable("integer"),
            "flags": {"type": "array", "items": string},
            "created_at": string,
            "updated_at": string,
        }
    )
    message = object_schema(
        {
            "id": integer,
            "conversation_id": integer,
            "role": {"enum": ["user", "assistant"]},
            "text": string,
            "payload": _nullable("object"),
            "created_at": string,
        }
    )
    hit = object_schema(
        {
            "entry_id": integer,
            "crn": string,
            "status": {"enum": list(STATUSES)},
            "reference_date": date,
            "created_at": string,
            "snippet": {
                "type": "array",
                "description": "The matching text as [text, is_match] pairs.",
                "items": {
                    "type": "array",
                    "prefixItems": [string, {"type": "boolean"}],
                    "minItems": 2,
                    "maxItems": 2,
                },
            },
            "found_in": {"enum": ["note", "entry"]},
        }
    )
    return {
        "Error": object_schema({"error": string}),
        "Entry": entry,
        "EntryList": object_schema({"entries": {"type": "array", "items": ref("Entry")}}),
        "Person": person,
        "CaseList": object_schema({"cases": {"type": "array", "items": ref("Person")}}),
        "Case": object_schema(
            {"person": ref("Person"), "entries": {"type": "array", "items": ref("Entry")}}
        ),
        "Message": message,
        "ChatTurn": object_schema(
            {"conversation_id": integer, "messages": {"type": "array", "items": ref("Message")}}
        ),
        "SearchHit": hit,
        "SearchResults": object_schema({"results": {"type": "array", "items": ref("SearchHit")}}),
        **_contract(case_entry_schema(), "CaseEntry"),
        **_contract(_interpretation_schema(), "Interpretation"),
        **_contract(_assessment_schema(), "Assessment"),
        "OpenApiDocument": object_schema({"openapi": string, "paths": {"type": "object"}}),
    }
