"""The dates a note's sentence places things at ("last week", "in 2015", "since September"),
read relative to the contact it was said in: whether a change came after an older contact,
and whether a "now" answer is about something long past."""

from __future__ import annotations

import datetime as dt
import re

from nlp.govuk_dates import govuk_date

_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH = re.compile(
    r"\b(?:in|since|from|until|till|during|back in|last|at the (?:start|end) of)\s+"
    r"(?:(?:early|mid|late|the (?:start|middle|end) of)[- ])?("
    + "|".join(m.capitalize() for m in _MONTHS)
    + r")\b"
)
# "since his birthday on 2 August", "moved in on 5 October 2025": a day of a month, with
# its year when one follows.
_DAY_MONTH = re.compile(
    r"\b([0-3]?\d)(?:st|nd|rd|th)?\s+("
    + "|".join(m.capitalize() for m in _MONTHS)
    + r")\b(?:,?\s+((?:19|20)\d\d)\b)?"
)
# "no alcohol since Christmas Day", "over Christmas": the last 25 December on or before.
_CHRISTMAS = re.compile(r"\b(?:since|over|at|from|until|before) Christmas\b")
_YEAR = re.compile(r"\b(?:in|since|from|until|till|during|back in|before)\s+((?:19|20)\d\d)\b")
_AGO = re.compile(
    r"\b(a|an|one|two|three|four|five|six|\d+)\s+(day|week|fortnight|month|year)s?\s+ago\b",
    re.IGNORECASE,
)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_MORE_NUMBERS = {"seven": 7, "eight": 8, "nine": 9, "ten": 10, "fifteen": 15, "twenty": 20}
# "has not gambled for over fifteen years", "clean for two years": the last time was then.
_SINCE_LAST = re.compile(
    r"\b(?:(?:not|n't|never|no longer)\s+(?:\w+\s+){0,2}?|(?:clean|abstinent|sober|dry)\s+)"
    r"for (?:over |more than |nearly |almost |about |around |the (?:last|past) )?"
    r"(a|an|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|\d+)\s+"
    r"(week|month|year)s?\b",
    re.IGNORECASE,
)
# A stage of life long gone: dated (at least) ten years before the contact.
_LIFE_STAGE = re.compile(
    r"\b(?:in (?:his|her|their) (?:teens|twenties|thirties|forties|youth)|as a (?:teenager|child)"
    r"|when (?:he|she|they) (?:was|were) (?:young|a teenager|at school))\b",
    re.IGNORECASE,
)
_LIFE_STAGE_YEARS = 10
_DAYS_PER = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}
_RECENT = re.compile(
    r"\b(?:yesterday|last (?:week|night|weekend)|this (?:week|morning)|at the weekend|"
    r"(?:on|last) (?:mon|tues|wednes|thurs|fri|satur|sun)day|earlier this (?:week|month)|"
    r"(?:in the )?last few (?:days|weeks))\b",
    re.IGNORECASE,
)


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
    for match in _DAY_MONTH.finditer(text):
        day, month = int(match.group(1)), _MONTHS.index(match.group(2).lower()) + 1
        year = int(match.group(3)) if match.group(3) else said_on.year
        if not match.group(3) and (month, day) > (said_on.month, said_on.day):
            year -= 1  # a day without a year is the last such day on or before the contact
        try:
            found.append(dt.date(year, month, day))
        except ValueError:
            continue  # "31 April": no such day, so no date
    if _CHRISTMAS.search(text):
        found.append(_last_christmas(said_on))
    for match in _AGO.finditer(text):
        count = _NUMBERS.get(match.group(1).lower()) or int(match.group(1))
        found.append(said_on - dt.timedelta(days=count * _DAYS_PER[match.group(2).lower()]))
    for match in _SINCE_LAST.finditer(text):
        word = match.group(1).lower()
        count = _NUMBERS.get(word) or _MORE_NUMBERS.get(word) or int(word)
        found.append(said_on - dt.timedelta(days=count * _DAYS_PER[match.group(2).lower()]))
    if _LIFE_STAGE.search(text):
        found.append(said_on - dt.timedelta(days=365 * _LIFE_STAGE_YEARS))
    if _RECENT.search(text):
        found.append(said_on - dt.timedelta(days=3))
    return found


def _last_christmas(said_on: dt.date) -> dt.date:
    """The last Christmas Day on or before the contact."""
    this_year = dt.date(said_on.year, 12, 25)
    return this_year if said_on >= this_year else dt.date(said_on.year - 1, 12, 25)


def uk_date(day: dt.date) -> str:
    """A date as an assessor writes it: "2 July 2026" (the one GOV.UK date form)."""
    return govuk_date(day)


_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_SLASHED = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b")


def spelled_dates(text: str) -> str:
    """ISO and day/month/year dates in a sentence written out ("2026-03-12" and "12/03/2026"
    both become "12 March 2026"); anything that is not a real date is left as written."""

    def spell(year: str, month: str, day: str, original: str) -> str:
        try:
            return uk_date(dt.date(int(year), int(month), int(day)))
        except ValueError:
            return original

    text = _ISO.sub(lambda m: spell(m[1], m[2], m[3], m[0]), text)
    return _SLASHED.sub(lambda m: spell(m[3], m[2], m[1], m[0]), text)


_RELATIVE = re.compile(
    r"\b(?:today|tonight|yesterday|tomorrow|ago|at the weekend|recently|"
    r"(?:last|this|next) (?:week|weekend|month|night|morning|afternoon|evening)|"
    r"(?:on|last|next|this) (?:mon|tues|wednes|thurs|fri|satur|sun)day)\b",
    re.IGNORECASE,
)


def relative_time(text: str) -> bool:
    """Whether the sentence speaks of a time relative to its contact ("last week", "today"),
    which means nothing in an assessment read later unless the contact's date goes with it."""
    return bool(_RELATIVE.search(text))
