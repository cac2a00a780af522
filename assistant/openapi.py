"""The OpenAPI 3.1 document for /api/v1/, built from the live route table so they cannot drift."""

from __future__ import annotations

import inspect
import re
from typing import Any

from aiohttp import web

ERROR = {"$ref": "#/components/schemas/Error"}
OBJ = {"type": "object"}
TEXT_BODY = {
    "type": "object",
    "required": ["text"],
    "properties": {
        "text": {"type": "string", "maxLength": 12000},
        "reference_date": {"type": "string", "format": "date"},
    },
}
# Request bodies by route name; everything else documented comes from the handlers.
BODIES: dict[str, dict[str, Any]] = {
    "api_extract": TEXT_BODY,
    "api_interpret": TEXT_BODY,
    "api_chat": {
        "type": "object",
        "required": ["text"],
        "properties": {"text": {"type": "string"}, "idempotency_key": {"type": "string"}},
    },
    "api_entry_create": {
        "type": "object",
        "required": ["text", "crn"],
        "properties": {
            "text": {"type": "string"},
            "crn": {"type": "string"},
            "reference_date": {"type": "string", "format": "date"},
            "idempotency_key": {"type": "string"},
        },
    },
    "api_entry_update": {
        "type": "object",
        "required": ["version"],
        "properties": {"version": {"type": "integer"}, "fields": OBJ, "data": OBJ},
    },
}
QUERY = {
    "api_entries": ["crn", "status"],
    "api_search": ["q", "crn"],
}


def api_routes(app: web.Application) -> list[tuple[str, str, str, Any]]:
    """(method, path, name, handler) for every route under /api/v1/."""
    found = []
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter") or ""
        if path.startswith("/api/v1/") and route.method != "HEAD":
            found.append((route.method.lower(), path, route.name or "", route.handler))
    return found


def document(app: web.Application) -> dict[str, Any]:
    """OpenAPI 3.1 for the API routes registered on `app`."""
    paths: dict[str, dict[str, Any]] = {}
    for method, path, name, handler in api_routes(app):
        op: dict[str, Any] = {
            "operationId": name,
            "summary": (inspect.getdoc(handler) or "").splitlines()[0],
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": OBJ}}},
                "400": {"description": "Bad input", "content": _error()},
                "401": {"description": "No valid session or token", "content": _error()},
                "404": {"description": "Not found or not yours", "content": _error()},
            },
        }
        if name != "api_openapi":
            op["security"] = [{"bearer": []}, {"session": []}]
        params = [
            {"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
            for p in re.findall(r"{(\w+)}", path)
        ]
        params += [
            {"name": q, "in": "query", "required": q == "q", "schema": {"type": "string"}}
            for q in QUERY.get(name, [])
        ]
        if params:
            op["parameters"] = params
        if name in BODIES:
            op["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": BODIES[name]}},
            }
        if name == "api_entry_update":
            op["responses"]["409"] = {"description": "Stale version", "content": _error()}
        if name == "api_entry_create":
            op["responses"]["201"] = {
                "description": "Created",
                "content": {"application/json": {"schema": OBJ}},
            }
        paths.setdefault(path, {})[method] = op
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "casenotes API",
            "version": "1.0.0",
            "description": "Contact notes to structured probation case entries.",
        },
        "paths": paths,
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {"error": {"type": "string"}},
                }
            },
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "casenotes_session"},
            },
        },
    }


def _error() -> dict[str, Any]:
    return {"application/json": {"schema": ERROR}}
