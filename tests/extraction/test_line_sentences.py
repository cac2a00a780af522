"""ConText's line sentences (one pass over the tokens) start the same sentences as before."""

from __future__ import annotations

import random

import spacy

from nlp.context.assertion import line_sentences


def _starts_by_pairs(doc) -> list[int]:  # type: ignore[no-untyped-def]
    """The rule read a token and the one before it: a line break, then a word."""
    return [
        t.i
        for t in doc[1:]
        if doc[t.i - 1].is_space and "\n" in doc[t.i - 1].text and not t.is_space
    ]


def test_a_sentence_starts_after_each_line_break_and_nowhere_else() -> None:
    nlp = spacy.blank("en")
    rng = random.Random(7)
    pieces = ["Seen", "today", ".", " ", "\n", "\n\n", "- ", "Heroin", "=", "historic", "\t", "2)"]
    texts = ["", "\n", "Office visit\nUA negative\n\n- next appt Tues"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 25))) for _ in range(500)]
    started = 0
    for text in texts:
        doc = line_sentences(nlp.make_doc(text))
        marked = [t.i for t in doc if t.is_sent_start and t.i > 0]
        assert marked == _starts_by_pairs(doc), repr(text)
        started += len(marked)
    assert started > 200
