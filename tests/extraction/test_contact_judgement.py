"""Contact facts and actions in the forms other writers use (issue 11): fragments that name
the next appointment, clock times before the day, Welsh dates, absences recorded late in a
doorstep account, someone else sent home, and referrals phrased as doing. Sentences are our
own; reference date Wednesday 10 June 2026."""

from __future__ import annotations

from typing import Any

import pytest

REFERENCE = "2026-06-10"


def entry(extractor: Any, text: str) -> dict[str, Any]:
    result: dict[str, Any] = extractor.extract(text, REFERENCE).to_json()
    return result


@pytest.mark.parametrize(
    ("text", "day", "time"),
    [
        ("Seen at the office, tested negative. NA 3/7 10:30.", "2026-07-03", "10:30"),
        ("Office visit, all fine. Next Thurs 9.30.", "2026-06-11", "09:30"),
        ("Seen in office. Next -> Fri 19/6 14:00.", "2026-06-19", "14:00"),
        (
            "Office appointment, on time. Next appt: 1400 Thurs at the office.",
            "2026-06-11",
            "14:00",
        ),
        ("Home visit, house tidy. Next appt 15 Mehefin am 10yb.", "2026-06-15", "10:00"),
        ("Phone call. Next call ddydd Gwener 19eg o Fehefin am 2yh.", "2026-06-19", "14:00"),
    ],
)
def test_next_appointment_in_fragments_and_welsh(
    extractor: Any, text: str, day: str, time: str
) -> None:
    nxt = entry(extractor, text)["next_appointment"]
    assert nxt is not None
    assert (nxt["date"], nxt["time"]) == (day, time)


def test_a_sentence_opening_with_next_and_a_subject_is_no_appointment(extractor: Any) -> None:
    e = entry(extractor, "Office visit with Sam. Next Tuesday he starts his new job at the depot.")
    assert e["next_appointment"] is None


@pytest.mark.parametrize(
    ("text", "ctype"),
    [
        ("T/C Kim 10:00. Still living with her nan. Next 17/6 10:00 office.", "telephone"),
        (
            "Texts with Kim this morning, still working. Reminded NA Tue 16/6 10:30 office.",
            "text_or_email",
        ),
    ],
)
def test_the_next_appointments_place_is_not_this_contacts_type(
    extractor: Any, text: str, ctype: str
) -> None:
    assert entry(extractor, text)["contact"]["type"] == ctype


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        (
            "Home visit to Kim, arranged by letter for 2pm. We arrived at 13:55. No answer "
            "after several knocks and her phone was off. Card left. Recorded as a failure to "
            "attend.",
            "failed_to_attend",
        ),
        (
            "HV to Kim at 3pm. No answer, lights on. Card left. Kim rang at 4pm saying she had "
            "overslept. I do not accept this as a reason: absence recorded as unacceptable.",
            "unacceptable_absence",
        ),
        (
            "Group session at the office. Kim took part well. Another participant arrived "
            "under the influence and was sent home.",
            "attended_complied",
        ),
        (
            "Group session at the office. Kim arrived under the influence and was sent home.",
            "attended_failed_to_comply",
        ),
    ],
)
def test_outcome_recorded_late_or_about_someone_else(
    extractor: Any, text: str, outcome: str
) -> None:
    assert entry(extractor, text)["contact"]["outcome"] == outcome


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        (
            "i have put a referral in two the e t e worker four help with his c v",
            "refer_employment",
        ),
        (
            "I rang the surgery while I was there and got her an appointment for Friday.",
            "refer_mental_health",
        ),
        ("I emailed the custody sergeant to request the charge sheet.", "police_liaison"),
        ("I rang the detective constable to confirm his bail conditions.", "police_liaison"),
        ("With her agreement I referred her to Christians Against Poverty.", "refer_finance"),
    ],
)
def test_referrals_phrased_as_doing(extractor: Any, sentence: str, code: str) -> None:
    text = "Office visit with Kim, on time. " + sentence
    assert code in {a["code"] for a in entry(extractor, text)["actions"]}


@pytest.mark.parametrize(
    "sentence",
    [
        "She said her surgery went well and her knee is better.",
        "He has been under the custody sergeant's watch before, years ago.",
        "She declined my offer to book her in with the debt advice service.",
    ],
)
def test_no_action_without_a_referral_done_now(extractor: Any, sentence: str) -> None:
    text = "Office visit with Kim, on time. " + sentence
    assert entry(extractor, text)["actions"] == []


def test_a_recall_not_requested_leaves_the_next_appointment(extractor: Any) -> None:
    text = (
        "Office visit with Sam. Discussed with SPO: recall not requested at this stage. "
        "Next appointment: Thursday 18 June, 15:00, office."
    )
    e = entry(extractor, text)
    assert e["enforcement"] == "none"
    assert e["next_appointment"]["date"] == "2026-06-18"


def test_after_a_recall_there_is_no_next_appointment(extractor: Any) -> None:
    text = "Office visit with Sam. Recall requested today and approved. Next appt Thursday 10am."
    e = entry(extractor, text)
    assert e["enforcement"] == "recall"
    assert e["next_appointment"] is None


@pytest.mark.parametrize(
    "text",
    [
        "Aisha phoned first thing to say she could not come in today as her son is in hospital."
        " Rebooked for Friday at 10am.",
        "Rang the duty line: unable to come in this afternoon because his mum is on the ward."
        " New appointment Monday 2pm.",
    ],
)
def test_a_call_to_call_off_is_the_office_appointment_moved(extractor: Any, text: str) -> None:
    """The appointment called off is the contact (office, rescheduled); a hospital or ward
    where a relative is does not make it a contact elsewhere."""
    contact = entry(extractor, text)["contact"]
    assert (contact["type"], contact["outcome"]) == ("office_visit", "rescheduled")


def test_a_hospital_visit_in_the_opening_sentence_is_still_the_place(extractor: Any) -> None:
    contact = entry(extractor, "Seen on the ward at the General, he is recovering well.")["contact"]
    assert contact["type"] == "other_face_to_face"


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        (
            "Kayden was not in for his planned home visit at 11. He rang at 2 to say his "
            "daughter was ill and sent a photo of the GP letter. SPO agreed acceptable absence.",
            "acceptable_absence",
        ),
        (
            "- Planned TC w/ Leah 09:30 - no answer x3\n- Leah rang back 10:15: at a job "
            "interview\n- Missed call recorded as an acceptable absence (work)",
            "acceptable_absence",
        ),
        (
            "Planned call with Kayden at 1pm, no answer. Missed call recorded as an "
            "unacceptable absence, he gave no reason.",
            "unacceptable_absence",
        ),
    ],
)
def test_an_absence_recorded_as_judged(extractor: Any, text: str, outcome: str) -> None:
    assert entry(extractor, text)["contact"]["outcome"] == outcome


@pytest.mark.parametrize(
    ("text", "ctype"),
    [
        ("I saw Kayden at 2pm and we reviewed his licence conditions.", "office_visit"),
        (
            "Kayden rang me unexpectedly at 10am about his benefits. His office appointment "
            "on Friday stands.",
            "telephone",
        ),
        ("Unplanned call from Leah this morning; she has lost her phone.", "telephone"),
    ],
)
def test_contact_type_from_a_meeting_or_an_unplanned_call(
    extractor: Any, text: str, ctype: str
) -> None:
    assert entry(extractor, text)["contact"]["type"] == ctype


@pytest.mark.parametrize(
    ("text", "start", "late"),
    [
        # the time of a call about the appointment is not the appointment's
        ("Leah rang at 9 to say she was on the bus. Seen in the office at 10.", "10:00", None),
        ("rang in at 8.45 saying hed be late. OV 10:00, arr 10:20.", "10:00", 20),
        # the arrival beside the booked time: the booked time starts it
        ("Kayden rang at 9 to say he was stuck. He arrived at 11 for his 10.30 appt.", "10:30", 30),
        ("She came in at 2.40 for her 2.15 appointment.", "14:15", 25),
        # a call that is itself the contact keeps its time
        ("Kayden rang me unexpectedly at 9 to say his mum is ill.", "09:00", None),
    ],
)
def test_start_time_is_the_appointments(
    extractor: Any, text: str, start: str, late: int | None
) -> None:
    contact = entry(extractor, text)["contact"]
    assert (contact["start_time"], contact["late_minutes"]) == (start, late)


@pytest.mark.parametrize(
    ("text", "day", "time"),
    [
        # a letter or a move names the next appointment
        (
            "Did not attend today. A letter has gone out instructing him to attend on "
            "Monday 15 June at 11am.",
            "2026-06-15",
            "11:00",
        ),
        (
            "Leah texted asking to move today's call; I have moved the call to Friday at 4pm.",
            "2026-06-12",
            "16:00",
        ),
        (
            "I emailed back offering Tuesday at 2pm instead, which she accepted.",
            "2026-06-16",
            "14:00",
        ),
        # a time with the date still to be fixed keeps the time
        ("OV 10:00, ATTC. Next appt 10:00 as usual, date tbc.", None, "10:00"),
    ],
)
def test_next_appointment_from_a_letter_a_move_or_an_offer(
    extractor: Any, text: str, day: str | None, time: str
) -> None:
    nxt = entry(extractor, text)["next_appointment"]
    assert nxt is not None
    assert (nxt["date"], nxt["time"]) == (day, time)


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        # the officer's verdict names the absence: no failure-to-attend words are needed
        (
            "Phone call - she rang to say she can't come in, her son is unwell. "
            "Accepted as an acceptable absence. Rebooked for Monday.",
            "acceptable_absence",
        ),
        (
            "Unacceptable absence - no contact and no reason given. First warning letter sent.",
            "unacceptable_absence",
        ),
        (
            "Text from him at 8 - off sick, fit note to follow. Acceptable absence.",
            "acceptable_absence",
        ),
        # an absence that is not this contact's: past, counted, or a warning about the future
        ("Office visit, on time. He had one acceptable absence in May.", "attended_complied"),
        (
            "Attended the office. Reminded him a further unacceptable absence means a warning.",
            "attended_complied",
        ),
    ],
)
def test_an_absence_named_as_the_verdict_is_the_outcome(
    extractor: Any, text: str, outcome: str
) -> None:
    assert entry(extractor, text)["contact"]["outcome"] == outcome


def test_a_warning_letter_is_not_how_the_contact_took_place(extractor: Any) -> None:
    e = entry(extractor, "Did not attend, no contact. Second warning letter sent today.")
    assert e["contact"]["type"] != "text_or_email"
    assert e["enforcement"] == "warning_letter"


@pytest.mark.parametrize("test", ["UDT", "udt", "urine drug test"])
def test_a_urine_drug_test_by_its_usual_abbreviation(extractor: Any, test: str) -> None:
    e = entry(extractor, f"Seen in the office. {test} negative for everything today.")
    assert e["drug_test"] is not None
    assert e["drug_test"]["result"] == "negative"
