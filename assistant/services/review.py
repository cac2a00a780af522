"""Submitting an entry for review and a supervisor's decision, for every channel."""

from __future__ import annotations

from aiohttp import web

from assistant.services import events
from assistant.typedefs import db_key
from storage import entries
from storage.models import Entry, User

MAX_COMMENT = 2000
DECISIONS = ("approve", "return")


class ReviewError(ValueError):
    """A decision that cannot be made as sent; the message is for the supervisor.

    `field` is the form field to mark ("decision" or "comment").
    """

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


async def submit(
    app: web.Application, user: User, entry_id: int, version: int | None, via: str
) -> Entry:
    """Send the entry for review (again, if it was returned); Conflict if `version` is not
    the current one, InvalidTransition if its status does not allow it."""
    db = app[db_key]
    entry = await db.read(entries.get_entry_for, user, entry_id)
    step = entries.resubmit if entry.status == "returned" else entries.submit
    saved = await db.write(step, user, entry.id, expected_version=version)
    events.entry_changed(app, saved)
    return saved


def check_decision(decision: object, comment: str | None) -> tuple[str, str | None]:
    """The decision and its comment, tidied; ReviewError with the message to show."""
    if decision not in DECISIONS:
        raise ReviewError("Select approve or return", "decision")
    text = (comment or "").strip()
    if decision == "return" and not (text and len(text) <= MAX_COMMENT):
        raise ReviewError(
            "Enter a comment of 2,000 characters or fewer saying what to change", "comment"
        )
    return str(decision), text or None


async def review(
    app: web.Application,
    user: User,
    entry_id: int,
    decision: str,
    version: int,
    via: str,
    comment: str | None = None,
) -> Entry:
    """Approve, or return with a comment; ReviewError, Conflict, Forbidden as they apply."""
    decision, comment = check_decision(decision, comment)
    db = app[db_key]
    if decision == "approve":
        saved = await db.write(entries.approve, user, entry_id, expected_version=version)
    else:
        saved = await db.write(
            entries.return_entry, user, entry_id, comment, expected_version=version
        )
    events.entry_changed(app, saved)
    return saved
