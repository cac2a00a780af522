"""Dates and times read by people are in GOV.UK style; text that is not one is kept."""

from __future__ import annotations

import datetime as dt

import pytest

from nlp.govuk_dates import govuk_date, govuk_time
from nlp.render import environment


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2026-12-07", "7 December 2026"),
        (dt.date(2027, 1, 1), "1 January 2027"),
        ("14:30", "2:30pm"),
        ("09:00", "9am"),
        ("09:05:00", "9:05am"),
        ("12:00", "midday"),
        ("00:00", "midnight"),
        ("00:15", "12:15am"),
        (dt.time(18, 45), "6:45pm"),
        # Stored timestamps are UTC; England is an hour ahead in summer.
        ("2026-12-07T14:30:00+00:00", "7 December 2026 at 2:30pm"),
        ("2026-07-07T14:30:00.123456+00:00", "7 July 2026 at 3:30pm"),
        ("2026-07-07T23:30:00", "8 July 2026 at 12:30am"),
        (dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), "2 March 2026 at 10am"),
        # Free text and slips stay as they were written, never lost or turned into a date.
        ("next week", "next week"),
        ("1 May 2026", "1 May 2026"),
        ("25:99", "25:99"),
        (None, ""),
        ("", ""),
    ],
)
def test_govuk_date(value, shown):
    assert govuk_date(value) == shown


def test_noon_and_midnight_are_words_and_others_are_not():
    words = {govuk_time(dt.time(h, m)) for h in range(24) for m in (0, 30)}
    assert {"midday", "midnight"} <= words
    assert "12pm" not in words and "12am" not in words and "12:30pm" in words


def test_text_templates_have_the_filter():
    template = environment().from_string("{{ d | govuk_date }} at {{ t | govuk_date }}")
    assert template.render(d="2026-12-07", t="10:00") == "7 December 2026 at 10am"
