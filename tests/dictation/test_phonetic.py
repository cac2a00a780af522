"""The sound key agrees on spellings of the same name and keeps different names apart."""

from __future__ import annotations

import pytest

from speech.phonetic import sound_key


@pytest.mark.parametrize(
    ("heard", "caseload"),
    [
        ("Tarik", "Tariq"),
        ("Hussein", "Hussain"),
        ("Whitlok", "Whitlock"),
        ("McKenzie", "Mackenzie"),
        ("Kathryn", "Catherine"),
        ("Philips", "Phillips"),
        ("Kureshi", "Qureshi"),
        ("Night", "Knight"),
    ],
)
def test_spellings_of_one_sound_share_a_key(heard, caseload):
    assert sound_key(heard) == sound_key(caseload)


@pytest.mark.parametrize(
    ("one", "other"),
    [("Hussain", "Hughes"), ("Whitlock", "Whitaker"), ("Reed", "Rees"), ("Mirza", "Murphy")],
)
def test_different_names_have_different_keys(one, other):
    assert sound_key(one) != sound_key(other)


def test_punctuation_and_case_do_not_count():
    assert sound_key("O'Neill,") == sound_key("oneil") and sound_key("...") == ""
