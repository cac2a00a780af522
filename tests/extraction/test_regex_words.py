"""The words a regex needs (nlp.text.regex_words): a sound shortcut, never a changed answer."""

from __future__ import annotations

import itertools
import re

import pytest

from nlp.text import homophones
from nlp.text.regex_words import may_match, required_words


def _words(pattern: str) -> set[frozenset[str]]:
    return set(required_words(re.compile(pattern, re.IGNORECASE)))


def test_each_required_part_gives_its_words() -> None:
    assert _words(r"\b(?:at|for)\s(?P<w>to)\b") == {frozenset({"at", "for"}), frozenset({"to"})}
    # A lookahead's text is in the string too; a run of letters is one word.
    assert _words(r"\bbrake(?=\s+(?:from|off)\b)") == {
        frozenset({"brake"}),
        frozenset({"from", "off"}),
    }


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:yn\s+)?",  # optional: needs nothing
        r"[ap]m|\d+",  # one way through holds no certain word
        r"(?!never)\d+",  # a negative lookahead promises nothing
        r"(?-i:Mon)",  # its own flags: left out
        r"café",  # outside ASCII: IGNORECASE may match other letters
    ],
)
def test_what_is_not_certain_adds_no_word(pattern: str) -> None:
    assert _words(pattern) == set()


def test_a_branch_with_a_wordless_way_needs_none_but_the_rest_still_count() -> None:
    assert _words(r"\b(?:too|[0-9])\s+thirty") == {frozenset({"thirty"})}


def test_may_match_wants_a_word_of_every_set() -> None:
    needs = (frozenset({"to"}), frozenset({"at", "for"}))
    assert may_match(needs, "see you at to thirty")
    assert not may_match(needs, "see you to thirty")
    assert may_match((), "anything at all")


# Sentences of our own, in the voices the rules are for and around them.
_PIECES = [
    "she was booked for too thirty",
    "I will see him at for pm",
    "call back at to thirty",
    "meet at ate thirty sharp",
    "report by won o'clock",
    "passed his level to course",
    "having a brake from the spice",
    "gweld eto dydd Mawrth am 11 yb",
    "wela i di 19eg o Fehefin am 2yh",
    "gwelwyd 1af Rhagfyr",
    "ddydd Sul at 3 yh",
    "wela i di dydd Iau am 9 y bore",
    "galwad ffôn am 4 yn y prynhawn",
    "he goes to the group on nos Fercher",
    "see you at quarter past too",
    "nos da, bore da",
    "Came in at ten to three and waited for thirty minutes.",
    "It was too late to call; the brake pads on his van went.",
    "Office visit, attended on time, next appointment Tues 2pm.",
    "Yfory at 10 and heddiw he rang at FOR PM",
    "Stage TO of the programme at 4 Y BORE",
]


def _texts() -> list[str]:
    pairs = [" ".join(p) for p in itertools.permutations(_PIECES[:8], 2)]
    return _PIECES + pairs + [p.upper() for p in _PIECES] + [p.title() for p in _PIECES]


def test_no_rule_that_matches_is_ever_skipped() -> None:
    """Soundness over every sound-alike rule: a text a rule matches has the words it needs."""
    needs = homophones._needs()
    matched = 0
    for text in _texts():
        for (pattern, _group, _to), rule_needs in zip(homophones._rules(), needs, strict=True):
            if pattern.search(text) is not None:
                matched += 1
                assert not text.isascii() or may_match(rule_needs, text.lower()), (
                    pattern.pattern,
                    text,
                )
    assert matched > 60
    assert sum(1 for n in needs if n) > len(needs) * 0.9  # almost every rule has a shortcut


def test_sound_alikes_are_put_right_the_same_with_the_shortcut(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    texts = _texts()
    quick = [homophones.fix_homophones(t) for t in texts]
    monkeypatch.setattr(homophones, "_rules_for", lambda text: list(homophones._rules()))
    every_rule = [homophones.fix_homophones(t) for t in texts]
    assert [q and q[0] for q in quick] == [e and e[0] for e in every_rule]
    assert sum(1 for q in quick if q is not None) > 20
