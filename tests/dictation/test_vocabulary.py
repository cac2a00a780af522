"""Near misses of probation terms are put back and marked; ordinary words never change."""

from __future__ import annotations

import pytest

from speech.transcript import Segment, Transcript, Word
from speech.vocabulary import correct, ordinary_words, terms
from speech.wording import for_officer


def heard(text: str) -> Transcript:
    words = tuple(Word(t, float(i), i + 1.0, 0.9) for i, t in enumerate(text.split()))
    return Transcript(text, (Segment(text, 0.0, float(len(words)), words),), float(len(words)))


def changed(found: Transcript) -> list[str]:
    return [w.text for w in found.words if w.respelled]


@pytest.mark.parametrize(
    ("said", "written", "marked"),
    [
        ("He is prescribed Pregablin by his GP.", "He is prescribed Pregabalin by his GP.", 1),
        ("He collects his methodone daily.", "He collects his methadone daily.", 1),
        ("He moved to Wolverhamton last week.", "He moved to Wolverhampton last week.", 1),
        ("The Mapa meeting is on Friday.", "The MAPPA meeting is on Friday.", 1),
        # The same letters written apart or dotted: a spelling, still marked.
        ("She went to the Job Centre on Monday.", "She went to the Jobcentre on Monday.", 1),
        ("He takes meth a done daily.", "He takes methadone daily.", 1),
        ("We did a U.D.T. today.", "We did a UDT. today.", 1),
        ("Referred to Change Grow Lyve's team.", "Referred to Change Grow Live's team.", 3),
    ],
)
def test_a_near_miss_takes_the_term_and_is_marked(said, written, marked):
    found = correct(heard(said))
    assert found.text == written
    assert len(changed(found)) == marked
    assert all(w.unsure(0.0) for w in found.words if w.respelled)


def test_a_merged_word_keeps_the_times_of_what_was_heard():
    found = correct(heard("He takes meth a done daily."))
    word = next(w for w in found.words if w.respelled)
    assert (word.start, word.end) == (2.0, 5.0)


@pytest.mark.parametrize(
    "said",
    [
        "He walked to the shop with his brother and paid for it.",
        "She says her own mood is better since the hearing.",
        "He had a stroke last year and keeps his things at his mother's.",
        "He is not in paid work yet.",
        "Heroin use continues; he also uses cocaine and cannabis.",
        "Referred to Citizens Advice for help with Universal Credit.",
        "He lives in Manchester, near Salford.",
    ],
)
def test_ordinary_english_and_terms_written_right_are_left_alone(said):
    assert correct(heard(said)) == heard(said)


@pytest.mark.parametrize(
    ("said", "last", "term"),
    [
        ("He starts thinking skill programme.", "programme.", "Thinking Skills Programme"),
        ("Referred to Change Grow Lives team.", "Lives", "Change Grow Live"),
    ],
)
def test_ordinary_words_close_to_a_term_only_get_a_suggestion(said, last, term):
    found = correct(heard(said))
    assert found.text == said
    assert [(w.text, w.suggestion) for w in found.words if w.suggestion] == [(last, term)]


def test_a_caseload_name_is_never_taken_for_a_term():
    said = "Saw Mapa Jones today."
    assert correct(heard(said), ["Mapa Jones"]) == heard(said)
    assert "MAPPA" in correct(heard(said)).text


def test_the_officer_sees_names_first_then_terms():
    found = for_officer(heard("Tarik Hussein takes Pregablin."), ["Tariq Hussain"])
    assert found.text == "Tariq Hussain takes Pregabalin."
    assert changed(found) == ["Tariq", "Hussain", "Pregabalin."]


def test_ordinary_words_hold_common_english_and_no_near_misses():
    words = ordinary_words()
    assert {"the", "paid", "work", "job", "centre", "hearing", "own"} <= words
    assert not {"pregablin", "methodone", "wolverhamton", "mapa"} & words


def test_every_term_is_found_when_heard_right():
    for term in terms():
        said = f"We spoke about {term.text} today."
        assert correct(heard(said)) == heard(said), term.text
