"""The contact's start time: the appointment's, not the time of a call about it ("rang at 9
to say he was running late") nor the time the person walked in ("arrived at 11 for his
10.30 appointment")."""

from __future__ import annotations

import re

from spacy.tokens import Span

from nlp.analysis import Analysis
from nlp.datetimes.times import TimeMention
from nlp.facts.contact.cues import next_cue_starts
from nlp.facts.contact.mentions import Mentions
from nlp.facts.contact.words import ARRIVAL

# A call word just before the time: "rang at 9", "phoned in at 8.45", "texted me at 7".
_CALL_BEFORE = re.compile(
    r"\b(?:rang|phoned|called|texted|messaged|emailed|rung|rang in|phoned in|called in)"
    r"(?:\s+(?:me|us|the office|in|back))?\s+(?:at|@|around|about)?\s*$",
    re.I,
)
# What the call was for: a message about the appointment, not the appointment itself.
_MESSAGE = re.compile(
    r"\b(?:to say|saying|to tell|to let (?:me|us) know|to explain|to warn|to ask|asking)\b",
    re.I,
)
_ARRIVAL_BEFORE = re.compile(rf"(?:{ARRIVAL.pattern})\s+(?:at|@|around|about)?\s*$", re.I)
_REACH = 30  # characters before a time that may hold its call or arrival word
_CALL_CONTACTS = ("telephone", "text_or_email")


def contact_times(
    a: Analysis,
    mentions: Mentions,
    sents: list[Span],
    ctype: str | None,
    absence_end: int | None = None,
) -> list[TimeMention]:
    """Times of the first contact sentence that names one, less the time of a call about
    the appointment (when the call is not itself the contact), the time of a call chasing
    an absence (`absence_end`, where the absence cue ends) and an arrival time when the
    booked time stands beside it."""
    for sent in sents:
        limit = min([c for c in next_cue_starts(a) if c >= sent.start_char] + [sent.end_char])
        found = mentions.times_in(sent.start_char, limit)
        if ctype not in _CALL_CONTACTS:
            found = [t for t in found if not call_about_it(a.text, t, limit)]
            if absence_end is not None:
                found = [t for t in found if not _chasing(a.text, t, sent, absence_end)]
        booked = [t for t in found if not _arrival(a.text, t)]
        if booked and len(booked) < len(found):
            found = booked
        if found:
            return found
    return []


def call_about_it(text: str, time: TimeMention, end: int) -> bool:
    """'rang at 9 to say he'd be late': the time of a message, not of the appointment."""
    before = text[max(0, time.start - _REACH) : time.start]
    return (
        _CALL_BEFORE.search(before) is not None and _MESSAGE.search(text, time.end, end) is not None
    )


# A call or message before a time in its sentence: "Rang his mobile at 11", "TC x2 at 2.15".
_CHASE = re.compile(r"\b(?:rang|phoned|called|rung|texted|messaged|emailed|tc|t/c|tried)\b", re.I)


def _chasing(text: str, time: TimeMention, sent: Span, absence_end: int) -> bool:
    """'did not attend. Rang his mobile at 11': after an absence, a time that follows a call
    word in its sentence is when the officer chased it, not when the appointment was."""
    start = max(sent.start_char, absence_end)
    return time.start >= absence_end and _CHASE.search(text, start, time.start) is not None


def _arrival(text: str, time: TimeMention) -> bool:
    """'arrived at 11', 'came in at twenty past': when the person got there."""
    return _ARRIVAL_BEFORE.search(text[max(0, time.start - _REACH) : time.start]) is not None
