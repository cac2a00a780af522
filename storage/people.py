"""People on probation: the caseload, its allocation to officers, and who may see whom."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from storage import audit
from storage.access import people_filter
from storage.accounts import ensure_team, get_user_by_username
from storage.db import Statement, dumps, iso, transaction, utc_now
from storage.errors import NotFound
from storage.models import Person, User

log = logging.getLogger(__name__)

# nDelius case reference numbers: one letter and six digits.
_CRN = re.compile(r"^[A-Z][0-9]{6}$")


def normalise_crn(crn: str) -> str:
    """The canonical (upper-case, trimmed) CRN; ValueError if it is not one."""
    canonical = crn.strip().upper()
    if not _CRN.match(canonical):
        raise ValueError("a CRN is one letter and six digits, e.g. X123456")
    return canonical


def upsert_person(
    db: Database,
    crn: str,
    name: str,
    *,
    team_id: int,
    aliases: Sequence[str] = (),
    dob: str | None = None,
    officer_id: int | None = None,
    flags: Sequence[str] | None = None,
    now: datetime | None = None,
) -> Person:
    """Add a person or update their details; allocation and flags change only when given."""
    crn = normalise_crn(crn)
    if not name.strip():
        raise ValueError("a person needs a name")
    if dob:
        dob = date.fromisoformat(dob.strip()).isoformat()
    stamp = iso(utc_now(now))
    row: dict[str, Any] = {
        "crn": crn,
        "name": name.strip(),
        "aliases": dumps([a.strip() for a in aliases if a.strip()]),
        "dob": dob or None,
        "team_id": team_id,
        "updated_at": stamp,
    }
    if officer_id is not None:
        row["officer_id"] = officer_id
    if flags is not None:
        row["flags"] = dumps(sorted(set(flags)))
    with transaction(db):
        if officer_id is not None and _team_of(db, officer_id) != team_id:
            raise ValueError("the allocated officer is not in the person's team")
        exists = db.execute(
            "SELECT u.team_id FROM people p LEFT JOIN users u ON u.id = p.officer_id "
            "WHERE p.crn = ?",
            [crn],
        ).fetchone()
        if exists:
            if officer_id is None and exists[0] not in (None, team_id):
                row["officer_id"] = None  # moving team ends the old allocation
            db.table("people").update(crn, row)
        else:
            db.table("people").insert({**row, "created_at": stamp})
        audit.append(db, None, "person_saved", "person", crn, now=now)
    return get_person(db, crn)


def get_person(db: Database, crn: str) -> Person:
    """A person by CRN regardless of who asks (for admin tools); NotFound if unknown."""
    rows = db.execute_returning_dicts("SELECT * FROM people WHERE crn = ?", [crn.strip().upper()])
    if not rows:
        raise NotFound("no such person")
    return Person.from_row(rows[0])


def get_person_for(db: Database, user: User, crn: str) -> Person:
    """A person the user may see; NotFound if unknown or not theirs to see."""
    sql, params = person_statement(user, crn)
    return person_found(db.execute_returning_dicts(sql, params))


def person_statement(user: User, crn: str) -> Statement:
    """`get_person_for`'s query, to send with others in one round trip."""
    condition, params = people_filter(user)
    return f"SELECT * FROM people WHERE crn = ? AND {condition}", [crn.strip().upper(), *params]


def person_found(rows: list[dict[str, Any]]) -> Person:
    """`get_person_for`'s answer from the rows of `person_statement`."""
    if not rows:
        raise NotFound("no such person")
    return Person.from_row(rows[0])


def list_people_for(db: Database, user: User) -> list[Person]:
    """Everyone the user may see, by name."""
    sql, params = visible_people_statement(user)
    return [Person.from_row(r) for r in db.query(sql, params)]


def visible_people_statement(user: User) -> Statement:
    """`list_people_for`'s query, to send with others in one round trip."""
    condition, params = people_filter(user)
    return f"SELECT * FROM people WHERE {condition} ORDER BY name, crn", params


def caseload_rows(db: Database, user: User) -> list[dict[str, Any]]:
    """The user's visible people as {crn, name, aliases, dob} rows for the nlp Caseload."""
    sql, params = caseload_statement(user)
    return caseload_from(db.execute_returning_dicts(sql, params))


def caseload_statement(user: User) -> Statement:
    """`caseload_rows`' query, to send with others in one round trip (`storage.db.together`)."""
    return visible_people_statement(user)


def caseload_from(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`caseload_rows`' answer from the `people` rows of `caseload_statement`."""
    return [
        {"crn": p.crn, "name": p.name, "aliases": list(p.aliases), "dob": p.dob}
        for p in (Person.from_row(r) for r in rows)
    ]


def assign_caseload(
    db: Database, crn: str, username: str, *, now: datetime | None = None
) -> Person:
    """Allocate a person to an officer (or supervisor); the person joins the officer's team."""
    officer = get_user_by_username(db, username)
    if officer.role == "admin":
        raise ValueError("an admin account cannot hold a caseload")
    person = get_person(db, crn)
    with transaction(db):
        db.execute(
            "UPDATE people SET officer_id = ?, team_id = ?, updated_at = ? WHERE crn = ?",
            [officer.id, officer.team_id, iso(utc_now(now)), person.crn],
        )
        detail = {"officer_id": officer.id, "team_id": officer.team_id}
        audit.append(db, None, "caseload_assigned", "person", person.crn, detail, now=now)
    return get_person(db, person.crn)


def import_caseload(
    db: Database,
    rows: Iterable[dict[str, Any]],
    team: str,
    officer: str | None = None,
    *,
    now: datetime | None = None,
) -> int:
    """Add or update people from rows with crn, name, aliases (';'-separated), dob; all or
    nothing. Returns how many rows were saved."""
    officer_user = get_user_by_username(db, officer) if officer else None
    if officer_user and officer_user.role == "admin":
        raise ValueError("an admin account cannot hold a caseload")
    count = 0
    with transaction(db):
        team_id = ensure_team(db, team, now=now)
        if officer_user and officer_user.team_id != team_id:
            raise ValueError("the officer is not in that team")
        for number, row in enumerate(rows, start=1):
            try:
                upsert_person(
                    db,
                    str(row.get("crn") or ""),
                    str(row.get("name") or ""),
                    team_id=team_id,
                    aliases=split_aliases(row.get("aliases")),
                    dob=(row.get("dob") or None),
                    officer_id=officer_user.id if officer_user else None,
                    now=now,
                )
            except ValueError as exc:
                raise ValueError(f"row {number}: {exc}") from exc
            count += 1
    log.info("imported %d people into team %s", count, team_id)
    return count


def _team_of(db: Database, user_id: int) -> int | None:
    row = db.execute("SELECT team_id FROM users WHERE id = ?", [user_id]).fetchone()
    return None if row is None else int(row[0])


def split_aliases(value: Any) -> list[str]:
    """Aliases from a CSV cell ('a; b' or 'a|b') or a list."""
    if not value:
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [a.strip() for a in re.split(r"[;|]", str(value)) if a.strip()]
