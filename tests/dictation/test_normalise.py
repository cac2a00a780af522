"""The scoring normaliser: the same words written two ways score as one, different words do not."""

from __future__ import annotations

import pytest

from bench.speech_normalise import british, normalise, ordinal
from bench.speech_words import edit_distance, normalised_words, raw_words, wer


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # times, the British ways of saying them included
        ("See him at 2:30.", "see him at half past two"),
        ("see him at half two", "See him at two thirty"),
        ("The review is at 2.30pm", "the review is at two thirty p.m."),
        ("Report by quarter to three", "report by 2:45"),
        ("Call at quarter past ten", "call at 10:15"),
        ("Thursday at two o'clock", "Thursday at 2:00"),
        ("Thursday at 2 o'clock", "thursday at two oclock"),
        ("Friday at 2:00pm", "Friday at 2 p.m."),
        # numbers
        ("She has done 40 of the 100 hours", "she has done forty of the hundred hours"),
        ("a hundred and twenty hours", "120 hours"),
        ("one hundred and twenty hours", "120 hours"),
        ("twenty-one days", "21 days"),
        ("the twenty first of June", "the 21st of June"),
        ("his second warning", "his 2nd warning"),
        ("1,500 pounds", "one thousand five hundred pounds"),
        ("£40 a week", "forty pounds a week"),
        ("five per cent", "5%"),
        # case, punctuation, hyphens, fillers, brackets
        ("A follow-up call.", "a follow up call"),
        ("Um, he was, er, late.", "He was late"),
        ("He was [inaudible] late", "he was late"),
        # contractions, okay, titles
        ("She didn't attend", "she did not attend"),
        ("He can't travel", "he cannot travel"),
        ("He's been drinking", "he has been drinking"),
        ("OK, we agreed", "okay we agreed"),
        ("Mr. Hughes", "mister Hughes"),
        ("Dr Patel", "doctor Patel"),
        # British and American spellings
        ("his behavior program", "his behaviour programme"),
        ("she apologized to the counselor", "She apologised to the counsellor"),
        ("the center", "the centre"),
        ("his license conditions", "his licence conditions"),
        ("He analyzed it", "he analysed it"),
        ("It was canceled", "it was cancelled"),
    ],
)
def test_two_ways_of_writing_the_same_words_normalise_alike(one: str, other: str) -> None:
    assert normalise(one) == normalise(other)


@pytest.mark.parametrize(
    ("said", "heard"),
    [
        ("He has not used heroin", "He does not use heroin"),
        ("reported the breaches", "reported the reaches"),
        ("staying at the hostel", "staying at the hostile"),
        ("at two o'clock", "at 2 pm"),
        ("at two thirty", "at 2:40"),
        ("forty hours", "fourteen hours"),
        ("second warning", "2 warnings"),
        ("the size of it", "the sise of it"),
        ("unpaid work", "and paid work"),
    ],
)
def test_different_words_stay_different(said: str, heard: str) -> None:
    assert normalise(said) != normalise(heard)


def test_raw_words_keep_the_writing_the_normaliser_forgives() -> None:
    assert raw_words("At 2:30, OK?") == ["at", "2:30", "ok"]
    assert normalised_words("At 2:30, OK?") == ["at", "2", "30", "okay"]


def test_numbers_that_are_two_numbers_stay_two() -> None:
    assert normalise("two thirty") == "2 30"
    assert normalise("three four five") == "3 4 5"
    assert normalise("twenty twenty") == "20 20"


def test_and_joins_numbers_only_after_hundred() -> None:
    assert normalise("two and three") == "2 and 3"
    assert normalise("a hundred and") == "100 and"


def test_ize_words_that_are_not_spellings_are_kept() -> None:
    assert british("size") == "size"
    assert british("prize") == "prize"
    assert british("seized") == "seized"
    assert british("recognized") == "recognised"
    assert british("analyzing") == "analysing"


@pytest.mark.parametrize(
    ("n", "text"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (11, "11th"), (22, "22nd")]
)
def test_ordinal(n: int, text: str) -> None:
    assert ordinal(n) == text


def test_edit_distance_counts_substitutions_insertions_and_deletions() -> None:
    assert edit_distance("a b c".split(), "a x c".split()) == 1
    assert edit_distance("a b c".split(), "a c".split()) == 1
    assert edit_distance("a b c".split(), "a b c d".split()) == 1
    assert edit_distance([], "a b".split()) == 2


def test_wer_raw_counts_what_normalised_forgives() -> None:
    refs = ["Next appointment is Thursday at two o'clock."]
    hyps = ["Next appointment is Thursday at 2:00"]
    assert wer(refs, hyps) == 0.0
    assert wer(refs, hyps, raw=True) == pytest.approx(2 / 7)


def test_wer_is_over_all_reference_words() -> None:
    refs = ["he was late", "she was on time today"]
    hyps = ["he was", "she was on time today"]
    assert wer(refs, hyps) == pytest.approx(1 / 8)
