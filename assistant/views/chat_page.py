"""The chat page: a conversation that works as plain forms and updates in place with JS."""

from __future__ import annotations

import secrets
from typing import Any

from aiohttp import web

from assistant import chat, services
from assistant.auth import CASE_ROLES, roles
from assistant.typedefs import db_key, user_key
from assistant.views.present import entry_view
from assistant.views.render import render, render_text
from nlp.errors import NlpError
from storage import conversations, entries, people
from storage.errors import NotFound, StorageFull

routes = web.RouteTableDef()
SHOWN_MESSAGES = 40


async def turn_views(request: web.Request, messages: list) -> list[dict[str, Any]]:
    """Each message with what its payload points at, loaded for display."""
    db = request.app[db_key]
    user = request[user_key]
    views = []
    for message in messages:
        payload = message.payload or {}
        view: dict[str, Any] = {"message": message, "kind": payload.get("kind")}
        try:
            if payload.get("entry_id"):
                entry = await db.read(entries.get_entry_for, user, payload["entry_id"])
                view["entry"] = entry_view(entry, editable=True)
            if payload.get("entry_ids"):
                view["entries"] = [
                    await db.read(entries.get_entry_for, user, i) for i in payload["entry_ids"]
                ]
            if payload.get("kind") == "choose_person":
                view["candidates"] = payload.get("candidates") or []
                view["pending"] = payload.get("pending_message_id")
        except NotFound:
            view["gone"] = True  # no longer visible to this user (moved caseload)
        views.append(view)
    return views


@routes.get("/", name="chat")
@roles(*CASE_ROLES)
async def page(request: web.Request) -> web.Response:
    """The officer's current conversation and the message form."""
    return await _page(request, text="", errors=None, status=200)


async def _page(
    request: web.Request, text: str, errors: dict | None, status: int, turn_key: str | None = None
):
    db = request.app[db_key]
    user = request[user_key]
    conversation = await chat.current_conversation(request.app, user)
    messages = await db.read(conversations.list_messages, user, conversation.id)
    caseload = await db.read(people.list_people_for, user)
    current = next((p for p in caseload if p.crn == conversation.crn), None)
    return await render(
        request,
        "pages/chat.html",
        {
            "title": "Chat",
            "active": "chat",
            "conversation": conversation,
            "current": current,
            "turns": await turn_views(request, messages[-SHOWN_MESSAGES:]),
            "caseload": caseload,
            "text": text,
            "errors": errors,
            "turn_key": turn_key or secrets.token_urlsafe(16),
        },
        status=status,
    )


def _wants_fragment(request: web.Request) -> bool:
    return request.headers.get("X-Requested-With") == "casenotes"


@routes.post("/")
@roles(*CASE_ROLES)
async def send(request: web.Request) -> web.StreamResponse:
    """One turn; without JS redirect back to the page, with JS return the new turns' HTML."""
    form = await request.post()
    user = request[user_key]
    text = str(form.get("text", ""))
    conversation = await chat.current_conversation(request.app, user)
    key = str(form.get("turn_key", "")) or None
    try:
        result = await chat.turn(request.app, user, conversation.id, text, key)
    except (NlpError, StorageFull) as exc:
        if _wants_fragment(request):
            raise  # the error middleware answers the page's script in JSON; it keeps the text
        # The officer's text goes back to them, and the same key makes a resend the same turn.
        status = 507 if isinstance(exc, StorageFull) else 400
        return await _page(
            request, text=text, errors={"text": str(exc)}, status=status, turn_key=key
        )
    return await _after_turn(request, result)


async def _after_turn(request: web.Request, result: dict) -> web.StreamResponse:
    if not _wants_fragment(request):
        raise web.HTTPSeeOther("/#latest")
    db = request.app[db_key]
    new = await db.read(
        conversations.get_messages,
        request[user_key],
        result["conversation_id"],
        result["message_ids"],
    )
    html = render_text(request, "pages/_turns.html", {"turns": await turn_views(request, new)})
    return web.json_response({"html": html})


@routes.post("/chat/person", name="chat_person")
@roles(*CASE_ROLES)
async def pick_person(request: web.Request) -> web.StreamResponse:
    """The officer picked who a note is about, from a question or the person select."""
    form = await request.post()
    crn = str(form.get("crn", "")).strip().upper()
    pending = str(form.get("pending", ""))
    user = request[user_key]
    conversation = await chat.current_conversation(request.app, user)
    if not crn:
        await request.app[db_key].write(
            conversations.set_conversation_person, user, conversation.id, None
        )
        raise web.HTTPSeeOther("/")
    result = await chat.choose_person(
        request.app, user, conversation.id, crn, services.parse_number(pending)
    )
    return await _after_turn(request, result)


@routes.post("/chat/new", name="chat_new")
@roles(*CASE_ROLES)
async def new_conversation(request: web.Request) -> web.StreamResponse:
    """Start a fresh conversation (the old one stays stored)."""
    await request.app[db_key].write(conversations.create_conversation, request[user_key])
    raise web.HTTPSeeOther("/")
