"""The cue phrase syntax and the combined matcher."""

from __future__ import annotations

import pytest
import spacy

from nlp.text.phrases import build_matcher, literal_forms, literal_words, phrase_pattern


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
