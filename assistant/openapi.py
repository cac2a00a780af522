"""The OpenAPI 3.1 document for /api/v1/, built from the live route table so they cannot drift.

Every status a route can answer is listed with its body: schemathesis checks the running
service against this document (tests/hostile/test_schemathesis.py).
"""

from __future__ import annotations

import inspect
import re
from typing import Any

from aiohttp import web

from assistant import openapi_speech
from assistant.corrections.items import (
    FLAG_STATUS,
    NEED_STATUS,
    OWNER_LABELS,
    SUBSTANCE_LABELS,
    SUBSTANCE_STATUS,
)
from assistant.fields import ACTION_LABELS, DRUG_TEST_LABELS, FIELDS, FLAG_LABELS, NEED_LABELS
from assistant.openapi_schemas import component_schemas, object_schema, ref
from assistant.typedefs import settings_key
from storage.idempotency import MAX_KEY_LENGTH
from storage.models import STATUSES
from storage.search import MAX_QUERY_CHARS

# Characters the extractor ignores (as nlp.text.clean): a note needs one character outside these.
# (Lone surrogates are refused before any of this: they are not Unicode text.)
VISIBLE = (
    "[^\\s\x00-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb]"
)
ISO_DATE = {"type": "string", "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"}
REFERENCE_DATE = {
    "description": "The date the note's relative dates count from, 1900 to 2199; "
    "today when absent or null.",
    "oneOf": [
        {**ISO_DATE, "pattern": "^(19[0-9]{2}|2[01][0-9]{2})-[0-9]{2}-[0-9]{2}$"},
        {"type": "null"},
    ],
}
KEY = {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH}
CRN = {"type": "string", "pattern": "^\\s*[A-Za-z][0-9]{6}\\s*$", "examples": ["X123456"]}
ERRORS = {
    400: "Bad input: not JSON, a member missing or of the wrong type, an empty or over-long note",
    401: "No valid session or API token",
    403: "Not open to this role, or a session request without its CSRF token",
    404: "No such record, or not one you can see",
    409: (
        "The entry changed since you read it, cannot move to that status, or the "
        "Idempotency-Key was used for a different request"
    ),
    413: "The request body is larger than the server accepts",
    415: "The body is not sent as application/json",
    429: "Too many requests this minute: see Retry-After",
    503: "Extraction or transcription failed or timed out; anything stored is kept",
    507: "The disk is full: nothing from this request was saved",
}
BODY_ERRORS = (400, 403, 413, 415)
# Per route name: (success status, response schema, error statuses beyond 401/403/429).
ROUTES: dict[str, tuple[int, str, tuple[int, ...]]] = {
    "api_extract": (200, "CaseEntry", (*BODY_ERRORS, 503)),
    "api_interpret": (200, "Interpretation", (*BODY_ERRORS, 503)),
    "api_chat": (200, "ChatTurn", (*BODY_ERRORS, 404, 409, 503, 507)),
    "api_entries": (200, "EntryList", (400, 404)),
    "api_entry_create": (201, "Entry", (*BODY_ERRORS, 404, 409, 503, 507)),
    "api_entry": (200, "Entry", (404,)),
    "api_entry_update": (200, "Entry", (*BODY_ERRORS, 404, 409, 507)),
    "api_entry_submit": (200, "Entry", (*BODY_ERRORS, 404, 409, 507)),
    "api_entry_review": (200, "Entry", (*BODY_ERRORS, 404, 409, 507)),
    "api_drafts": (200, "EntryList", ()),
    "api_entry_person": (200, "Entry", (*BODY_ERRORS, 404, 409, 507)),
    "api_cases": (200, "CaseList", ()),
    "api_case": (200, "Case", (404,)),
    "api_case_assessment": (200, "Assessment", (404,)),
    "api_search": (200, "SearchResults", (400, 404)),
    **openapi_speech.ROUTES,
}
ERRORS.update(openapi_speech.ERRORS)
QUERY: dict[str, dict[str, dict[str, Any]]] = {
    "api_entries": {"crn": CRN, "status": {"enum": list(STATUSES)}},
    "api_search": {
        "q": {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_CHARS, "pattern": "\\S"},
        "crn": CRN,
    },
}
PATH_PARAMS = {
    "id": {"type": "integer", "minimum": 1, "examples": [1]},
    "crn": CRN,
    **openapi_speech.PATH_PARAMS,
}
# Moving entry 1 would change it under the other examples: this one names entry 2.
PATH_EXAMPLES = {"api_entry_person": 2}
EXAMPLE_NOTE = "Attended the office on time. Still at the hostel and looking for work."
EXAMPLES = {
    "api_extract": {"text": EXAMPLE_NOTE, "reference_date": "2026-11-21"},
    "api_interpret": {"text": "new contact for X123456", "reference_date": "2026-11-21"},
    "api_chat": {"text": "help"},
    "api_entry_create": {"text": EXAMPLE_NOTE, "crn": "X123456", "reference_date": "2026-11-21"},
    "api_entry_update": {"version": 1, "fields": {"outcome": "attended_complied"}},
    "api_entry_submit": {"version": 1},
    "api_entry_review": {"decision": "return", "version": 1, "comment": "Add the date."},
    "api_entry_person": {"version": 1, "crn": "X123456"},
}
VERSION = {"type": "integer", "minimum": 0, "description": "The entry version you last read"}
# Where a version may be left out, null means the same (not checked).
OPTIONAL_VERSION = {**VERSION, "type": ["integer", "null"]}
# Bodies that may be left out (the version is then not checked).
OPTIONAL_BODIES = ("api_entry_submit",)


def _bodies(limit: int) -> dict[str, dict[str, Any]]:
    """Request bodies by route name; `limit` is the note length limit in characters."""
    note = {"type": "string", "minLength": 1, "maxLength": limit, "pattern": VISIBLE}
    prompt = {"type": "string", "minLength": 1, "maxLength": limit, "pattern": "\\S"}
    return {
        "api_extract": object_schema({"text": note, "reference_date": REFERENCE_DATE}, ["text"]),
        "api_interpret": object_schema(
            {"text": prompt, "reference_date": REFERENCE_DATE}, ["text"]
        ),
        "api_chat": object_schema(
            {"text": prompt, "idempotency_key": KEY, "version": OPTIONAL_VERSION}, ["text"]
        ),
        "api_entry_submit": object_schema({"version": OPTIONAL_VERSION}, []),
        "api_entry_review": object_schema(
            {
                "decision": {"enum": ["approve", "return"]},
                "version": VERSION,
                "comment": {"type": "string", "maxLength": 2000},
            },
            ["decision", "version"],
        ),
        "api_entry_create": object_schema(
            {
                "text": note,
                "crn": CRN,
                "reference_date": REFERENCE_DATE,
                "idempotency_key": KEY,
            },
            ["text", "crn"],
        ),
        "api_entry_person": object_schema({"version": VERSION, "crn": CRN}, ["version", "crn"]),
        "api_entry_update": object_schema(
            {
                "version": VERSION,
                "fields": {
                    "type": "object",
                    "properties": {k: _field_schema(f) for k, f in FIELDS.items()},
                    "additionalProperties": False,
                },
                "data": ref("CaseEntry"),
                "corrections": {
                    "type": "array",
                    "maxItems": 50,
                    "items": _CORRECTION,
                },
            },
            ["version"],
        ),
    }


def _item_correction(field: str, items: Any, key: str, values: Any) -> dict[str, Any]:
    """One kind of list correction: the item, and what it becomes (null removes it)."""
    return {
        "type": "object",
        "required": ["field", "item"],
        "properties": {
            "field": {"const": field},
            "item": {"enum": list(items)},
            key: {"enum": [*values, None]},
            **({"due": {"oneOf": [ISO_DATE, {"type": "null"}]}} if field == "action" else {}),
        },
        "additionalProperties": False,
    }


# A correction as chat says it (docs/corrections.md): which item, and what it becomes.
_CORRECTION = {
    "oneOf": [
        _item_correction("need", NEED_LABELS, "status", NEED_STATUS),
        _item_correction("risk_flag", FLAG_LABELS, "status", FLAG_STATUS),
        _item_correction("substance", SUBSTANCE_LABELS, "status", SUBSTANCE_STATUS),
        _item_correction("action", ACTION_LABELS, "owner", OWNER_LABELS),
        {
            "type": "object",
            "required": ["field"],
            "properties": {
                "field": {"const": "drug_test"},
                "value": {"enum": [*DRUG_TEST_LABELS, None]},
                "substances": {"type": "array", "items": {"enum": list(SUBSTANCE_LABELS)}},
            },
            "additionalProperties": False,
        },
        {
            "type": "object",
            "required": ["field", "none"],
            "properties": {"field": {"const": "next_appointment"}, "none": {"const": True}},
            "additionalProperties": False,
        },
    ]
}


def _field_schema(field: Any) -> dict[str, Any]:
    """What PATCH accepts for one correctable field (null clears it)."""
    if field.choices is not None:
        return {"enum": [*field.choices, None]}
    if field.kind == "date":
        return {"oneOf": [ISO_DATE, {"type": "null"}]}
    if field.kind == "time":
        return {"type": ["string", "null"], "pattern": "^([01]?\\d|2[0-3]):[0-5]\\d$"}
    if field.kind == "int":
        return {"type": ["integer", "null"], "minimum": 0, "maximum": 24 * 60}
    limit = 12_000 if field.kind == "longtext" else 200
    return {"type": ["string", "null"], "maxLength": limit}


def api_routes(app: web.Application) -> list[tuple[str, str, str, Any]]:
    """(method, path, name, handler) for every route under /api/v1/."""
    found = []
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter") or ""
        if path.startswith("/api/v1/") and route.method != "HEAD":
            found.append((route.method.lower(), path, route.name or "", route.handler))
    return found


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _operation(name: str, path: str, handler: Any, bodies: dict[str, Any]) -> dict[str, Any]:
    """One operation: summary, parameters, body and every response it can give."""
    op: dict[str, Any] = {
        "operationId": name,
        "summary": (inspect.getdoc(handler) or "").splitlines()[0],
    }
    if name == "api_openapi":
        op["security"] = []
        op["responses"] = {"200": {"description": "OK", "content": _json(ref("OpenApiDocument"))}}
        return op
    op["security"] = [{"bearer": []}, {"session": []}]
    success, schema, errors = ROUTES.get(name, (200, "", (400, 404)))
    answer = ref(schema) if schema else {"type": "object"}
    responses: dict[str, Any] = {str(success): {"description": "OK", "content": _json(answer)}}
    if success == 204:
        responses = {"204": {"description": "Done"}}
    if name == "api_entry_create":
        responses["200"] = {
            "description": "The entry first created with this idempotency key",
            "content": _json(answer),
        }
    for status in sorted({401, 403, 429, *errors}):
        responses[str(status)] = {"description": ERRORS[status], "content": _json(ref("Error"))}
    op["responses"] = responses
    params = [
        {"name": p, "in": "path", "required": True, "schema": PATH_PARAMS[p]}
        for p in re.findall(r"{(\w+)}", path)
    ]
    if name in PATH_EXAMPLES:
        params[0]["schema"] = {**params[0]["schema"], "examples": [PATH_EXAMPLES[name]]}
        params[0]["example"] = PATH_EXAMPLES[name]
    params += [
        {"name": q, "in": "query", "required": q == "q", "schema": s}
        for q, s in QUERY.get(name, {}).items()
    ]
    if name in ("api_chat", "api_entry_create"):
        params.append({"name": "Idempotency-Key", "in": "header", "schema": KEY})
    if params:
        op["parameters"] = params
    if name in bodies:
        content = _json(bodies[name])
        content["application/json"]["example"] = EXAMPLES[name]
        op["requestBody"] = {"required": name not in OPTIONAL_BODIES, "content": content}
    elif name in openapi_speech.BODIES:
        op["requestBody"] = openapi_speech.BODIES[name]
    return op


def document(app: web.Application) -> dict[str, Any]:
    """OpenAPI 3.1 for the API routes registered on `app`."""
    bodies = _bodies(app[settings_key].nlp.max_note_chars)
    paths: dict[str, dict[str, Any]] = {}
    for method, path, name, handler in api_routes(app):
        paths.setdefault(path, {})[method] = _operation(name, path, handler, bodies)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "casenotes API",
            "version": "1.0.0",
            "description": "Contact notes to structured probation case entries.",
        },
        "paths": paths,
        "components": {
            "schemas": {**component_schemas(), **openapi_speech.schemas()},
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "casenotes_session"},
            },
        },
    }
