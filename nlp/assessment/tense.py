"""The tense of the clause a cue stands in, where ConText has no trigger for it.

"He starts a full-time job next week" is not work now, and "he lived in approved premises
after his last release" is not where he lives: the clause around the cue says so by its
future or past words, which are data (`clause_tense` in san_cues.json). A clause that says
"now" or "still" keeps the status ConText gave it, and so does a past clause that reports
speech ("he said he was drinking most nights"); a reported future is still future.
"""

from __future__ import annotations

import re
from functools import cache

from nlp.resources import resource


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    raw = resource("san_cues.json")["clause_tense"]
    keys = ("boundary", "future", "past", "present", "reported")
    return {k: re.compile(raw[k], re.IGNORECASE) for k in keys}


def clause(text: str, start: int, end: int) -> str:
    """The words of the clause around characters [start, end) (the cue itself included)."""
    boundary = _patterns()["boundary"]
    left = [m.end() for m in boundary.finditer(text, 0, start)]
    right = boundary.search(text, end)
    return text[(left[-1] if left else 0) : (right.start() if right else len(text))]


def _reported_by(text: str, start: int) -> str:
    """The clause before the cue's, when only a new subject and verb divide them (a
    zero-width boundary): "he told his officer | he was drinking daily" is still one
    report, whatever words come between the reporting verb and the subject."""
    matches = list(_patterns()["boundary"].finditer(text, 0, start))
    if not matches or matches[-1].end() != matches[-1].start():
        return ""
    before = matches[-2].end() if len(matches) > 1 else 0
    return text[before : matches[-1].start()]


def clause_tense(text: str, start: int, end: int) -> str | None:
    """The clause's tense where it decides: "future", "past", or None (ConText decides)."""
    words = clause(text, start, end)
    patterns = _patterns()
    if patterns["present"].search(words):
        return None
    if patterns["future"].search(words):
        return "future"
    reported = patterns["reported"].search(words) or patterns["reported"].search(
        _reported_by(text, start)
    )
    if patterns["past"].search(words) and not reported:
        return "past"  # "he said he was drinking" is the report's tense, not the drinking's
    return None
