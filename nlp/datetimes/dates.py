"""Date expressions in notes ("next Tuesday", "Wed 18th", "3/4", "in a fortnight"), UK day-first.

`find_dates` finds spans with regexes; `DateMention.resolve` turns one into a date against the
day the note was written. Clock times live in `nlp.datetimes.times` and are re-exported here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from nlp.datetimes.times import TimeMention, find_times, lower_ascii, parse_time
from nlp.text.numbers import cardinal_pattern, ordinal_pattern, ordinal_to_int, words_to_int

__all__ = [
    "DIRECTIONS",
    "DateMention",
    "TimeMention",
    "find_dates",
    "find_times",
    "parse_time",
    "resolve_date_phrase",
]

DIRECTIONS = ("past", "future", "nearest")


def _words(text: str) -> frozenset[str]:
    """The set of whitespace-separated words in `text`."""
    return frozenset(text.split())


WEEKDAYS = {
    **dict.fromkeys(("monday", "mon"), 0),
    **dict.fromkeys(("tuesday", "tues", "tue", "tuesady", "teusday"), 1),
    **dict.fromkeys(("wednesday", "weds", "wed", "wensday", "wednsday", "wendsday"), 2),
    **dict.fromkeys(("thursday", "thurs", "thur", "thu", "thurday"), 3),
    **dict.fromkeys(("friday", "fri"), 4),
    **dict.fromkeys(("saturday", "sat"), 5),
    **dict.fromkeys(("sunday", "sun"), 6),
}
MONTHS = {
    **dict.fromkeys(("january", "jan"), 1),
    **dict.fromkeys(("february", "febuary", "feb"), 2),
    **dict.fromkeys(("march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    "may": 5,
    **dict.fromkeys(("june", "jun"), 6),
    **dict.fromkeys(("july", "jul"), 7),
    **dict.fromkeys(("august", "aug"), 8),
    **dict.fromkeys(("september", "sept", "sep"), 9),
    **dict.fromkeys(("october", "oct"), 10),
    **dict.fromkeys(("november", "nov"), 11),
    **dict.fromkeys(("december", "dec"), 12),
}
# Weekday abbreviations that are also English words ("he sat", "the sun"): need a cue.
_AMBIGUOUS_WEEKDAYS = frozenset({"mon", "wed", "sat", "sun"})
# Month words that are also English words or names ("he may", "Dec Brennan").
_AMBIGUOUS_MONTHS = _words("may march mar jan dec jun sep aug")


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first so that "tues" wins over "tue"."""
    return "|".join(sorted(words, key=len, reverse=True))


_WD = rf"(?:{_alt(WEEKDAYS)})(?!\w)"
_MON = rf"(?:{_alt(MONTHS)})(?!\w)"
_FULL_MONTHS = frozenset(k for k in MONTHS if len(k) > 3 and k != "febuary") | {"may"}
_FULL_MON = rf"(?:{_alt(_FULL_MONTHS)})(?!\w)"
_ORD_WORD = ordinal_pattern(1, 31)
_DAYNUM = r"(?:3[01]|[12]\d|0?[1-9])"
_DAY = rf"(?:(?P<d>{_DAYNUM})(?P<sfx>st|nd|rd|th)?(?!\d)|(?P<dw>{_ORD_WORD})(?!\w))"
_YEAR = r"(?:\.?(?:,\s*|\s+|-)(?P<y>(?:19|20)\d{2})(?!\d)|\s+'(?P<y2>\d{2})(?!\d))"
_NUM = rf"(?:\d{{1,2}}|{cardinal_pattern(1, 59)}|a|an)"
_START = r"(?<![\w£$€'/])"

_DAY_MONTH = re.compile(
    rf"{_START}(?:(?P<wd>{_WD})\.?[,\s]+(?:the\s+)?)?(?:the\s+)?{_DAY}(?:\s+of)?[\s-]*"
    rf"(?P<mon>{_MON})(?:{_YEAR})?"
)
_MONTH_DAY = re.compile(
    rf"{_START}(?:(?P<wd>{_WD})\.?[,\s]+)?(?P<mon>{_MON})\.?\s+(?:the\s+)?{_DAY}(?:{_YEAR})?"
)
_NUMERIC = re.compile(
    rf"(?<![\w£$€.:/,-])(?:(?P<wd>{_WD})\.?[,\s]+)?(?P<d>{_DAYNUM})(?P<sep>[/.-])"
    r"(?P<m>1[0-2]|0?[1-9])(?:(?P=sep)(?P<y>(?:19|20)?\d{2}))?(?![\w/%]|[.:,/-]\d)"
)
_ISO = re.compile(r"(?<![\w/.-])(?P<y>(?:19|20)\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w/-])")
_WEEKDAY_DAY = re.compile(rf"{_START}(?P<wd>{_WD})\.?[,\s]+(?:the\s+)?{_DAY}")
_ORDINAL = re.compile(
    rf"{_START}(?:(?P<pre>on|by|until|till|til|from|since|before|after)\s+)?(?P<the>the\s+)?"
    rf"(?:(?P<d>{_DAYNUM})(?P<sfx>st|nd|rd|th)(?!\w)|(?P<dw>{_ORD_WORD})(?!\w))"
    r"(?P<ofrel>\s+of\s+(?P<rel>next|this|last)\s+month)?"
)
_WEEKDAY = re.compile(
    rf"{_START}(?:(?P<wk>a\s+week|a\s+fortnight|(?:one|1)\s+week|(?:two|2|three|3)\s+weeks)"
    r"\s+(?:on\s+|from\s+)?"
    r"|(?P<mod>next|this\s+coming|this|last|coming|the\s+following|following|previous"
    r"|the\s+previous)\s+)?"
    rf"(?P<wd>{_WD})(?:\s+(?P<suffix>next\s+week|last\s+week|this\s+week|week|just\s+gone|gone"
    r"|coming|morning|afternoon|evening|night|lunchtime|lunch\s*time|am|pm)(?!\w))?"
)
_RELATIVE_WORDS = {
    "today": 0,
    "todays": 0,
    "tonight": 0,
    "tonights": 0,
    "tomorrow": 1,
    "tomorrows": 1,
    "tmrw": 1,
    "tmrow": 1,
    "tmr": 1,
    "2moro": 1,
    "yesterday": -1,
    "yesterdays": -1,
    "yday": -1,
}
_RELATIVE = re.compile(
    r"(?<![\w'])(?:(?P<dbl>the\s+day\s+(?P<ba>before\s+yesterday|after\s+tomorrow))"
    r"|(?:earlier|later)\s+(?P<today>today)"
    rf"|(?P<word>{_alt(_RELATIVE_WORDS)})"
    # "this mornings visit", "last nights call": a possessive typed or dictated without its
    # apostrophe ("ams" and "pms" are no possessives)
    r"(?:\s+(?P<pod>morning|afternoon|evening|night|lunchtime|am|pm)(?:(?<!m)s)?(?!\w))?"
    r"|this\s+(?P<this>morning|afternoon|evening|am|pm)s?(?!\w)"
    r"|last\s+(?P<lastnight>night)s?(?!\w))(?!\w)"
)
_OFFSET = re.compile(
    rf"(?<![\w'])(?:(?P<in>in|within)\s+(?P<n1>{_NUM})\s+(?P<u1>working\s+days?|days?|weeks?"
    r"|wks?|months?|fortnights?)(?:['’]s?|s['’])?(?:\s+time)?"
    rf"|(?P<n2>{_NUM})\s+(?P<u2>days?|weeks?|wks?|months?|fortnights?)(?:['’]s?|s['’])?"
    r"\s+(?P<anchor>time|today|tomorrow|ago|from\s+(?:today|now|tomorrow))"
    r"|(?P<in3>in)\s+(?P<u3>a\s+couple\s+of\s+weeks|a\s+few\s+(?:days|weeks)|a\s+couple\s+of"
    r"\s+days))(?!\w)"
)
_SAME_TIME_NEXT_WEEK = re.compile(
    r"(?<![\w'])(?:(?:at\s+)?(?:the\s+)?same\s+time(?:,?\s+(?:and\s+)?same\s+place)?,?\s+next\s+week"
    r"|next\s+week,?\s+(?:at\s+)?(?:the\s+)?same\s+time|this\s+time\s+next\s+week)(?!\w)"
)
_SAME_TIME_AFTER = re.compile(r"\s*,?\s*(?:at\s+)?(?:the\s+)?same\s+time(?!\w)")
_VAGUE = re.compile(
    r"(?<![\w'])(?:(?:earlier|later)\s+(?:this|next|last)\s+week|(?:earlier|later)\s+in\s+the"
    r"\s+week|(?:next|last|this|the\s+following|the\s+previous)\s+(?:week(?:end)?|month"
    r"|year)|(?:next|last|this|the)\s+weekend|(?:next|last|this)\s+wknd|wknd"
    r"|the\s+week\s+after(?:\s+next)?"
    r"|(?:the\s+)?end\s+of\s+(?:the|this|next)\s+(?:week|month)|the\s+other\s+day"
    r"|(?P<cue>(?:in|since|during|until|till|from|before|after|by|of|last|next|this|early|late"
    r"|mid|end\s+of|start\s+of|beginning\s+of)\s+(?:the\s+end\s+of\s+)?|mid-)"
    rf"(?P<mon>{_FULL_MON})(?:\s+(?P<y>(?:19|20)\d{{2}}))?"
    rf"|(?P<mon2>{_FULL_MON})\s+(?P<y2>(?:19|20)\d{{2}})"
    r"|(?P<ycue>in|since|during|until|from|before|after|by|of)\s+(?P<y3>(?:19|20)\d{2}))(?![\w/])"
)
_HOLIDAYS = {
    "christmas day": (25, 12),
    "xmas day": (25, 12),
    "christmas eve": (24, 12),
    "xmas eve": (24, 12),
    "boxing day": (26, 12),
    "new year's day": (1, 1),
    "new years day": (1, 1),
    "new year's eve": (31, 12),
    "new years eve": (31, 12),
}
_HOLIDAY = re.compile(
    r"(?<![\w'])(?:(?P<fixed>(?:christmas|xmas)\s+(?:day|eve)|boxing\s+day"
    r"|new\s+year['’]?s\s+(?:day|eve))|(?P<loose>christmas|xmas|easter|new\s+year))(?!\w)"
)
_WEEK_COMMENCING = re.compile(
    r"(?:(?<![\w/])(?:w/c|w\.c\.?|wc|w/b|wb)|\bweek\s+(?:commencing|beginning|starting)"
    r"|\bthe\s+week\s+of)\s*(?:the\s+)?$"
)
_PREV_WORD = re.compile(r"([A-Za-z/]+)\W*$")
# "Mon-Fri", "Sat/Sun": a weekday range makes an ambiguous abbreviation a weekday.
_WEEKDAY_RANGE_AFTER = re.compile(rf"\s*[-–/]\s*{_WD}")
_WEEKDAY_RANGE_BEFORE = re.compile(rf"{_WD}\s*[-–/]\s*$")
# Cheap tests that let whole patterns be skipped on notes without months or "d/m" numbers.
_MONTH_GATE = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
_NUMERIC_GATE = re.compile(r"\d[/.-]\d")
_NEXT_WORD = re.compile(r"\s*([A-Za-z']+|\S)?")
_CLOCK_AFTER = re.compile(r"\s*(?:[:.]\d|[ap]\.?m\b)")
_BARE_DAY_END = re.compile(r"\s*(?:$|[.,;)!?]|\bat\b|\n)")
_DECIMAL_AFTER = re.compile(r"[.,]\d")
# Words before a "d/m" that make it a score or a count ("mood 7/10", "RAR 5/10 completed").
_SCORE_WORDS = _words(
    """score scored scores scoring rated rate rates rating mood anxiety pain stress
    motivation confidence level scale craving cravings marks out rar upw day days session
    sessions hours hrs week weeks"""
)
_DATE_CUES = _words(
    """on from since until till til by before after w/c wc w/b commencing beginning
    starting dated date dob appt appts appointment rebooked booked for next seen"""
)
_STRONG_CUES = _words("on from since until till til by w/c wc w/b commencing dated dob")
_WEEKDAY_CUES = _words("on from since until till til by before after next last this w/c wc w/b")
_DATE_FOLLOWERS = _words(
    """and or to till until for when then which but so at in instead as next this with
    between from morning afternoon evening night please"""
)
# A time straight after a small spelled ordinal makes it a day: "next appt the fourth at ten".
_AT_TIME = re.compile(
    rf"\s+at\s+(?:\d|half\b|quarter\b|noon\b|midday\b|{cardinal_pattern(1, 12)}\b)", re.I
)
# Followers that fit a date only after a cue ("on the 3rd he rang", not "the 3rd he missed").
_CUED_FOLLOWERS = _words("he she they i we it his her was is will")
_QUANTITY = _words(
    """minute minutes min mins hour hours hr hrs day days week weeks wk wks month months
    year years yrs times people children kids cans pints units bottles drinks grams mg
    ml pounds percent per of miles points sessions session completed complete done
    remaining"""
)


# The words a pattern can start with ("#" stands for any number): patterns are tried only
# where one of these starts a token, which is much faster than scanning every character.
_ORD_FIRST = _words(
    """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
    thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth
    twentieth thirtieth twenty thirty"""
)
_NUM_FIRST = _words(
    """# a an one two three four five six seven eight nine ten eleven twelve thirteen
    fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty"""
)
_WD_FIRST = frozenset(WEEKDAYS)
_FIRST_DIGIT = frozenset("#")
_FIRST_DAY_MONTH = _WD_FIRST | _ORD_FIRST | {"the", "#"}
_FIRST_MONTH_DAY = _WD_FIRST | frozenset(MONTHS)
_FIRST_NUMERIC = _WD_FIRST | {"#"}
_FIRST_WEEKDAY_DAY = _WD_FIRST
_FIRST_ORDINAL = _ORD_FIRST | _words("# the on by until till til from since before after")
_FIRST_WEEKDAY = _WD_FIRST | _words(
    "# a one two three next this last coming the following previous"
)
_FIRST_RELATIVE = frozenset(_RELATIVE_WORDS) | _words("# the earlier later this last")
_FIRST_OFFSET = _NUM_FIRST | {"in", "within"}
_FIRST_SAME_TIME = frozenset({"at", "the", "same", "next", "this"})
_FIRST_HOLIDAY = _words("christmas xmas boxing new easter")
_FIRST_VAGUE = _FULL_MONTHS | _words(
    """earlier later next last this the wknd end in since during until till from before
    after by of early late mid start beginning"""
)
_TOKEN = re.compile(r"[a-z]+|(?<!\d)\d")
_FIRST_KEYS = {
    word: word
    for word in _FIRST_DAY_MONTH
    | _FIRST_MONTH_DAY
    | _FIRST_ORDINAL
    | _FIRST_WEEKDAY
    | _FIRST_RELATIVE
    | _FIRST_OFFSET
    | _FIRST_SAME_TIME
    | _FIRST_VAGUE
    | _FIRST_HOLIDAY
} | dict.fromkeys("0123456789", "#")


class _Tokens:
    """Where each word of a lower-cased text starts, to try patterns only at likely starts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: dict[str, list[int]] = {}
        keys = _FIRST_KEYS
        for m in _TOKEN.finditer(text):
            key = keys.get(m[0])
            if key is not None:
                self.starts.setdefault(key, []).append(m.start())

    def matches(self, pattern: re.Pattern[str], first: frozenset[str]) -> list[re.Match[str]]:
        """Matches of `pattern` starting where a word in `first` starts."""
        starts = self.starts
        positions = sorted(p for word in first if word in starts for p in starts[word])
        found = []
        for pos in positions:
            m = pattern.match(self.text, pos)
            if m is not None:
                found.append(m)
        return found


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a text; `text` is `source[start:end]`.

    `kind` is "date" (day and month), "day" (day of month only: "the 28th"), "weekday",
    "relative" (a day offset: "today", "in two weeks"), "same_time_next_week",
    "week_commencing" (the week's first day) or "vague" ("last week", "in May": no one day).
    """

    start: int
    end: int
    text: str
    kind: str = "date"
    day: int | None = None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None
    offset_days: int = 0
    offset_months: int = 0
    weeks: int = 0
    anchor: str | None = None
    working_days: bool = False
    part_of_day: str | None = None
    same_time: bool = False

    def resolve(self, reference: dt.date, direction: str = "nearest") -> dt.date | None:
        """The date meant, written on `reference`; direction is "past", "future" or "nearest"."""
        if direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
        try:
            return self._resolve(reference, direction)
        except (ValueError, OverflowError):
            return None

    def _resolve(self, ref: dt.date, direction: str) -> dt.date | None:
        if self.kind == "vague":
            return None
        if self.kind in ("relative", "same_time_next_week"):
            if self.working_days:
                return _add_working_days(ref, self.offset_days)
            return _add_months(ref, self.offset_months) + dt.timedelta(days=self.offset_days)
        if self.day is not None and self.month is not None:
            return _resolve_day_month(self, ref, direction)
        if self.day is not None:
            return _resolve_day(self, ref, direction)
        if self.weekday is not None:
            return _resolve_weekday(self, ref, direction)
        return None


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _add_working_days(day: dt.date, count: int) -> dt.date:
    step = 1 if count >= 0 else -1
    for _ in range(abs(count)):
        day += dt.timedelta(days=step)
        while day.weekday() >= 5:
            day += dt.timedelta(days=step)
    return day


def _pick(candidates: list[dt.date], ref: dt.date, direction: str, strict: bool) -> dt.date | None:
    """The candidate the direction points at; the nearest when none lies that way."""
    if not candidates:
        return None
    if direction == "past":
        before = [c for c in candidates if c <= ref]
        if before:
            return max(before)
    elif direction == "future":
        after = [c for c in candidates if (c > ref if strict else c >= ref)]
        if after:
            return min(after)
    return min(candidates, key=lambda c: (abs((c - ref).days), c < ref))


def _valid(year: int, month: int, day: int) -> dt.date | None:
    if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
        return dt.date(year, month, day)
    return None


def _keep_weekday(candidates: list[dt.date], weekday: int | None) -> list[dt.date]:
    matching = [c for c in candidates if c.weekday() == weekday]
    return matching if weekday is not None and matching else candidates


def _resolve_day_month(m: DateMention, ref: dt.date, direction: str) -> dt.date | None:
    assert m.day is not None and m.month is not None
    if m.year is not None:
        return _valid(m.year, m.month, m.day)
    years = range(max(ref.year - 1, 1), min(ref.year + 1, 9999) + 1)
    found = [d for y in years if (d := _valid(y, m.month, m.day)) is not None]
    return _pick(_keep_weekday(found, m.weekday), ref, direction, strict=False)


def _resolve_day(m: DateMention, ref: dt.date, direction: str) -> dt.date | None:
    assert m.day is not None
    if m.anchor in ("next_month", "this_month", "last_month"):
        base = _add_months(ref.replace(day=1), {"next_month": 1, "last_month": -1}.get(m.anchor, 0))
        return _valid(base.year, base.month, m.day)
    first = ref.replace(day=1)
    months = (_add_months(first, k) for k in range(-13, 14))
    found = [d for b in months if (d := _valid(b.year, b.month, m.day)) is not None]
    return _pick(_keep_weekday(found, m.weekday), ref, direction, strict=True)


def _resolve_weekday(m: DateMention, ref: dt.date, direction: str) -> dt.date | None:
    assert m.weekday is not None
    anchor = m.anchor
    if anchor in ("next_week", "this_week", "last_week"):
        monday = ref - dt.timedelta(days=ref.weekday())
        shift = {"next_week": 7, "last_week": -7}.get(anchor, 0)
        return monday + dt.timedelta(days=shift + m.weekday)
    ahead = (m.weekday - ref.weekday() - 1) % 7 + 1  # 1..7 days to the next one
    back = (ref.weekday() - m.weekday - 1) % 7 + 1  # 1..7 days since the last one
    after = ref + dt.timedelta(days=ahead)
    before = ref - dt.timedelta(days=back)
    if m.weeks:
        return after + dt.timedelta(days=7 * m.weeks)
    if anchor in ("next", "coming", "following"):
        return after
    if anchor in ("last", "gone", "previous"):
        return before
    if direction == "future":
        return after
    if direction == "past":
        return before
    return after if ahead <= back else before


def _next_word(text: str, pos: int) -> str | None:
    m = _NEXT_WORD.match(text, pos)
    word = m.group(1) if m else None
    return word.lower() if word else None


def _prev_word(text: str, pos: int) -> str:
    m = _PREV_WORD.search(text, max(0, pos - 24), pos)
    return m.group(1).lower() if m else ""


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 8) : pos].rstrip(" \t\"'(")
    return not before or before[-1] in ".!?\n:;-"


def _cued(text: str, pos: int) -> bool:
    return _prev_word(text, pos) in _DATE_CUES or bool(
        _WEEK_COMMENCING.search(text, max(0, pos - 24), pos)
    )


def _follows_ok(text: str, end: int, loose: bool = False) -> bool:
    word = _next_word(text, end)
    if word is None or not word[0].isalnum():
        return word not in ("%", "/", "x")
    if loose:
        return word not in _QUANTITY
    return word in _DATE_FOLLOWERS or word in WEEKDAYS or word in MONTHS or word.isdigit()


def _day_value(m: re.Match[str]) -> int | None:
    if m.group("d"):
        return int(m.group("d"))
    return ordinal_to_int(m.group("dw"))


def _weekday(m: re.Match[str]) -> int | None:
    wd = m.groupdict().get("wd")
    return WEEKDAYS.get(wd) if wd else None


def _year(m: re.Match[str]) -> int | None:
    groups = m.groupdict()
    if groups.get("y"):
        y = groups["y"]
        return int(y) if len(y) == 4 else 2000 + int(y)
    if groups.get("y2"):
        return 2000 + int(groups["y2"])
    return None


def _plausible(day: int | None, month: int | None) -> bool:
    return day is not None and month is not None and _valid(2024, month, day) is not None


def _explicit(idx: _Tokens, original: str) -> list[DateMention]:
    text = idx.text
    out: list[DateMention] = []
    has_month = _MONTH_GATE.search(text) is not None
    for m in idx.matches(_DAY_MONTH, _FIRST_DAY_MONTH) if has_month else ():
        day, month = _day_value(m), MONTHS[m.group("mon")]
        if _plausible(day, month) and _follows_ok(text, m.end(), loose=True):
            out.append(_mention(text, m, "date", day, month, _year(m), _weekday(m)))
    for m in idx.matches(_MONTH_DAY, _FIRST_MONTH_DAY) if has_month else ():
        day, word = _day_value(m), m.group("mon")
        month = MONTHS[word]
        strong = m.group("sfx") or m.group("dw") or _year(m) or m.group("wd")
        strong = strong or (word not in _AMBIGUOUS_MONTHS and original[m.start("mon")].isupper())
        if not _plausible(day, month) or _CLOCK_AFTER.match(text, m.end()):
            continue
        if _follows_ok(text, m.end(), loose=bool(strong)):
            out.append(_mention(text, m, "date", day, month, _year(m), _weekday(m)))
    has_numeric = _NUMERIC_GATE.search(text) is not None
    for m in idx.matches(_NUMERIC, _FIRST_NUMERIC) if has_numeric else ():
        day, month, year = int(m.group("d")), int(m.group("m")), _year(m)
        if not _plausible(day, month):
            continue
        cued = m.group("wd") is not None or _cued(text, m.start())
        if year is None and not _numeric_ok(text, m, day, month, cued):
            continue
        out.append(_mention(text, m, "date", day, month, year, _weekday(m)))
    for m in idx.matches(_ISO, _FIRST_DIGIT) if has_numeric else ():
        day, month = int(m.group("d")), int(m.group("m"))
        if _plausible(day, month):
            out.append(_mention(text, m, "date", day, month, int(m.group("y")), None))
    for m in idx.matches(_WEEKDAY_DAY, _FIRST_WEEKDAY_DAY):
        day = _day_value(m)
        if day is None or not 1 <= day <= 31:
            continue
        if m.group("d") and not m.group("sfx"):
            end = m.end()
            if not _BARE_DAY_END.match(text, end) or _DECIMAL_AFTER.match(text, end):
                continue
        elif not _follows_ok(text, m.end(), loose=True):
            continue
        out.append(_mention(text, m, "day", day, None, None, _weekday(m)))
    for m in idx.matches(_ORDINAL, _FIRST_ORDINAL):
        found = _ordinal(text, m)
        if found is not None:
            out.append(found)
    return out


def _numeric_ok(text: str, m: re.Match[str], day: int, month: int, cued: bool) -> bool:
    """Guards for a "d/m" with no year: not a fraction, score, decimal, range or "24/7"."""
    prev = _prev_word(text, m.start())
    if m.group("sep") == "-":
        return False  # "3-4" is a range
    if m.group("sep") == "." and not (m.group("wd") or prev in _STRONG_CUES):
        return False  # "2.5" is a decimal
    if not cued and ((day, month) in ((24, 7), (1, 1)) or prev == "x"):
        return False
    return prev not in _SCORE_WORDS and _follows_ok(text, m.end(), loose=True)


def _ordinal(text: str, m: re.Match[str]) -> DateMention | None:
    day = _day_value(m)
    if day is None or not 1 <= day <= 31:
        return None
    pre, the = m.group("pre"), m.group("the")
    if m.group("dw") and (not the or (day <= 10 and not pre and not _AT_TIME.match(text, m.end()))):
        return None  # "the first time", "the second one"; "the fourth at ten" is a day
    if not (pre or the or _cued(text, m.start())):
        return None
    if m.group("ofrel"):
        anchor = m.group("rel") + "_month"
    else:
        anchor = None
        word = _next_word(text, m.end())
        fits = word in _DATE_FOLLOWERS or (pre and word in _CUED_FOLLOWERS)
        if word is not None and word[0].isalpha() and not fits:
            return None
    start = m.start("the") if the else (m.start("d") if m.group("d") else m.start("dw"))
    return DateMention(start, m.end(), text[start : m.end()], "day", day=day, anchor=anchor)


def _mention(
    text: str,
    m: re.Match[str],
    kind: str,
    day: int | None,
    month: int | None,
    year: int | None,
    weekday: int | None,
) -> DateMention:
    start, end = m.start(), m.end()
    return DateMention(start, end, text[start:end], kind, day, month, year, weekday)


def _weekdays(idx: _Tokens, original: str) -> list[DateMention]:
    text = idx.text
    out: list[DateMention] = []
    for m in idx.matches(_WEEKDAY, _FIRST_WEEKDAY):
        raw = original[m.start("wd") : m.end("wd")]
        word = m.group("wd")
        mod = re.sub(r"\s+", " ", m.group("mod") or "")
        suffix = re.sub(r"\s+", " ", m.group("suffix") or "")
        prev = _prev_word(text, m.start())
        if prev in ("every", "each", "a", "alternate", "most", "some", "all"):
            continue  # recurring or generic, not one day
        if word in _AMBIGUOUS_WEEKDAYS and not (m.group("wk") or mod or suffix):
            titled = raw[0].isupper() and prev not in ("the", "a", "his", "her", "their", "my")
            in_range = _WEEKDAY_RANGE_AFTER.match(text, m.end()) or _WEEKDAY_RANGE_BEFORE.search(
                text, max(0, m.start() - 12), m.start()
            )
            titled = titled and not _sentence_start(text, m.start())
            if not (prev in _WEEKDAY_CUES or titled or in_range):
                continue
        weeks = 0
        if m.group("wk"):
            weeks = 2 if re.search(r"fortnight|two|2", m.group("wk")) else 1
            weeks = 3 if re.search(r"three|3", m.group("wk")) else weeks
        anchor: str | None = {
            "next": "next",
            "this coming": "coming",
            "coming": "coming",
            "the following": "following",
            "following": "following",
            "last": "last",
            "previous": "last",
            "the previous": "last",
            "this": "this",
        }.get(mod)
        part = None
        if suffix in ("next week", "last week", "this week"):
            anchor = suffix.replace(" ", "_")
        elif suffix == "week":
            weeks += 1
        elif suffix in ("just gone", "gone"):
            anchor = "last"
        elif suffix == "coming":
            anchor = "coming"
        elif suffix:
            part = {"am": "morning", "pm": "afternoon", "lunch time": "lunchtime"}.get(
                suffix, suffix
            )
        start, end = m.start(), m.end()
        out.append(
            DateMention(
                start,
                end,
                text[start:end],
                "weekday",
                weekday=WEEKDAYS[word],
                weeks=weeks,
                anchor=anchor,
                part_of_day=part,
            )
        )
    return out


def _relatives(idx: _Tokens) -> list[DateMention]:
    text = idx.text
    out: list[DateMention] = []
    for m in idx.matches(_RELATIVE, _FIRST_RELATIVE):
        part = None
        if m.group("dbl"):
            offset = -2 if m.group("ba").startswith("before") else 2
        elif m.group("today"):
            offset = 0
        elif m.group("word"):
            word = m.group("word")
            offset = _RELATIVE_WORDS[word]
            part = "night" if word.startswith("tonight") else m.group("pod")
        elif m.group("this"):
            offset, part = 0, m.group("this")
        else:
            offset, part = -1, "night"
        part = {"am": "morning", "pm": "afternoon"}.get(part or "", part)
        out.append(
            DateMention(
                m.start(), m.end(), m.group(), "relative", offset_days=offset, part_of_day=part
            )
        )
    for m in idx.matches(_HOLIDAY, _FIRST_HOLIDAY):
        if m.group("fixed"):
            key = re.sub(r"\s+", " ", m.group("fixed")).replace("’", "'")
            day, month = _HOLIDAYS[key]
            out.append(DateMention(m.start(), m.end(), m.group(), "date", day, month))
        else:
            loose = re.sub(r"\s+", " ", m.group("loose"))
            season = {"christmas": 12, "xmas": 12, "new year": 1}.get(loose)
            out.append(DateMention(m.start(), m.end(), m.group(), "vague", month=season))
    for m in idx.matches(_OFFSET, _FIRST_OFFSET):
        out.append(_offset(text, m))
    for m in idx.matches(_SAME_TIME_NEXT_WEEK, _FIRST_SAME_TIME):
        out.append(
            DateMention(
                m.start(), m.end(), m.group(), "same_time_next_week", offset_days=7, same_time=True
            )
        )
    for m in idx.matches(_VAGUE, _FIRST_VAGUE):
        if m.group("cue") or m.group("ycue"):
            start = m.start("mon") if m.group("mon") else m.start("y3")
        else:
            start = m.start()
        word = m.group("mon") or m.group("mon2") or ""
        if word == "may" and (m.group("cue") or "").strip() in ("of", "by", "this"):
            continue  # "of may", "by may" too often the verb
        year = m.group("y") or m.group("y2") or m.group("y3")
        out.append(
            DateMention(
                start,
                m.end(),
                text[start : m.end()],
                "vague",
                month=MONTHS.get(word),
                year=int(year) if year else None,
            )
        )
    return out


def _offset(text: str, m: re.Match[str]) -> DateMention:
    if m.group("in3"):
        return DateMention(m.start(), m.end(), m.group(), "vague")
    number = m.group("n1") or m.group("n2")
    unit = m.group("u1") or m.group("u2")
    n = 1 if number in ("a", "an") else (words_to_int(number) or 0)
    anchor = re.sub(r"\s+", " ", m.group("anchor") or "")
    if m.group("in") == "within":
        return DateMention(m.start(), m.end(), m.group(), "vague")
    days = months = 0
    if unit.startswith("month"):
        months = n
    elif unit.startswith("fortnight"):
        days = 14 * n
    elif unit.startswith(("week", "wk")):
        days = 7 * n
    else:
        days = n
    if anchor == "ago":
        days, months = -days, -months
    elif anchor in ("tomorrow", "from tomorrow"):
        days += 1
    return DateMention(
        m.start(),
        m.end(),
        m.group(),
        "relative",
        offset_days=days,
        offset_months=months,
        working_days=unit.startswith("working"),
    )


def _select(found: list[DateMention]) -> list[DateMention]:
    """Keep the longest of overlapping mentions; on equal length, the more specific."""
    rank = {"date": 0, "same_time_next_week": 1, "relative": 2, "day": 3, "weekday": 4, "vague": 5}
    chosen: list[DateMention] = []
    for f in sorted(found, key=lambda f: (-(f.end - f.start), rank.get(f.kind, 9), f.start)):
        if all(f.end <= c.start or f.start >= c.end for c in chosen):
            chosen.append(f)
    return sorted(chosen, key=lambda c: c.start)


def _decorate(text: str, mention: DateMention) -> DateMention:
    """Fold in "w/c" before a date and "at the same time" after one."""
    wc = _WEEK_COMMENCING.search(text, max(0, mention.start - 24), mention.start)
    if wc and mention.kind in ("date", "day", "weekday"):
        mention = replace(
            mention, start=wc.start(), text=text[wc.start() : mention.end], kind="week_commencing"
        )
    if mention.kind != "vague" and not mention.same_time:
        same = _SAME_TIME_AFTER.match(text, mention.end)
        if same:
            end = same.end()
            mention = replace(mention, end=end, text=text[mention.start : end], same_time=True)
    return mention


def find_dates(text: str) -> list[DateMention]:
    """Date expressions in `text`, in order, not overlapping."""
    low = lower_ascii(text)
    idx = _Tokens(low)
    found = _explicit(idx, text) + _weekdays(idx, text) + _relatives(idx)
    decorated = (_decorate(low, m) for m in _select(found))
    return [
        m if m.text == text[m.start : m.end] else replace(m, text=text[m.start : m.end])
        for m in decorated
    ]


def resolve_date_phrase(
    text: str, reference: dt.date, direction: str = "nearest"
) -> dt.date | None:
    """The date one short phrase names ("tues", "the 28th", "10/6"), else None."""
    mentions = find_dates(text) or find_dates("on " + text)
    for mention in mentions:
        value = mention.resolve(reference, direction)
        if value is not None:
            return value
    return None
