"""Status read from how other writers put it: a field line's later "never touched it", a
bracketed earlier year after the cue, a Welsh greeting holding "da", a summons for debt
and a disclosure-scheme check that name a flag's word without being that flag."""

from __future__ import annotations

import pytest

REF = "2026-06-15"


def _substances(extractor, note: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {s.name: s.status for s in extractor.extract(note, REF).substances}


def _flags(extractor, note: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {f.code: f.status for f in extractor.extract(note, REF).risk_flags}


@pytest.mark.parametrize(
    "line",
    [
        "Spice – 'not a chance', she has never touched it.",
        "Crack: no way, he says he would never use it.",
    ],
)
def test_a_field_line_denied_later_in_it(extractor, line: str) -> None:  # type: ignore[no-untyped-def]
    note = f"Phone call with him at 10, 15 minutes.\n{line}\nNext call Thurs 10am."
    assert set(_substances(extractor, note).values()) == {"negated"}


def test_a_line_later_saying_he_used_it_stays_current(extractor) -> None:  # type: ignore[no-untyped-def]
    note = "Phone call at 10.\nSpice – admits he smoked it on Friday.\nNext call Thurs 10am."
    assert _substances(extractor, note) == {"spice": "current"}


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("DV (ex-wife, 2017) -> no contact since.", "domestic_abuse"),
        ("Knife -> carried one as a teen (last 2009).", "weapons"),
    ],
)
def test_a_bracketed_earlier_year_is_history(extractor, line: str, code: str) -> None:  # type: ignore[no-untyped-def]
    note = f"OV 1000 on time.\n{line}\nAccom -> own flat, fine."
    assert _flags(extractor, note)[code] == "historical"


def test_a_bracketed_year_opening_a_range_is_not_history(extractor) -> None:  # type: ignore[no-untyped-def]
    note = "OV 1000 on time.\nHeroin (2019-now) -> daily, wants a script.\nAccom -> hostel."
    assert _substances(extractor, note) == {"heroin": "current"}


def test_this_years_date_in_brackets_is_not_history(extractor) -> None:  # type: ignore[no-untyped-def]
    note = "OV 1000 on time.\nCrack (last used 2026, Saturday) -> admits it.\nAccom -> hostel."
    assert _substances(extractor, note) == {"crack_cocaine": "current"}


@pytest.mark.parametrize("greeting", ["Bore da", "Prynhawn da", "Nos da"])
def test_a_welsh_greeting_is_no_domestic_abuse(extractor, greeting: str) -> None:  # type: ignore[no-untyped-def]
    note = f"Office visit with him at 11. {greeting} – he was chatty and is still working."
    assert "domestic_abuse" not in _flags(extractor, note)


def test_a_summons_for_council_tax_is_no_new_offence(extractor) -> None:  # type: ignore[no-untyped-def]
    note = "Seen at 2. Council tax arrears of £400, summons received last week. Referred to CAB."
    assert "new_offence" not in _flags(extractor, note)


def test_a_disclosure_scheme_check_is_no_current_abuse(extractor) -> None:  # type: ignore[no-untyped-def]
    note = (
        "Seen at 2. He has a new girlfriend and they live apart. I requested a domestic "
        "violence disclosure check from the police today."
    )
    assert _flags(extractor, note).get("domestic_abuse") != "present"


def test_a_cue_the_entity_model_calls_a_person_is_still_the_persons(extractor) -> None:  # type: ignore[no-untyped-def]
    note = "TC 1000, on time.\nKetamine – admits he used it at a party.\nNext TC Thurs 10:00."
    assert _substances(extractor, note) == {"ketamine": "current"}


def test_a_modifier_before_the_cue_still_heads_the_line(extractor) -> None:  # type: ignore[no-untyped-def]
    note = "TC 1000, on time.\nStreet valium: no, she has never taken it.\nNext TC Thurs 10:00."
    assert _substances(extractor, note) == {"benzodiazepines": "negated"}


def test_abusive_messages_from_an_ex_are_current_abuse(extractor) -> None:  # type: ignore[no-untyped-def]
    note = "Phone call at 10. Her ex-partner has been sending her abusive texts again this week."
    assert _flags(extractor, note).get("domestic_abuse") == "present"


def test_the_person_reporting_to_the_police_is_no_police_liaison(extractor) -> None:  # type: ignore[no-untyped-def]
    note = "Phone call at 10. Her ex keeps turning up; she has reported it to the police."
    assert "police_liaison" not in [a.code for a in extractor.extract(note, REF).actions]


def test_the_officer_telling_the_police_still_is(extractor) -> None:  # type: ignore[no-untyped-def]
    note = "Phone call at 10. Her ex keeps turning up. I reported it to the police after the call."
    assert "police_liaison" in [a.code for a in extractor.extract(note, REF).actions]
