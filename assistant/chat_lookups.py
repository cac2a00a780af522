"""Two questions officers ask between meetings, answered from the record rather than by a
word search: "when did I last see Callum?" and "what have I got on this week?".

The interpreter reads both as a search (the contract has no intent of their own), and a word
search for "I see" or "what I got" finds nothing, so the chat turn asks these helpers first.
Both read only entries the officer may see, through the services layer, so the web chat and
Teams answer alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from aiohttp import web

from assistant import services
from assistant.fields import CONTACT_TYPE_LABELS, OUTCOME_LABELS, uk_date
from assistant.replies import Reply
from assistant.typedefs import db_key
from nlp.govuk_dates import govuk_date
from nlp.render import longdate
from storage import entries
from storage.models import Entry, User

# Words a "when did I last see X" question is made of once the person is taken out: if the
# search words are only these, the officer wants the last contact, not a word search.
_LAST_CONTACT_WORDS = frozenset(
    "when did do i we you last see seen saw meet met visit visited speak spoke to talk talked "
    "with contact contacted hear heard from have has had was is the a my our their his her "
    "him them most recent recently latest".split()
)
_LAST_CONTACT_VERBS = frozenset(
    "see seen saw meet met visit visited speak spoke talk talked contact contacted hear heard "
    "last latest recent recently".split()
)
_DIARY = re.compile(
    r"\b(?:appointments|appts|diary|what(?:'?s| is| have i got| do i have| have we got)\s+on|"
    r"got on|have on|who am i seeing|who (?:do|have) i (?:got|have)|who'?s (?:in|booked|due))\b",
    re.IGNORECASE,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DIARY_SHOWN = 20
"""At most this many appointments are listed in one answer."""


def asks_last_contact(query: str) -> bool:
    """Whether a search's words (the person already taken out) ask when they were last seen."""
    words = set(re.findall(r"[a-z']+", query.lower()))
    return bool(words) and words <= _LAST_CONTACT_WORDS and bool(words & _LAST_CONTACT_VERBS)


_QUESTION_OPENINGS = ("what", "who", "any", "anything", "my", "list", "show", "do i", "have i")


def asks_diary(text: str) -> bool:
    """Whether a short question asks which appointments are coming up ("what have I got on
    this week?"), as against a note that mentions an appointment."""
    opening = text.strip().lower()
    question = opening.endswith("?") or opening.startswith(_QUESTION_OPENINGS)
    return question and len(text.split()) <= 14 and bool(_DIARY.search(text))


@dataclass(frozen=True)
class Period:
    """The days a diary question covers, inclusive, and how to say them."""

    first: date
    last: date
    words: str


def diary_period(text: str, today: date) -> Period:
    """The period a diary question names: today, tomorrow, a weekday, this or next week;
    the next seven days when it names none."""
    lowered = text.lower()
    monday = today - timedelta(days=today.weekday())
    if "tomorrow" in lowered:
        day = today + timedelta(days=1)
        return Period(day, day, "tomorrow")
    if "today" in lowered:
        return Period(today, today, "today")
    if "next week" in lowered:
        start = monday + timedelta(days=7)
        return Period(start, start + timedelta(days=6), "next week")
    if "this week" in lowered or "week" in lowered:
        return Period(today, monday + timedelta(days=6), "for the rest of this week")
    for number, name in enumerate(_WEEKDAYS):
        if re.search(rf"\b{name}\b", lowered):
            day = today + timedelta(days=(number - today.weekday()) % 7)
            return Period(day, day, f"on {_day(day.isoformat())}")
    return Period(today, today + timedelta(days=6), "in the next seven days")


def _contact_date(entry: Entry) -> str:
    contact = (entry.data or {}).get("contact") or {}
    return str(contact.get("date") or entry.reference_date)


def _contact_words(entry: Entry) -> str:
    """ "an office visit (Attended - complied)" for an entry's contact."""
    contact = (entry.data or {}).get("contact") or {}
    kind = CONTACT_TYPE_LABELS.get(str(contact.get("type")), "a contact")
    outcome = OUTCOME_LABELS.get(str(contact.get("outcome")))
    return f"{kind.lower()}{f' ({outcome})' if outcome else ''}"


_ABSENCES = frozenset({"failed_to_attend", "acceptable_absence", "unacceptable_absence"})


def _outcome(entry: Entry) -> str:
    return str(((entry.data or {}).get("contact") or {}).get("outcome") or "")


async def last_contact_reply(app: web.Application, user: User, crn: str, via: str) -> Reply:
    """The person's most recent recorded contact, by the date of the contact; when that was
    an absence, also when they were last seen."""
    person, found = await services.read_case(app, user, crn, via)
    who = f"{person.name} ({person.crn})"
    if not found:
        return Reply(
            f"No contact with {who} is recorded yet.",
            {"kind": "search", "query": "", "entry_ids": []},
        )
    newest = sorted(found, key=lambda e: (_contact_date(e), e.id), reverse=True)
    last = newest[0]
    said = [
        f"The last contact recorded with {who} was on {_day(_contact_date(last))}: "
        f"{_contact_words(last)}."
    ]
    if _outcome(last) in _ABSENCES:
        seen = next((e for e in newest if _outcome(e).startswith("attended")), None)
        said.append(
            f"They were last seen on {_day(_contact_date(seen))}: {_contact_words(seen)}."
            if seen
            else "No contact they attended is recorded."
        )
    return Reply(
        " ".join(said), {"kind": "search", "query": "", "entry_ids": [e.id for e in newest[:3]]}
    )


def _day(iso: str) -> str:
    """ "Wednesday 16 December 2026": the weekday helps when planning the week."""
    try:
        return longdate(iso)
    except ValueError:  # free text is shown as written
        return uk_date(iso)


def _appointments(found: list[Entry], period: Period) -> list[tuple[str, str, Entry]]:
    """(date, time, entry) of each person's next appointment in the period, from the entry
    with their latest contact: a later contact's booking replaces an earlier one's."""
    latest: dict[str, Entry] = {}
    for entry in found:
        held = latest.get(entry.crn)
        if held is None or (_contact_date(entry), entry.id) > (_contact_date(held), held.id):
            latest[entry.crn] = entry
    booked = []
    for entry in latest.values():
        nxt: dict[str, Any] = (entry.data or {}).get("next_appointment") or {}
        day = str(nxt.get("date") or "")
        if day and period.first.isoformat() <= day <= period.last.isoformat():
            booked.append((day, str(nxt.get("time") or ""), entry))
    return sorted(booked, key=lambda b: (b[0], b[1] or "99:99"))


async def diary_reply(app: web.Application, user: User, text: str, today: date, via: str) -> Reply:
    """The next appointments recorded in the officer's entries for the period asked about."""
    period = diary_period(text, today)
    # Read without a listing row, then record only the entries the answer shows.
    found = await app[db_key].read(entries.list_entries_for, user)
    booked = _appointments([e for e in found if e.author_id == user.id], period)
    await services.shown_entries(app, user, "diary", [b[2] for b in booked[:DIARY_SHOWN]], via)
    if not booked:
        return Reply(
            f"No appointments are recorded in your entries {period.words}.",
            {"kind": "search", "query": "", "entry_ids": []},
        )
    lines = []
    for day, time, entry in booked[:DIARY_SHOWN]:
        name = (entry.data or {}).get("person") or {}
        who = name.get("name") or entry.crn
        kind = CONTACT_TYPE_LABELS.get(
            str(((entry.data or {}).get("next_appointment") or {}).get("type"))
        )
        at = f" at {govuk_date(time)}" if time else ""
        lines.append(f"{_day(day)}{at}: {who} ({entry.crn}){f', {kind.lower()}' if kind else ''}")
    count = len(booked)
    lead = f"{count} appointment{'s' if count != 1 else ''} recorded {period.words}:"
    return Reply(
        "\n".join([lead, *lines]),
        {"kind": "search", "query": "", "entry_ids": [b[2].id for b in booked[:DIARY_SHOWN]]},
    )
