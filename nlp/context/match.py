"""Token patterns compiled for ConText: a subset of spaCy's pattern language, matched fast.

spaCy's `Matcher` walks every pattern state at every token, which for a ConText lexicon full of
optional heads ("his"? "ex"? partner) costs tens of milliseconds a note. Here each pattern is
filed under the words of an anchor token (its required token with fewest words) and a match is
read back and forward from where an anchor word occurs. Matches are the same as the Matcher's
for the subset supported: LOWER, TEXT, ORTH and NORM as a string or IN / NOT_IN / REGEX,
LIKE_NUM and IS_SENT_START as a bool, and `"OP": "?"`; anything else is refused when the rules
load. Anchors are words of one column: the lower-case word (ConText's triggers) or NORM (the
cue vocabulary, `nlp.text.phrases`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from spacy.tokens import Doc

_STRING_ATTRS = {"LOWER": "lower", "TEXT": "text", "ORTH": "text", "NORM": "norm"}
_BOOL_ATTRS = {"LIKE_NUM": "like_num", "IS_SENT_START": "sent_start"}

_Columns = dict[str, tuple]  # token features by name, from `token_columns`
_Test = Callable[[_Columns, int], bool]  # whether token p passes a token spec
_Spec = tuple[_Test, bool]  # the test and whether the token is optional
# A compiled pattern: the specs before its anchor (reversed) and the anchor and those after it.
_Compiled = tuple[tuple[_Spec, ...], tuple[_Spec, ...]]


class TokenPatterns:
    """Token patterns indexed by an anchor word; matches are (pattern index, start, end)."""

    def __init__(self, patterns: Sequence[Sequence[dict[str, Any]]], anchor: str = "lower") -> None:
        self.anchor = anchor  # the column whose words anchors are looked up in
        self._patterns: list[_Compiled] = []
        self._by_word: dict[str, list[int]] = {}
        self._anywhere: list[int] = []  # patterns with no required word to look up
        for index, pattern in enumerate(patterns):
            self._add(index, [compile_spec(spec, anchor) for spec in pattern])

    def _add(self, index: int, compiled: list[tuple[_Test, bool, frozenset[str] | None]]) -> None:
        """File a pattern under the words of its anchor: the required token with fewest words.

        A match is found where its anchor word occurs, read back over the tokens before the
        anchor and forward over the rest, so "his", "the" or "a" at the head of a pattern as
        optional tokens costs nothing."""
        specs = tuple((test, optional) for test, optional, _ in compiled)
        anchors = [
            (len(words), k, words)
            for k, (_, optional, words) in enumerate(compiled)
            if not optional and words is not None
        ]
        if not anchors:
            self._patterns.append(((), specs))
            self._anywhere.append(index)
            return
        _, k, words = min(anchors, key=lambda a: a[:2])
        self._patterns.append((specs[:k][::-1], specs[k:]))
        for word in words:
            self._by_word.setdefault(word, []).append(index)

    def match(self, columns: _Columns) -> set[tuple[int, int, int]]:
        """Every (pattern index, start, end) match in a doc given by its `token_columns`."""
        size = len(columns[self.anchor])
        found: set[tuple[int, int, int]] = set()
        for i, word in enumerate(columns[self.anchor]):
            for index in self._by_word.get(word, ()):
                before, after = self._patterns[index]
                starts = _starts(before, columns, i) if before else (i,)
                ends = _ends(after, columns, i, size) if starts else ()
                for start in starts:
                    for end in ends:
                        found.add((index, start, end))
        for index in self._anywhere:
            for i in range(size):
                for end in _ends(self._patterns[index][1], columns, i, size):
                    found.add((index, i, end))
        return found


def token_columns(doc: Doc) -> _Columns:
    """The token features patterns test and scopes count, one tuple per feature."""
    rows = [
        (t.lower_, t.text, t.like_num, t.is_sent_start is True, t.is_punct or t.is_space)
        for t in doc
    ]
    names = ("lower", "text", "like_num", "sent_start", "gap")
    return dict(zip(names, zip(*rows, strict=True) if rows else ((),) * 5, strict=True))


def _starts(before: tuple[_Spec, ...], columns: _Columns, i: int) -> list[int]:
    """Where matches whose anchor is token i can start: the specs before it read backward."""
    positions = [i]
    for test, optional in before:
        reached = positions[:] if optional else []
        for p in positions:
            if p > 0 and p - 1 not in reached and test(columns, p - 1):
                reached.append(p - 1)
        if not reached:
            return reached
        positions = reached
    return positions


def _ends(specs: tuple[_Spec, ...], columns: _Columns, i: int, size: int) -> list[int]:
    """Ends of the non-empty matches of specs from token i (the pattern read as an NFA)."""
    positions = [i]
    for test, optional in specs:
        reached = positions[:] if optional else []
        for p in positions:
            if p < size and p + 1 not in reached and test(columns, p):
                reached.append(p + 1)
        if not reached:
            return reached
        positions = reached
    return [p for p in positions if p > i]


def _predicate(column: str, op: str, expected: Any) -> _Test:
    """One token test over a feature column."""
    if op == "in":
        return lambda columns, p: columns[column][p] in expected
    if op == "not_in":
        return lambda columns, p: columns[column][p] not in expected
    if op == "regex":
        return lambda columns, p: expected.search(columns[column][p]) is not None
    return lambda columns, p: columns[column][p] == expected


def compile_spec(
    spec: dict[str, Any], anchor: str = "lower"
) -> tuple[_Test, bool, frozenset[str] | None]:
    """A spaCy token spec as a test, whether it is optional, and the words of the `anchor`
    column a token passing it must have (None when any word may, or when its words are of
    another column); refuses what the matcher here lacks."""
    tests: list[_Test] = []
    words: frozenset[str] | None = None
    op = spec.get("OP")
    if op not in (None, "?"):
        raise ValueError(f"unsupported pattern operator {op!r}")
    for key, value in spec.items():
        column = _STRING_ATTRS.get(key, "")
        if key == "OP":
            continue
        if key in _BOOL_ATTRS and isinstance(value, bool):
            tests.append(_predicate(_BOOL_ATTRS[key], "==", value))
            continue
        if column and isinstance(value, str):
            value = {"IN": [value]}
        if not (column and isinstance(value, dict) and len(value) == 1):
            raise ValueError(f"unsupported pattern key {key}: {value!r}")
        kind, arg = next(iter(value.items()))
        if kind in ("IN", "NOT_IN") and isinstance(arg, list):
            tests.append(_predicate(column, kind.lower(), frozenset(arg)))
            if kind == "IN" and words is None:
                words = _anchor_words(arg, column, anchor)
        elif kind == "REGEX" and isinstance(arg, str):
            tests.append(_predicate(column, "regex", re.compile(arg)))
        else:
            raise ValueError(f"unsupported pattern predicate {key}: {value!r}")
    if len(tests) == 1:
        return tests[0], op == "?", words
    return (lambda columns, p: all(t(columns, p) for t in tests)), op == "?", words


def _anchor_words(words: list[str], column: str, anchor: str) -> frozenset[str] | None:
    """The words a spec on `column` requires, as found in the `anchor` column: a TEXT word
    lower-cased is a LOWER word; NORM is its own column (a misspelling's norm is the word it
    stands for); None when the spec's column cannot be looked up in the anchor's."""
    if column == anchor:
        return frozenset(words)
    if anchor == "lower" and column == "text":
        return frozenset(w.lower() for w in words)
    return None
