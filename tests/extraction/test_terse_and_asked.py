"""Terse drug-test shorthand, questions answered no, arrival before the booked time, and
which sentence dates the contact: one behaviour each, on sentences written for these tests."""

from __future__ import annotations

import pytest
from test_extract import codes, extract


@pytest.mark.parametrize(
    ("text", "result", "tested", "statuses"),
    [
        (
            "OV Owen Nye. DT done: pos spice, neg heroin.",
            "positive",
            ["spice"],
            {("spice", "current"), ("heroin", "negated")},
        ),
        (
            "OV Owen Nye. DT neg (heroin, crack).",
            "negative",
            [],
            {("heroin", "negated"), ("crack_cocaine", "negated")},
        ),
        ("OV Owen Nye. DT asked for - refused, says he was busy.", "refused", [], set()),
        # an oral swab written "OSD" and its result in signs
        ("OV Owen Nye. OSD +ve spice.", "positive", ["spice"], {("spice", "current")}),
        ("OV Owen Nye. OSD -ve, says he is keeping away.", "negative", [], set()),
        (
            "OV Owen Nye. Oral swab positive for amphetamine.",
            "positive",
            ["amphetamine"],
            {("amphetamine", "current")},
        ),
    ],
)
def test_dt_is_a_drug_test(  # type: ignore[no-untyped-def]
    extractor, caseload, text, result, tested, statuses
) -> None:
    entry = extract(extractor, caseload, text)
    assert entry["drug_test"]["result"] == result
    assert entry["drug_test"]["substances"] == tested
    assert {(s["name"], s["status"]) for s in entry["substances"]} == statuses
    assert "drug_use" in codes(entry["needs"], "area")


def test_nothing_since_ends_use(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    entry = extract(extractor, caseload, "OV Owen Nye. Last had heroin in March, nothing since.")
    assert {(s["name"], s["status"]) for s in entry["substances"]} == {("heroin", "historical")}


@pytest.mark.parametrize(
    "sentence",
    [
        "Asked re weapons - none.",
        "I asked whether he keeps any weapons at his flat - says no.",
        "Asked directly about knives given the area he lives in; he says he has never had one.",
    ],
)
def test_weapons_asked_about_and_answered_no(extractor, caseload, sentence: str) -> None:  # type: ignore[no-untyped-def]
    entry = extract(extractor, caseload, f"Office visit with Owen Nye. {sentence}")
    assert {(f["code"], f["status"]) for f in entry["risk_flags"]} == {("weapons", "negated")}


def test_a_question_does_not_reach_past_its_clause(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    text = "Office visit with Owen Nye. I asked about work and he admitted he hit his partner."
    flags = {(f["code"], f["status"]) for f in extract(extractor, caseload, text)["risk_flags"]}
    assert ("domestic_abuse", "present") in flags


@pytest.mark.parametrize(
    ("text", "late"),
    [
        ("Owen Nye came into the office at twenty past three for his three o'clock slot.", 20),
        ("Owen Nye arrived at 09:40 for his 09:30 appointment.", 10),
        ("Owen Nye attended at 2pm for the programme session.", None),
    ],
)
def test_arrival_then_booked_time(extractor, caseload, text: str, late: int | None) -> None:  # type: ignore[no-untyped-def]
    assert extract(extractor, caseload, text)["contact"]["late_minutes"] == late


def test_later_sentences_date_other_events(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Owen Nye came to the office at 11am. He said his van was broken into on Sunday "
        "night. Next appointment Thursday 21 May at 11am."
    )
    assert extract(extractor, caseload, text, ref="2026-05-14")["contact"]["date"] == "2026-05-14"


def test_a_header_sentence_still_lets_the_next_one_date_the_contact(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    text = "Owen Nye. Seen in the office on Tuesday at 10am, attended and engaged."
    assert extract(extractor, caseload, text, ref="2026-05-14")["contact"]["date"] == "2026-05-12"


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("His mum rang this morning to say he took an overdose on Sunday.", "present"),
        ("His dad rang this morning to say he had cut himself again.", "other_person"),
        ("Her brother rang to say she had cut herself at the weekend.", "present"),
    ],
)
def test_a_pronoun_that_cannot_be_the_relative_is_the_person(  # type: ignore[no-untyped-def]
    extractor, caseload, sentence: str, status: str
) -> None:
    entry = extract(extractor, caseload, f"Phone call about Owen Nye. {sentence}")
    flags = {(f["code"], f["status"]) for f in entry["risk_flags"]}
    assert ("self_harm", status) in flags


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("He has been texting the victim despite the no-contact condition.", "present"),
        ("He knows that seeing her breaches his no-contact condition.", "present"),
        ("He has not breached his licence conditions.", "negated"),
    ],
)
def test_no_contact_condition_breaches(extractor, caseload, sentence: str, status: str) -> None:  # type: ignore[no-untyped-def]
    entry = extract(extractor, caseload, f"Office visit with Owen Nye. {sentence}")
    assert ("condition_breach", status) in {(f["code"], f["status"]) for f in entry["risk_flags"]}


def test_a_weekday_is_not_someone_else(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    text = "Office visit with Owen Nye. Hostel say he swore at staff Weds and squared up to them."
    flags = {(f["code"], f["status"]) for f in extract(extractor, caseload, text)["risk_flags"]}
    assert ("risk_to_staff", "present") in flags


@pytest.mark.parametrize(
    ("text", "code", "status"),
    [
        # In a note about a man, "she" is someone else.
        (
            "Owen Nye attended. He says he is well. He drove his friend to A&E after she "
            "cut her arm badly.",
            "self_harm",
            "other_person",
        ),
        ("Owen Nye attended. He was remanded in custody in 2019.", "new_offence", "historical"),
        (
            "owen nye attended full stop he was arrested in twenty nineteen for affray",
            "new_offence",
            "historical",
        ),
        (
            "Owen Nye attended. He says he has no weapons; the last time he had a knife was "
            "when he was 16.",
            "weapons",
            "historical",
        ),
        (
            "Owen Nye attended. Co-def charged last week with robbery.",
            "new_offence",
            "other_person",
        ),
    ],
)
def test_whose_and_when(extractor, caseload, text: str, code: str, status: str) -> None:  # type: ignore[no-untyped-def]
    flags = {(f["code"], f["status"]) for f in extract(extractor, caseload, text)["risk_flags"]}
    assert (code, status) in flags
    assert (code, "present") not in flags


@pytest.mark.parametrize(
    "sentence",
    [
        "His bank charged him £30 for an unpaid direct debit.",
        "He is treating the job offer with caution.",
    ],
)
def test_ordinary_uses_of_offence_words(extractor, caseload, sentence: str) -> None:  # type: ignore[no-untyped-def]
    entry = extract(extractor, caseload, f"Owen Nye attended the office. {sentence}")
    assert "new_offence" not in {f["code"] for f in entry["risk_flags"]}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("I helped him start a claim for PIP during the session.", {"refer_finance"}),
        ("Ref to the Shaw Trust done today for help finding work.", {"refer_employment"}),
        (
            "He agreed that I could refer him to the drug service, which I will do today.",
            {"refer_substance_misuse"},
        ),
        ("He goes to the CGL group on Thursdays.", set()),
        ("I explained that if he uses again I would need to refer him to the drug service.", set()),
    ],
)
def test_what_counts_as_an_action(extractor, caseload, sentence: str, expected: set) -> None:  # type: ignore[no-untyped-def]
    entry = extract(extractor, caseload, f"Owen Nye attended the office. {sentence}")
    assert {a["code"] for a in entry["actions"]} == expected


@pytest.mark.parametrize(
    ("opening", "kind"),
    [
        ("I visited Owen Nye at his new flat at 10am.", "home_visit"),
        ("Owen Nye joined his Teams appointment at 2pm.", "video"),
    ],
)
def test_contact_type_phrasing(extractor, caseload, opening: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    assert extract(extractor, caseload, f"{opening} He is well.")["contact"]["type"] == kind


@pytest.mark.parametrize(
    ("sentence", "area", "status"),
    [
        ("He is three weeks sober; alcohol remains his main area of need.", "alcohol_use", "need"),
        ("He came in smelling strongly of alcohol.", "alcohol_use", "need"),
        ("He blew a zero on the breathalyser.", "alcohol_use", "no_need"),
        ("His landlord has given all the tenants a month's notice.", "accommodation", "need"),
        ("His dad has asked him to leave by the end of the month.", "accommodation", "need"),
        (
            "Still in CAS3; move to a council flat agreed, keys on 3 June.",
            "accommodation",
            "strength",
        ),
        ("Her UC sanction has ended and payments are back to normal.", "finance", "no_need"),
    ],
)
def test_need_status_phrasing(  # type: ignore[no-untyped-def]
    extractor, caseload, sentence: str, area: str, status: str
) -> None:
    entry = extract(extractor, caseload, f"Owen Nye attended the office. {sentence}")
    assert {n["area"]: n["status"] for n in entry["needs"]}.get(area) == status


def test_thoughts_without_a_plan_are_still_thoughts(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    text = "Owen Nye attended. He had thoughts of ending his life last week, no plan or intent now."
    flags = {(f["code"], f["status"]) for f in extract(extractor, caseload, text)["risk_flags"]}
    assert ("self_harm", "present") in flags


def test_a_named_place_is_not_someone_else(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Owen Nye missed his appointment. His mum rang to say he was taken to Airedale "
        "last night after an overdose, and he is still on the ward."
    )
    flags = {(f["code"], f["status"]) for f in extract(extractor, caseload, text)["risk_flags"]}
    assert ("self_harm", "present") in flags


def test_aggression_at_home_is_domestic_abuse(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    text = "OV Owen Nye. Mum rang: he has been aggressive at home and broke a door."
    codes_present = {
        f["code"]
        for f in extract(extractor, caseload, text)["risk_flags"]
        if f["status"] == "present"
    }
    assert "domestic_abuse" in codes_present


def test_a_terminator_inside_the_target_still_ends_history(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    text = "Owen Nye attended. He has been unemployed since losing his job in December."
    needs = {n["area"]: n["status"] for n in extract(extractor, caseload, text)["needs"]}
    assert needs["employment_education"] == "need"
