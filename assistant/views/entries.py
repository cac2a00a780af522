"""The entry page: check what was read from the note, correct a field, submit."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiohttp import web

from assistant import services
from assistant.auth import CASE_ROLES, roles
from assistant.fields import FIELDS, FieldError
from assistant.services import EditConflict
from assistant.typedefs import user_key
from assistant.views.present import entry_view, status_tag
from assistant.views.render import render
from storage.errors import StorageFull

routes = web.RouteTableDef()
VIA = "web"


def entry_id(request: web.Request) -> int:
    """The {id} in the path; 404 if it is not a number."""
    return services.require_id(request.match_info["id"])


def form_version(form) -> int:  # type: ignore[no-untyped-def]
    """The version the officer was looking at, from a hidden field."""
    version = services.parse_number(str(form.get("version", "")))
    if version is None:
        raise web.HTTPBadRequest(
            text="The form is missing the entry version. Reload and try again."
        )
    return version


async def load(request: web.Request, *, audit_view: bool = True):  # type: ignore[no-untyped-def]
    """The entry if this user may see it (NotFound otherwise), its reading audited (a refusal
    always; a view unless `audit_view` is off because an action audits itself)."""
    user = request[user_key]
    if audit_view:
        return await services.read_entry(request.app, user, entry_id(request), VIA)
    return await services.entry_to_change(request.app, user, entry_id(request), VIA)


@routes.get("/entries/{id}", name="entry")
@roles(*CASE_ROLES, hide=True)
async def show(request: web.Request) -> web.Response:
    """The entry with the note, its evidence highlighted, and change links."""
    entry, person = await services.read_entry_page(
        request.app, request[user_key], entry_id(request), VIA
    )
    # A historical entry is evidence as it was written years ago: shown, never changed.
    historical = entry.status == "historical"
    view = entry_view(entry, editable=not historical)
    title = "Historical note" if historical else "Check the entry"
    # The one person shown: render need not read the whole caseload for names.
    context = {"title": title, "view": view, "person": person, "names": {person.crn: person.name}}
    return await render(request, "pages/entry.html", {**context, "moved": "moved" in request.query})


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
    entry = await load(request)
    return await _edit_form(request, fld, entry, fld.get(entry.data or {}))


async def _edit_form(  # type: ignore[no-untyped-def]
    request, fld, entry, value, error: str | None = None, *, status: int = 400, theirs=None
) -> web.Response:
    """The field's form, with the error that sent the officer back to it if any.

    Args:
        theirs: after a conflict, who changed the field and what it says now.
    """
    context = {"title": fld.label, "entry": entry, "field": fld, "value": value, "theirs": theirs}
    if fld.kind == "date":
        context["parts"] = value if isinstance(value, dict) else date_parts(value)
    if error is None:
        return await render(request, "pages/entry_edit.html", context)
    # A date's error links to its first box, the day (GOV.UK date input).
    errors = {"value-day" if fld.kind == "date" else "value": error}
    context["errors"] = errors
    return await render(request, "pages/entry_edit.html", context, status=status)


def date_parts(value: Any) -> dict[str, str]:
    """An ISO date as the day, month and year boxes of the GOV.UK date input."""
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return {"day": "", "month": "", "year": ""}
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


def date_from_form(form: Any, label: str) -> tuple[str, dict[str, str]]:
    """The ISO date typed in the day, month and year boxes ("" for none), and the boxes as
    typed; FieldError naming what is wrong, as the GOV.UK date input pattern says."""
    parts = {k: str(form.get(f"value-{k}", "")).strip() for k in ("day", "month", "year")}
    if not any(parts.values()):
        return "", parts
    missing = [k for k, v in parts.items() if not v]
    if missing:
        raise FieldError(f"{label} must include a {' and '.join(missing)}")
    if not all(v.isascii() and v.isdigit() for v in parts.values()) or len(parts["year"]) != 4:
        raise FieldError(f"{label} must be a real date, for example 21 11 2026")
    try:
        day = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        raise FieldError(f"{label} must be a real date, for example 21 11 2026") from None
    return day.isoformat(), parts


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
    raw: Any = form.get("value")
    autosave = request.headers.get("X-Requested-With") == "casenotes"  # from app.js
    boxes = fld.kind == "date" and "value" not in form  # the GOV.UK date input's three boxes
    typed: Any = {k: str(form.get(f"value-{k}", "")) for k in ("day", "month", "year")}
    try:
        if boxes:
            raw, typed = date_from_form(form, fld.label)
        value = fld.parse(raw)
    except FieldError as exc:
        return await _edit_form(request, fld, entry, typed if boxes else raw, str(exc))
    user = request[user_key]
    try:
        done = await services.correct(
            request.app, user, entry.id, [services.FieldChange(fld, value)], version, VIA
        )
    except EditConflict as exc:
        return await _conflict(request, fld, raw, autosave, exc)
    except StorageFull as exc:
        if autosave:
            raise  # the error middleware answers the page's script in JSON
        return await _edit_form(request, fld, entry, raw, str(exc), status=507)
    if autosave:
        return web.json_response({"version": done.entry.current_version})
    raise web.HTTPSeeOther(f"/entries/{entry.id}")


async def _conflict(  # type: ignore[no-untyped-def]
    request: web.Request, fld, raw, autosave: bool, conflict: EditConflict
) -> web.Response:
    """The form again on the current version: their value shown, the officer's text kept."""
    message = (
        f"{conflict} Your answer is below, not saved yet: save it to replace theirs, or go back."
    )
    if autosave:  # the page keeps its older version, so only a deliberate Save can replace
        return web.json_response({"error": message}, status=409)
    entry = conflict.entry
    theirs = {"by": conflict.who, "value": fld.display(entry.data or {})}
    return await _edit_form(request, fld, entry, raw, message, status=409, theirs=theirs)


@routes.post("/entries/{id}/submit", name="entry_submit")
@roles(*CASE_ROLES, hide=True)
async def submit(request: web.Request) -> web.StreamResponse:
    """Send the entry to the supervisor (again, if it was returned)."""
    entry = await load(request, audit_view=False)
    version = form_version(await request.post())
    await services.submit(request.app, request[user_key], entry.id, version, VIA)
    raise web.HTTPSeeOther(f"/entries/{entry.id}")


@routes.post("/entries/{id}/extract", name="entry_extract")
@roles(*CASE_ROLES, hide=True)
async def extract(request: web.Request) -> web.StreamResponse:
    """Read a stored note that has not been read yet (after a timeout or crash)."""
    entry = await load(request, audit_view=False)
    await services.extract_into(request.app, request[user_key], entry)
    raise web.HTTPSeeOther(f"/entries/{entry.id}")


@routes.get("/drafts", name="drafts")
@roles(*CASE_ROLES)
async def drafts(request: web.Request) -> web.Response:
    """The officer's entries not yet submitted, and those returned to them."""
    found, names = await services.list_drafts_named(request.app, request[user_key], VIA)
    flash = (
        {"success": True, "text": "Draft discarded. An administrator can restore it if needed."}
        if "discarded" in request.query
        else None
    )
    context = {
        "title": "My entries",
        "active": "drafts",
        "entries": found,
        "names": names,
        "flash": flash,
        "status_tag": status_tag,
    }
    return await render(request, "pages/drafts.html", context)
