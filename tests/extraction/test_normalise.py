"""Fuzzy correction of misspelt vocabulary words."""

from __future__ import annotations

import pytest

from nlp.text.normalise import FuzzyVocabulary

TERMS = [
    "heroin",
    "accommodation",
    "appointment",
    "cannabis",
    "rescheduled",
    "college",
    "diazepam",
    "unemployed",
    "employed",
    "hostel",
]


@pytest.fixture(scope="module")
def vocab() -> FuzzyVocabulary:
    return FuzzyVocabulary(TERMS, protected=["colleague", "hostile"], min_length=6)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("heroine", "heroin"),
        ("Heroine", "heroin"),
        ("accomodation", "accommodation"),
        ("acommodation", "accommodation"),
        ("apointment", "appointment"),
        ("appointmnet", "appointment"),
        ("canabis", "cannabis"),
        ("diazapam", "diazepam"),
    ],
)
def test_misspellings_become_the_term(vocab: FuzzyVocabulary, word: str, expected: str) -> None:
    assert vocab.correct(word) == expected


@pytest.mark.parametrize(
    "word",
    [
        "scheduled",  # a prefix changes the meaning
        "colleague",  # protected real word
        "hostile",  # protected real word
        "cat",  # too short to correct
        "sheep",
        "treatments",
        "12345678",
        "heroines!",
    ],
)
def test_other_words_are_left_alone(vocab: FuzzyVocabulary, word: str) -> None:
    assert vocab.correct(word) == word.lower()


def test_exact_terms_stay(vocab: FuzzyVocabulary) -> None:
    assert vocab.correct("employed") == "employed"
    assert vocab.correct("unemployed") == "unemployed"


def test_generated_protected_words_are_current() -> None:
    """Editing a vocabulary without `make fuzzy-words` would let common words be corrected."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    run = subprocess.run(
        [sys.executable, "scripts/fuzzy_protected.py", "--check"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_frequent_words_near_terms_are_protected(extractor) -> None:  # type: ignore[no-untyped-def]
    norm = extractor.nlp("He changed his plans and charged his phone; heroine use.")
    assert [t.norm_ for t in norm if t.text in ("changed", "charged", "heroine")] == [
        "changed",
        "charged",
        "heroin",
    ]
