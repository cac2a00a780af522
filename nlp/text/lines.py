"""Line breaks that start a new statement: a field, a bullet, or a line after a full stop.

Context triggers stop at these ("Heroin = historic (stopped 2021)" must not reach the next
line's "Self-harm: asked, denies"), while sentences stay as punctuation makes them, which the
contact facts rely on ("Booked:" on one line and its time on the next). A hard-wrapped
paragraph (next line in lower case, previous line without a stop) is not broken.
"""

from __future__ import annotations

from spacy.tokens import Doc

_ENDS = frozenset({".", "!", "?", ":", ";", ")"})


def statement_starts(doc: Doc) -> set[int]:
    """Token indices that open a new statement after a line break."""
    starts: set[int] = set()
    before = None  # the last non-space token seen
    for i, token in enumerate(doc):
        if token.is_space:
            continue
        gap = doc[i - 1] if i else None
        if gap is not None and gap.is_space and "\n" in gap.text:
            first = token.text[0]
            opens = first.isupper() or first.isdigit() or not first.isalnum()
            if opens or (before is not None and before.text in _ENDS):
                starts.add(i)
        before = token
    return starts
