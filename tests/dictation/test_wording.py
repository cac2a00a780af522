"""British spellings are made without marking; doubtful probation words are marked, not changed."""

from __future__ import annotations

from speech.transcript import Segment, Transcript, Word
from speech.wording import for_officer, reword


def heard(text: str, confidence: float = 0.9) -> Transcript:
    words = tuple(Word(t, i, i + 1.0, confidence) for i, t in enumerate(text.split()))
    return Transcript(text, (Segment(text, 0.0, float(len(words)), words),), float(len(words)))


def test_american_spellings_become_british_keeping_capitals_and_punctuation():
    found = reword(heard("Program starts Monday; his license, and BEHAVIOR, were discussed."))
    assert found.text == "Programme starts Monday; his licence, and BEHAVIOUR, were discussed."
    assert found.unsure(0.5) == []  # the same word spelled the British way: nothing to check


def test_a_doubtful_word_is_left_as_heard_and_marked_with_a_suggestion():
    found = reword(heard("This reaches his order."))
    assert found.text == "This reaches his order."
    [doubt] = found.unsure(0.5)
    assert (doubt.text, doubt.suggestion) == ("reaches", "breaches")
    word = found.to_json(0.5)["segments"][0]["words"][1]
    assert word["unsure"] and word["suggestion"] == "breaches"
    assert Transcript.from_json(found.to_json(0.5)) == found


def test_ordinary_text_is_returned_unchanged():
    text = "He attended on time and the breach was explained."
    assert reword(heard(text)) == heard(text)


def test_for_officer_respells_names_and_rewords():
    found = for_officer(heard("Saw Tarik Hussein about the program."), ["Tariq Hussain"])
    assert found.text == "Saw Tariq Hussain about the programme."
    assert [w.text for w in found.unsure(0.5)] == ["Tariq", "Hussain"]


def test_a_hyphenated_word_given_as_two_words_stays_one():
    words = (Word("Multi", 0, 1, 0.9), Word("-agency", 1, 2, 0.9), Word("program.", 2, 3, 0.9))
    segment = Segment("Multi-agency program.", 0.0, 3.0, words)
    found = reword(Transcript(segment.text, (segment,), 3.0))
    assert found.text == "Multi-agency programme."
