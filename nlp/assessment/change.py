"""Whether a newer contact records a change of situation or disagrees with an older one.

"Moved into his own flat last week" after "sofa surfing" is a change: the newer answer
stands and the older one is history. "Used to smoke cannabis until 2015" after "has never
used drugs" is a disagreement: what changed happened before the older contact, so one of
the two is wrong and the officer decides. The words that say a situation changed, and the
tense of something done since the last contact ("has secured a tenancy", not "has lived
there for years"), are data (`change` in san_cues.json); dates in the newer sentence
("last week", "in 2015", "since September") are read relative to its contact and placed
before or after the older one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from nlp.assessment.dates import event_dates
from nlp.assessment.findings import Evidence
from nlp.resources import resource


@cache
def _change_words() -> re.Pattern[str]:
    words = resource("san_cues.json")["change"]["patterns"]
    return re.compile(r"\b(?:" + "|".join(f"(?:{w})" for w in words) + r")\b", re.IGNORECASE)


@cache
def _tense() -> tuple[re.Pattern[str], re.Pattern[str]]:
    raw = resource("san_cues.json")["change"]
    perfect = re.compile(rf"\b(?:{raw['perfect']})\b", re.IGNORECASE)
    return perfect, re.compile(raw["lasting"], re.IGNORECASE)


def done_since(text: str) -> bool:
    """Whether the sentence is in the tense of something done since the last contact ("has
    secured a tenancy"), not of a state that goes on ("has lived there for years")."""
    perfect, lasting = _tense()
    return bool(perfect.search(text)) and not lasting.search(text)


@dataclass(frozen=True)
class Reading:
    """What a newer sentence says about the time since an older contact."""

    change_words: bool  # or the tense of something done since ("has secured a tenancy")
    after: bool  # it dates an event after the older contact
    before: bool  # it dates what it says before the older contact


def read(newer: Evidence, older_date: str) -> Reading:
    """How the newer sentence stands to a contact of `older_date`."""
    since = dt.date.fromisoformat(older_date)
    dates = event_dates(newer.text, dt.date.fromisoformat(newer.date))
    return Reading(
        change_words=bool(_change_words().search(newer.text)) or done_since(newer.text),
        after=any(d > since for d in dates),
        before=any(d < since for d in dates),
    )


def is_change(newer: Evidence, older_date: str, drift_days: int | None = None) -> bool:
    """Whether the newer sentence says the situation changed since a contact of that date:
    it uses a change word or dates an event after that contact, and dates nothing of what
    it says to before it (then the two contacts disagree about the same time).

    With `drift_days` (a question about a situation that changes with time, such as where
    the person lives or works), a contact at least that many days newer that describes the
    present differently is a change too, change word or not: "He lives in a council flat"
    two months after "sofa surfing" is a move the note did not spell out, not an error.
    """
    if newer.date <= older_date:
        return False
    reading = read(newer, older_date)
    if reading.before and not reading.after:
        return False
    if reading.change_words or reading.after:
        return True
    if drift_days is None or _tense()[1].search(newer.text):
        return False  # "has lived there for years" reaches back over the older contact
    return _days_between(older_date, newer.date) >= drift_days


def _days_between(older: str, newer: str) -> int:
    return (dt.date.fromisoformat(newer) - dt.date.fromisoformat(older)).days
