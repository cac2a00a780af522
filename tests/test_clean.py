"""Dictation clean-up and its map back to what the officer wrote."""

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.text.clean import Cleaned, clean

_WORD = re.compile(r"[^\W\d_]+")


@pytest.mark.parametrize(
    ("dictated", "expected"),
    [
        (
            "seen at the office today comma he was on time full stop he is well full stop",
            "Seen at the office today, he was on time. He is well.",
        ),
        ("he rang erm to say he was ill full stop", "He rang to say he was ill."),
        (
            "she is doing well full stop new paragraph housing is stable full stop",
            "She is doing well.\n\nHousing is stable.",
        ),
        ("no issues new line next appt tuesday", "No issues\nNext appt tuesday"),
        ("was he there question mark no full stop", "Was he there? No."),
        (
            "drug test open bracket urine close bracket negative full stop",
            "Drug test (urine) negative.",
        ),
        ("um he said erm, that he forgot full stop", "He said that he forgot."),
        (
            "i think i'm right full stop i've checked comma i'll call full stop",
            "I think I'm right. I've checked, I'll call.",
        ),
        ("he left full stop. then came back full stop", "He left. Then came back."),
        ("He left Full Stop She returned Full-stop", "He left. She returned."),
        ("seen today colon all fine full stop", "Seen today: all fine."),
        ("he was late period he apologised period", "He was late. He apologised."),
        ("first point semicolon second point full stop", "First point; second point."),
        ("he said open quote not again close quote full stop", 'He said "not again".'),
        ("great news exclamation mark he got the job full stop", "Great news! He got the job."),
        ("checked in erm full stop erm new paragraph all fine", "Checked in.\n\nAll fine"),
        ("hmm he said comma uh he forgot full stop", "He said, he forgot."),
        ("reviewed , all ok full stop seen again full stop", "Reviewed, all ok. Seen again."),
    ],
)
def test_dictated_punctuation(dictated: str, expected: str) -> None:
    cleaned = clean(dictated)
    assert cleaned.dictated
    assert cleaned.text == expected


@pytest.mark.parametrize(
    "typed",
    [
        "He came to a full stop with his drinking. No concerns.",
        "A period of abstinence since March, which is positive.",
        "He has had a colon operation. Comma is not a word here. All fine.",
        "I explained the new line manager process to him.",
        "The full stop at the end was missing.",
        "Discussed period of licence; review in two weeks",
        "Attended. Full stop on drinking now. Doing well.",
        "HV - no reply, card left. Next appt Thu 26/3 9am.",
        "erm",
        "He said er, no.",
        "",
        "Smith, J. (X123456) attended 10:30 👍",
    ],
)
def test_typed_notes_pass_through(typed: str) -> None:
    cleaned = clean(typed)
    assert not cleaned.dictated
    assert cleaned.text == typed
    for start in range(len(typed) + 1):
        assert cleaned.to_original(start, len(typed)) == (start, len(typed))
        assert cleaned.to_original(0, start) == (0, start)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Seen\u00a0today", "Seen today"),
        ("line one\r\nline two", "line one\nline two"),
        ("old mac\rline", "old mac\nline"),
        ("tab\there", "tab here"),
        ("Sm\u200bith attended", "Smith attended"),
        ("\u202eevil\u202c text", "evil text"),
        ("\ufeffBOM first", "BOM first"),
        ("nul\x00char", "nul char"),
        ("para\u2029graph", "para\ngraph"),
        ("soft\u00adhyphen", "softhyphen"),
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
        ("emoji 👍🏽 kept", "emoji 👍🏽 kept"),
        ("مرحبا hello", "مرحبا hello"),
    ],
)
def test_odd_characters_are_normalised(raw: str, expected: str) -> None:
    cleaned = clean(raw)
    assert cleaned.text == expected
    assert cleaned.original == raw
    for m in _WORD.finditer(cleaned.text):
        start, end = cleaned.to_original(m.start(), m.end())
        assert re.sub(r"[\u200b\u202a-\u202e\ufeff\u00ad]", "", raw[start:end]) == m.group()


def test_zero_width_inside_a_word_maps_to_the_whole_word() -> None:
    cleaned = clean("Mr Sm\u200bith attended")
    start = cleaned.text.index("Smith")
    assert cleaned.to_original(start, start + 5) == (3, 9)


_DICTATED_NOTE = (
    "note for sam erm office visit today he was booked in for ten but came in at ten twenty "
    "full stop he said sorry comma the train was late full stop erm new paragraph i've made "
    "a referral open bracket housing close bracket full stop was he ok question mark yes "
    "full stop next appointment the ninth at two"
)


def test_every_word_maps_back_to_what_was_said() -> None:
    cleaned = clean(_DICTATED_NOTE)
    assert cleaned.dictated
    for m in _WORD.finditer(cleaned.text):
        start, end = cleaned.to_original(m.start(), m.end())
        assert _DICTATED_NOTE[start:end].casefold() == m.group().casefold()


@pytest.mark.parametrize(
    ("punct", "spoken"),
    [
        (".", "full stop"),
        (",", "comma"),
        ("?", "question mark"),
        ("(", "open bracket"),
        (")", "close bracket"),
    ],
)
def test_punctuation_maps_back_to_the_spoken_words(punct: str, spoken: str) -> None:
    cleaned = clean(_DICTATED_NOTE)
    for i, ch in enumerate(cleaned.text):
        if ch == punct:
            start, end = cleaned.to_original(i, i + 1)
            assert _DICTATED_NOTE[start:end] == spoken


def test_paragraph_break_maps_to_the_command() -> None:
    cleaned = clean(_DICTATED_NOTE)
    i = cleaned.text.index("\n\n")
    start, end = cleaned.to_original(i, i + 2)
    assert _DICTATED_NOTE[start:end].strip() == "new paragraph"


def test_a_sentence_span_covers_the_spoken_sentence() -> None:
    cleaned = clean(_DICTATED_NOTE)
    sentence = "He said sorry, the train was late."
    i = cleaned.text.index(sentence)
    start, end = cleaned.to_original(i, i + len(sentence))
    assert _DICTATED_NOTE[start:end] == "he said sorry comma the train was late full stop"


def test_whole_text_maps_to_whole_original() -> None:
    cleaned = clean(_DICTATED_NOTE)
    assert cleaned.to_original(0, len(cleaned.text)) == (0, len(_DICTATED_NOTE))


@pytest.mark.parametrize(
    ("span", "expected"),
    [((-5, 3), (0, 3)), ((2, 10**6), (2, 11)), ((5, 2), (5, 5)), ((11, 11), (11, 11))],
)
def test_to_original_clamps_out_of_range_spans(
    span: tuple[int, int], expected: tuple[int, int]
) -> None:
    assert clean("typed note.").to_original(*span) == expected


def test_cleaned_is_frozen() -> None:
    cleaned = clean("x")
    assert isinstance(cleaned, Cleaned)
    with pytest.raises(AttributeError):
        cleaned.text = "y"  # type: ignore[misc]


def test_long_dictated_note_is_quick() -> None:
    note = (_DICTATED_NOTE + " full stop ") * 40
    assert len(note) > 12_000
    begin = time.perf_counter()
    cleaned = clean(note)
    assert time.perf_counter() - begin < 0.5
    assert cleaned.dictated
    assert cleaned.to_original(0, len(cleaned.text)) == (0, len(note))


def _check_map(cleaned: Cleaned, spans: list[tuple[int, int]]) -> None:
    n = len(cleaned.original)
    previous = (0, 0)
    for a, b in sorted(spans):
        start, end = cleaned.to_original(a, b)
        assert 0 <= start <= end <= n
        if 0 <= a <= b <= len(cleaned.text):
            assert start >= previous[0]  # starts never run backwards
            previous = (start, end)


@settings(deadline=None)
@given(st.text(max_size=400), st.lists(st.tuples(st.integers(-5, 450), st.integers(-5, 450))))
def test_clean_never_raises_and_maps_in_range(text: str, spans: list[tuple[int, int]]) -> None:
    cleaned = clean(text)
    assert cleaned.original == text
    _check_map(cleaned, spans)


_DICTATION_WORDS = st.sampled_from(
    [
        "he",
        "said",
        "i",
        "i've",
        "comma",
        "full stop",
        "period",
        "a",
        "erm",
        "erm,",
        "um",
        "new paragraph",
        "new line",
        "question mark",
        "open bracket",
        "close bracket",
        "colon",
        "the",
        "Smith",
        "10:30",
        "\u200b",
        "\u00a0",
        ".",
        ",",
    ]
)


@settings(deadline=None)
@given(st.lists(_DICTATION_WORDS, max_size=40).map(" ".join))
def test_dictation_words_map_back_to_themselves(text: str) -> None:
    cleaned = clean(text)
    for m in _WORD.finditer(cleaned.text):
        start, end = cleaned.to_original(m.start(), m.end())
        said = re.sub(r"[\u200b]", "", text[start:end])
        assert said.casefold() == m.group().casefold()
    _check_map(cleaned, [(0, len(cleaned.text)), (1, 3), (3, 30)])
