"""Kinds of mistake found scoring the blind set notes_g, each fixed by a rule or a word list:
a late entry or a correction dated by when it was written, a video "check-in", a visit at
the person's workplace, a street name after words of amount, "off heroin since", work left
or lost, money "very tight", a home left under pressure, health said through a benefit or a
hospital admission, the officer's own sickness, benefits claims and homeless "apps" done in
the session, a fit note taken for a GP referral. Sentences of our own."""

from __future__ import annotations

import pytest

OPENING = "Office appointment today with Craig Lomax, on time. "
REFERENCE = "2027-01-20"


def _entry(extractor, caseload, text: str, opening: str = OPENING) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return extractor.extract(opening + text, REFERENCE, caseload).to_json()  # type: ignore[no-any-return]


def _needs(extractor, caseload, text: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {n["area"]: n["status"] for n in _entry(extractor, caseload, text)["needs"]}


@pytest.mark.parametrize(
    ("text", "date"),
    [
        (
            "Late entry 19/01 for the home visit on 15/01: Craig Lomax was in and well.",
            "2027-01-15",
        ),
        ("Note written 20/01 re contact on 18/01. Craig Lomax rang as planned.", "2027-01-18"),
        (
            "Correction to my entry of 12/01 for Craig Lomax: it named the wrong hostel. "
            "Office visit today, on time.",
            REFERENCE,
        ),
    ],
)
def test_the_date_a_note_was_written_is_not_the_contact(extractor, caseload, text, date):  # type: ignore[no-untyped-def]
    assert _entry(extractor, caseload, text, opening="")["contact"]["date"] == date


@pytest.mark.parametrize(
    ("text", "ctype"),
    [
        ("Teams check-in with Craig Lomax at 10:00, camera on. All fine.", "video"),
        ("Saw Craig Lomax at his workplace in Hyde on his break. All fine.", "other_face_to_face"),
    ],
)
def test_contact_type_in_new_words(extractor, caseload, text, ctype):  # type: ignore[no-untyped-def]
    assert _entry(extractor, caseload, text, opening="")["contact"]["type"] == ctype


def test_a_street_name_after_words_of_amount_is_the_drug(extractor, caseload):  # type: ignore[no-untyped-def]
    subs = _entry(extractor, caseload, "He smoked a bit of brown on Friday night.")["substances"]
    assert ("heroin", "current") in {(s["name"], s["status"]) for s in subs}


def test_a_brown_thing_is_no_drug(extractor, caseload):  # type: ignore[no-untyped-def]
    assert _entry(extractor, caseload, "He wore a brown coat to court.")["substances"] == []


@pytest.mark.parametrize(
    "text",
    ["Off heroin since he moved to the hostel, he says.", "Off the heroin for six weeks now."],
)
def test_off_a_drug_since_is_history(extractor, caseload, text):  # type: ignore[no-untyped-def]
    subs = {(s["name"], s["status"]) for s in _entry(extractor, caseload, text)["substances"]}
    assert subs == {("heroin", "historical")}


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("He was let go from the car wash last week.", "employment_education"),
        ("He had to give up his job at the depot to care for his mum.", "employment_education"),
        ("Money is very tight this month, he says.", "finance"),
        ("He got kicked out by his brother on Sunday.", "accommodation"),
    ],
)
def test_a_problem_now_is_a_need(extractor, caseload, text, area):  # type: ignore[no-untyped-def]
    assert _needs(extractor, caseload, text).get(area) == "need"


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("He remains in his two-bed flat in Denton.", "accommodation"),
        ("He is on ESA because of his hip.", "health_wellbeing"),
        ("He was admitted to hospital on Monday with an infection.", "health_wellbeing"),
        ("He says he is staying put at his nan's for now.", "accommodation"),
    ],
)
def test_an_area_said_in_other_words_is_discussed(extractor, caseload, text, area):  # type: ignore[no-untyped-def]
    assert area in _needs(extractor, caseload, text)


@pytest.mark.parametrize("area", ["health_wellbeing", "employment_education"])
def test_the_officers_own_sickness_adds_no_area(extractor, caseload, area):  # type: ignore[no-untyped-def]
    text = "I am off sick from tomorrow, so the duty officer will see him next week."
    assert area not in _needs(extractor, caseload, text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("We completed his Carer's Allowance claim online together.", "refer_finance"),
        ("Done a homeless app with the council in the session.", "refer_accommodation"),
    ],
)
def test_a_claim_or_application_done_in_the_session_is_an_action(extractor, caseload, text, code):  # type: ignore[no-untyped-def]
    assert code in {a["code"] for a in _entry(extractor, caseload, text)["actions"]}


def test_a_fit_note_from_the_gp_is_no_referral(extractor, caseload):  # type: ignore[no-untyped-def]
    text = "A fit note from his GP for two weeks was emailed to me this afternoon."
    assert _entry(extractor, caseload, text)["actions"] == []


def test_a_missed_appointment_with_its_clock_time_is_the_absence(extractor, caseload):  # type: ignore[no-untyped-def]
    text = (
        "Craig Lomax missed his 2pm office appointment today. His mum rang at 3. "
        "Absence accepted: he was kept in overnight after a fall."
    )
    assert (
        _entry(extractor, caseload, text, opening="")["contact"]["outcome"] == "acceptable_absence"
    )


def test_a_meeting_at_the_office_is_an_office_visit(extractor, caseload):  # type: ignore[no-untyped-def]
    text = "Joint meeting at the office with Craig Lomax and his housing worker, 10:30."
    assert _entry(extractor, caseload, text, opening="")["contact"]["type"] == "office_visit"


def test_due_in_on_a_day_is_the_next_appointment(extractor, caseload):  # type: ignore[no-untyped-def]
    next_appt = _entry(extractor, caseload, "He is due in on Tuesday 26th at 10.")[
        "next_appointment"
    ]
    assert (next_appt["date"], next_appt["time"]) == ("2027-01-26", "10:00")


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("He is still at his flat with his girlfriend in Hyde.", "relationships_community"),
        ("He has had a pay rise at the builders' merchants.", "employment_education"),
    ],
)
def test_partner_and_work_in_passing(extractor, caseload, text, area):  # type: ignore[no-untyped-def]
    assert area in _needs(extractor, caseload, text)


def test_what_a_partner_does_not_do_adds_no_area(extractor, caseload):  # type: ignore[no-untyped-def]
    text = "His girlfriend Leanne is calm, works days and does not drink."
    assert "alcohol_use" not in _needs(extractor, caseload, text)


def test_the_persons_own_abstinence_is_still_discussed(extractor, caseload):  # type: ignore[no-untyped-def]
    assert "alcohol_use" in _needs(extractor, caseload, "He does not drink at all now.")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("His son Kai (9) was referred to Early Help by the school last week.", "present"),
        ("His neighbour's boy has an Early Help worker.", "other_person"),
    ],
)
def test_early_help_for_a_child_is_safeguarding(extractor, caseload, text, status):  # type: ignore[no-untyped-def]
    flags = {(f["code"], f["status"]) for f in _entry(extractor, caseload, text)["risk_flags"]}
    assert ("child_safeguarding", status) in flags
