"""The per-doc indexes kept for speed answer exactly what walking the tokens answered."""

from __future__ import annotations

import random

import pytest
import spacy
from spacy.tokens import Doc

from nlp.analysis import Analysis
from nlp.context.rules import ContextRules
from nlp.text.clean import clean
from nlp.text.lines import line_index

PIECES = ["Heroin", "=", "historic", ".", "\n", "\n\n", "Self-harm:", "denies", ",", "-", "used"]


def walked_line(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The line around [start, end) found by stepping out a token at a time."""
    first = start
    while first > 0 and "\n" not in doc[first - 1].text_with_ws:
        first -= 1
    last = end
    while last < len(doc) and "\n" not in doc[last - 1].text_with_ws:
        last += 1
    return first, min(last, len(doc))


def random_texts(count: int) -> list[str]:
    """Short texts of field lines, blank lines, punctuation and words, in any order."""
    rng = random.Random(11)
    return [
        "".join(rng.choice(PIECES) + rng.choice(["", " "]) for _ in range(rng.randint(1, 18)))
        for _ in range(count)
    ]


def test_line_bounds_and_word_counts_match_a_token_walk() -> None:
    nlp = spacy.blank("en")
    checked = 0
    for text in random_texts(400):
        doc = nlp(text)
        index = line_index(doc)
        for start in range(len(doc)):
            for end in range(start + 1, len(doc) + 1):
                first, last = walked_line(doc, start, end)
                assert index.bounds(start, end) == (first, last), (text, start, end)
                words = [t for t in doc[first:last] if not (t.is_space or t.is_punct)]
                assert index.words(first, last) == len(words)
                checked += 1
    assert checked > 5000


def test_a_doc_gets_its_own_index_even_when_ids_are_reused() -> None:
    nlp = spacy.blank("en")
    one_line = line_index(nlp("Cannabis: daily"))
    two_lines = line_index(nlp("Cannabis:\ndaily"))
    assert one_line.bounds(0, 1) == (0, 3) and two_lines.bounds(0, 1) == (0, 3)
    assert two_lines.bounds(3, 4) == (3, 4)


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    cleaned = clean("Seen at the office. He was calm.\nNext appt Tuesday. Late by ten minutes.")
    return Analysis.run(cleaned, nlp(cleaned.text), lambda doc: [], ContextRules.load())


def test_sentences_and_text_are_the_docs_own(analysis: Analysis) -> None:
    assert analysis.text == analysis.doc.text
    assert [(s.start, s.end) for s in analysis.sents] == [
        (s.start, s.end) for s in analysis.doc.sents
    ]
    for token in analysis.doc:
        assert analysis.sentence(token.i) == token.sent
        assert analysis.sentence(token.i - len(analysis.doc)) == token.sent  # from the end
    with pytest.raises(IndexError):
        analysis.sentence(len(analysis.doc))


def test_a_per_doc_answer_is_worked_out_once_and_cannot_be_changed_by_a_caller() -> None:
    from nlp.doc_cache import per_doc

    calls: list[int] = []

    @per_doc
    def capitalised(doc: Doc, skip: set[str]) -> list[str]:
        calls.append(1)
        return [t.text for t in doc if t.is_title and t.lower_ not in skip]

    nlp = spacy.blank("en")
    doc = nlp("Dean and Rory came with Sam")
    first = capitalised(doc, {"sam"})
    first.append("Changed")
    assert capitalised(doc, {"sam"}) == ["Dean", "Rory"] and len(calls) == 1
    assert capitalised(doc, {"dean"}) == ["Rory", "Sam"] and len(calls) == 2
    assert capitalised(nlp("Dean and Rory came with Sam"), {"sam"}) == ["Dean", "Rory"]
    assert len(calls) == 3  # an equal text in another doc is another doc


def test_the_extractor_hands_over_the_text_the_doc_was_made_from(extractor) -> None:  # type: ignore[no-untyped-def]
    cleaned = clean("Seen at home.\n\nCannabis:  daily  \n- Housing: sofa surfing ")
    analysis = extractor.analyse(cleaned, extractor.nlp(cleaned.text))
    assert analysis._text is not None and analysis.text == analysis.doc.text == cleaned.text


def test_the_sentence_around_a_fact_is_the_one_doc_sents_gives() -> None:
    from nlp.assessment.findings import Note, parse, sentence_of

    text = "He is sofa surfing.  Rent arrears of £300.\nReferred to Shelter. Next appt Tue."
    note, doc = Note(1, "2026-05-01", text, {}), parse(text)
    for start in range(len(text)):
        sent = next((s for s in doc.sents if s.start_char <= start < s.end_char), None)
        got = sentence_of(doc, note, start, start + 1)
        want = (sent.start_char, sent.end_char) if sent else (start, start + 1)
        assert (
            got.start == want[0] and text[got.start : got.end] == text[want[0] : want[1]].rstrip()
        )


RELATION_PIECES = ["his", "son", "brother", "Rory", "jordan", "Piotr", ",", "(", "19", ")", "said",
                   "seeing", "going", "out", "with", "Kayla", "married", "to", "the", "Monday",
                   "partner", ".", "SON", "Son"]  # fmt: skip


def walked_introduced_names(doc: Doc) -> dict[str, str]:
    """introduced_names as it was written before it read the shared lower-case forms."""
    from nlp.context import clauses as c

    names: dict[str, str] = {}
    for t in doc[:-1]:
        nxt = doc[t.i + 1]
        if t.lower_ in c.RELATIONS and (c._name_like(nxt) or c._capitalised_name(nxt)):
            names.setdefault(nxt.lower_, t.lower_)
        elif t.lower_ in c.RELATIONS and nxt.text == "," and c._appositive_name(doc, t.i + 2):
            names.setdefault(doc[t.i + 2].lower_, t.lower_)
        elif (
            c._name_like(t)
            and nxt.text == "("
            and t.i + 2 < len(doc)
            and doc[t.i + 2].lower_ in c.RELATIONS
        ):
            names.setdefault(t.lower_, doc[t.i + 2].lower_)
    for lead in c.RELATIONSHIP_LEADS:
        n = len(lead)
        ends = [
            t.i + n
            for t in doc[: len(doc) - n + 1]
            if t.lower_ == lead[0] and all(doc[t.i + k].lower_ == lead[k] for k in range(1, n))
        ]
        for i in ends:
            if i >= len(doc) or doc[i].lower_ in c.word_lists().titles:
                continue
            if c._name_like(doc[i]) or c._capitalised_name(doc[i]):
                names.setdefault(doc[i].lower_, "partner")
    return {n: r for n, r in names.items() if n not in c.RELATIONS}


def test_names_a_relation_word_introduces_match_a_token_walk() -> None:
    from nlp.context.clauses import introduced_names, person_gender
    from nlp.doc_cache import lower_forms

    nlp = spacy.blank("en")
    rng = random.Random(5)
    found = 0
    for _ in range(1500):
        words = [rng.choice(RELATION_PIECES + ["he", "she"]) for _ in range(rng.randint(0, 14))]
        doc = Doc(nlp.vocab, words=words)
        assert lower_forms(doc) == tuple(t.lower_ for t in doc)
        names = introduced_names(doc)
        assert names == walked_introduced_names(doc), words
        found += bool(names)
        counts = [t.lower_ for t in doc]
        he, she = counts.count("he"), counts.count("she")
        expected = "m" if he >= 2 and he >= 2 * she else "f" if she >= 2 and she >= 2 * he else None
        assert person_gender(doc) == expected
    assert found > 150  # the texts do introduce names, so the comparison means something
