"""Near misses of caseload names take the caseload's spelling and are marked for checking."""

from __future__ import annotations

from speech.names import respell
from speech.transcript import Segment, Transcript, Word

CASELOAD = ["Nadia Kowalczyk", "Tariq Hussain", "Sam Reed", "Jo Reed", "Aisha Mirza"]


def heard(text: str) -> Transcript:
    words = tuple(Word(t, i, i + 1.0, 0.9) for i, t in enumerate(text.split()))
    return Transcript(text, (Segment(text, 0.0, float(len(words)), words),), float(len(words)))


def test_a_near_miss_is_respelled_and_marked():
    found = respell(heard("Met Tarik Hussein today, then Aisha Kowalczyk."), CASELOAD)
    assert found.text == "Met Tariq Hussain today, then Nadia Kowalczyk."
    assert [w.text for w in found.unsure(0.5)] == ["Tariq", "Hussain", "Nadia"]
    json = found.to_json(0.5)["segments"][0]["words"]
    assert [w["respelled"] for w in json][:3] == [False, True, True]
    assert Transcript.from_json(found.to_json(0.5)).unsure(0.5) == found.unsure(0.5)


def test_exact_names_lone_names_and_other_words_are_left_alone():
    for text in ("Saw Tariq Hussain.", "Hussein came in.", "The sun was out.", "Sam Reid called."):
        assert respell(heard(text), CASELOAD) == heard(text)
    assert respell(heard("Tarik Hussein"), []) == heard("Tarik Hussein")


def test_two_people_who_fit_about_as_well_are_left_for_the_officer():
    assert respell(heard("Jen Reed rang."), ["Jan Reed", "Jon Reed"]).text == "Jen Reed rang."
    assert respell(heard("Jen Reed rang."), ["Jan Reed", "Tom Bell"]).text == "Jan Reed rang."
