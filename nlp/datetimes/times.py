"""Clock times in notes: "2pm", "14:00", "half nine", "ten twenty five", "at four"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from nlp.text.numbers import cardinal_pattern, words_to_int


def _words(text: str) -> frozenset[str]:
    """The set of whitespace-separated words in `text`."""
    return frozenset(text.split())


@dataclass(frozen=True)
class TimeMention:
    """A clock time found in a text; `text` is `source[start:end]`."""

    start: int
    end: int
    text: str
    value: dt.time


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_HOUR_WORD = cardinal_pattern(1, 12)
_HOUR_DIGIT = r"(?:1[0-2]|0?[1-9])"
_HOUR = rf"(?:{_HOUR_DIGIT}|{_HOUR_WORD})"
_MINUTE_WORD = rf"(?:(?:oh|o)[\s-]+{cardinal_pattern(1, 9)}|{cardinal_pattern(10, 59)})"
_MER = r"(?P<mer>[ap]\.\s?m\b\.?|[ap]\s?m\b)"
_NOT_BEFORE_NUM = r"(?<![\w£$€.:/,'])"
_WEEKDAY = r"(?:mon|tues?|wed|weds|thu|thur|thurs|fri|sat|sun)(?:day)?|wednesday|thursday|saturday"
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b"
)

# A time a clock would show: "10:30", "2.30pm", "6:45 p.m.".
_CLOCK = re.compile(
    rf"{_NOT_BEFORE_NUM}(?P<h>[01]?\d|2[0-3])(?P<sep>[:.])(?P<m>[0-5]\d)(?![\d]|[:.,/]\d)"
    rf"(?:\s?{_MER})?"
)
_MERIDIEM = re.compile(
    rf"{_NOT_BEFORE_NUM}(?<![A-Za-z])(?P<h>{_HOUR})(?:[\s-]+(?P<m>{_MINUTE_WORD}))?\s?{_MER}"
)
_OCLOCK = re.compile(rf"{_NOT_BEFORE_NUM}(?<![A-Za-z])(?P<h>{_HOUR})\s*o['’]?\s?clock\b")
_RELATIVE = re.compile(
    r"(?<![\w£$])(?P<q>(?:a\s+)?quarter|half|twenty[\s-]+five|twenty|ten|five|25|20|10|5)"
    rf"\s+(?P<rel>past|to|after|till)\s+(?P<h>{_HOUR})(?![\w])"
    rf"(?:\s*o['’]?\s?clock\b|\s?{_MER})?"
)
_HALF = re.compile(rf"(?<![\w£$])half\s+(?P<h>{_HOUR})(?!\w|[.:,/]\d)")
_NOON = re.compile(r"(?<![\w£$])(?:12\s*)?(?:(?P<noon>mid-?day|noon)|(?P<night>midnight))\b")
_HOURS_24 = re.compile(
    r"(?<![\w.:/£$])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s?(?:hrs|hr|h|hours)\b(?!\s*(?:/|of|per)\b)"
)
# A bare four-digit 24-hour clock ("OV 1330", "booked for 1400", "Thu 22/10 1400"): only after
# a cue word, a contact abbreviation or a date, and never a year ("in 2024", "since 2019").
_HHMM = re.compile(
    r"(?<![\w.:/£$,-])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\b"
    r"(?![.,]?\d|\s*(?:/|%|pounds|quid|words|people|miles|calories|hours of|hrs of|times)\b)"
)
_HHMM_CUES = frozenset(
    """at for from by until till til before after around about approx appt appts appointment
    ov hv tc vc upw booked attempted planned start starts starting due arr arrived @ visit call
    session video meeting next nxt na""".split()
)
_YEAR_WORDS = frozenset(
    """in since until till from of year summer spring winter autumn christmas easter early late
    mid during before after by""".split()
)
# The weakest form: a cue word then an hour ("at four", "for ten", "at ten twenty five").
_CUED = re.compile(
    r"(?<![\w'])(?P<cue>at|for|from|by|until|till|til|before|after|around|about|approx\.?"
    r"|approximately|gone|between|@)\s*"
    rf"(?<![\w])(?P<h>{_HOUR})(?:[\s-]+(?P<m>{_MINUTE_WORD}))?(?:\s?-?ish)?(?![\w]|[.:,/]\d)"
)
_WORD_TIME = re.compile(rf"(?<![\w'])(?P<h>{_HOUR_WORD})[\s-]+(?P<m>{_MINUTE_WORD})(?![\w])")
_RANGE_START = re.compile(
    rf"{_NOT_BEFORE_NUM}(?<![A-Za-z])(?P<h>{_HOUR_DIGIT})(?:[:.](?P<m>[0-5]\d))?\s*"
    rf"(?:-|–|to|till|until)\s*(?P<h2>{_HOUR_DIGIT})(?:[:.][0-5]\d)?\s?{_MER}"
)
_RANGE_NEXT = re.compile(
    rf"\s*(?:-|–|to|till|until|and)\s*(?P<h>{_HOUR})(?:[\s-]+(?P<m>{_MINUTE_WORD}))?"
    r"(?![\w]|[.:,/]\d)"
)
_DATE_BEFORE = re.compile(
    rf"(?:\b(?:{_WEEKDAY}|{_MONTH}(?:\.?,?\s*(?:19|20)\d\d\b)?|today|tomorrow|tonight|morning|afternoon|evening)"
    r"|\d(?:st|nd|rd|th)|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?)\.?,?\s*(?:at\s+)?$"
)
_NEXT_WORD = re.compile(r"\s*([A-Za-z']+|\S)?")
# A month just before a four-digit number makes it a year, never a clock: "Monday 4th
# January 2027 at 10am", "Jan. 2026", "12 Feb, 2027".
_MONTH_BEFORE = re.compile(rf"\b{_MONTH}\.?,?\s*$")
# Cheap tests that let whole patterns be skipped.
_SEP_GATE = re.compile(r"\d[:.]\d")
_MER_GATE = re.compile(r"[ap]\.?\s?m\b")
# The word before a number; a field mark between them ("appt: 1400", "next -> 9.30") is no word.
_PREV_WORD = re.compile(r"([A-Za-z]+)[\s:=>\-–]*$")
# A weekday straight after a bare four-digit clock: "next appt 1400 Thurs".
_WEEKDAY_AFTER = re.compile(rf"\s*,?\s*(?:{_WEEKDAY})\b")
# A day of a month straight after a dotted clock: "Next: 9.30 1 July", "10.15 3rd Aug".
_DAY_MONTH_AFTER = re.compile(rf"\s*,?\s*\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}")

# Words that may follow a bare cued hour ("at ten but", "for 2 on Tuesday"); any other word
# ("for two weeks", "at one point", "about four cans") means the number is not a time.
_TIME_FOLLOWERS = _words(
    """and or but on today tomorrow tonight this next with at in to till until then so as
    when which where instead sharp prompt latest start onwards appointment appointments
    appt appts apt meeting session interview review call visit via please pls there here
    again ish morning afternoon evening tmrw tmr o'clock oclock am pm"""
)
# Words that, after a spelled or written hour, show it counts something ("half two hours").
_QUANTITY_NOUNS = _words(
    """minute minutes min mins hour hours hr hrs h day days week weeks wk wks month months
    year years yr yrs times time people persons children kids cans pints units bottles
    drinks grams gram g mg ml pounds quid percent per of a an miles metres points
    sessions appointments appts hundred thousand"""
)
_NUMBER_PREV = _words("one two three four five six seven eight nine ten")
_BY_PREV = _words("reduced increased cut down up multiplied divided outnumbered late early over")
_CUE_WORDS = _words(
    """at for from by until till til before after around about approx approximately gone
    between appt appts appointment meeting session arrived arr booked joined attended"""
)
_RANGE_MARKS = _words("- – to till until and")
_BOOKING_VERBS = _words("booked due scheduled")
_BOOKING_NOUNS = _words("appointment appt appts session slot meeting call visit ov hv tc vc")
_WEEKDAY_RE = re.compile(rf"^(?:{_WEEKDAY})$")


def _hour_value(token: str) -> int | None:
    value = words_to_int(token)
    return value if value is not None and 0 <= value <= 23 else None


def _bare_hour(hour: int) -> int:
    """Office hours: 8-11 is morning, 12 noon, 1-7 afternoon."""
    if 1 <= hour <= 7:
        return hour + 12
    return hour


def _apply_meridiem(hour: int, mer: str | None) -> int | None:
    if mer is None:
        return _bare_hour(hour)
    if not 1 <= hour <= 12:
        return None
    if mer.lower().startswith("a"):
        return hour % 12
    return hour % 12 + 12


def _make(hour: int | None, minute: int | None) -> dt.time | None:
    if hour is None or minute is None or not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return dt.time(hour, minute)


def _minutes(token: str | None) -> int | None:
    if not token:
        return 0
    words = re.split(r"[\s-]+", token.lower())
    if words[0] in ("oh", "o"):
        words = words[1:]
    return words_to_int(" ".join(words))


def _clock_value(m: re.Match[str]) -> dt.time | None:
    h_text, minute, mer = m.group("h"), int(m.group("m")), m.group("mer")
    hour = int(h_text)
    if mer:
        return _make(_apply_meridiem(hour, mer), minute)
    if hour >= 13 or hour == 0 or (len(h_text) == 2 and h_text.startswith("0")):
        return _make(hour, minute)
    return _make(_bare_hour(hour), minute)


def _hour_minute_value(m: re.Match[str]) -> dt.time | None:
    hour = _hour_value(m.group("h"))
    if hour is None:
        return None
    groups = m.groupdict()
    mer = groups.get("mer")
    return _make(_apply_meridiem(hour, mer), _minutes(groups.get("m")))


def _relative_value(m: re.Match[str]) -> dt.time | None:
    q = re.sub(r"[\s-]+", " ", m.group("q")).removeprefix("a ")
    rel = m.group("rel")
    offset = {"quarter": 15, "half": 30}.get(q)
    if offset is None:
        offset = words_to_int(q)
    hour = _hour_value(m.group("h"))
    if offset is None or hour is None or (q == "half" and rel in ("to", "till")):
        return None
    hour24 = _apply_meridiem(hour, m.group("mer"))
    if hour24 is None:
        return None
    total = hour24 * 60 + (offset if rel in ("past", "after") else -offset)
    total %= 24 * 60
    return dt.time(total // 60, total % 60)


def _half_value(m: re.Match[str]) -> dt.time | None:
    hour = _hour_value(m.group("h"))
    return None if hour is None else _make(_bare_hour(hour), 30)


def _noon_value(m: re.Match[str]) -> dt.time | None:
    return dt.time(12, 0) if m.group("noon") else dt.time(0, 0)


def _hours24_value(m: re.Match[str]) -> dt.time | None:
    return _make(int(m.group("h")), int(m.group("m")))


def _next_word(text: str, pos: int) -> str | None:
    m = _NEXT_WORD.match(text, pos)
    word = m.group(1) if m else None
    return word.lower() if word else None


def _follows_ok(text: str, end: int) -> bool:
    """Whether what follows a bare hour lets it be a time ("at ten but" yes, "for two weeks" no)."""
    word = _next_word(text, end)
    if word is None:
        return True
    if not word[0].isalpha():
        return word not in ("%", "/", "x", "*", "+", "£", "$")
    if word == "for":  # "arrived at 11 for his 10.30 appointment", not "at two for a week"
        after_for = _NEXT_WORD.match(text, end)
        return after_for is not None and _next_word(text, after_for.end()) in _OWNERS
    return word in _TIME_FOLLOWERS or _WEEKDAY_RE.match(word) is not None


_OWNERS = _words("his her their the")


def _not_quantity(text: str, end: int) -> bool:
    """Looser guard for forms that already look like times ("half nine", "ten to three")."""
    word = _next_word(text, end)
    return word is None or (word not in _QUANTITY_NOUNS and word not in ("%", "/", "x"))


def _cued_ok(text: str, m: re.Match[str]) -> bool:
    cue = m.group("cue")
    start = m.start()
    prev = _PREV_WORD.search(text, max(0, start - 20), start)
    prev_word = prev.group(1) if prev else ""
    if cue == "by" and (prev_word in _NUMBER_PREV or prev_word in _BY_PREV):
        return False  # "one by one", "reduced by two"
    end = m.end()
    word = _next_word(text, end)
    if word in _RANGE_MARKS:
        nxt = _RANGE_NEXT.match(text, end)
        if nxt is not None:
            return _follows_ok(text, nxt.end())
        if cue == "between":
            return False
    elif cue == "between":
        return False
    if m.group("m") and word not in _QUANTITY_NOUNS:
        return True  # "walked in at nine forty one saying...": hour and minute make a clock
    if prev_word in _BOOKING_VERBS and word not in _QUANTITY_NOUNS:
        return True  # dictated with no stops: "booked for ten he came in at twenty past"
    return _follows_ok(text, end)


def _date_before(text: str, start: int) -> bool:
    return _DATE_BEFORE.search(text, max(0, start - 40), start) is not None


def lower_ascii(text: str) -> str:
    """`text` with A-Z lower-cased and nothing else changed, so offsets stay put."""
    return text.translate(_ASCII_LOWER)


def find_times(text: str) -> list[TimeMention]:
    """Clock times in `text`, in order, each with a cue that makes it a time."""
    original, text = text, lower_ascii(text)
    found: list[tuple[int, int, dt.time]] = []

    def add(start: int, end: int, value: dt.time | None) -> None:
        if value is not None:
            found.append((start, end, value))

    has_sep = _SEP_GATE.search(text) is not None
    has_mer = _MER_GATE.search(text) is not None
    for m in _CLOCK.finditer(text) if has_sep else ():
        if m.group("sep") == ":" or m.group("mer"):
            add(m.start(), m.end(), _clock_value(m))
            continue
        prev = _PREV_WORD.search(text, max(0, m.start() - 20), m.start())
        cued = prev is not None and prev.group(1) in _CUE_WORDS
        after = _next_word(text, m.end())
        hours24 = len(m.group("h")) == 2 and after in ("hrs", "h")
        weekday_after = (  # "Next: 9.30 Fri", "Next: 9.30 1 July"
            _WEEKDAY_AFTER.match(text, m.end()) is not None
            or _DAY_MONTH_AFTER.match(text, m.end()) is not None
        )
        booking = after in _BOOKING_NOUNS  # "for his 10.30 appointment"
        if cued or hours24 or weekday_after or booking or _date_before(text, m.start()):
            add(m.start(), m.end(), _clock_value(m))
    for m in _MERIDIEM.finditer(text) if has_mer else ():
        add(m.start(), m.end(), _hour_minute_value(m))
    for m in _OCLOCK.finditer(text) if "clock" in text else ():
        add(m.start(), m.end(), _hour_minute_value(m))
    for m in _RELATIVE.finditer(text):
        if m.group("mer") or _not_quantity(text, m.end()):
            add(m.start(), m.end(), _relative_value(m))
    for m in _HALF.finditer(text) if "half" in text else ():
        if _not_quantity(text, m.end()):
            add(m.start(), m.end(), _half_value(m))
    for m in _NOON.finditer(text) if "mid" in text or "noon" in text else ():
        add(m.start(), m.end(), _noon_value(m))
    for m in _HOURS_24.finditer(text) if "h" in text else ():
        add(m.start(), m.end(), _hours24_value(m))
    for m in _RANGE_START.finditer(text) if has_mer else ():
        first = int(m.group("h")) % 12
        second = int(m.group("h2")) % 12
        mer = m.group("mer")
        if mer.lower().startswith("p") and first > second:
            mer = "am"
        hour = _apply_meridiem(int(m.group("h")), mer)
        minute = int(m.group("m")) if m.group("m") else 0
        end = m.start("m") + 2 if m.group("m") else m.end("h")
        add(m.start(), end, _make(hour, minute))
    for m in _HHMM.finditer(text):
        prev = _PREV_WORD.search(text, max(0, m.start() - 20), m.start())
        word = prev.group(1) if prev else ""
        year_like = m.group("h") in ("19", "20") and (
            word in _YEAR_WORDS or _MONTH_BEFORE.search(text, max(0, m.start() - 12), m.start())
        )
        cued = word in _HHMM_CUES or (
            m.group("h") not in ("19", "20") and _WEEKDAY_AFTER.match(text, m.end()) is not None
        )
        if not year_like and (cued or _date_before(text, m.start())):
            add(m.start(), m.end(), _make(int(m.group("h")), int(m.group("m"))))
    for m in _CUED.finditer(text):
        if _cued_ok(text, m):
            add(m.start("h"), m.end(), _hour_minute_value(m))
    for m in _WORD_TIME.finditer(text):
        if _date_before(text, m.start()) and _follows_ok(text, m.end()):
            add(m.start(), m.end(), _hour_minute_value(m))
    found = _add_range_ends(text, found)
    return _select(original, found)


def _add_range_ends(
    text: str, found: list[tuple[int, int, dt.time]]
) -> list[tuple[int, int, dt.time]]:
    """'from 2 to 4', 'between two and four': the end of a range is a time too."""
    extra: list[tuple[int, int, dt.time]] = []
    for _start, end, value in found:
        m = _RANGE_NEXT.match(text, end)
        if m is None or not _follows_ok(text, m.end()):
            continue
        hour = _hour_value(m.group("h"))
        if hour is None:
            continue
        hour24 = _bare_hour(hour)
        if value.hour >= 12 and hour < 12:
            hour24 = hour + 12 if hour + 12 > value.hour else hour
        end_value = _make(hour24, _minutes(m.group("m")))
        if end_value is not None:
            extra.append((m.start("h"), m.end(), end_value))
    return found + extra


def _select(text: str, found: list[tuple[int, int, dt.time]]) -> list[TimeMention]:
    """Keep the longest of overlapping candidates, earliest first."""
    chosen: list[tuple[int, int, dt.time]] = []
    for start, end, value in sorted(found, key=lambda f: (-(f[1] - f[0]), f[0])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, value))
    chosen.sort()
    return [TimeMention(s, e, text[s:e], v) for s, e, v in chosen]


_LEAD = re.compile(
    r"^\s*(?:(?:at|for|from|by|until|till|about|around|approx\.?|approximately|@)\s*)?"
)
_BARE = re.compile(rf"(?P<h>{_HOUR})(?:[\s-]+(?P<m>{_MINUTE_WORD}))?(?:\s?{_MER})?")
_FULL_PATTERNS = (
    (_CLOCK, _clock_value),
    (_MERIDIEM, _hour_minute_value),
    (_OCLOCK, _hour_minute_value),
    (_RELATIVE, _relative_value),
    (_HALF, _half_value),
    (_NOON, _noon_value),
    (_HOURS_24, _hours24_value),
    (_BARE, _hour_minute_value),
)


def parse_time(text: str) -> dt.time | None:
    """The time one phrase names ("2pm", "14:00", "half nine", "at four"), else None."""
    text = lower_ascii(text)
    lead = _LEAD.match(text)
    body = text[lead.end() if lead else 0 :].rstrip(" \t\n!,.")
    for tail in ("-ish", "ish", "sharp", "prompt"):
        body = body.removesuffix(tail).rstrip()
    if not body:
        return None
    for pattern, convert in _FULL_PATTERNS:
        m = pattern.fullmatch(body)
        if m:
            return convert(m)
    return None
