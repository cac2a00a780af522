"""Notes for assessment tests, written for these tests, with evidence found by offset."""

from __future__ import annotations

from typing import Any

from nlp.assessment import Note


def ev(text: str, words: str) -> dict[str, Any]:
    """Evidence for the first occurrence of `words` in `text`."""
    start = text.index(words)
    return {"text": words, "start": start, "end": start + len(words)}


def note(entry_id: int, date: str, text: str, **data: Any) -> Note:
    """A note with case entry data (substances, needs, risk_flags, actions) as given."""
    return Note(entry_id, date, text, data)
