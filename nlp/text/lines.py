"""Line breaks that start a new statement: a field, a bullet, or a line after a full stop;
and, within a line, a "Heading:" field after a semicolon ("Accom: hostel; ETE: none").

Context triggers stop at these ("Heroin = historic (stopped 2021)" must not reach the next
line's "Self-harm: asked, denies"), while sentences stay as punctuation makes them, which the
contact facts rely on ("Booked:" on one line and its time on the next). A hard-wrapped
paragraph (next line in lower case, previous line without a stop) is not broken.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc

from nlp.doc_cache import per_doc

_ENDS = frozenset({".", "!", "?", ":", ";", ")"})
_FIELD_WORDS = 3  # "Risk:", "Next appt:", "Family and friends:" at most


def _heads_a_field(doc: Doc, i: int) -> bool:
    """Whether a capitalised word opens a "Heading:" field: a colon within a few words."""
    if not doc[i].text[:1].isupper():
        return False
    for token in doc[i + 1 : i + 1 + _FIELD_WORDS]:
        if token.text == ":":
            return True
        if not token.is_alpha:
            return False
    return False


def statement_starts(doc: Doc) -> set[int]:
    """Token indices that open a new statement after a line break."""
    starts: set[int] = set()
    before: str | None = None  # the text of the last non-space token seen
    after_break = False  # whether the token just before is a space holding a line break
    for token in doc:  # one pass: `doc[i - 1]` made a second Token object for every token
        text = token.text
        if token.is_space:
            after_break = "\n" in text
            continue
        if after_break:
            first = text[0]
            opens = first.isupper() or first.isdigit() or not first.isalnum()
            if opens or (before is not None and before in _ENDS):
                starts.add(token.i)
        elif before == ";" and _heads_a_field(doc, token.i):
            starts.add(token.i)  # "... today; ETE: starts college in Jan": a field of its own
        after_break = False
        before = text
    return starts


class LineIndex:
    """Where each line of a doc starts, and a running count of its words, worked out once.

    Line breaks are whitespace tokens; a token opens a line when the one before holds "\\n".
    The context rules ask for the line around a cue many times a note, and walking the tokens
    out from the cue each time, a Token object a step, cost more than the rest of those rules.
    """

    def __init__(self, doc: Doc) -> None:
        self.size = len(doc)
        self.starts = [0] + [t.i + 1 for t in doc if "\n" in t.text]
        self.ends = [*self.starts[1:], self.size]
        words = [0]
        for t in doc:
            words.append(words[-1] + (not (t.is_space or t.is_punct)))
        self._words = words

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """Token bounds [first, last) of the lines holding tokens [start, end)."""
        first = self.starts[bisect_right(self.starts, start) - 1]
        return first, self.ends[bisect_left(self.ends, end)]

    def words(self, first: int, last: int) -> int:
        """Tokens in [first, last) that are neither space nor punctuation."""
        return self._words[last] - self._words[first]


@per_doc
def line_index(doc: Doc) -> LineIndex:
    """The doc's `LineIndex`, worked out once per doc."""
    return LineIndex(doc)
