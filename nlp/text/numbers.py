"""Spelled-out English numbers ("twenty five", "a hundred and fifty", "twenty eighth") to ints."""

from __future__ import annotations

import re

UNITS = {
    "zero": 0,
    "nought": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
ORDINAL_UNITS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
}
ORDINAL_TEENS = {
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
}
ORDINAL_TENS = {
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
ORDINAL_SCALES = {"hundredth": 100, "thousandth": 1000, "millionth": 1_000_000}

_ORDINALS = {**ORDINAL_UNITS, **ORDINAL_TEENS, **ORDINAL_TENS, **ORDINAL_SCALES}
_NUMBER_WORDS = {*UNITS, *TEENS, *TENS, *SCALES, *_ORDINALS}
_WORD_ALT = "|".join(sorted(_NUMBER_WORDS | {"and", "a", "an"}, key=len, reverse=True))


def _alt(words: list[str]) -> str:
    # Longest first, so "seventeen" is tried before "seven" and "sixty" before "six".
    return "|".join(sorted(words, key=len, reverse=True))


def cardinal_pattern(low: int = 1, high: int = 99) -> str:
    """A regex (no groups) for the spelled numbers from low to high below 100: "twenty five",
    "twenty-five", "fourty", "eleven". The one source of number words for dates, times and
    contact facts; `words_to_int` reads what it matches."""
    parts = []
    for word, base in TENS.items():
        if low <= base <= high:
            units = [u for u, v in UNITS.items() if v > 0 and base + v <= high]
            tail = rf"(?:[\s-]+(?:{_alt(units)}))?" if units else ""
            parts.append(rf"{word}{tail}")
    small = [w for w, v in {**TEENS, **UNITS}.items() if low <= v <= high and w != "nought"]
    return rf"(?:{_alt(parts + small)})"


def ordinal_pattern(low: int = 1, high: int = 31) -> str:
    """A regex (no groups) for the spelled ordinals from low to high below 100: "fourteenth",
    "twenty first", "thirtieth"."""
    parts = [
        w for w, v in {**ORDINAL_TENS, **ORDINAL_TEENS, **ORDINAL_UNITS}.items() if low <= v <= high
    ]
    for word, base in TENS.items():
        units = [u for u, v in ORDINAL_UNITS.items() if low <= base + v <= high]
        if units:
            parts.append(rf"{word}[\s-]+(?:{_alt(units)})")
    return rf"(?:{_alt(parts)})"


_TOKEN = re.compile(r"[a-z]+|\d+", re.IGNORECASE)
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_DIGIT_ORDINAL = re.compile(r"(\d+)\s*(?:st|nd|rd|th)", re.IGNORECASE)
# A run of number words (and the joiners "and", "a", hyphens) bounded by non-letters.
_RUN = re.compile(
    rf"(?<![A-Za-z'])(?:{_WORD_ALT})(?:(?:[\s-]+)(?:{_WORD_ALT}))*(?![A-Za-z])",
    re.IGNORECASE,
)


def _parse_words(words: list[str]) -> tuple[int, int, bool] | None:
    """Parse the longest number prefix of `words`: (value, words used, is_ordinal)."""
    total = 0  # completed thousands/millions
    current = 0  # the part below the last scale word
    used = 0
    seen_any = False
    last = ""  # class of the previous word: unit, teen, tens, scale
    i = 0
    n = len(words)
    while i < n:
        w = words[i]
        if w in ("a", "an"):
            # "a hundred", "a thousand": only as the very start, before a scale word
            if seen_any or i + 1 >= n or words[i + 1] not in SCALES:
                break
            current = 1
            seen_any = True
            last = "unit"
            i += 1
            continue
        if w == "and":
            # "a hundred and fifty": only after a scale word and before a smaller number
            if last != "scale" or i + 1 >= n:
                break
            nxt = words[i + 1]
            if not (nxt in UNITS or nxt in TEENS or nxt in TENS or nxt in _ORDINALS):
                break
            i += 1
            continue
        ordinal = w in _ORDINALS
        if w in UNITS or w in ORDINAL_UNITS:
            if last in ("unit", "teen"):
                break
            value = UNITS.get(w, ORDINAL_UNITS.get(w, 0))
            current += value
            last = "unit"
        elif w in TEENS or w in ORDINAL_TEENS:
            if last in ("unit", "teen", "tens"):
                break
            current += TEENS.get(w, ORDINAL_TEENS.get(w, 0))
            last = "teen"
        elif w in TENS or w in ORDINAL_TENS:
            if last in ("unit", "teen", "tens"):
                break
            current += TENS.get(w, ORDINAL_TENS.get(w, 0))
            last = "tens"
        elif w in SCALES or w in ORDINAL_SCALES:
            scale = SCALES.get(w, ORDINAL_SCALES.get(w, 0))
            if not seen_any:
                break
            if scale == 100:
                if current == 0 or current >= 100 or last == "scale":
                    break
                current *= 100
            else:
                if current == 0 and total == 0:
                    break
                total += current * scale
                current = 0
            last = "scale"
        else:
            break
        seen_any = True
        i += 1
        used = i
        if ordinal:
            return total + current, used, True
    if not seen_any or used == 0:
        return None
    return total + current, used, False


def _words(text: str) -> list[str]:
    return [t.lower() for t in re.split(r"[\s-]+", text.strip()) if t]


def words_to_int(text: str) -> int | None:
    """The whole number `text` names ("twenty five", "a hundred and fifty", "12", "28th")."""
    stripped = text.strip()
    if not stripped:
        return None
    if _DIGITS.fullmatch(stripped):
        return int(stripped.replace(",", ""))
    m = _DIGIT_ORDINAL.fullmatch(stripped)
    if m:
        return int(m.group(1))
    words = _words(stripped)
    parsed = _parse_words(words)
    if parsed is None or parsed[1] != len(words):
        return None
    return parsed[0]


def ordinal_to_int(text: str) -> int | None:
    """The number an ordinal names ("fourteenth", "twenty eighth", "28th"), else None."""
    stripped = text.strip()
    m = _DIGIT_ORDINAL.fullmatch(stripped)
    if m:
        return int(m.group(1))
    words = _words(stripped)
    parsed = _parse_words(words)
    if parsed is None or parsed[1] != len(words) or not parsed[2]:
        return None
    return parsed[0]


def find_number_words(text: str) -> list[tuple[int, int, int]]:
    """Spelled-out numbers in `text` as (start, end, value); "ten twenty five" is 10 and 25."""
    found: list[tuple[int, int, int]] = []
    for run in _RUN.finditer(text):
        tokens = [
            (run.start() + m.start(), run.start() + m.end(), m.group().lower())
            for m in re.finditer(r"[A-Za-z]+", run.group())
        ]
        i = 0
        while i < len(tokens):
            parsed = _parse_words([t[2] for t in tokens[i:]])
            if parsed is None:
                i += 1
                continue
            value, used, _ = parsed
            found.append((tokens[i][0], tokens[i + used - 1][1], value))
            i += used
    return found
