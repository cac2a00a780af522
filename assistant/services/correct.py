"""Correcting an entry, with one conflict policy for every channel.

Every correction names the version the officer last saw. When the entry has moved on since,
the changes are applied on top of the current version if nothing they touch has changed in
between (so two people correcting different fields both keep their work); otherwise nothing
is saved and `EditConflict` says who changed what, in the same words on every channel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from assistant.corrections.rebuild import after_correction
from assistant.services.changes import Change
from assistant.typedefs import db_key
from storage import accounts, entries, people
from storage.db import transaction
from storage.errors import Conflict
from storage.models import Entry, EntryVersion, User


class EditConflict(Conflict):
    """Someone changed what this correction touches since `base_version`: nothing saved."""

    def __init__(self, entry: Entry, change: Change, who: str, mine: bool) -> None:
        if mine:
            message = f"You changed {change.label} in another window after opening this page."
        else:
            message = f"{who} changed {change.label} after you opened this page."
        super().__init__(message, entry.current_version)
        self.entry = entry
        self.change = change
        self.who = "You" if mine else who


@dataclass(frozen=True)
class Correction:
    """What a correction did: the entry as saved and the changes that changed something."""

    entry: Entry
    applied: list[Change] = field(default_factory=list)
    # Set when the change took a submitted or approved entry back to draft (storage's rule):
    # the officer must be told, or they think it is still with their supervisor.
    reopened: bool = False

    @property
    def descriptions(self) -> list[str]:
        """Each applied change as the officer reads it."""
        return [c.description for c in self.applied]


async def correct(
    app: Any, user: User, entry_id: int, changes: Sequence[Change], base_version: int, via: str
) -> Correction:
    """Apply `changes` to the entry the officer saw at `base_version`, as one new version.

    Raises EditConflict (nothing saved) when something a change touches differs between
    `base_version` and now; FieldError when a change cannot be made; NotFound/Forbidden
    as storage does. Changes that alter nothing are left out; none at all saves nothing.
    """
    return await app[db_key].write(_correct, user, entry_id, list(changes), base_version, via)


def _correct(
    db: Database, user: User, entry_id: int, changes: list[Change], base_version: int, via: str
) -> Correction:
    with transaction(db):
        entry = entries.get_entry_for(db, user, entry_id)
        current = entry.data or {}
        if base_version != entry.current_version:
            history = entries.versions(db, user, entry_id)
            _check_merge(db, user, entry, history, changes, base_version)
        data, applied = current, list[Change]()
        for change in changes:
            updated = change.apply(data)
            if updated != data:
                data, applied = updated, [*applied, change]
        if not applied:
            return Correction(entry)
        # The record, sections and exports follow the corrected fields (issue 10 item 3).
        name = people.get_person_for(db, user, entry.crn).name
        data = after_correction(current, data, name, entry.crn, entry.note_text)
        saved = entries.update_entry(db, user, entry.id, data, entry.current_version, via)
        reopened = entry.status in ("submitted", "approved") and saved.status == "draft"
        return Correction(saved, applied, reopened)


def _check_merge(
    db: Database,
    user: User,
    entry: Entry,
    history: list[EntryVersion],
    changes: list[Change],
    base_version: int,
) -> None:
    """Raise EditConflict unless every change's part is the same at `base_version` and now."""
    then = next((v.data for v in history if v.version == base_version), None)
    current = entry.data or {}
    for change in changes:
        if then is None or change.touched(then or {}) != change.touched(current):
            changer = last_changed_by(change, history)
            by = accounts.get_user(db, changer) if changer is not None else None
            mine = by is not None and by.id == user.id
            who = by.display_name if by is not None else "Someone"
            raise EditConflict(entry, change, who, mine)


def last_changed_by(change: Change, history: list[EntryVersion]) -> int | None:
    """Who made the latest version that changed what `change` touches (not whoever saved
    last, who may have changed something else)."""
    for older, newer in reversed(list(zip([None, *history], history, strict=False))):
        if older is None or change.touched(older.data or {}) != change.touched(newer.data or {}):
            return newer.user_id
    return None
