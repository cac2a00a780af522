"""Reading what API clients send: JSON bodies, notes, dates, keys and field values, checked.

Every refusal is a 4xx with a message that says what to change; nothing here can raise
anything else, whatever bytes arrive.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from aiohttp import web

from assistant.fields import Field, FieldError
from assistant.services import check_text
from nlp.errors import EARLIEST_REFERENCE, LATEST_REFERENCE, BadReferenceDate, EmptyNote
from nlp.text.clean import clean
from storage.idempotency import MAX_KEY_LENGTH

JSON_TYPE = re.compile(r"^application/(?:[\w.+-]+\+)?json$")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z", re.ASCII)
TIME = re.compile(r"([01]?\d|2[0-3]):[0-5]\d\Z", re.ASCII)
_ABSENT = object()


async def body(request: web.Request) -> dict[str, Any]:
    """The JSON object sent; 415 for another media type, 400 with a clear message otherwise."""
    if not JSON_TYPE.match(request.content_type):
        raise web.HTTPUnsupportedMediaType(
            text="send the request body as a JSON object with Content-Type: application/json"
        )
    raw = await request.read()
    charset = request.charset or "utf-8"
    try:
        text = raw.decode(charset)
    except LookupError:
        raise web.HTTPUnsupportedMediaType(text=f"unknown charset {charset[:40]!r}") from None
    except UnicodeDecodeError:
        raise web.HTTPBadRequest(
            text=f"the request body must be a JSON object in valid {charset} text"
        ) from None
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):  # JSONDecodeError, huge integers, deep nesting
        raise web.HTTPBadRequest(text="the request body must be a JSON object") from None
    if not isinstance(value, dict):
        raise web.HTTPBadRequest(text="the request body must be a JSON object")
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise web.HTTPBadRequest(
            text="the request body has a lone surrogate (\\ud800-\\udfff): send valid Unicode text"
        ) from None
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def text_of(data: dict[str, Any], limit: int, note: bool = False) -> str:
    """The "text" member, checked: 400 for empty or over-long; a note needs visible words."""
    text = data.get("text")
    if not isinstance(text, str):
        raise web.HTTPBadRequest(text='"text" must be a string')
    check_text(text, limit)
    if note and not clean(text).text.strip():
        raise EmptyNote()  # only invisible marks, control characters or "erm": as the extractor
    return text


def reference_date(data: dict[str, Any]) -> date:
    """ "reference_date" as a date (today when absent or null)."""
    raw = data.get("reference_date")
    if raw is None:
        return date.today()
    try:
        day = date.fromisoformat(raw) if isinstance(raw, str) and ISO_DATE.match(raw) else None
    except ValueError:
        day = None
    if day is None or not EARLIEST_REFERENCE <= day <= LATEST_REFERENCE:
        raise BadReferenceDate(raw)
    return day


def idempotency_key(request: web.Request, data: dict[str, Any]) -> str | None:
    """The Idempotency-Key header or "idempotency_key" member: text of 1 to 200 characters."""
    sent = [request.headers.get("Idempotency-Key", _ABSENT), data.get("idempotency_key", _ABSENT)]
    for key in sent:
        if key is not _ABSENT and (not isinstance(key, str) or not 0 < len(key) <= MAX_KEY_LENGTH):
            raise web.HTTPBadRequest(
                text=f"the idempotency key must be text of 1 to {MAX_KEY_LENGTH} characters"
            )
    return next((key for key in sent if isinstance(key, str)), None)


def field_value(field: Field, value: Any) -> Any:
    """A PATCH field value of the JSON type the OpenAPI document gives; FieldError if not."""
    if value is None:
        return None
    if field.kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise FieldError(f"{field.key!r} must be a whole number of minutes")
    if not isinstance(value, str):
        raise FieldError(f"{field.key!r} must be text")
    if field.choices is not None and value not in field.choices:
        raise FieldError(f"{field.key!r} must be one of {', '.join(field.choices)}")
    if field.kind == "date" and not ISO_DATE.match(value):
        raise FieldError(f"{field.key!r} must be a real date, like 2026-11-21")
    if field.kind == "time" and not TIME.match(value):
        raise FieldError(f"{field.key!r} must be a 24-hour time, like 14:30")
    return value
