"""Sentence parses worked out ahead in one batch (nlp.parse_ahead) change no answer."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nlp.facts.contact.contact_type import contact_type
from nlp.facts.households import someone_elses_home
from nlp.parse_ahead import likely_asked, parse_ahead
from nlp.text.clean import clean

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NOTE = (
    "Office visit with Sam today. He said his brother Dean was arrested for possession of "
    "cannabis. Asked about spice, he denied using it. The weather was cold. He is sofa "
    "surfing at a friend's flat and feels low."
)


def _notes(limit: int) -> list[dict]:
    lines = (FIXTURES / "notes.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()][:limit]


def _parse_of(doc):  # type: ignore[no-untyped-def]
    return [(t.tag_, t.pos_, t.dep_, t.head.i, str(t.morph)) for t in doc]


def test_a_batched_parse_is_the_same_as_one_sentence_at_a_time(extractor) -> None:  # type: ignore[no-untyped-def]
    """Each sentence is its own Doc either way: batching it with others changes no tag, head,
    label or tensor value."""
    docs = [extractor.nlp(clean(n["text"]).text) for n in _notes(25)]
    sents = [s for doc in docs for s in doc.sents]
    batched = extractor.parse_many(sents)
    assert len(batched) == len(sents) > 50
    for sent, together in zip(sents, batched, strict=True):
        alone = extractor.parser(sent)
        assert _parse_of(together) == _parse_of(alone)
        assert np.array_equal(together.tensor, alone.tensor)


def test_entries_are_byte_identical_with_and_without_parse_ahead(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    """The whole extraction over the example notes, with the batch parse and without it."""
    items = [(n["text"], n.get("reference_date")) for n in _notes(60)]
    ahead = [json.dumps(e.to_json()) for e in extractor.extract_many(items, caseload)]
    parse_many, extractor.parse_many = extractor.parse_many, None
    try:
        alone = [json.dumps(e.to_json()) for e in extractor.extract_many(items, caseload)]
    finally:
        extractor.parse_many = parse_many
    assert ahead == alone


def test_the_guess_holds_the_sentences_the_rules_parse(extractor) -> None:  # type: ignore[no-untyped-def]
    """Cue sentences are guessed and parsed ahead; a sentence with no cue is not."""
    cleaned = clean(NOTE)
    a = extractor.analyse(cleaned, extractor.nlp(cleaned.text))
    guessed = {s.text for s in likely_asked(a)}
    assert any("spice" in s for s in guessed) and any("cannabis" in s for s in guessed)
    assert not any("weather" in s for s in guessed)
    assert parse_ahead([a], extractor.parse_many) == len(guessed)
    assert parse_ahead([a], extractor.parse_many) == 0  # already at hand: not parsed again
    (span,) = a.spans("sub|spice|term")
    before = dict(a._parsed)
    assert a.fact_status(span) == "negated"
    assert a._parsed == before  # answered from the parse worked out ahead


@pytest.mark.parametrize("ahead", [True, False])
def test_a_sentence_not_guessed_is_still_parsed_when_asked(extractor, ahead) -> None:  # type: ignore[no-untyped-def]
    """The guess only moves cost: a sentence left out is parsed on demand, as before."""
    cleaned = clean(NOTE)
    a = extractor.analyse(cleaned, extractor.nlp(cleaned.text))
    if ahead:
        parse_ahead([a], lambda sents: [extractor.parser(s) for s in sents])
    (span,) = a.spans("sub|spice|term")
    a._parsed.pop(a.sentence(span[0]).start, None)
    assert a.fact_status(span) == "negated"
    assert a.has_parse(a.sentence(span[0]))


def test_a_housing_cue_with_a_living_word_is_guessed(extractor) -> None:  # type: ignore[no-untyped-def]
    """Whose home a living cue is about reads the parse whatever ConText says, so its
    sentence is parsed ahead: the rules then parse nothing one at a time."""
    text = (
        "Phone call with Sam. The weather was cold. His daughter, who lives with her mum "
        "in Leeds, is doing well. He is still living at his hostel."
    )
    cleaned = clean(text)
    a = extractor.analyse(cleaned, extractor.nlp(cleaned.text))
    guessed = {s.text for s in likely_asked(a)}
    assert any("daughter" in s for s in guessed)
    assert not any("weather" in s for s in guessed)
    parse_ahead([a], extractor.parse_many)

    def not_ahead(sent):  # type: ignore[no-untyped-def]
        raise AssertionError(f"parsed one at a time: {sent.text}")

    a.parser = not_ahead
    housing = [s for k, spans in a.matches.items() if k.startswith("need|accommodation|")
               for s in spans]  # fmt: skip
    assert housing
    assert [someone_elses_home(a, span) for span in housing].count("daughter") == 1


def test_a_status_is_worked_out_again_when_whose_clauses_are_replaced(extractor) -> None:  # type: ignore[no-untyped-def]
    """Statuses are kept per span and label, but belong to the clause owners they were
    worked out with."""
    cleaned = clean("Office visit. Arrested last night for possession of cannabis.")
    a = extractor.analyse(cleaned, extractor.nlp(cleaned.text))
    (span,) = a.spans("sub|cannabis|term")
    a.whose = [((0, len(a.doc)), "own")]
    assert a.status(span) == "present"
    a.whose = [((0, len(a.doc)), "other")]
    assert a.status(span) == "other_person"


def test_only_a_bare_contact_place_is_parsed_ahead(extractor) -> None:  # type: ignore[no-untyped-def]
    """ "Home visit" names the contact whoever else the sentence mentions, so its rule never
    reads the parse and its sentence is not parsed ahead; a bare place ("on the ward") may be
    where someone else is, so its sentence is, and the rules then parse nothing themselves."""
    visit = clean("Home visit to Sam today. The weather was cold.")
    a = extractor.analyse(visit, extractor.nlp(visit.text))
    assert a.spans("ctype|home_visit|strong")
    assert likely_asked(a) == []
    call = clean("Phone call with Sam. His mum is on the ward at the hospital.")
    b = extractor.analyse(call, extractor.nlp(call.text))
    b.whose = [((0, len(b.doc)), "own")]
    assert [s.text for s in likely_asked(b)] == ["His mum is on the ward at the hospital."]
    parse_ahead([b], extractor.parse_many)

    def not_ahead(sent):  # type: ignore[no-untyped-def]
        raise AssertionError(f"parsed one at a time: {sent.text}")

    a.parser = b.parser = not_ahead
    assert contact_type(a)[0] == "home_visit"
    assert contact_type(b)[0] == "telephone"
