"""How late the person was and how long the contact lasted: stated ("ten minutes late")
or worked out from the booked and arrival times ("booked 2.30, arrived ten to three")."""

from __future__ import annotations

import re

from spacy.tokens import Span

from nlp.analysis import Analysis
from nlp.datetimes.times import TimeMention
from nlp.facts.contact.cues import next_cue_starts
from nlp.facts.contact.mentions import Mentions
from nlp.facts.contact.start_time import call_about_it
from nlp.facts.contact.words import ARRIVAL
from nlp.text.numbers import cardinal_pattern, words_to_int

_NUM = rf"(?:\d{{1,3}}|{cardinal_pattern(1, 69)}|a few|a couple of)"
_LATE = re.compile(
    rf"\b(?:about |around |roughly |approx\.? |nearly |over )?({_NUM})\s*"
    r"(?:minutes?|mins?|min)\s+late\b"
    # "late by ten minutes", and in shorthand "Late 10 mins (traffic)", "late - 15 min"
    rf"|\blate\s*(?:by\s+|[-\u2013:(]\s*)?({_NUM})\s*(?:minutes?|mins?|min)\b"
    r"(?!\s+(?:into|before|after|later|in)\b)"
    r"|\b(half an|an|one|two) hours?\s+late\b",
    re.I,
)
_DURATION = re.compile(
    rf"\b(?:for|lasted|lasting|a|an)\s+({_NUM})[ -]?(?:minutes?|mins?)\b"
    r"(?!\s+late)|\b(half an hour|an hour|one hour)\b(?!\s+late)",
    re.I,
)
# "arr 10:25 for 10:00": the arrival named before the booked time.
_ARRIVED_FOR = re.compile(r"\barr(?:ived)?\.?\s*(?:at\s*)?$", re.I)
# "10:40 arrived for his 10:00 OV": a timed log line, the arrival first.
_LOG_ARRIVAL = re.compile(
    rf"^\s*(?:{ARRIVAL.pattern})\s+for\s+(?:his|her|their|the|an?)?\s*$", re.I
)
# "came in at ten past eleven for his eleven o'clock appointment": arrival, then booking.
_BOOKED = re.compile(r"\b(?:booked|due|scheduled|appt|appointment)\b", re.I)
_FOR_BOOKED = re.compile(r"\s*for\s+(?:his|her|their|the|an?)?\s*$", re.I)
# "came to the office for her 10:00 appointment at 10:35": arrival, booked time, arrival time.
_BOOKED_THEN_AT = re.compile(
    r"^\s*(?:appointment|appt|session|slot|meeting|call|visit|group)?\s*(?:at|,)\s*$", re.I
)
# "booked for nine but didn't come in till twenty past": minutes past the booked hour.
_PAST_HOUR = re.compile(rf"\b(?:till|until|at|by)\s+({_NUM}|quarter|half)\s+past\b", re.I)


# "Arrived 11.20 for an 11 o'clock booking as I was held up at court": the officer's
# lateness, not the person's.
_OFFICER_LATE = re.compile(
    r"\b(?:I|we)\s+(?:was|were|had been|'d been|got|am)\s+"
    r"(?:(?!told|informed|advised|he|she|they|him|her|them)\w+\s+){0,3}"
    r"(?:held up|delayed|late|stuck|caught up|kept)\b"
    r"|\bmy\s+(?:\w+\s+){0,2}(?:overran|ran over|ran late)\b"
    r"|\b(?:officer|I)\s+(?:was|arrived)\s+late\b",
    re.I,
)


def late_minutes(a: Analysis, mentions: Mentions, sents: list[Span]) -> int | None:
    """Minutes late, as stated or from the booked and arrival times; never the officer's
    own lateness."""
    first_next = min(next_cue_starts(a) + [len(a.text)])
    officers = {s.start for s in a.sents if _OFFICER_LATE.search(s.text)}  # each sentence once
    before = [s for s in a.sents if s.start_char < first_next and s.start not in officers]
    sents = [s for s in sents if s.start not in officers]
    for sent in before:
        m = _LATE.search(sent.text)
        if m:
            if m.group(3):
                return (
                    30 if m.group(3).lower() == "half an" else 60 * (words_to_int(m.group(3)) or 1)
                )
            value = _count(m.group(1) or m.group(2))
            if value is not None and 0 < value <= 240:
                return value
    # The booked and arrival times may stand in a sentence of their own ("Booked for 2.30,
    # arrived at ten to three")
    # "Booked for" there reads as a next-appointment cue, so the arrival word decides.
    booked = [
        s
        for s in a.sents
        if s.start not in officers
        and _BOOKED.search(s.text)
        and ARRIVAL.search(s.text)
        and s not in sents[:2]
    ]
    for sent in sents[:2] + booked:
        times = mentions.times_in(sent.start_char, sent.end_char)
        # "rang at 9 to say the bus was late and arrived at 11": the call is no booking
        times = [t for t in times if not call_about_it(a.text, t, sent.end_char)]
        gap = _gap(a.text, times, sent.end_char)
        if gap is not None:
            return gap
    pair = booked_then_arrival(a, mentions)
    if pair is not None and pair[1] is not None:
        return pair[1]
    return _late_for_slot(a.text, mentions, before[:_SLOT_SENTENCES])


# The arrival word, then (within a few words: "signed in at reception 14:17") its time.
_ARRIVAL_THEN_TIME = 40


def booked_then_arrival(a: Analysis, mentions: Mentions) -> tuple[TimeMention, int | None] | None:
    """The booked time and the minutes late (None when not late, or when the arrival is the
    officer's) when a sentence gives the booking alone and the next one the arrival
    ("Booked 13:50. Signed in at reception 14:17.", "Appointment was at 10am. He got here
    at 10.25"). Only the opening sentences, before any next appointment."""
    first_next = min(next_cue_starts(a) + [len(a.text)])
    sents = a.sents[: _SLOT_SENTENCES + 1]
    for sent, following in zip(sents, sents[1:], strict=False):
        if following.end_char > first_next:
            break
        booking = _BOOKED.search(sent.text)
        if not booking or ARRIVAL.search(sent.text):
            continue
        booked = mentions.times_in(sent.start_char + booking.end(), sent.end_char)
        if len(booked) != 1:
            continue
        arrival = ARRIVAL.search(following.text)
        if arrival is None:
            continue
        start = following.start_char + arrival.end()
        came = mentions.times_in(start, min(following.end_char, start + _ARRIVAL_THEN_TIME))
        if not came:
            continue
        officers = _OFFICER_LATE.search(following.text) or _OFFICER.search(
            following.text[: arrival.start()]
        )
        gap = _clock_minutes(came[0]) - _clock_minutes(booked[0])
        return booked[0], (gap if 0 < gap <= 180 and not officers else None)
    return None


def _clock_minutes(t: TimeMention) -> int:
    return t.value.hour * 60 + t.value.minute


# "Group, 13:00–15:30. Mark arrived at 13:20": a session's slot, then when the person came.
_SLOT_SENTENCES = 3
_RANGE = re.compile(r"^\s*(?:-|\u2013|\u2014|to|until|till)\s*$", re.I)
_ARRIVED_AT = re.compile(rf"(?:{ARRIVAL.pattern})\s*(?:at\s*)?$", re.I)
_OFFICER = re.compile(r"\b(?:I|we)\s*$", re.I)


def _late_for_slot(text: str, mentions: Mentions, sents: list[Span]) -> int | None:
    """Minutes between the start of a booked slot written as a range ("09:00–16:00") and an
    arrival inside it written in the next sentences ("signed in at 09:10")."""
    start = end = None
    for sent in sents:
        times = mentions.times_in(sent.start_char, sent.end_char)
        for first, second in zip(times, times[1:], strict=False):
            if start is None and _RANGE.match(text[first.end : second.start]):
                start, end = first.value, second.value
        if start is None or end is None:
            continue
        for t in times:
            lead = text[max(sent.start_char, t.start - 30) : t.start]
            arrival = _ARRIVED_AT.search(lead)
            if not arrival or _OFFICER.search(lead[: arrival.start()]):
                continue
            gap = (t.value.hour - start.hour) * 60 + t.value.minute - start.minute
            if 0 < gap <= 120 and t.value < end:
                return gap
    return None


def _count(text: str) -> int | None:
    text = text.lower()
    if text in ("a few", "a couple of"):
        return None
    return words_to_int(text)


def _arrived_for_booking(text: str, first_start: int, between: str) -> bool:
    """'arrived for his 2pm appointment at 2:25': an arrival word, then 'for' the booked
    time, then 'at' the time they came."""
    before = text[max(0, first_start - 60) : first_start]
    return bool(
        _FOR_BOOKED.search(before) and ARRIVAL.search(before) and _BOOKED_THEN_AT.match(between)
    )


def _gap(text: str, times: list[TimeMention], end: int) -> int | None:
    """Minutes between a booked time and the arrival time written after it."""

    def minutes(t: TimeMention) -> int:
        return t.value.hour * 60 + t.value.minute

    if len(times) >= 2:
        first, second = times[0], times[1]
        between = text[first.end : second.start]
        arrived_first = (
            _ARRIVED_FOR.search(text[max(0, first.start - 12) : first.start])
            or (
                _FOR_BOOKED.match(between)
                and ARRIVAL.search(text[max(0, first.start - 60) : first.start])
            )
            or _LOG_ARRIVAL.match(between)  # a log line: "10:40 arrived for his 10:00 OV"
        )
        if arrived_first:
            gap = minutes(first) - minutes(second)  # "arr 10:25 for 10:00"
        elif ARRIVAL.search(between) or _arrived_for_booking(text, first.start, between):
            gap = minutes(second) - minutes(first)
        else:
            return None
        return gap if 0 < gap <= 180 else None
    if len(times) == 1:
        past = _PAST_HOUR.search(text, times[0].end, end)
        if past and ARRIVAL.search(text, times[0].end, past.start()):
            word = past.group(1).lower()
            late = 15 if word == "quarter" else 30 if word == "half" else _count(word)
            return late if late and 0 < late < 60 else None
    return None


def duration(sents: list[Span]) -> int | None:
    for sent in sents:
        m = _DURATION.search(sent.text)
        if m:
            if m.group(2):
                return 30 if m.group(2).lower().startswith("half") else 60
            value = words_to_int(m.group(1))
            if value is not None and 0 < value <= 600:
                return value
    return None
