"""Hostile notes are defused before the tokenizer, and evidence still points at the note.

The finding: 12,000 "!" took 28 s, because the tokenizer's affix search grows with the
square of a chunk's length. The time itself is measured in `make bench` (bench/hostile.py);
here the shape the tokenizer is given is checked: no run of one mark longer than three, no
chunk longer than 40 characters, and no more tokens than a normal note of that length has.
"""

from __future__ import annotations

import re

import pytest
import spacy

from nlp.text.clean import clean
from nlp.text.defuse import MAX_RUN, MAX_TOKEN

HOSTILE = ["!", "(", "'", "\U0001f600", ".,;:!?-()", "-a", "a.", "1/", "a/", "word!!!!!!!! "]
LIMIT = 12000


@pytest.fixture(scope="module")
def tokenizer():
    return spacy.blank("en").tokenizer


@pytest.mark.parametrize("unit", HOSTILE)
def test_hostile_text_reaches_the_tokenizer_defused(unit, tokenizer):
    text = (unit * (LIMIT // len(unit) + 1))[:LIMIT]
    cleaned = clean(text).text
    assert not re.search(rf"([^\w\s])\1{{{MAX_RUN},}}", cleaned)
    assert max((len(chunk) for chunk in cleaned.split()), default=0) <= MAX_TOKEN
    # A normal note has about one token per five characters; a defused one at most one per 2.
    assert len(tokenizer(cleaned)) <= LIMIT // 2 + 1


def test_ordinary_writing_is_left_alone():
    text = (
        "Seen at 12:30, e.g. about Okonjo-Pryce's flat (the one on 21/11/2026)... "
        "He said 'no'!! Next: 3pm Fri - Probation Centre, room 2b; ok?"
    )
    assert clean(text).text == text


def test_evidence_still_points_at_what_the_officer_wrote():
    text = "Warned about breach" + "!" * 20 + " " + "x" * 90 + " then tested positive for heroin"
    cleaned = clean(text)
    assert "!!!!" not in cleaned.text
    start = cleaned.text.index("heroin")
    begin, end = cleaned.to_original(start, start + len("heroin"))
    assert text[begin:end] == "heroin"
    start = cleaned.text.index("breach")
    begin, end = cleaned.to_original(start, start + len("breach!!!"))
    assert text[begin:end].startswith("breach!!!")
    whole = cleaned.to_original(0, len(cleaned.text))
    assert whole == (0, len(text))
