"""What the buttons on a Teams card do (Action.Execute verbs), through the same storage steps
and field checks as the web.

Every verb that changes an entry carries the version the card showed. A save is merged as
on the web (the fields it changes must not have changed since); any other verb on an entry
that has changed since saves nothing, and the card says so, showing the entry as it is now.
"""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web

from assistant import chat, services
from assistant.fields import STATUS_LABELS
from assistant.services import EditConflict
from assistant.teams import cards, turns
from assistant.typedefs import db_key, templates_key
from storage import entries
from storage.errors import Conflict, InvalidTransition
from storage.models import Entry, User

log = logging.getLogger(__name__)

VIA = "teams"
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
    if verb in ("show", "edit"):
        entry = await services.read_entry(app, user, entry_id, VIA)
        if verb == "show":
            return await turns.entry_card(app, user, entry)
        return await _edit_card(app, user, entry)
    entry = await services.entry_to_change(app, user, entry_id, VIA)
    if verb == "save" and version is not None:
        return await _save(app, user, entry, version, cards.field_inputs(data))
    if version != entry.current_version:
        return await turns.entry_card(app, user, entry, notice=stale_notice(entry))
    if verb == "extract":
        entry = await services.extract_into(app, user, entry)
        return await turns.entry_card(
            app, user, entry, notice=cards.note("The note has been read.")
        )
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
    person = await services.read_person(app, user, entry.crn, VIA)
    return cards.edit_card(
        app[templates_key],
        entry,
        person.name,
        turns.base_url(app),
        values=values,
        errors=errors,
    )


async def _save(
    app: web.Application, user: User, entry: Entry, version: int, values: dict[str, Any]
) -> dict:
    """Save the card's inputs that differ from what the card showed (version `version`)."""
    history = await services.entry_versions(app, user, entry.id)
    shown = next((v.data for v in history if v.version == version), None)
    if shown is None:
        return await turns.entry_card(app, user, entry, notice=stale_notice(entry))
    changes, errors = services.form_changes(shown or {}, values)
    if errors:
        return await _edit_card(app, user, entry, values=values, errors=errors)
    try:
        done = await services.correct(app, user, entry.id, changes, version, VIA)
    except EditConflict as exc:
        notice = cards.note(f"{exc} Nothing was saved: check it below.", "attention")
        return await turns.entry_card(app, user, exc.entry, notice=notice)
    if not done.applied:
        notice = cards.note("Nothing was changed.")
        return await turns.entry_card(app, user, done.entry, notice=notice)
    labels = ", ".join(c.label for c in done.applied)
    saved = done.entry
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
    await services.confirm(app, user, entry, VIA)
    notice = cards.note(
        f"You confirmed version {entry.current_version} as correct. "
        "Submit it for review when you are ready.",
        "good",
    )
    return await turns.entry_card(app, user, entry, notice=notice, confirmed=True)


async def _submit(app: web.Application, user: User, entry: Entry) -> dict[str, Any]:
    try:
        entry = await services.submit(app, user, entry.id, entry.current_version, VIA)
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
    result = await chat.choose_person(app, user, conversation.id, crn, pending, via=VIA)
    return await turns.answer_card(app, user, result, cards.BOT)


def _number(value: Any) -> int | None:
    """An id or version sent back by a card, or None if it is not a whole number."""
    return services.parse_number(value)
