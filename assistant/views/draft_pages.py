"""Pages that look after a draft: change whose it is, discard it, and (admins) restore it."""

from __future__ import annotations

from aiohttp import web

from assistant import services
from assistant.auth import CASE_ROLES, roles
from assistant.chat_people import search_reply
from assistant.person_rank import best_few
from assistant.typedefs import db_key, user_key
from assistant.views.entries import entry_id, form_version, load
from assistant.views.render import render
from storage import drafts as stored_drafts
from storage import people
from storage.models import Entry

routes = web.RouteTableDef()
OTHER = "other"
VIA = "web"


async def _person_page(
    request: web.Request,
    entry: Entry,
    offered: list[dict],
    errors: dict | None = None,
    who: str = "",
    status: int = 200,
) -> web.Response:
    person = await services.read_person(request.app, request[user_key], entry.crn, VIA)
    return await render(
        request,
        "pages/entry_person.html",
        {
            "title": "Who is this entry about?",
            "entry": entry,
            "person": person,
            "offered": [o for o in offered if o["crn"] != entry.crn],
            "errors": errors,
            "who": who,
        },
        status=status,
    )


def _authors_own(request: web.Request, entry: Entry) -> Entry:
    """The entry if the user wrote it: only its author may move or discard it (403 for a
    teammate who can see it), so nobody else is offered a form they cannot use."""
    if entry.author_id != request[user_key].id:
        raise web.HTTPForbidden(text="Only the officer who wrote this entry can do that.")
    return entry


@routes.get("/entries/{id}/person", name="entry_person")
@roles(*CASE_ROLES, hide=True)
async def person_page(request: web.Request) -> web.Response:
    """The closest names to the note's words first, then a search for anyone else."""
    entry = _authors_own(request, await load(request, audit_view=False))
    caseload = await request.app[db_key].read(people.caseload_rows, request[user_key])
    return await _person_page(request, entry, best_few(entry.note_text, caseload, fits=50.0))


@routes.post("/entries/{id}/person")
@roles(*CASE_ROLES, hide=True)
async def change_person(request: web.Request) -> web.StreamResponse:
    """Move the entry to the chosen person, or search when "someone else" was chosen."""
    entry = _authors_own(request, await load(request, audit_view=False))
    form = await request.post()
    version = form_version(form)
    user = request[user_key]
    crn = str(form.get("crn", "")).strip()
    who = str(form.get("who", "")).strip()[:200]
    if crn == OTHER or (not crn and who):
        if not who:
            missing = {"who": "Enter a name or CRN to search for"}
            return await _person_page(request, entry, [], missing, who, status=400)
        caseload = await request.app[db_key].read(people.caseload_rows, user)
        found = search_reply(who, caseload, None, None)
        if not isinstance(found, str):
            offered = (found.payload or {}).get("candidates") or []
            if offered:  # several fit the search: they become the choices
                return await _person_page(request, entry, offered, None, who)
            return await _person_page(request, entry, [], {"who": found.text}, who, status=400)
        crn = found
    if not crn:
        unchosen = {"crn": "Select who this entry is about"}
        return await _person_page(request, entry, [], unchosen, status=400)
    moved, _ = await services.move_person(request.app, user, entry.id, crn, version, VIA)
    raise web.HTTPSeeOther(f"/entries/{moved.id}?moved=1")


@routes.get("/entries/{id}/discard", name="entry_discard")
@roles(*CASE_ROLES, hide=True)
async def discard_page(request: web.Request) -> web.Response:
    """Ask before discarding: the draft goes from every list (an administrator can restore it)."""
    entry = _authors_own(request, await load(request, audit_view=False))
    person = await services.read_person(request.app, request[user_key], entry.crn, VIA)
    return await render(
        request,
        "pages/entry_discard.html",
        {"title": "Discard this draft?", "entry": entry, "person": person},
    )


@routes.post("/entries/{id}/discard")
@roles(*CASE_ROLES, hide=True)
async def discard(request: web.Request) -> web.StreamResponse:
    """Discard the draft and go back to the officer's entries."""
    entry = await load(request, audit_view=False)
    form = await request.post()
    await services.discard(request.app, request[user_key], entry.id, form_version(form), VIA)
    raise web.HTTPSeeOther(f"/drafts?discarded={entry.id}")


@routes.get("/admin/discarded", name="admin_discarded")
@roles("admin")
async def discarded(request: web.Request) -> web.Response:
    """Drafts officers discarded, newest first, each with a restore button (no note text)."""
    rows = await request.app[db_key].read(stored_drafts.list_discarded, request[user_key])
    restored = request.query.get("restored", "")
    flash = (
        {"success": True, "text": f"Entry {restored} restored to its officer’s drafts."}
        if restored.isdecimal() and len(restored) < 12
        else None
    )
    return await render(
        request,
        "pages/admin_discarded.html",
        {"title": "Discarded drafts", "active": "discarded", "rows": rows, "flash": flash},
    )


@routes.post("/admin/discarded/{id}/restore", name="admin_restore")
@roles("admin", hide=True)
async def restore(request: web.Request) -> web.StreamResponse:
    """Bring a discarded draft back to its officer."""
    restored = entry_id(request)
    await request.app[db_key].write(stored_drafts.restore_entry, request[user_key], restored)
    raise web.HTTPSeeOther(f"/admin/discarded?restored={restored}")
