"""The API's own case-entry check (`assistant.entry_schema`) agrees with `jsonschema`.

PATCH /api/v1/entries/{id} refuses `"data"` that is not a case entry, using a small
validator so the service needs no validator library at run time. Here hypothesis mutates
real entries (values replaced, keys dropped or added) and both must give the same verdict.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.entry_schema import problem
from tests.extraction.test_properties import VALIDATOR
from tests.web.fake_nlp import FakeExtractor

NOTES = [
    "Sam Reed attended the office 10 mins late. UA negative. Living in a hostel.",
    "Home visit. He denies using heroin. Next appt 14/3 at 2pm. Warning letter sent.",
]
BASES = [FakeExtractor().extract(n, date(2026, 6, 3), None).to_json() for n in NOTES]
LIKELY = st.sampled_from(
    [
        None,
        "",
        "2026-01-01",
        "2026-01-01\n",
        "14:30",
        "24:00",
        "home_visit",
        "heroin",
        "need",
        "present",
        "officer",
        "none",
        "breach",
        "accommodation",
        "case-entry/1",
        -1,
        0,
        3,
        2.5,
        True,
        [],
        {},
        {"text": "x", "start": 0, "end": 1},
        {"text": "x", "start": -1, "end": 1},
        [{"text": "x", "start": 0, "end": 1}],
    ]  # fmt: skip
)
PATTERNED = {"reference_date", "date", "start_time", "time", "due"}
TEXTS = st.sampled_from(
    ["2026-01-01", "2026-01-01\n", "2026-1-1", "２０２６-01-01", "14:30", "14:30\n", "24:00",
     "9:30", "", None, "٢٠٢٦-01-01"]
) | st.from_regex(r"[0-9:\-]{4,11}", fullmatch=True)  # fmt: skip
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def paths(value: Any, at: tuple = ()) -> list[tuple]:
    """Every path to a value inside `value` (dict keys and list indexes)."""
    found = [at]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*at, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += paths(item, (*at, i))
    return found


def value(draw) -> Any:  # type: ignore[no-untyped-def]
    """A fresh JSON value (a copy: sampled lists and dicts must not be changed in place)."""
    return copy.deepcopy(draw(st.one_of(LIKELY, JSON)))


@st.composite
def mutated(draw) -> Any:  # type: ignore[no-untyped-def]
    doc = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(paths(doc)))
        if not where:
            doc = value(draw)
            continue
        parent = doc
        for step in where[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "drop", "add", "pattern"]))
        if action == "pattern":  # the fields with patterns, where the two could disagree
            targets = [p for p in paths(doc) if p and p[-1] in PATTERNED]
            if not targets:
                continue
            where = draw(st.sampled_from(targets))
            parent = doc
            for step in where[:-1]:
                parent = parent[step]
            parent[where[-1]] = draw(TEXTS)
            continue
        if action == "drop" and isinstance(parent, dict):
            del parent[where[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=6))] = value(draw)
        else:
            parent[where[-1]] = value(draw)
    return doc


def test_the_fake_entries_are_valid_to_start_with() -> None:
    for base in BASES:
        assert VALIDATOR.is_valid(base)
        assert problem(base) is None


@settings(
    max_examples=400, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
@given(doc=mutated())
def test_same_verdict_as_jsonschema(doc: Any) -> None:
    mine = problem(doc)
    assert (mine is None) == VALIDATOR.is_valid(ecma(doc)), (mine, doc)


def ecma(value: Any) -> Any:
    """`value` as JSON Schema's ECMA-262 patterns see it, for Python's `re`: there `$` also
    matches before a final newline, so a trailing newline becomes a NUL, which it does not;
    and `\\d` matches any decimal digit ("２", "٢"), so those become a letter, as ECMA's
    `\\d` is 0-9 only."""
    if isinstance(value, str):
        value = "".join("x" if c.isdecimal() and not c.isascii() else c for c in value)
        return value[:-1] + "\x00" if value.endswith("\n") else value
    if isinstance(value, list):
        return [ecma(v) for v in value]
    if isinstance(value, dict):
        return {k: ecma(v) for k, v in value.items()}
    return value
