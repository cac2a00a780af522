"""Dates and times as a person reads them, in GOV.UK style: "7 December 2026", "2:30pm",
"7 December 2026 at 9am". JSON and the API keep ISO; pages and text exports use this."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

# Stored timestamps are UTC; officers read them in the time of England and Wales.
LOCAL = ZoneInfo("Europe/London")


def govuk_time(value: dt.time) -> str:
    """A clock time as GOV.UK writes it: "9am", "2:30pm", "midday", "midnight"."""
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def govuk_date(value: str | dt.date | dt.time | None) -> str:
    """A date, time or timestamp (ISO text or a Python value) as a person reads it.

    A timestamp is shown in UK local time (naive ones are taken as UTC, as stored); text
    that is none of these is returned as it is, so a free-text date is never lost.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return _timestamp(value)
    if isinstance(value, dt.date):
        return _day(value)
    if isinstance(value, dt.time):
        return govuk_time(value)
    return _from_text(str(value))


def _timestamp(value: dt.datetime) -> str:
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    local = aware.astimezone(LOCAL)
    return f"{_day(local.date())} at {govuk_time(local.time())}"


def _from_text(text: str) -> str:
    stripped = text.strip()
    try:
        if len(stripped) == 10:
            return _day(dt.date.fromisoformat(stripped))
        if len(stripped) in (5, 8) and stripped[2] == ":":
            return govuk_time(dt.time.fromisoformat(stripped))
        return _timestamp(dt.datetime.fromisoformat(stripped))
    except ValueError:
        return text
