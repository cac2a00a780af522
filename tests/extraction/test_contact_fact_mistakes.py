"""Known contact-fact mistakes (issue 11, facts6), each in sentences of our own: calls that chase
a missed appointment, a referral the officer wants the person to attend, a partner introduced
by a relationship phrase, a return after curfew, and a referral said in lower-case dictation
run on into the next appointment. Reference date Wednesday 13 May 2026."""

from __future__ import annotations

from typing import Any

import pytest

REFERENCE = "2026-05-13"


def entry(extractor: Any, text: str) -> dict[str, Any]:
    result: dict[str, Any] = extractor.extract(text, REFERENCE).to_json()
    return result


# -- a call made about a missed appointment is not the appointment's type ------------------


@pytest.mark.parametrize(
    "text",
    [
        "Sam did not attend today. Rang his mobile, no answer. Next appointment Friday 2pm.",
        "DNA. Rang Sam's mobile at 11, it went to voicemail. Letter sent, next appt Mon 18th 10am.",
        "Kerry failed to attend this afternoon. I texted her to ask why. Next appt Friday at 2pm.",
        "no show today full stop phoned him twice no answer full stop next appt friday 2pm",
    ],
)
def test_calls_chasing_an_absence_do_not_type_it(extractor: Any, text: str) -> None:
    e = entry(extractor, text)
    assert e["contact"]["outcome"] == "failed_to_attend"
    assert e["contact"]["type"] == "office_visit"
    assert e["next_appointment"]["type"] == "office_visit"


def test_the_time_of_a_chasing_call_is_not_the_appointments(extractor: Any) -> None:
    e = entry(extractor, "Did not attend today. Rang him at 11.15, no answer.")
    assert e["contact"]["start_time"] is None
    e = entry(extractor, "Did not attend his 10am appointment. Rang him at 11.15, no answer.")
    assert e["contact"]["start_time"] == "10:00"


@pytest.mark.parametrize(
    ("text", "ctype"),
    [
        # the call was the appointment: a planned call, a phone appointment
        ("Planned phone call at 2pm - no answer. Rang again at 2.20.", "telephone"),
        ("Did not answer his telephone appointment today; I rang twice.", "telephone"),
        ("Did not join the Teams call at 1pm. Rang him at 1.10, no answer.", "video"),
        # a home visit with no answer, then a call
        ("Home visit at 3pm, no answer at the door. Rang his mobile, no reply.", "home_visit"),
    ],
)
def test_an_absence_keeps_the_type_it_names(extractor: Any, text: str, ctype: str) -> None:
    assert entry(extractor, text)["contact"]["type"] == ctype


def test_a_call_that_took_place_is_still_a_call(extractor: Any) -> None:
    e = entry(extractor, "Rang Sam as arranged. He is well and working. Next call Friday 2pm.")
    assert (e["contact"]["type"], e["contact"]["outcome"]) == ("telephone", "attended_complied")


# -- a referral the officer wants the person to attend is the officer's ---------------------


@pytest.mark.parametrize(
    ("text", "code", "owner"),
    [
        (
            "Office visit. He is drinking daily. I want him to see the alcohol worker; he agreed.",
            "refer_substance_misuse",
            "officer",
        ),
        (
            "Office visit. Her debts are growing. We would like her to meet the debt advice "
            "service and she agreed to a referral.",
            "refer_finance",
            "officer",
        ),
        # doing it himself stays his
        (
            "Office visit. I asked him to self-refer to the alcohol service and he agreed.",
            "refer_substance_misuse",
            "person",
        ),
    ],
)
def test_who_owns_a_referral_to_meet_a_service(
    extractor: Any, text: str, code: str, owner: str
) -> None:
    found = {a["code"]: a["owner"] for a in entry(extractor, text)["actions"]}
    assert found.get(code) == owner


# -- a partner introduced by a relationship phrase is someone else --------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Home visit to Kerry.\nRELATIONSHIPS: in a relationship with Callum since March.\n"
        "OFFENDING: Callum was arrested on Saturday for a public order offence.",
        "Home visit to Kerry.\nFamily – seeing Jordan, says it is going well.\n"
        "Police – Jordan was charged with theft last week.",
    ],
)
def test_a_partner_named_earlier_is_not_the_person(extractor: Any, text: str) -> None:
    flags = {(f["code"], f["status"]) for f in entry(extractor, text)["risk_flags"]}
    assert ("new_offence", "present") not in flags
    assert ("new_offence", "other_person") in flags


def test_the_person_arrested_is_still_theirs_beside_a_partner(extractor: Any) -> None:
    text = "Home visit to Kerry. She has been seeing Callum since May. She was arrested on Friday."
    flags = {(f["code"], f["status"]) for f in entry(extractor, text)["risk_flags"]}
    assert ("new_offence", "present") in flags


# -- back at the approved premises after curfew ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Keywork at the AP. Staff say he came back at 23:40 on Tuesday, curfew 23:00.",
        "Keywork at the AP. He returned to the AP at 00:20 on Sunday. His curfew is 11pm.",
        "Keywork. He has a 9pm curfew and got back at 9.45pm yesterday.",
    ],
)
def test_a_return_after_the_curfew_time_is_a_breach(extractor: Any, text: str) -> None:
    e = entry(extractor, text)
    assert ("condition_breach", "present") in {(f["code"], f["status"]) for f in e["risk_flags"]}
    assert e["enforcement"] == "none"  # only a decision taken in this contact is enforcement
    assert e["next_appointment"] is None  # a past day, not the next appointment


@pytest.mark.parametrize(
    "text",
    [
        "Keywork at the AP. He got back at 22:45 last night, curfew 23:00, no issues.",
        "Keywork at the AP. Curfew 23:00. He came in to see me at 10:30 this morning.",
    ],
)
def test_a_return_before_the_curfew_time_is_no_breach(extractor: Any, text: str) -> None:
    flags = {(f["code"], f["status"]) for f in entry(extractor, text)["risk_flags"]}
    assert ("condition_breach", "present") not in flags


# -- a referral in lower-case dictation, run on into the next appointment --------------------


@pytest.mark.parametrize(
    "text",
    [
        "office visit with sam his flat is damp and he wants to move i said i would refer him "
        "to the council housing team next appt tuesday at ten",
        "home visit sam is behind on rent i said i will refer him to the debt advice service "
        "next appointment friday 2pm",
    ],
)
def test_a_dictated_referral_before_the_next_appointment_counts(extractor: Any, text: str) -> None:
    assert [a["owner"] for a in entry(extractor, text)["actions"]] == ["officer"]


def test_a_referral_left_for_the_next_appointment_is_not_done(extractor: Any) -> None:
    text = "Office visit. We will look at a housing referral at the next appt on Tuesday."
    assert entry(extractor, text)["actions"] == []


def test_a_letter_after_an_absence_judged_later_is_still_chasing_it(extractor: Any) -> None:
    note = (
        "Craig Lomax FTA 2pm 05/05, no contact from him. Letter sent asking him to get in "
        "touch by Friday. Second unacceptable absence this year, so a warning letter issued."
    )
    contact = entry(extractor, note)["contact"]
    assert (contact["type"], contact["outcome"]) == ("office_visit", "unacceptable_absence")


def test_a_place_named_after_the_absence_is_not_where_it_was_booked(extractor: Any) -> None:
    note = (
        "Craig Lomax did not attend his 11am today. His mum rang: he was arrested last night. "
        "I checked with the custody suite and he is due at the magistrates' tomorrow."
    )
    contact = entry(extractor, note)["contact"]
    assert (contact["type"], contact["outcome"]) == ("office_visit", "failed_to_attend")


def test_an_absence_from_a_place_keeps_that_place(extractor: Any) -> None:
    contact = entry(extractor, "Craig did not attend court today for his review.")["contact"]
    assert contact["type"] == "other_face_to_face"


# -- a time dated to a later day is the next appointment's, not this contact's ------------


@pytest.mark.parametrize(
    "text",
    [
        "Duty contact, saw Sam in reception. Reminded him of his appointment on 20/05 at 10:30.",
        "Kerry popped in to drop off her sick note. Told her she is booked for Friday 15th at 2pm.",
    ],
)
def test_a_time_dated_to_a_later_day_is_not_the_contacts_start(extractor, text: str) -> None:
    assert entry(extractor, text)["contact"]["start_time"] is None


def test_a_time_dated_to_the_contacts_own_day_stays_its_start(extractor) -> None:
    found = entry(extractor, "Office visit with Sam on 13/05 at 11:15, he was in good spirits.")
    assert found["contact"]["start_time"] == "11:15"


@pytest.mark.parametrize(
    "text",
    [
        "Sam DNA today, no contact. Will send a warning letter and book him in for Friday 9.30.",
        "Kerry did not attend. Going to rebook her for Monday at 2pm.",
    ],
)
def test_booking_the_person_in_is_the_next_appointment(extractor, text: str) -> None:
    nxt = entry(extractor, text)["next_appointment"]
    assert nxt is not None and nxt["date"] is not None and nxt["time"] is not None


# -- a note that opens with the person calling is a telephone contact ---------------------


@pytest.mark.parametrize(
    "text",
    [
        "Sam rang at 9.15, upset about his brother's arrest. He was at the magistrates' court "
        "yesterday to support him. Reminded him of his appointment on Friday at 2pm.",
        "She phoned this morning to say the flat has been flooded. Next appt Friday 2pm in the "
        "office.",
    ],
)
def test_a_note_opening_with_the_persons_call_is_a_telephone_contact(extractor, text) -> None:
    """A court the person was at, or an appointment reminded of, is not where the contact was."""
    assert entry(extractor, text)["contact"]["type"] == "telephone"


def test_a_call_before_a_meeting_leaves_the_meeting_as_the_contact(extractor) -> None:
    text = "Sam rang to say he would be late. Seen in the office at 10.30, he was apologetic."
    assert entry(extractor, text)["contact"]["type"] == "office_visit"


@pytest.mark.parametrize(
    "text",
    [
        "Rang Sam at 8.30 to cancel today's appointment as I am off sick. Moved to Friday 10am.",
        "Phoned Kerry to cancel her appointment (office closed for training), rebooked Monday 2pm.",
    ],
)
def test_an_appointment_the_officer_cancels_and_moves_is_rescheduled(extractor, text) -> None:
    assert entry(extractor, text)["contact"]["outcome"] == "rescheduled"
