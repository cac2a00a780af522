"""The candidate name rules the bench measures do what their descriptions say."""

from __future__ import annotations

from bench.speech_names import changed_words, first_name, glued, sound, unique_surnames

PEOPLE = [["Owen", "Pritchard"], ["Dean", "Marsh"], ["Ruth", "Marsh"], ["Ines", "Whitlock"]]


def test_surnames_two_people_share_are_left_out() -> None:
    assert set(unique_surnames(PEOPLE)) == {"pritchard", "whitlock"}


def test_glued_splits_a_surname_off_a_few_letters_only() -> None:
    assert glued("No impritchard came late.", PEOPLE) == "No Pritchard came late."
    assert glued("Sean O'Pritchard came.", PEOPLE) == "Sean O'Pritchard came."
    assert glued("A hundredpritchard", PEOPLE) == "A hundredpritchard"


def test_sound_takes_a_word_with_one_surnames_key_and_close_letters() -> None:
    assert sound("I saw Whitlok today.", PEOPLE) == "I saw Whitlock today."
    assert sound("I saw the marsh today.", PEOPLE) == "I saw the marsh today."  # two Marshes


def test_first_name_goes_before_a_lone_surname() -> None:
    assert first_name("Mr Pritchard phoned.", PEOPLE) == "Mr Owen Pritchard phoned."
    assert first_name("Owen Pritchard phoned.", PEOPLE) == "Owen Pritchard phoned."


def test_changed_words_counts_what_a_rule_wrote() -> None:
    assert changed_words("Mr Pritchard phoned.", "Mr Owen Pritchard phoned.") == ["Owen"]
    assert changed_words("a a b", "a a b") == []
