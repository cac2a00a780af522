"""The trained pipeline's attribute ruler, its matches found by lookup instead of spaCy's Matcher.

en_core_web_sm's `attribute_ruler` maps each tag to its coarse part of speech and sets a few
exceptions ("ai n't", "gon na"): 179 patterns, almost all of one token. spaCy's Matcher tries
every pattern at every token, about 20 microseconds a token, which made it the costliest step
of parsing a cue sentence after the network itself (0.4 ms of a short sentence, 0.85 ms of a
long one). Here each one-token pattern is filed under the tag or word it requires and only
those are tried; the rest (a handful) are tried everywhere. The matches are the same list the
ruler's own `match` gives, and the ruler's own `set_annotations` applies them, so the tokens
get the same attributes (checked on every sentence of the example sets:
tests/extraction/test_attribute_rules.py). A ruler with a pattern of a kind not handled here
is used as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}  # order of `_rows`
_INDEXED = (0, 1)  # a one-token pattern is filed under the tag or word it requires
_Row = list[int]  # a token's TAG, LOWER, DEP hashes and IS_SPACE
_Test = Callable[[_Row], bool]
Match = tuple[int, int, int, int]  # (pattern number, match id, start, end), as the ruler sorts
_ROWS_KEPT = 50_000  # distinct (tag, word, label, space) rows whose one-token matches are kept


class Unsupported(ValueError):
    """A pattern this lookup does not handle: the ruler is used as it is."""


class _Pattern:
    """One Matcher pattern of the ruler: its token tests and the ids a match reports."""

    def __init__(self, number: int, match_id: int, tests: list[_Test]) -> None:
        self.number = number
        self.match_id = match_id
        self.tests = tests


class IndexedAttributeRuler:
    """Called and piped as the wrapped `AttributeRuler`, with the same result."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self.strings = ruler.vocab.strings
        self._by_value: dict[tuple[int, int], list[_Pattern]] = {}
        self._anywhere: list[_Pattern] = []  # one-token patterns with no tag or word to file
        self._longer: list[_Pattern] = []
        self._seen: dict[tuple[int, ...], tuple[tuple[int, int], ...]] = {}
        for number in range(len(ruler.attrs)):
            match_id = self.strings[str(number)]
            found = ruler.matcher.get(match_id)
            if found is None:
                raise Unsupported(f"no patterns for rule {number}")
            for pattern in found[1]:
                self._add(number, match_id, pattern)

    def _add(self, number: int, match_id: int, pattern: list[dict[str, Any]]) -> None:
        compiled = [self._token(spec) for spec in pattern]
        entry = _Pattern(number, match_id, [test for test, _ in compiled])
        if len(compiled) != 1:
            self._longer.append(entry)
            return
        keys = compiled[0][1]
        if keys is None:
            self._anywhere.append(entry)
        for key in keys or ():
            self._by_value.setdefault(key, []).append(entry)

    def _token(self, spec: dict[str, Any]) -> tuple[_Test, list[tuple[int, int]] | None]:
        """A token spec as one test over a row, and the (column, value) keys to file it under
        (None when it requires no tag or word)."""
        tests: list[_Test] = []
        keys: list[tuple[int, int]] | None = None
        for attr, value in spec.items():
            if attr not in _COLUMNS:
                raise Unsupported(f"attribute {attr}")
            column = _COLUMNS[attr]
            test, values = self._predicate(column, value)
            tests.append(test)
            if keys is None and values is not None and column in _INDEXED:
                keys = [(column, v) for v in values]
        if len(tests) == 1:
            return tests[0], keys
        return (lambda row: all(t(row) for t in tests)), keys

    def _predicate(self, column: int, value: Any) -> tuple[_Test, frozenset[int] | None]:
        """A test of one column, and the values it requires (None when it requires none)."""
        if isinstance(value, bool) and column == _COLUMNS["IS_SPACE"]:
            wanted = int(value)
            return (lambda row: row[column] == wanted), None
        if isinstance(value, str):
            value = {"IN": [value]}
        if not (isinstance(value, dict) and len(value) == 1) or column == _COLUMNS["IS_SPACE"]:
            raise Unsupported(f"value {value!r}")
        kind, arg = next(iter(value.items()))
        if kind in ("IN", "NOT_IN") and isinstance(arg, list):
            ids = frozenset(self.strings.add(str(v)) for v in arg)
            if kind == "IN":
                return (lambda row: row[column] in ids), ids
            return (lambda row: row[column] not in ids), None
        if kind == "REGEX" and isinstance(arg, str):
            pattern = re.compile(arg)
            strings = self.strings
            return (lambda row: pattern.search(strings[row[column]]) is not None), None
        raise Unsupported(f"predicate {kind}")

    def match(self, doc: Doc) -> list[Match]:
        """The ruler's matches in the order it applies them (as `AttributeRuler.match`)."""
        rows: list[_Row] = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist() if len(doc) else []
        found: set[Match] = set()
        for i, row in enumerate(rows):
            for number, match_id in self._one_token(tuple(row)):
                found.add((number, match_id, i, i + 1))
        for entry in self._longer:
            first, rest = entry.tests[0], entry.tests[1:]
            for i in range(len(rows) - len(rest)):
                if first(rows[i]) and all(test(rows[i + 1 + k]) for k, test in enumerate(rest)):
                    found.add((entry.number, entry.match_id, i, i + 1 + len(rest)))
        return sorted(found)

    def _one_token(self, row: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
        """The one-token patterns a token matches: a function of its row alone, so kept for
        the words seen (the same word with the same tag recurs in sentence after sentence)."""
        known = self._seen.get(row)
        if known is None:
            if len(self._seen) >= _ROWS_KEPT:
                self._seen.clear()
            candidates = (
                *self._by_value.get((0, row[0]), ()),
                *self._by_value.get((1, row[1]), ()),
                *self._anywhere,
            )
            values = list(row)
            known = tuple(
                dict.fromkeys((e.number, e.match_id) for e in candidates if e.tests[0](values))
            )
            self._seen[row] = known
        return known

    def __call__(self, doc: Doc) -> Doc:
        """The doc with the ruler's attributes set."""
        self.ruler.set_annotations(doc, self.match(doc))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Each doc with the ruler's attributes set (one at a time, as the ruler does)."""
        for doc in docs:
            yield self(doc)


def indexed(component: Any) -> Any:
    """The component, or for an attribute ruler its indexed form when every pattern is of a
    kind handled here."""
    if not isinstance(component, AttributeRuler):
        return component
    try:
        return IndexedAttributeRuler(component)
    except Unsupported:
        return component
