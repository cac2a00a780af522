"""Reading entries: one entry, lists, the review queue, counts and versions, as visible to a user.

Every query joins the entry's person and applies `access.people_filter`, so what a user may
not see is absent from lists and `NotFound` when asked for by id.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from storage.access import may_review, people_filter
from storage.db import Statement, together
from storage.errors import Forbidden, NotFound
from storage.models import STATUSES, Entry, EntryVersion, Person, User
from storage.people import get_person_for, visible_people_statement

# Discarded drafts are kept for an administrator to restore but are gone for everyone else.
NOT_DISCARDED = "NOT EXISTS (SELECT 1 FROM discarded_entries d WHERE d.entry_id = e.id)"


def get_entry_for(db: Database, user: User, entry_id: int) -> Entry:
    """An entry the user may see; NotFound otherwise."""
    return Entry.from_row(visible_row(db, user, entry_id))


def visible_entries(db: Database, user: User, entry_ids: list[int]) -> dict[int, Entry]:
    """The entries among `entry_ids` the user may see, by id, in one query: a page that
    shows many (the chat page's cards) reads them together, not one round trip each."""
    wanted = sorted({int(i) for i in entry_ids})
    if not wanted:
        return {}
    marks = ", ".join("?" for _ in wanted)
    found = _select(db, user, [f"e.id IN ({marks})"], wanted, "e.id", len(wanted))
    return {e.id: e for e in found}


def entry_and_person(db: Database, user: User, entry_id: int) -> tuple[Entry, Person]:
    """An entry the user may see and its person, in one round trip (the entry page shows
    both); NotFound otherwise."""
    condition, params = people_filter(user, "p")
    entry_rows, person_rows = together(
        db,
        [
            (
                "SELECT e.* FROM entries e JOIN people p ON p.crn = e.crn "
                f"WHERE e.id = ? AND {condition} AND {NOT_DISCARDED}",
                [entry_id, *params],
            ),
            (
                "SELECT p.* FROM entries e JOIN people p ON p.crn = e.crn "
                f"WHERE e.id = ? AND {condition} AND {NOT_DISCARDED}",
                [entry_id, *params],
            ),
        ],
    )
    if not entry_rows or not person_rows:
        raise NotFound("no such entry")
    return Entry.from_row(entry_rows[0]), Person.from_row(person_rows[0])


def list_entries_for(
    db: Database,
    user: User,
    crn: str | None = None,
    status: str | None = None,
    *,
    limit: int = 200,
    offset: int = 0,
) -> list[Entry]:
    """Visible entries, newest first; NotFound if `crn` names someone the user cannot see."""
    where, params = [], []
    if crn is not None:
        where.append("e.crn = ?")
        params.append(get_person_for(db, user, crn).crn)
    if status is not None:
        where.append("e.status = ?")
        params.append(_status(status))
    return _select(db, user, where, params, "e.created_at DESC, e.id DESC", limit, offset)


def case_record(db: Database, user: User, crn: str) -> tuple[Person, list[Entry]]:
    """A person the user may see and their visible entries, newest first, in one read
    (historical entries, which may be thousands, are read apart: `storage.historical`)."""
    person = get_person_for(db, user, crn)
    where, params = ["e.crn = ?", "e.status != 'historical'"], [person.crn]
    return person, _select(db, user, where, params, "e.created_at DESC, e.id DESC", 200, 0)


def list_drafts(db: Database, user: User, *, include_returned: bool = True) -> list[Entry]:
    """The user's own unsubmitted entries (and returned ones), most recently changed first."""
    sql, params = _drafts_statement(user, include_returned)
    return [Entry.from_row(r) for r in db.query(sql, params)]


def _drafts_statement(user: User, include_returned: bool = True) -> Statement:
    statuses = ("draft", "returned") if include_returned else ("draft",)
    marks = ", ".join("?" for _ in statuses)
    where = ["e.author_id = ?", f"e.status IN ({marks})"]
    return select_statement(user, where, [user.id, *statuses], "e.updated_at DESC, e.id DESC")


def drafts_and_people(db: Database, user: User) -> tuple[list[Entry], list[Person]]:
    """`list_drafts` and everyone the user may see (`list_people_for`), in one round trip:
    the drafts page names each draft's person."""
    drafts, visible = together(db, [_drafts_statement(user), visible_people_statement(user)])
    return [Entry.from_row(r) for r in drafts], [Person.from_row(r) for r in visible]


def review_queue(db: Database, user: User, *, limit: int = 500) -> list[Entry]:
    """Submitted entries from the supervisor's team awaiting someone else's review, oldest
    first; Forbidden for anyone but a supervisor."""
    if not may_review(user):
        raise Forbidden("only supervisors review entries")
    where = ["e.status = 'submitted'", "e.author_id != ?"]
    return _select(db, user, where, [user.id], "e.submitted_at, e.id", limit)


def status_counts(db: Database, user: User) -> dict[str, int]:
    """How many visible entries are in each status."""
    condition, params = people_filter(user, "p")
    counts = dict.fromkeys(STATUSES, 0)
    for status, count in db.execute(
        f"SELECT e.status, count(*) FROM entries e JOIN people p ON p.crn = e.crn "
        f"WHERE {condition} AND {NOT_DISCARDED} GROUP BY e.status",
        params,
    ):
        counts[status] = count
    return counts


def versions(db: Database, user: User, entry_id: int) -> list[EntryVersion]:
    """Every version of a visible entry, oldest first."""
    visible_row(db, user, entry_id)
    return [
        EntryVersion.from_row(r)
        for r in db.query(
            "SELECT * FROM entry_versions WHERE entry_id = ? ORDER BY version", [entry_id]
        )
    ]


def _select(
    db: Database,
    user: User,
    where: list[str],
    params: list[Any],
    order: str,
    limit: int = 200,
    offset: int = 0,
) -> list[Entry]:
    sql, values = select_statement(user, where, params, order, limit, offset)
    return [Entry.from_row(r) for r in db.query(sql, values)]


def select_statement(
    user: User,
    where: list[str],
    params: list[Any],
    order: str,
    limit: int = 200,
    offset: int = 0,
) -> Statement:
    """`_select`'s query, to send with others in one round trip (`storage.case_page`)."""
    condition, visible = people_filter(user, "p")
    clauses = " AND ".join([condition, NOT_DISCARDED, *where])
    sql = (
        f"SELECT e.* FROM entries e JOIN people p ON p.crn = e.crn WHERE {clauses} "
        f"ORDER BY {order} LIMIT ? OFFSET ?"
    )
    return sql, [*visible, *params, max(0, limit), max(0, offset)]


def visible_row(db: Database, user: User, entry_id: int) -> dict[str, Any]:
    """The raw row of an entry the user may see; NotFound otherwise."""
    condition, params = people_filter(user, "p")
    rows = db.execute_returning_dicts(
        "SELECT e.* FROM entries e JOIN people p ON p.crn = e.crn "
        f"WHERE e.id = ? AND {condition} AND {NOT_DISCARDED}",
        [entry_id, *params],
    )
    if not rows:
        raise NotFound("no such entry")
    return rows[0]


def entry_row(db: Database, entry_id: int) -> dict[str, Any]:
    """The raw row of an entry whoever asks; NotFound if there is none."""
    rows = db.execute_returning_dicts("SELECT * FROM entries WHERE id = ?", [entry_id])
    if not rows:
        raise NotFound("no such entry")
    return rows[0]


def load_entry(db: Database, entry_id: int) -> Entry:
    """An entry whoever asks (for use after an access check)."""
    return Entry.from_row(entry_row(db, entry_id))


def _status(status: str) -> str:
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")
    return status
