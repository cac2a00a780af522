"""Whether a newer contact records a change of situation or disagrees with an older one.

"Moved into his own flat last week" after "sofa surfing" is a change: the newer answer
stands and the older one is history. "Used to smoke cannabis until 2015" after "has never
used drugs" is a disagreement: what changed happened before the older contact, so one of
the two is wrong and the officer decides. The words that say a situation changed are data
(`change` in san_cues.json); dates in the newer sentence ("last week", "in 2015", "since
September") are read relative to its contact and placed before or after the older one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from nlp.assessment.findings import Evidence
from nlp.resources import resource

_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH = re.compile(
    r"\b(?:in|since|from|until|till|during|back in|last|at the (?:start|end) of)\s+("
    + "|".join(m.capitalize() for m in _MONTHS)
    + r")\b"
)
_YEAR = re.compile(r"\b(?:in|since|from|until|till|during|back in|before)\s+((?:19|20)\d\d)\b")
_AGO = re.compile(
    r"\b(a|an|one|two|three|four|five|six|\d+)\s+(day|week|fortnight|month|year)s?\s+ago\b",
    re.IGNORECASE,
)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_DAYS_PER = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}
_RECENT = re.compile(
    r"\b(?:yesterday|last (?:week|night|weekend)|this (?:week|morning)|at the weekend|"
    r"(?:on|last) (?:mon|tues|wednes|thurs|fri|satur|sun)day|earlier this (?:week|month)|"
    r"(?:in the )?last few (?:days|weeks))\b",
    re.IGNORECASE,
)


@cache
def _change_words() -> re.Pattern[str]:
    words = resource("san_cues.json")["change"]["patterns"]
    return re.compile(r"\b(?:" + "|".join(f"(?:{w})" for w in words) + r")\b", re.IGNORECASE)


def event_dates(text: str, said_on: dt.date) -> list[dt.date]:
    """The dates a sentence places things at, read relative to the contact it was said in
    (a month without a year is the last such month on or before the contact)."""
    found: list[dt.date] = []
    for match in _YEAR.finditer(text):
        found.append(dt.date(int(match.group(1)), 6, 30))
    for match in _MONTH.finditer(text):
        month = _MONTHS.index(match.group(1).lower()) + 1
        year = said_on.year if month <= said_on.month else said_on.year - 1
        found.append(dt.date(year, month, 15))
    for match in _AGO.finditer(text):
        count = _NUMBERS.get(match.group(1).lower()) or int(match.group(1))
        found.append(said_on - dt.timedelta(days=count * _DAYS_PER[match.group(2).lower()]))
    if _RECENT.search(text):
        found.append(said_on - dt.timedelta(days=3))
    return found


@dataclass(frozen=True)
class Reading:
    """What a newer sentence says about the time since an older contact."""

    change_words: bool
    after: bool  # it dates an event after the older contact
    before: bool  # it dates what it says before the older contact


def read(newer: Evidence, older_date: str) -> Reading:
    """How the newer sentence stands to a contact of `older_date`."""
    since = dt.date.fromisoformat(older_date)
    dates = event_dates(newer.text, dt.date.fromisoformat(newer.date))
    return Reading(
        change_words=bool(_change_words().search(newer.text)),
        after=any(d > since for d in dates),
        before=any(d < since for d in dates),
    )


def is_change(newer: Evidence, older_date: str) -> bool:
    """Whether the newer sentence says the situation changed since a contact of that date:
    it uses a change word or dates an event after that contact, and dates nothing of what
    it says to before it (then the two contacts disagree about the same time)."""
    if newer.date <= older_date:
        return False
    reading = read(newer, older_date)
    if reading.before and not reading.after:
        return False
    return reading.change_words or reading.after
