"""The chat page: a conversation that works as plain forms and updates in place with JS."""

from __future__ import annotations

import secrets
from typing import Any

from aiohttp import web

from assistant import chat, services
from assistant.auth import CASE_ROLES, roles
from assistant.typedefs import db_key, user_key
from assistant.views.present import entry_view
from assistant.views.render import person_names, render, render_text
from nlp.errors import NlpError
from storage import conversations, entries, people
from storage.errors import NotFound, StorageFull
from storage.models import Message

routes = web.RouteTableDef()
SHOWN_MESSAGES = 40


async def turn_views(request: web.Request, messages: list) -> list[dict[str, Any]]:
    """Each message with what its payload points at, loaded for display."""
    db = request.app[db_key]
    user = request[user_key]
    # Entries discarded in this conversation: their earlier cards say so, not "not on your
    # caseload", which would send the officer looking for a caseload problem.
    discarded = {
        (m.payload or {}).get("discarded_entry_id")
        for m in messages
        if (m.payload or {}).get("kind") == "discarded"
    }
    # Every entry the turns point at, in one read: one round trip each used to make a long
    # conversation's page cost one more per card.
    wanted = [
        i
        for m in messages
        for i in [(m.payload or {}).get("entry_id"), *((m.payload or {}).get("entry_ids") or [])]
        if i
    ]
    visible = await db.read(entries.visible_entries, user, wanted) if wanted else {}
    views = []
    for message in messages:
        payload = message.payload or {}
        view: dict[str, Any] = {"message": message, "kind": payload.get("kind")}
        try:
            if payload.get("entry_id"):
                view["entry"] = entry_view(_shown(visible, payload["entry_id"]), editable=True)
            if payload.get("entry_ids"):
                view["entries"] = [_shown(visible, i) for i in payload["entry_ids"]]
            if payload.get("kind") == "choose_person":
                view["candidates"] = payload.get("candidates") or []
                view["pending"] = payload.get("pending_message_id")
        except NotFound:
            view["gone"] = True  # no longer visible to this user (moved caseload, discarded)
            view["discarded"] = payload.get("entry_id") in discarded
        views.append(view)
    return views


def _shown(visible: dict[int, Any], entry_id: Any) -> Any:
    """A card's entry from those read for the page; NotFound as a single read would be."""
    entry = visible.get(int(entry_id))
    if entry is None:
        raise NotFound("no such entry")
    return entry


@routes.get("/", name="chat")
@roles(*CASE_ROLES, "admin")
async def page(request: web.Request) -> web.Response:
    """The officer's current conversation and the message form. An administrator, who has
    no caseload, lands on the audit log instead of a refusal after signing in."""
    if request[user_key].role == "admin":
        raise web.HTTPSeeOther("/admin/audit")
    return await _page(request, text="", errors=None, status=200)


async def _page(
    request: web.Request, text: str, errors: dict | None, status: int, turn_key: str | None = None
):
    db = request.app[db_key]
    user = request[user_key]
    conversation = await chat.current_conversation(request.app, user)
    messages = await db.read(conversations.list_messages, user, conversation.id)
    # The caseload (the person select, names) and the officer's drafts, in one read.
    drafts, caseload = await db.read(entries.drafts_and_people, user)
    current = next((p for p in caseload if p.crn == conversation.crn), None)
    turns = await turn_views(request, messages[-SHOWN_MESSAGES:])
    # The entry the page shows last, at the version shown: what "submit" or a correction
    # typed here is based on.
    shown = next((t["entry"]["entry"] for t in reversed(turns) if t.get("entry")), None)
    seen = {t["entry"]["entry"].id: t["entry"]["entry"] for t in turns if t.get("entry")}
    for t in turns:
        seen.update({e.id: e for e in t.get("entries") or []})
    if seen:  # the conversation shows case records: a read like any other
        await services.shown_entries(request.app, user, "conversation", list(seen.values()), "web")
    # Entries a supervisor sent back wait here too, so the officer sees them where they work.
    returned = [e for e in drafts if e.status == "returned"]
    # A supervisor signs in here too: say when the team's entries wait for their decision.
    waiting = len(await db.read(entries.review_queue, user)) if user.role == "supervisor" else 0
    return await render(
        request,
        "pages/chat.html",
        {
            "title": "Chat",
            "active": "chat",
            "conversation": conversation,
            "current": current,
            "turns": turns,
            "shown": shown,
            "caseload": caseload,
            "names": {p.crn: p.name for p in caseload},  # read once, not again by render
            "returned": returned,
            "waiting": waiting,
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
    key = str(form.get("turn_key", "")) or None
    shown_id, shown_version = (
        services.parse_number(str(form.get(name, ""))) for name in ("shown_entry", "shown_version")
    )
    shown = None
    if shown_id is not None and shown_version is not None:
        shown = (shown_id, shown_version)
    try:
        answered = await chat.turn_in_current(request.app, user, text, key, shown=shown)
    except (NlpError, StorageFull) as exc:
        if _wants_fragment(request):
            raise  # the error middleware answers the page's script in JSON; it keeps the text
        # The officer's text goes back to them, and the same key makes a resend the same turn.
        status = 507 if isinstance(exc, StorageFull) else 400
        return await _page(
            request, text=text, errors={"text": str(exc)}, status=status, turn_key=key
        )
    return await _after_turn(request, answered.result, answered.messages)


async def _after_turn(
    request: web.Request, result: dict, stored: list[Message] | None = None
) -> web.StreamResponse:
    """The page again, or (for the page's script) the new turns' HTML; `stored` are the
    turn's messages when it has them already (`chat.turn_in_current`), else they are read."""
    if not _wants_fragment(request):
        raise web.HTTPSeeOther("/#latest")
    db = request.app[db_key]
    new = stored
    if new is None:
        new = await db.read(
            conversations.get_messages,
            request[user_key],
            result["conversation_id"],
            result["message_ids"],
        )
    html = render_text(
        request,
        "pages/_turns.html",
        {"turns": await turn_views(request, new), "names": await person_names(request)},
    )
    working_on = await _working_on(request, result["conversation_id"])
    return web.json_response({"html": html, "person": working_on})


async def _working_on(request: web.Request, conversation_id: int) -> dict[str, str] | None:
    """Whom the conversation is about after a turn (a note may have been filed under someone
    else, or moved), so the page's "Working on" line and person select can follow it."""
    db = request.app[db_key]
    user = request[user_key]
    conversation = await db.read(conversations.get_conversation_for, user, conversation_id)
    if not conversation.crn:
        return None
    try:
        person = await db.read(people.get_person_for, user, conversation.crn)
    except NotFound:
        return None  # no longer on this officer's caseload
    return {"crn": person.crn, "name": person.name}


@routes.post("/chat/person", name="chat_person")
@roles(*CASE_ROLES)
async def pick_person(request: web.Request) -> web.StreamResponse:
    """The officer picked who a note is about, from a question or the person select."""
    form = await request.post()
    crn = str(form.get("crn", "")).strip().upper()
    pending = str(form.get("pending", ""))
    who = str(form.get("who", "")).strip()[:200]
    # Only the question's own intents: a person for a note, or whose the entry is.
    asked = str(form.get("intent", ""))
    intent = asked if asked in ("set_field", "add_note", "new_contact", "show_case") else None
    pending_id = services.parse_number(pending)
    user = request[user_key]
    conversation = await chat.current_conversation(request.app, user)
    if not crn and who:
        result = await chat.find_person(request.app, user, conversation.id, who, pending_id, intent)
        return await _after_turn(request, result)
    if not crn:
        await request.app[db_key].write(
            conversations.set_conversation_person, user, conversation.id, None
        )
        raise web.HTTPSeeOther("/")
    result = await chat.choose_person(request.app, user, conversation.id, crn, pending_id, intent)
    return await _after_turn(request, result)


@routes.post("/chat/duplicate", name="chat_duplicate")
@roles(*CASE_ROLES)
async def make_another(request: web.Request) -> web.StreamResponse:
    """The officer wants a second draft of a note that is already in one."""
    return await _on_pending(request, chat.record_again)


@routes.post("/chat/changes", name="chat_changes")
@roles(*CASE_ROLES)
async def apply_changes(request: web.Request) -> web.StreamResponse:
    """The officer confirmed that a message was meant as changes to the draft."""
    return await _on_pending(request, chat.apply_pending_changes)


async def _on_pending(request: web.Request, act: Any) -> web.StreamResponse:
    """A button about a message the officer sent earlier (its id in `pending`): `act` on
    it in the current conversation; a form without one goes back to the chat."""
    form = await request.post()
    pending_id = services.parse_number(str(form.get("pending", "")))
    if pending_id is None:
        raise web.HTTPSeeOther("/")
    user = request[user_key]
    conversation = await chat.current_conversation(request.app, user)
    result = await act(request.app, user, conversation.id, pending_id)
    return await _after_turn(request, result)


@routes.post("/chat/new", name="chat_new")
@roles(*CASE_ROLES)
async def new_conversation(request: web.Request) -> web.StreamResponse:
    """Start a fresh conversation (the old one stays stored)."""
    await request.app[db_key].write(conversations.create_conversation, request[user_key])
    raise web.HTTPSeeOther("/")
