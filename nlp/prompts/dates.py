"""Dates a chat prompt names: the contact's, the one being set, or a filter's start."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from nlp.datetimes.dates import DateMention, find_dates
from nlp.prompts.cues import IntentCues

SENTENCE = re.compile(r"[.!?;\n]+\s*(?=\S)")
_LAST_DAY = re.compile(  # "TC w/ Daz mon", "next apt wed 9:30": a weekday ending the prompt
    r"\b(mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)\b"
    r"(?:\W+(?:at\s+)?\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\b\.?)?)?\W*$",
    re.I,
)


def contact_date(text: str, reference: dt.date, cues: IntentCues) -> dt.date | None:
    """The date of the contact the prompt records, ignoring the next appointment."""
    sentences = [m for m in SENTENCE.finditer(text)]
    first_end = sentences[0].start() if sentences else len(text)
    for mention in prompt_dates(text):
        before = text[max(0, mention.start - 40) : mention.start].lower()
        before = SENTENCE.split(before)[-1]
        if any(re.search(rf"\b{re.escape(c)}\b", before) for c in cues.next_cues):
            continue
        if mention.start > first_end and not _contact_words(text, mention, cues):
            continue
        day = mention.resolve(reference, "past")
        if day is not None and day <= reference:
            return day
    return None


# "log tuesdays hv with X": a weekday's possessive without its apostrophe, before the contact
# it names (a bare "on mondays" is a habit, not a date).
_DAYS_CONTACT = re.compile(
    r"\b(mon|tues|wednes|thurs|fri|satur|sun)days\s+(?=(?:hv|ov|tc|vc|home|office|phone"
    r"|video|visit|appt|appointment|call|session|contact|meeting|keywork|curfew)\b)",
    re.I,
)


def prompt_dates(text: str) -> list[DateMention]:
    """Date mentions, plus a weekday abbreviation ending a terse prompt ("TC w/ Daz mon") and
    a weekday's possessive before a contact ("tuesdays hv")."""
    found = find_dates(text)
    if not found:
        days = _DAYS_CONTACT.search(text)
        if days:
            found = [
                replace(
                    m,
                    start=days.start(),
                    end=days.end(1) + 4,
                    text=text[days.start() : days.end(1) + 4],
                )
                for m in find_dates("on " + days.group(1) + "day")
            ]
    if not found:
        tail = max(0, len(text) - 40)  # only the end of the prompt, and no long backtracking
        last = _LAST_DAY.search(text, tail)
        if last:
            found = [
                replace(m, start=last.start(1), end=last.end(1), text=last.group(1))
                for m in find_dates("on " + last.group(1))
            ]
    return found


def _contact_words(text: str, mention: DateMention, cues: IntentCues) -> bool:
    """Whether the sentence up to a date speaks of a contact ("seen at home on 3/4")."""
    start = text.rfind(".", 0, mention.start) + 1
    before = re.findall(r"[a-z]+", text[start : mention.start].lower())
    return any(w in cues.contact_words for w in before)


def filter_date(text: str, reference: dt.date) -> dt.date | None:
    """The start of a list or search filter: "since 1/3", "since March", "from last week"."""
    for mention in find_dates(text):
        day = mention.resolve(reference, "past")
        if day is None and mention.kind == "vague":
            try:
                day = _range_start(mention, reference)
            except (ValueError, OverflowError):  # before year 1
                day = None
        if day is not None:
            return day
    return None


def _range_start(mention: DateMention, reference: dt.date) -> dt.date | None:
    """First day of a month, week or "last month" a filter names."""
    phrase = mention.text.lower()
    if mention.month is not None:
        year = reference.year - (mention.month > reference.month)
        return dt.date(year, mention.month, 1)
    monday = reference - dt.timedelta(days=reference.weekday())
    if "week" in phrase:
        return monday - dt.timedelta(days=7) if "last" in phrase or "past" in phrase else monday
    if "month" in phrase:
        first = reference.replace(day=1)
        if "last" in phrase or "past" in phrase:
            return (first - dt.timedelta(days=1)).replace(day=1)
        return first
    return None


def first_date(mentions: list[DateMention], reference: dt.date, direction: str) -> dt.date | None:
    """The first of some date mentions that resolves, looking the given way."""
    for mention in mentions:
        day = mention.resolve(reference, direction)
        if day is not None:
            return day
    return None
