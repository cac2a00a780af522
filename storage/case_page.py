"""Everything the case page shows about one person, read in one round trip.

The page used to make three reads that each checked the person again (the record, the
section drafts, the historical notes): on PostgreSQL two round trips apiece, each waiting for
the database process to be scheduled (docs/scaling.md). Here the person, their entries,
their sections and their history are sent together; every statement carries the same
visibility rule, so a person the user may not see yields nothing from any of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from storage.access import people_filter
from storage.db import together
from storage.entry_queries import select_statement
from storage.historical import STATUS as HISTORICAL
from storage.models import Entry, Person, SectionDraft, User
from storage.people import person_found, person_statement

RECORD_LIMIT = 200  # as `storage.entry_queries.case_record`


@dataclass(frozen=True)
class CasePage:
    """A visible person, their entries newest first, section drafts by area, and their
    historical notes newest contact first."""

    person: Person
    entries: list[Entry]
    sections: list[SectionDraft]
    history: list[Entry]


def case_page(db: Database, user: User, crn: str, *, history_limit: int = 500) -> CasePage:
    """The case page's reads for `crn`; NotFound if the person is not the user's to see."""
    crn = crn.strip().upper()  # as `get_person_for`: a malformed CRN is simply not found
    condition, visible = people_filter(user, "p")
    person_rows, entry_rows, section_rows, history_rows = together(
        db,
        [
            person_statement(user, crn),
            select_statement(
                user,
                ["e.crn = ?", "e.status != 'historical'"],
                [crn],
                "e.created_at DESC, e.id DESC",
                RECORD_LIMIT,
            ),
            (
                "SELECT s.* FROM section_drafts s JOIN people p ON p.crn = s.crn "
                f"WHERE s.crn = ? AND {condition} ORDER BY s.area",
                [crn, *visible],
            ),
            select_statement(
                user,
                ["e.crn = ?", "e.status = ?"],
                [crn, HISTORICAL],
                "e.reference_date DESC, e.id DESC",
                history_limit,
            ),
        ],
    )
    return CasePage(
        person_found(person_rows),
        [Entry.from_row(r) for r in entry_rows],
        [SectionDraft.from_row(r) for r in section_rows],
        [Entry.from_row(r) for r in history_rows],
    )
