"""The entry page: check what was read from the note, correct a field, submit."""

from __future__ import annotations

from aiohttp import web

from assistant import chat
from assistant.auth import CASE_ROLES, roles
from assistant.corrections.scalars import set_field
from assistant.corrections.store import save
from assistant.fields import FIELDS, Field, FieldError
from assistant.typedefs import db_key, user_key
from assistant.views.present import entry_view
from assistant.views.render import render
from storage import accounts, audit, entries, people
from storage.errors import Conflict, StorageFull
from storage.models import EntryVersion

routes = web.RouteTableDef()


def entry_id(request: web.Request) -> int:
    """The {id} in the path; 404 if it is not a number."""
    raw = request.match_info["id"]
    if not raw.isdecimal() or len(raw) > 12:
        raise web.HTTPNotFound()
    return int(raw)


def form_version(form) -> int:
    """The version the officer was looking at, from a hidden field."""
    raw = str(form.get("version", ""))
    if not raw.isdecimal():
        raise web.HTTPBadRequest(
            text="The form is missing the entry version. Reload and try again."
        )
    return int(raw)


async def load(request: web.Request, *, audit_view: bool = True):
    """The entry if this user may see it (NotFound otherwise), with the viewing audited."""
    db = request.app[db_key]
    user = request[user_key]
    entry = await db.read(entries.get_entry_for, user, entry_id(request))
    if audit_view:
        await db.write(audit.append, user.id, "viewed", "entry", entry.id)
    return entry


@routes.get("/entries/{id}", name="entry")
@roles(*CASE_ROLES, hide=True)
async def show(request: web.Request) -> web.Response:
    """The entry with the note, its evidence highlighted, and change links."""
    entry = await load(request)
    person = await request.app[db_key].read(people.get_person_for, request[user_key], entry.crn)
    view = entry_view(entry, editable=True)
    return await render(
        request, "pages/entry.html", {"title": "Check the entry", "view": view, "person": person}
    )


def _field(request: web.Request):
    fld = FIELDS.get(request.match_info["field"])
    if fld is None:
        raise web.HTTPNotFound()
    return fld


@routes.get("/entries/{id}/edit/{field}", name="entry_edit")
@roles(*CASE_ROLES, hide=True)
async def edit_page(request: web.Request) -> web.Response:
    """One field's form."""
    fld = _field(request)
    entry = await load(request, audit_view=False)
    return await _edit_form(request, fld, entry, fld.get(entry.data or {}))


async def _edit_form(  # type: ignore[no-untyped-def]
    request, fld, entry, value, error: str | None = None, *, status: int = 400, theirs=None
) -> web.Response:
    """The field's form, with the error that sent the officer back to it if any.

    Args:
        theirs: after a conflict, who changed the field and what it says now.
    """
    context = {"title": fld.label, "entry": entry, "field": fld, "value": value, "theirs": theirs}
    if error is None:
        return await render(request, "pages/entry_edit.html", context)
    return await render(
        request, "pages/entry_edit.html", {**context, "errors": {"value": error}}, status=status
    )


@routes.post("/entries/{id}/edit/{field}")
@roles(*CASE_ROLES, hide=True)
async def edit(request: web.Request) -> web.StreamResponse:
    """Save one field as a new version; never over someone else's change to the same field.

    A form opened on an older version is applied on top of the current one when nobody has
    changed this field since; otherwise the officer sees the other change beside their own
    text (409) and chooses, by saving again or going back.
    """
    fld = _field(request)
    entry = await load(request, audit_view=False)
    form = await request.post()
    version = form_version(form)
    raw = form.get("value")
    autosave = request.headers.get("X-Requested-With") == "casenotes"  # from app.js
    try:
        value = fld.parse(raw)
    except FieldError as exc:
        return await _edit_form(request, fld, entry, raw, str(exc))
    try:
        if version != entry.current_version and await _changed_since(request, fld, entry, version):
            raise Conflict("the field has changed since it was read", entry.current_version)
        saved = await save(
            request.app,
            request[user_key],
            entry,
            set_field(entry.data or {}, fld.key, value).data,
            entry.current_version,
            "form",
        )
    except Conflict:
        return await _conflict(request, fld, raw, autosave)
    except StorageFull as exc:
        if autosave:
            raise  # the error middleware answers the page's script in JSON
        return await _edit_form(request, fld, entry, raw, str(exc), status=507)
    if autosave:
        return web.json_response({"version": saved.current_version})
    raise web.HTTPSeeOther(f"/entries/{entry.id}")


async def _changed_since(request: web.Request, fld, entry, version: int) -> bool:  # type: ignore[no-untyped-def]
    """Whether this field's value differs now from what it was at `version`."""
    history = await request.app[db_key].read(entries.versions, request[user_key], entry.id)
    then = next((v.data for v in history if v.version == version), None)
    return then is None or fld.get(then) != fld.get(entry.data or {})


async def _conflict(request: web.Request, fld, raw, autosave: bool) -> web.Response:  # type: ignore[no-untyped-def]
    """The form again on the current version: their value shown, the officer's text kept."""
    db = request.app[db_key]
    user = request[user_key]
    entry = await load(request, audit_view=False)
    history = await db.read(entries.versions, user, entry.id)
    changer = _last_changed_by(fld, history)
    by = await db.read(accounts.get_user, changer) if changer is not None else None
    if by is not None and by.id == user.id:
        who = "You"
        message = f"You changed {fld.label.lower()} in another window after opening this page."
    else:
        who = by.display_name if by is not None else "Someone"
        message = f"{who} changed {fld.label.lower()} after you opened this page."
    message += " Your answer is below, not saved yet: save it to replace theirs, or go back."
    if autosave:  # the page keeps its older version, so only a deliberate Save can replace
        return web.json_response({"error": message}, status=409)
    theirs = {"by": who, "value": fld.display(entry.data or {})}
    return await _edit_form(request, fld, entry, raw, message, status=409, theirs=theirs)


def _last_changed_by(fld: Field, history: list[EntryVersion]) -> int | None:
    """Who made the latest version that changed this field (not whoever saved last)."""
    for older, newer in reversed(list(zip([None, *history], history, strict=False))):
        if older is None or fld.get(older.data or {}) != fld.get(newer.data or {}):
            return newer.user_id
    return None


@routes.post("/entries/{id}/submit", name="entry_submit")
@roles(*CASE_ROLES, hide=True)
async def submit(request: web.Request) -> web.StreamResponse:
    """Send the entry to the supervisor (again, if it was returned)."""
    entry = await load(request, audit_view=False)
    await chat.submit(request.app, request[user_key], entry, form_version(await request.post()))
    raise web.HTTPSeeOther(f"/entries/{entry.id}")


@routes.post("/entries/{id}/extract", name="entry_extract")
@roles(*CASE_ROLES, hide=True)
async def extract(request: web.Request) -> web.StreamResponse:
    """Read a stored note that has not been read yet (after a timeout or crash)."""
    entry = await load(request, audit_view=False)
    if entry.current_version == 0:
        await chat.extract_into(request.app, request[user_key], entry)
    raise web.HTTPSeeOther(f"/entries/{entry.id}")


@routes.get("/drafts", name="drafts")
@roles(*CASE_ROLES)
async def drafts(request: web.Request) -> web.Response:
    """The officer's entries not yet submitted, and those returned to them."""
    found = await request.app[db_key].read(entries.list_drafts, request[user_key])
    return await render(
        request, "pages/drafts.html", {"title": "My entries", "active": "drafts", "entries": found}
    )
