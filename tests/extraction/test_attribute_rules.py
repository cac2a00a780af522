"""The attribute ruler's matches found by lookup (nlp.attribute_rules) are spaCy's own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.pipeline import AttributeRuler

from nlp.attribute_rules import IndexedAttributeRuler, indexed
from nlp.text.clean import clean

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# Our own sentences, reaching the ruler's exceptions as well as its tag map.
SENTENCES = [
    "He ain't gonna stop, y'all know that. Let's see, c'mon.",
    "There is nothin' there. There were two cans on the side.",
    "It gets worse when he got paid; he has got ta go to the hostel.",
    "She said she's been drinking,   and is\n\n  tired.",
    "Next appt Tues 9.30 @ office - 2 x UA neg!!",
]


@pytest.fixture(scope="module")
def tagged(extractor):  # type: ignore[no-untyped-def]
    """Sentence docs tagged as the sentence parser tags them, before the ruler runs: every
    sentence of the example notes and of ours."""
    lines = (FIXTURES / "notes.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines if line.strip()][:80] + SENTENCES
    docs = extractor.nlp.pipe(clean(t).text for t in texts)
    sents = [s.as_doc() for doc in docs for s in doc.sents]
    tok2vec, tagger = extractor.nlp.get_pipe("tok2vec"), extractor.nlp.get_pipe("tagger")
    return list(tagger.pipe(tok2vec.pipe(sents)))


def _attributes(doc):  # type: ignore[no-untyped-def]
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_) for t in doc]


def test_matches_are_the_rulers_own(extractor, tagged) -> None:  # type: ignore[no-untyped-def]
    ruler = extractor.nlp.get_pipe("attribute_ruler")
    fast = IndexedAttributeRuler(ruler)
    assert len(tagged) > 300
    for doc in tagged:
        assert fast.match(doc) == sorted(set(ruler.match(doc)))
    exceptions = [m for doc in tagged for m in fast.match(doc) if m[3] - m[2] > 1]
    assert exceptions  # "ai n't", "gon na", "let 's" were reached


def test_tokens_get_the_same_attributes(extractor, tagged) -> None:  # type: ignore[no-untyped-def]
    ruler = extractor.nlp.get_pipe("attribute_ruler")
    fast = IndexedAttributeRuler(ruler)
    for doc in tagged:
        assert _attributes(fast(doc.copy())) == _attributes(ruler(doc.copy()))
    assert {t.pos_ for doc in tagged for t in fast(doc.copy())} >= {"VERB", "NOUN", "PRON"}


def test_a_ruler_with_a_pattern_not_handled_is_used_as_it_is(extractor) -> None:  # type: ignore[no-untyped-def]
    ruler = AttributeRuler(extractor.nlp.vocab)
    ruler.add([[{"LOWER": "cans", "OP": "+"}]], {"POS": "NOUN"})
    assert indexed(ruler) is ruler
    simple = AttributeRuler(extractor.nlp.vocab)
    simple.add([[{"LOWER": "cans"}]], {"POS": "NOUN"})
    assert isinstance(indexed(simple), IndexedAttributeRuler)
    tagger = extractor.nlp.get_pipe("tagger")
    assert indexed(tagger) is tagger


def test_the_sentence_parsers_use_it(extractor) -> None:  # type: ignore[no-untyped-def]
    """Both ways of parsing a sentence give the parse with the ruler's attributes set."""
    doc = extractor.nlp(clean("He said he's gonna move in with his mum. The flat is damp.").text)
    sent = next(iter(doc.sents))
    alone = extractor.parser(sent)
    (batched,) = extractor.parse_many([sent])
    assert _attributes(alone) == _attributes(batched)
    assert [t.pos_ for t in alone][:2] == ["PRON", "VERB"]
