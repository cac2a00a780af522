"""The words a regular expression cannot match without: a cheap test before running it.

A rule file of many regexes (the dictation sound-alikes) is mostly run on text none of them
matches, and each scan of a note costs far more than asking whether a word occurs in it. From
a pattern's parse (Python's own `re` parser) this reads, for each part every match must pass
through, the literal words one of which that part contains ("(?:at|for)\\s(to)" needs one of
"at", "for", and "to"). A text lacking any of them cannot match, so the regex is skipped with
its answer unchanged. Only what is certain is kept: optional parts, character classes,
negative lookarounds and inline flags add no word; words outside ASCII are dropped, because
under IGNORECASE they may match ASCII letters (the Kelvin sign matches "k"), and the test is
only made on ASCII text (`may_match`), where lower-casing is exactly what IGNORECASE compares.
"""

from __future__ import annotations

import re
from re import _parser  # type: ignore[attr-defined]  # the parser `re.compile` itself uses
from typing import Any

Needs = tuple[frozenset[str], ...]  # every set must have a word in the text
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})


def required_words(pattern: re.Pattern[str]) -> Needs:
    """For each part of the pattern that every match holds, the lower-case words one of which
    it contains; empty when nothing certain can be said (the pattern must then always run)."""
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001  (another Python's parser: no shortcut, same answers)
        return ()
    # The sets of fewest words first: they are the likeliest to fail, and cheapest to try.
    return tuple(
        sorted(set(_usable(_needs(parsed))), key=lambda words: (len(words), sorted(words)))
    )


def may_match(needs: Needs, lowered: str) -> bool:
    """Whether a text (ASCII, lower-cased) has a word of every set: if not, no match."""
    for words in needs:
        for word in words:
            if word in lowered:
                break
        else:
            return False
    return True


def _usable(needs: list[frozenset[str]]) -> list[frozenset[str]]:
    return [
        frozenset(w.lower() for w in words)
        for words in needs
        if words and all(w and w.isascii() for w in words)
    ]


def _needs(items: Any) -> list[frozenset[str]]:
    """The word sets of a parsed sequence, each part in turn; a run of literal characters
    is one word."""
    out: list[frozenset[str]] = []
    run: list[str] = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            run.append(chr(arg))
            continue
        if run:
            out.append(frozenset({"".join(run)}))
            run = []
        out.extend(_part(name, arg))
    if run:
        out.append(frozenset({"".join(run)}))
    return out


def _part(name: str, arg: Any) -> list[frozenset[str]]:
    """The word sets of one parsed item that is not a literal character."""
    if name == "SUBPATTERN":
        _group, add_flags, del_flags, inner = arg
        return [] if add_flags or del_flags else _needs(inner)
    if name == "ATOMIC_GROUP":
        return _needs(arg)
    if name == "ASSERT":  # a lookahead or lookbehind: its text is in the string too
        return _needs(arg[1])
    if name in _REPEATS:
        low, _high, inner = arg
        return _needs(inner) if low >= 1 else []
    if name == "BRANCH":
        words: set[str] = set()
        for alternative in arg[1]:
            best = _best(_usable(_needs(alternative)))
            if best is None:
                return []  # one way through needs no word: the branch needs none
            words |= best
        return [frozenset(words)]
    return []


def _best(needs: list[frozenset[str]]) -> frozenset[str] | None:
    """The most telling set: longest shortest word, then fewest words."""
    if not needs:
        return None
    return max(needs, key=lambda words: (min(len(w) for w in words), -len(words)))
