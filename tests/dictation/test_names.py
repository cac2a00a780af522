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


def test_exact_names_short_names_and_other_words_are_left_alone():
    for text in ("Saw Tariq Hussain.", "The sun was out.", "Sam Reid called.", "Hussain rang."):
        assert respell(heard(text), CASELOAD) == heard(text)
    assert respell(heard("Tarik Hussein"), []) == heard("Tarik Hussein")


def test_a_run_that_sounds_like_a_caseload_name_is_respelled():
    # Too far apart by letters for CUTOFF, but the same sounds word for word.
    found = respell(heard("Met Kathryn McKensie today."), ["Catherine Mackenzie"])
    assert found.text == "Met Catherine Mackenzie today."
    assert respell(heard("Met Kathy Mann today."), ["Catherine Mackenzie"]).text == (
        "Met Kathy Mann today."
    )


def test_a_lone_name_that_sounds_like_a_caseload_name_is_marked_not_changed():
    found = respell(heard("Then Hussein came in, and Qureshy later."), CASELOAD + ["Imran Qureshi"])
    assert found.text == "Then Hussein came in, and Qureshy later."
    assert [(w.text, w.suggestion) for w in found.unsure(0.5)] == [
        ("Hussein", "Hussain"),
        ("Qureshy", "Qureshi"),
    ]
    # Lower case is an ordinary word, not a name; two caseload parts alike give no suggestion.
    assert respell(heard("it was hussein"), CASELOAD).unsure(0.5) == []
    assert respell(heard("Then Hussein came."), ["Ali Hussain", "Jo Husain"]).unsure(0.5) == []
    # Hassan shares Hussain's sounds but not enough of its letters.
    assert respell(heard("Then Hassan came."), CASELOAD).unsure(0.5) == []


def test_two_people_who_fit_about_as_well_are_left_for_the_officer():
    assert respell(heard("Jen Reed rang."), ["Jan Reed", "Jon Reed"]).text == "Jen Reed rang."
    assert respell(heard("Jen Reed rang."), ["Jan Reed", "Tom Bell"]).text == "Jan Reed rang."


def test_a_surname_glued_to_a_few_letters_is_suggested_not_changed():
    caseload = [*CASELOAD, "Owen Pritchard", "Leo Porter"]
    found = respell(heard("no impritchard attended late."), caseload)
    assert found.text == "no impritchard attended late."
    assert [(w.text, w.suggestion) for w in found.unsure(0.5)] == [("impritchard", "Pritchard")]
    # Any case; the name itself, too many letters before it, or letters and a mark
    # ("O'Pritchard", a name of its own) are not a gluing.
    assert respell(heard("Today Ampritchard rang."), caseload).unsure(0.5)[0].suggestion == (
        "Pritchard"
    )
    for text in ("Owen Pritchard rang.", "the hundredpritchard", "Dr O'Pritchard rang."):
        assert respell(heard(text), caseload).unsure(0.5) == []


def test_a_short_surname_or_an_english_word_that_ends_in_one_is_not_a_gluing():
    # Porter is too short to tell from "reporter"; "outstanding" is English.
    assert respell(heard("the reporter and the supporter"), ["Leo Porter"]).unsure(0.5) == []
    assert respell(heard("an outstanding fine"), ["Mia Standing"]).unsure(0.5) == []
