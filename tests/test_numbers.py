"""Spelled-out numbers: words_to_int, ordinal_to_int, find_number_words."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.datetimes.times import find_times
from nlp.text.numbers import (
    cardinal_pattern,
    find_number_words,
    ordinal_pattern,
    ordinal_to_int,
    words_to_int,
)

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _spell(n: int) -> str:
    """Spell 0..999 the British way, as a test oracle independent of the parser."""
    if n < 10:
        return _UNITS[n]
    if n < 20:
        return _TEENS[n - 10]
    if n < 100:
        tens, unit = divmod(n, 10)
        return _TENS[tens] + ("" if unit == 0 else " " + _UNITS[unit])
    hundreds, rest = divmod(n, 100)
    head = _UNITS[hundreds] + " hundred"
    return head if rest == 0 else f"{head} and {_spell(rest)}"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("twenty five", 25),
        ("twenty-five", 25),
        ("Twenty Five", 25),
        ("forty", 40),
        ("fourty", 40),
        ("a hundred and fifty", 150),
        ("one hundred", 100),
        ("two hundred and six", 206),
        ("nineteen", 19),
        ("zero", 0),
        ("two thousand and twenty six", 2026),
        ("three thousand", 3000),
        ("12", 12),
        ("  7 ", 7),
        ("1,200", 1200),
        ("fourteenth", 14),
        ("twenty eighth", 28),
        ("twenty-first", 21),
        ("28th", 28),
        ("3rd", 3),
    ],
)
def test_words_to_int(text: str, value: int) -> None:
    assert words_to_int(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "a",
        "and",
        "hundred",
        "ten twenty",
        "twenty ten",
        "five five",
        "two children",
        "fifty and five",
        "a fifty",
        "12 of 20",
        "banana",
        "first of many",
    ],
)
def test_words_to_int_rejects(text: str) -> None:
    assert words_to_int(text) is None


def test_words_to_int_reads_every_spelling_below_a_thousand() -> None:
    wrong = [n for n in range(1000) if words_to_int(_spell(n)) != n]
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("first", 1),
        ("second", 2),
        ("third", 3),
        ("ninth", 9),
        ("twelfth", 12),
        ("fourteenth", 14),
        ("twentieth", 20),
        ("twenty eighth", 28),
        ("thirty-first", 31),
        ("thirtieth", 30),
        ("1st", 1),
        ("22nd", 22),
        ("28th", 28),
        ("28 th", 28),
        ("hundredth", None),
        ("one hundredth", 100),
        ("twenty eight", None),
        ("28", None),
        ("", None),
        ("eighth twenty", None),
    ],
)
def test_ordinal_to_int(text: str, value: int | None) -> None:
    assert ordinal_to_int(text) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("came in at ten twenty five", [("ten", 10), ("twenty five", 25)]),
        ("a hundred and fifty hours", [("a hundred and fifty", 150)]),
        ("on the twenty-eighth at two", [("twenty-eighth", 28), ("two", 2)]),
        ("one by one", [("one", 1), ("one", 1)]),
        ("a dog and a cat", []),
        ("someone phoned", []),
        ("14 of his 20 days", []),
        ("", []),
    ],
)
def test_find_number_words(text: str, expected: list[tuple[str, int]]) -> None:
    found = find_number_words(text)
    assert [(text[s:e], v) for s, e, v in found] == expected


@settings(deadline=None)
@given(st.text(max_size=200))
def test_words_to_int_never_raises(text: str) -> None:
    value = words_to_int(text)
    assert value is None or value >= 0


@settings(deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["one", "twenty", "five", "hundred", "and", "a", "thousand", "eighth", "x", "12", " "]
        ),
        max_size=20,
    ).map(" ".join)
)
def test_find_number_words_spans_parse_back(text: str) -> None:
    last_end = 0
    for start, end, value in find_number_words(text):
        assert 0 <= last_end <= start < end <= len(text)
        assert words_to_int(text[start:end]) == value
        last_end = end


@pytest.mark.parametrize(("low", "high"), [(1, 9), (1, 12), (10, 59), (1, 69), (1, 99)])
def test_cardinal_pattern_matches_exactly_the_numbers_in_its_range(low: int, high: int) -> None:
    pattern = re.compile(cardinal_pattern(low, high))
    for n in range(0, 100):
        for spelled in {_spell(n), _spell(n).replace(" ", "-")}:
            assert bool(pattern.fullmatch(spelled)) == (low <= n <= high), spelled
            if low <= n <= high:
                assert words_to_int(spelled) == n


def test_ordinal_pattern_matches_the_days_of_a_month() -> None:
    pattern = re.compile(ordinal_pattern(1, 31))
    for word in ("first", "ninth", "twelfth", "twenty first", "twenty-third", "thirtieth"):
        assert pattern.fullmatch(word) and ordinal_to_int(word) is not None
    for word in ("thirty second", "fortieth", "twenty", "thirty"):
        assert not pattern.fullmatch(word)


@pytest.mark.parametrize("minutes", ["fourty five", "forty-five", "twenty one", "fifty nine"])
def test_times_and_contact_facts_read_the_same_number_words(extractor, minutes: str) -> None:  # type: ignore[no-untyped-def]
    """The spellings a clock time accepts are the ones lateness accepts (they had drifted)."""
    value = words_to_int(minutes)
    times = find_times(f"we meet at ten {minutes} on the day")
    assert [(t.value.hour, t.value.minute) for t in times] == [(10, value)]
    note = f"Office appointment today. She came in {minutes} minutes late, no reason given."
    assert extractor.extract(note, "2026-02-03").to_json()["contact"]["late_minutes"] == value
