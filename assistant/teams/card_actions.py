"""What the buttons on a Teams card do (Action.Execute verbs), through the same storage steps
and field checks as the web.

Every verb that changes an entry carries the version the card showed; if the entry has
changed since (on the web, in another card, by a supervisor) nothing is saved and the card
says so, showing the entry as it is now.
"""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web

from assistant import chat
from assistant.fields import FIELDS, STATUS_LABELS, FieldError
from assistant.teams import cards, turns
from assistant.typedefs import db_key, templates_key
from storage import audit, entries, people
from storage.errors import Conflict, InvalidTransition
from storage.models import Entry, User

log = logging.getLogger(__name__)

VERBS = ("confirm", "edit", "save", "submit", "show", "extract", "choose")


def stale_notice(entry: Entry) -> dict[str, str]:
    """The message for a card older than the entry: nothing was saved."""
    return cards.note(
        "Nothing was saved: this entry has changed since this card was sent "
        f"(it is now version {entry.current_version}). Check it below and make your change "
        "again if it is still needed.",
        "attention",
    )


async def act(app: web.Application, user: User, verb: str, data: dict[str, Any]) -> dict:
    """Carry out one card action for `user`; the card to show in its place."""
    env = app[templates_key]
    if verb == "choose":
        return await _choose(app, user, data)
    entry_id, version = _number(data.get("entry_id")), _number(data.get("version"))
    if verb not in VERBS or entry_id is None:
        return cards.text_card(env, "This card is out of date. Send your note again.")
    entry = await app[db_key].read(entries.get_entry_for, user, entry_id)
    if verb == "show":
        return await turns.entry_card(app, user, entry)
    if verb == "edit":
        return await _edit_card(app, user, entry)
    if version != entry.current_version:
        return await turns.entry_card(app, user, entry, notice=stale_notice(entry))
    if verb == "extract":
        if entry.current_version == 0:
            entry = await chat.extract_into(app, user, entry)
        return await turns.entry_card(
            app, user, entry, notice=cards.note("The note has been read.")
        )
    if verb == "save":
        return await _save(app, user, entry, cards.field_inputs(data))
    if entry.status not in cards.OPEN_FOR_REVIEW:
        status = STATUS_LABELS.get(entry.status, entry.status).lower()
        notice = cards.note(f"This entry is {status}: there is nothing to {verb}.", "warning")
        return await turns.entry_card(app, user, entry, notice=notice)
    if verb == "confirm":
        return await _confirm(app, user, entry)
    return await _submit(app, user, entry)


async def _edit_card(
    app: web.Application,
    user: User,
    entry: Entry,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    person = await app[db_key].read(people.get_person_for, user, entry.crn)
    return cards.edit_card(
        app[templates_key],
        entry,
        person.name,
        turns.base_url(app),
        values=values,
        errors=errors,
    )


def apply_inputs(
    data: dict[str, Any], values: dict[str, Any]
) -> tuple[dict[str, Any], list[str], dict[str, str]]:
    """The entry JSON with the card's inputs applied through each field's own checks: (data,
    fields changed, errors by field). Nothing is applied when any input is refused."""
    changed: list[str] = []
    errors: dict[str, str] = {}
    updated = data
    for key, raw in values.items():
        fld = FIELDS[key]
        try:
            value = fld.parse(raw.replace("\r\n", "\n") if isinstance(raw, str) else raw)
        except FieldError as exc:
            errors[key] = str(exc)
            continue
        if value not in (fld.get(updated), _as_parsed(fld, fld.get(updated))):
            updated = fld.set(updated, value)
            changed.append(key)
    return (data, [], errors) if errors else (updated, changed, {})


def _as_parsed(fld: Any, value: Any) -> Any:
    """A stored value as the field would read it back from a card (spaces trimmed)."""
    try:
        return fld.parse(value)
    except FieldError:
        return value


async def _save(app: web.Application, user: User, entry: Entry, values: dict[str, Any]) -> dict:
    data, changed, errors = apply_inputs(entry.data or {}, values)
    if errors:
        return await _edit_card(app, user, entry, values=values, errors=errors)
    if not changed:
        return await turns.entry_card(app, user, entry, notice=cards.note("Nothing was changed."))
    try:
        saved = await app[db_key].write(
            entries.update_entry, user, entry.id, data, entry.current_version, "teams"
        )
    except Conflict:
        return await _now_stale(app, user, entry.id)
    labels = ", ".join(FIELDS[k].label.lower() for k in changed)
    notice = cards.note(f"Saved as version {saved.current_version}: changed {labels}.", "good")
    return await turns.entry_card(app, user, saved, notice=notice)


async def _now_stale(app: web.Application, user: User, entry_id: int) -> dict[str, Any]:
    """The entry as it is now, after a save or submit lost to someone else's change."""
    current = await app[db_key].read(entries.get_entry_for, user, entry_id)
    return await turns.entry_card(app, user, current, notice=stale_notice(current))


async def _confirm(app: web.Application, user: User, entry: Entry) -> dict[str, Any]:
    """The officer accepts the entry as read: recorded in the audit log, data unchanged."""
    if entry.current_version == 0:
        notice = cards.note("The note has not been read yet: there is nothing to confirm.")
        return await turns.entry_card(app, user, entry, notice=notice)
    detail = {"version": entry.current_version, "via": "teams"}
    await app[db_key].write(audit.append, user.id, "confirmed", "entry", entry.id, detail)
    notice = cards.note(
        f"You confirmed version {entry.current_version} as correct. "
        "Submit it for review when you are ready.",
        "good",
    )
    return await turns.entry_card(app, user, entry, notice=notice, confirmed=True)


async def _submit(app: web.Application, user: User, entry: Entry) -> dict[str, Any]:
    try:
        entry = await chat.submit(app, user, entry, entry.current_version)
    except Conflict:
        return await _now_stale(app, user, entry.id)
    except InvalidTransition as exc:
        return await turns.entry_card(app, user, entry, notice=cards.note(str(exc), "warning"))
    notice = cards.note("Submitted to your supervisor for review.", "good")
    return await turns.entry_card(app, user, entry, notice=notice)


async def _choose(app: web.Application, user: User, data: dict[str, Any]) -> dict[str, Any]:
    """The officer picked who a note is about from an ask-who card."""
    crn = str(data.get("crn") or "").strip().upper()
    if not crn:
        return cards.text_card(app[templates_key], "Select who this is about, then choose.")
    conversation = await chat.current_conversation(app, user)
    pending = _number(data.get("pending"))
    result = await chat.choose_person(app, user, conversation.id, crn, pending)
    return await turns.answer_card(app, user, result, cards.BOT)


def _number(value: Any) -> int | None:
    """An id or version sent back by a card, or None if it is not a whole number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value or "")
    return int(text) if text.isdecimal() and len(text) <= 12 else None
