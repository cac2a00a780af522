"""The contact itself: its date, time, type, outcome, lateness, and the cues the next
appointment is read from. One module per concern: cues (which cues hold, clauses),
contact_type, outcome, lateness (and duration), mentions (dates and times found once)."""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Span

from nlp.analysis import Analysis, TokenSpan
from nlp.datetimes.dates import DateMention
from nlp.datetimes.times import TimeMention
from nlp.facts.contact.contact_type import ABSENCES, contact_type
from nlp.facts.contact.cues import (
    clause,
    contact_sentences,
    decided,
    next_cue_starts,
    next_cues,
)
from nlp.facts.contact.lateness import booked_then_arrival, duration, late_minutes
from nlp.facts.contact.mentions import Mentions
from nlp.facts.contact.outcome import outcome
from nlp.facts.contact.start_time import contact_times
from nlp.model import Contact, Evidence

__all__ = [
    "Mentions",
    "clause",
    "contact_facts",
    "contact_sentences",
    "contact_type",
    "decided",
    "next_cue_starts",
    "next_cues",
    "outcome",
]

MAX_CONTACT_AGE_DAYS = 45
MAX_MOVED_AHEAD_DAYS = 31
_PLACE = re.compile(
    r"\b(?:at|in) (?:the )?((?:[A-Z][a-z]+ ){1,3}(?:office|reporting centre|hub|"
    r"probation office))\b"
)


def _first_absence(a: Analysis, verdict: TokenSpan | None) -> TokenSpan | None:
    """Where the note first says the person was absent ("FTA 10am ... Letter sent ... 2nd
    unacceptable absence"): calls and letters after it chase the absence, even when the
    outcome was read from a verdict written later."""
    if verdict is None:
        return None
    cues = [s for code in sorted(ABSENCES) for s in a.spans(f"outcome|{code}")]
    return min([verdict, *cues])


def contact_facts(a: Analysis, mentions: Mentions, reference: dt.date) -> Contact:
    """Date, time, type, outcome, lateness, duration and place of the contact."""
    sents = contact_sentences(a)
    first = sents[0]
    evidence: dict[str, Evidence] = {}
    code, out_span = outcome(a, first)
    absence = out_span if code in ABSENCES else None
    ctype, type_span = contact_type(a, _first_absence(a, absence))
    if type_span:
        evidence["type"] = a.evidence(type_span)
    if code is None and ctype is not None:
        code = "attended_complied"
    if out_span:
        evidence["outcome"] = a.evidence(out_span)
    date, date_m = _contact_date(a, mentions, sents, reference, code == "rescheduled")
    if date_m:
        evidence["date"] = a.evidence_chars(date_m.start, date_m.end)
    absence_end = a.doc[absence[1] - 1].idx + len(a.doc[absence[1] - 1]) if absence else None
    times = contact_times(a, mentions, sents, ctype, absence_end)
    times = [t for t in times if not _on_a_later_day(a.text, mentions, t, date, reference)]
    start_time = times[0].value.strftime("%H:%M") if times else None
    if times:
        evidence["start_time"] = a.evidence_chars(times[0].start, times[0].end)
    late = late_minutes(a, mentions, sents)
    pair = booked_then_arrival(a, mentions)
    if pair is not None and (not times or times[0].start > pair[0].start):
        # "Booked 13:50. Signed in at reception 14:17.": the contact began at its booked time
        start_time = pair[0].value.strftime("%H:%M")
        evidence["start_time"] = a.evidence_chars(pair[0].start, pair[0].end)
    minutes = duration(sents)
    place = _PLACE.search(a.text)
    return Contact(
        date=date.isoformat(),
        start_time=start_time,
        duration_minutes=minutes,
        type=ctype,
        outcome=code,
        late_minutes=late,
        location=place.group(1).strip() if place else None,
        evidence=evidence,
    )


# "on 17/12 at 10:30": nothing but "at" or a comma between a date and the time it dates.
_DATE_TIME_GAP = re.compile(r"^\s*(?:at|@|,|from|for)?\s*$", re.I)


def _on_a_later_day(
    text: str, mentions: Mentions, time: TimeMention, date: dt.date, reference: dt.date
) -> bool:
    """Whether the time belongs to a date after the contact's ("reminded her of her
    appointment on 17/12 at 10:30"): the next appointment's time, not this contact's."""
    before = [m for m in mentions.dates_in(max(0, time.start - 40), time.start)]
    if not before:
        return False
    last = max(before, key=lambda m: m.end)
    if not _DATE_TIME_GAP.match(text[last.end : time.start]):
        return False
    days = {last.resolve(reference, way) for way in ("past", "nearest", "future")}
    if date in days:
        return False  # "did not attend on Tuesday at 2pm": a weekday that is the contact's
    day = last.resolve(reference, "future")
    return bool(day and day > date)


def _contact_date(
    a: Analysis, mentions: Mentions, sents: list[Span], reference: dt.date, moved: bool
) -> tuple[dt.date, DateMention | None]:
    """The date the contact is said to have happened, in the note's opening sentences.

    A moved appointment is the contact, so its date may lie ahead of the note. Dates of
    other events ("since his release last Friday", "arrested on Saturday") are passed over.
    """
    all_sents = a.sents
    # The first sentence; the second too when it is about the contact and the first is not
    # ("Sam Reed. Seen in the office on Monday"). After "Tom came in at 4pm." the next
    # sentence's days are other events ("he told me ... on Saturday").
    opening = all_sents[:1]
    if all_sents and all_sents[0] not in sents:
        opening += [s for s in sents if s.start < all_sents[:2][-1].end]
    blockers = {t for s in a.spans("date_not_after") for t in range(s[1], s[1] + 4)}
    moves = [a.doc[s[0]].idx for s in a.spans("outcome|rescheduled")]
    earliest = reference - dt.timedelta(days=MAX_CONTACT_AGE_DAYS)
    latest = reference + dt.timedelta(days=MAX_MOVED_AHEAD_DAYS if moved else 0)
    for sent in sorted(set(opening), key=lambda s: s.start):
        limit = min([c for c in next_cue_starts(a) if c >= sent.start_char] + [sent.end_char])
        found = mentions.dates_in(sent.start_char, limit)
        if moved:  # "rang this morning to move his OV on Monday": the moved one first
            found.sort(key=lambda m: not any(c < m.start for c in moves))
        for m in found:
            first = a.doc.char_span(m.start, m.end, alignment_mode="expand")
            if m.kind == "same_time_next_week" or first is None:
                continue
            if first.start in blockers:  # "following her release on licence last Friday"
                continue
            day = m.resolve(reference, "nearest" if moved else "past")
            # Notes are written within weeks of the contact; "RAR session 4/10" is no date.
            if day is not None and earliest <= day <= latest:
                return day, m
    return reference, None
