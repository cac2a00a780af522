"""The cue phrase syntax and the combined matcher."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher

from nlp.text.phrases import build_matcher, literal_forms, literal_words, phrase_pattern
from nlp.text.vocab import cue_groups


@pytest.fixture(scope="module")
def blank():  # type: ignore[no-untyped-def]
    nlp = spacy.blank("en")
    return nlp


def _norm(nlp, text):  # type: ignore[no-untyped-def]
    doc = nlp.make_doc(text)
    for t in doc:
        t.norm_ = t.lower_
    return doc


@pytest.mark.parametrize(
    ("phrase", "forms"),
    [
        ("home visit", [["home", "visit"]]),
        ("his|her flat", [["his", "flat"], ["her", "flat"]]),
        ("ex-partner", [["ex", "-", "partner"]]),
        ("Notice To Quit", [["notice", "to", "quit"]]),
        ("deteriorat*", None),
        ("sent _ home", None),
        ("came _? late", None),
    ],
)
def test_literal_forms(blank, phrase: str, forms: list[list[str]] | None) -> None:  # type: ignore[no-untyped-def]
    assert literal_forms(phrase, blank.make_doc) == forms


def test_patterns_for_wildcards(blank) -> None:  # type: ignore[no-untyped-def]
    assert phrase_pattern("sent _ home", blank.make_doc) == [{"NORM": "sent"}, {}, {"NORM": "home"}]
    assert phrase_pattern("came _? late", blank.make_doc)[1] == {"OP": "?"}
    assert phrase_pattern("deteriorat*", blank.make_doc) == [{"NORM": {"REGEX": "^deteriorat"}}]


def test_literal_words_skip_syntax() -> None:
    assert literal_words(["his|her flat", "deteriorat*", "sent _ home", "cas3"]) == {
        "his",
        "her",
        "flat",
        "sent",
        "home",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He was sent straight home.", [("out", "sent straight home")]),
        ("His mental health is deteriorating.", [("mh", "deteriorating")]),
        ("She is staying in her flat.", [("acc", "her flat")]),
        ("Lives with his mum.", []),
    ],
)
def test_matcher_finds_literal_and_pattern_cues(blank, text: str, expected) -> None:  # type: ignore[no-untyped-def]
    matcher = build_matcher(
        blank.vocab,
        blank.make_doc,
        {"out": ["sent _ home"], "mh": ["deteriorat*"], "acc": ["his|her flat"], "none": []},
    )
    doc = _norm(blank, text)
    found = [(blank.vocab.strings[k], doc[s:e].text) for k, s, e in matcher(doc)]
    assert sorted(found) == sorted(expected)
    assert len(matcher) == 3


def _spacy_matches(nlp, groups, doc):  # type: ignore[no-untyped-def]
    """What spaCy's token Matcher finds for the groups' pattern phrases (not literal ones)."""
    matcher = Matcher(nlp.vocab, validate=True)
    for key, phrases in groups.items():
        patterns = [phrase_pattern(p, nlp.make_doc) for p in phrases]
        patterns = [p for p, ph in zip(patterns, phrases, strict=True) if _needs_pattern(nlp, ph)]
        if patterns:
            matcher.add(key, patterns)
    return set(matcher(doc))


def _needs_pattern(nlp, phrase: str) -> bool:  # type: ignore[no-untyped-def]
    return literal_forms(phrase, nlp.make_doc) is None


def _pattern_matches(matcher, doc):  # type: ignore[no-untyped-def]
    norms = {"norm": tuple(t.norm_ for t in doc)}
    return {(matcher.pattern_keys[i], s, e) for i, s, e in matcher.patterns.match(norms)}


# Our own phrases in the cue syntax: wildcards, optional words and prefixes at every position.
WILD_GROUPS = {
    "a": ["drinking _? _? _? cans|pints", "_ cans a|per night", "let _ _? know"],
    "b": ["visited _ _? at his|her _? _? flat|home", "next _ appointment", "deteriorat*"],
    "c": ["mh deteriorat*", "charged him|her _? £*", "his|her _? worker", "_? felt low _?"],
}
WILD_WORDS = sorted(
    {"drinking", "cans", "pints", "a", "per", "night", "let", "know", "visited", "at", "his"}
    | {"her", "flat", "home", "next", "appointment", "deteriorating", "deteriorated", "mh"}
    | {"charged", "him", "£50", "worker", "felt", "low", "the", "x", "\n", ",", "."}
)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(WILD_WORDS), min_size=1, max_size=25))
def test_pattern_cues_match_what_spacy_matcher_finds(blank, words: list[str]) -> None:  # type: ignore[no-untyped-def]
    matcher = build_matcher(blank.vocab, blank.make_doc, WILD_GROUPS)
    doc = _norm(blank, " ".join(words))
    assert _pattern_matches(matcher, doc) == _spacy_matches(blank, WILD_GROUPS, doc)


def test_packaged_cue_patterns_match_what_spacy_matcher_finds(blank) -> None:  # type: ignore[no-untyped-def]
    """Every pattern phrase of the packaged vocabulary, on sentences of our own."""
    groups = cue_groups()
    matcher = build_matcher(blank.vocab, blank.make_doc, groups)
    texts = [
        "He was drinking about six or seven cans most nights and blew 40 on the breathalyser.",
        "Accommodation remains his main need; he has been given two months notice to quit.",
        "She said her mood has got a lot worse and her MH deteriorating since the move.",
        "Next home appointment booked. Offering a phone call on Monday instead.",
        "Visited him at his mum's flat. Let his key worker know about the curfew.",
        "He did not return for his evening curfew and was charged him £60 for the fine.",
    ]
    found = 0
    for text in texts:
        doc = _norm(blank, text)
        expected = _spacy_matches(blank, groups, doc)
        assert _pattern_matches(matcher, doc) == expected
        found += len(expected)
    assert found >= 6  # the sentences do reach the patterns
