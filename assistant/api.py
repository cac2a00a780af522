"""JSON API under /api/v1/: the same functions as the pages, errors as {"error": "..."}."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from assistant import chat, services
from assistant.api_input import (
    body,
    correction_slots,
    field_value,
    idempotency_key,
    reference_date,
    text_of,
)
from assistant.auth import CASE_ROLES, roles
from assistant.corrections.change import SlotChange
from assistant.fields import FIELDS, FieldError
from assistant.services import Change
from assistant.typedefs import db_key, extraction_key, settings_key, user_key
from assistant.views.assessment_page import load
from storage import conversations, people, search
from storage.models import STATUSES

routes = web.RouteTableDef()
API = "/api/v1"
VIA = "api"


def entry_json(entry) -> dict[str, Any]:
    """An entry as the API shows it."""
    return entry.to_json()


def _id(request: web.Request) -> int:
    return services.require_id(request.match_info["id"])


def _version(payload: dict[str, Any]) -> int:
    """The "version" member: the entry version the client last read."""
    version = payload.get("version")
    if isinstance(version, float) and version.is_integer():
        version = int(version)  # JSON does not tell 3 from 3.0; JSON Schema's integer neither
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise web.HTTPBadRequest(text='"version" must be the entry version you last read')
    return version


def _optional_version(payload: dict[str, Any]) -> int | None:
    """The "version" member when sent (checked when present)."""
    return None if payload.get("version") is None else _version(payload)


@routes.post(f"{API}/extract", name="api_extract")
@roles(*CASE_ROLES)
async def extract(request: web.Request) -> web.Response:
    """Extract a note (nothing stored): contract case-entry/1."""
    data = await body(request)
    text = text_of(data, request.app[settings_key].nlp.max_note_chars, note=True)
    caseload = await request.app[db_key].read(people.caseload_rows, request[user_key])
    return web.json_response(
        await request.app[extraction_key].extract(text, reference_date(data), caseload)
    )


@routes.post(f"{API}/interpret", name="api_interpret")
@roles(*CASE_ROLES)
async def interpret(request: web.Request) -> web.Response:
    """Interpret a chat prompt (nothing stored): contract interpretation/1."""
    data = await body(request)
    text = text_of(data, request.app[settings_key].nlp.max_note_chars)
    caseload = await request.app[db_key].read(people.caseload_rows, request[user_key])
    return web.json_response(
        await request.app[extraction_key].interpret(text, reference_date(data), caseload)
    )


@routes.post(f"{API}/chat", name="api_chat")
@roles(*CASE_ROLES)
async def chat_turn(request: web.Request) -> web.Response:
    """One chat turn in the user's current conversation; returns the new messages."""
    data = await body(request)
    user = request[user_key]
    text = text_of(data, request.app[settings_key].nlp.max_note_chars)
    key = idempotency_key(request, data)
    version = _optional_version(data)
    answered = await chat.turn_in_current(request.app, user, text, key, via=VIA, version=version)
    result, messages = answered.result, answered.messages
    if messages is None:  # a resent key: the first turn's messages
        messages = await request.app[db_key].read(
            conversations.get_messages, user, result["conversation_id"], result["message_ids"]
        )
    new = [m.to_json() for m in messages]
    return web.json_response({"conversation_id": result["conversation_id"], "messages": new})


@routes.get(f"{API}/entries", name="api_entries")
@roles(*CASE_ROLES)
async def list_entries(request: web.Request) -> web.Response:
    """Entries the user may see, newest first; filter by ?crn= and ?status=."""
    status = request.query.get("status")
    if status is not None and status not in STATUSES:
        raise web.HTTPBadRequest(text=f"status must be one of {', '.join(STATUSES)}")
    found = await services.list_entries(
        request.app, request[user_key], VIA, crn=request.query.get("crn"), status=status
    )
    return web.json_response({"entries": [entry_json(e) for e in found]})


@routes.post(f"{API}/entries", name="api_entry_create")
@roles(*CASE_ROLES)
async def create_entry(request: web.Request) -> web.Response:
    """Store a note for a person, then extract it; a repeated Idempotency-Key returns the first."""
    data = await body(request)
    user = request[user_key]
    text = text_of(data, request.app[settings_key].nlp.max_note_chars, note=True)
    crn = data.get("crn")
    if not isinstance(crn, str) or not crn.strip():
        raise web.HTTPBadRequest(text='"crn" must name a person on your caseload')
    key = idempotency_key(request, data)
    when = reference_date(data)
    person = await services.read_person(request.app, user, crn, VIA)
    done = await services.create_note(request.app, user, person.crn, text, when, key, VIA)
    return web.json_response(entry_json(done.entry), status=201 if done.created else 200)


@routes.get(f"{API}/entries/{{id}}", name="api_entry")
@roles(*CASE_ROLES, hide=True)
async def get_entry(request: web.Request) -> web.Response:
    """One entry."""
    entry = await services.read_entry(request.app, request[user_key], _id(request), VIA)
    return web.json_response(entry_json(entry))


@routes.patch(f"{API}/entries/{{id}}", name="api_entry_update")
@roles(*CASE_ROLES, hide=True)
async def update_entry(request: web.Request) -> web.Response:
    """Change fields: {"version": N, "fields": {"outcome": "..."}}, list items:
    {"version", "corrections": [{"field": "risk_flag", "item": "self_harm", "status": null}]},
    or replace the whole entry: {"version", "data"}."""
    payload = await body(request)
    user = request[user_key]
    version = _version(payload)
    entry = await services.entry_to_change(request.app, user, _id(request), VIA)
    changes: list[Change] = []
    if "data" in payload:
        if not isinstance(payload["data"], dict):
            raise web.HTTPBadRequest(text='"data" must be a case-entry/1 object')
        changes.append(services.ReplaceData(payload["data"]))
    fields = payload.get("fields", {})
    if not isinstance(fields, dict):
        raise web.HTTPBadRequest(text='"fields" must be an object')
    for name, value in fields.items():
        fld = FIELDS.get(name)
        if fld is None:
            raise web.HTTPBadRequest(text=f"unknown field {name!r}; known: {', '.join(FIELDS)}")
        try:
            changes.append(services.field_change(name, field_value(fld, value)))
        except FieldError as exc:
            raise web.HTTPBadRequest(text=str(exc)) from None
    corrections = payload.get("corrections", [])
    if not isinstance(corrections, list) or len(corrections) > 50:
        raise web.HTTPBadRequest(text='"corrections" must be a list of up to 50 corrections')
    changes += [SlotChange(correction_slots(c)) for c in corrections]
    try:
        done = await services.correct(request.app, user, entry.id, changes, version, VIA)
    except FieldError as exc:
        raise web.HTTPBadRequest(text=str(exc)) from None
    return web.json_response(entry_json(done.entry))


@routes.post(f"{API}/entries/{{id}}/submit", name="api_entry_submit")
@roles(*CASE_ROLES, hide=True)
async def submit_entry(request: web.Request) -> web.Response:
    """Submit (or resubmit) an entry for review: {"version": N}, the version you checked."""
    user = request[user_key]
    payload = await body(request) if request.body_exists else {}
    version = _optional_version(payload)
    entry = await services.entry_to_change(request.app, user, _id(request), VIA)
    saved = await services.submit(request.app, user, entry.id, version, VIA)
    return web.json_response(entry_json(saved))


@routes.post(f"{API}/entries/{{id}}/review", name="api_entry_review")
@roles("supervisor", hide=True)
async def review_entry(request: web.Request) -> web.Response:
    """Approve or return a submitted entry: {"decision", "version", "comment" to return}."""
    user = request[user_key]
    payload = await body(request)
    version = _version(payload)
    comment = payload.get("comment")
    if comment is not None and not isinstance(comment, str):
        raise web.HTTPBadRequest(text='"comment" must be text')
    entry = await services.entry_to_change(request.app, user, _id(request), VIA)
    decision = payload.get("decision")
    try:
        saved = await services.review(
            request.app, user, entry.id, str(decision), version, VIA, comment
        )
    except services.ReviewError as exc:
        raise web.HTTPBadRequest(text=f'"{exc.field}": {exc}') from None
    return web.json_response(entry_json(saved))


@routes.get(f"{API}/drafts", name="api_drafts")
@roles(*CASE_ROLES)
async def drafts(request: web.Request) -> web.Response:
    """Your entries not yet submitted, and those returned to you."""
    found = await services.list_drafts(request.app, request[user_key], VIA)
    return web.json_response({"entries": [entry_json(e) for e in found]})


@routes.post(f"{API}/entries/{{id}}/person", name="api_entry_person")
@roles(*CASE_ROLES, hide=True)
async def move_entry(request: web.Request) -> web.Response:
    """File your entry under another person on your caseload: {"version": N, "crn": "..."}."""
    payload = await body(request)
    user = request[user_key]
    version = _version(payload)
    crn = payload.get("crn")
    if not isinstance(crn, str) or not crn.strip():
        raise web.HTTPBadRequest(text='"crn" must name a person on your caseload')
    entry = await services.entry_to_change(request.app, user, _id(request), VIA)
    moved, _ = await services.move_person(request.app, user, entry.id, crn, version, VIA)
    return web.json_response(entry_json(moved))


@routes.get(f"{API}/cases", name="api_cases")
@roles(*CASE_ROLES)
async def cases(request: web.Request) -> web.Response:
    """The people the user may see."""
    found = await request.app[db_key].read(people.list_people_for, request[user_key])
    return web.json_response({"cases": [p.to_json() for p in found]})


@routes.get(f"{API}/cases/{{crn}}", name="api_case")
@roles(*CASE_ROLES, hide=True)
async def case(request: web.Request) -> web.Response:
    """One person and their entries."""
    user = request[user_key]
    person, found = await services.read_case(request.app, user, request.match_info["crn"], VIA)
    return web.json_response(
        {"person": person.to_json(), "entries": [entry_json(e) for e in found]}
    )


@routes.get(f"{API}/cases/{{crn}}/assessment", name="api_case_assessment")
@roles(*CASE_ROLES, hide=True)
async def case_assessment(request: web.Request) -> web.Response:
    """A person's pre-filled Strengths and Needs assessment, keyed by SAN's codes."""
    return web.json_response(await load(request, "api"))


@routes.get(f"{API}/search", name="api_search")
@roles(*CASE_ROLES)
async def search_notes(request: web.Request) -> web.Response:
    """Notes matching ?q= (optionally ?crn=)."""
    query = request.query.get("q", "").strip()
    if not query:
        raise web.HTTPBadRequest(text="q must not be empty")
    if len(query) > search.MAX_QUERY_CHARS:
        raise web.HTTPBadRequest(text=f"q must be {search.MAX_QUERY_CHARS} characters or fewer")
    hits = await services.search_notes(
        request.app, request[user_key], query, VIA, crn=request.query.get("crn")
    )
    return web.json_response({"results": [h.to_json() for h in hits]})


@routes.get(f"{API}/openapi.json", name="api_openapi")
async def openapi(request: web.Request) -> web.Response:
    """The OpenAPI 3.1 document, generated from this route table."""
    from assistant.openapi import document

    return web.json_response(document(request.app))
