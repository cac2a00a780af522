"""The shapes the API answers with, as OpenAPI 3.1 component schemas (JSON Schema 2020-12).

Case entries and interpretations reuse the project's own contract schemas under
`nlp/schemas/`, so the document and the extractor's tests check the same thing.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from assistant.entry_schema import case_entry_schema
from storage.models import STATUSES

SCHEMAS = Path(__file__).resolve().parent.parent / "nlp" / "schemas"


def ref(name: str) -> dict[str, str]:
    """A reference to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(kind: str, **more: Any) -> dict[str, Any]:
    return {"type": [kind, "null"], **more}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "required": list(properties) if required is None else required,
        "properties": properties,
    }


def _contract(schema: dict[str, Any], prefix: str) -> dict[str, dict[str, Any]]:
    """A contract schema and its $defs as components, local refs rewritten to components."""
    text = json.dumps(schema).replace('"#/$defs/', f'"#/components/schemas/{prefix}_')
    body = json.loads(text)
    for key in ("$schema", "$id"):
        body.pop(key, None)
    out = {f"{prefix}_{name}": value for name, value in body.pop("$defs", {}).items()}
    out[prefix] = body
    return out


def component_schemas() -> dict[str, dict[str, Any]]:
    """Every schema the document refers to, by component name."""
    interpretation = json.loads((SCHEMAS / "interpretation.schema.json").read_text("utf-8"))
    string, integer, date = {"type": "string"}, {"type": "integer"}, {"type": "string"}
    entry = _object(
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
        }
    )
    person = _object(
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
    message = _object(
        {
            "id": integer,
            "conversation_id": integer,
            "role": {"enum": ["user", "assistant"]},
            "text": string,
            "payload": _nullable("object"),
            "created_at": string,
        }
    )
    hit = _object(
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
        "Error": _object({"error": string}),
        "Entry": entry,
        "EntryList": _object({"entries": {"type": "array", "items": ref("Entry")}}),
        "Person": person,
        "CaseList": _object({"cases": {"type": "array", "items": ref("Person")}}),
        "Case": _object(
            {"person": ref("Person"), "entries": {"type": "array", "items": ref("Entry")}}
        ),
        "Message": message,
        "ChatTurn": _object(
            {"conversation_id": integer, "messages": {"type": "array", "items": ref("Message")}}
        ),
        "SearchHit": hit,
        "SearchResults": _object({"results": {"type": "array", "items": ref("SearchHit")}}),
        **_contract(copy.deepcopy(case_entry_schema()), "CaseEntry"),
        **_contract(interpretation, "Interpretation"),
        "OpenApiDocument": _object({"openapi": string, "paths": {"type": "object"}}),
    }
