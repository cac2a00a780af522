"""Notes for assessment tests, written for these tests, with evidence found by offset."""

from __future__ import annotations

import datetime as dt
from typing import Any

from nlp.assessment import Note
from nlp.assessment.findings import findings
from nlp.assessment.questions import catalogue

TODAY = dt.date(2026, 6, 30)


def ev(text: str, words: str) -> dict[str, Any]:
    """Evidence for the first occurrence of `words` in `text`."""
    start = text.index(words)
    return {"text": words, "start": start, "end": start + len(words)}


def note(entry_id: int, date: str, text: str, **data: Any) -> Note:
    """A note with case entry data (substances, needs, risk_flags, actions) as given."""
    return Note(entry_id, date, text, data)


def answers(text: str, date: str = "2026-06-20", **data: Any) -> dict[str, set[str]]:
    """The answers one note of `text` gives, by question code, leaving out answers it ends
    (the blind sets' kind tests read what a note says is so now)."""
    out: dict[str, set[str]] = {}
    for f in findings(note(1, date, text, **data), catalogue(), TODAY):
        if not f.ends:
            out.setdefault(f.code, set()).add(f.value)
    return out
