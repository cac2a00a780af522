"""Mistakes found walking the product through notes of our own (session 8): two deeds in
one sentence, a service contacted about something else, a moved appointment kept as a call,
a date still to be confirmed, a programme's next group session."""

from __future__ import annotations

import pytest

from tests.extraction.test_extract import extract

pytestmark = pytest.mark.slow

REF = "2026-05-13"  # a Wednesday


def _codes(entry) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(a["code"], a["owner"]) for a in entry["actions"]]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "I phoned his drug worker and referred him to the housing team.",
            [("refer_accommodation", "officer")],
        ),
        (
            "I texted her support worker and then made a referral to CGL.",
            [("refer_substance_misuse", "officer")],
        ),
    ],
)
def test_a_second_verb_after_telling_a_worker_is_a_deed_of_its_own(  # type: ignore[no-untyped-def]
    extractor, caseload, sentence: str, expected: list[tuple[str, str]]
) -> None:
    entry = extract(extractor, caseload, f"Office visit with Craig. {sentence}", REF)
    assert _codes(entry) == expected


def test_telling_a_worker_alone_is_still_no_referral(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    entry = extract(extractor, caseload, "Office visit with Craig. I emailed his keyworker.", REF)
    assert _codes(entry) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "I've rung the housing officer about the broken boiler.",
        "I emailed the housing team regarding the noise complaint from next door.",
    ],
)
def test_contacting_a_service_about_another_matter_is_no_referral(  # type: ignore[no-untyped-def]
    extractor, caseload, sentence: str
) -> None:
    entry = extract(extractor, caseload, f"Home visit to Craig. {sentence}", REF)
    assert _codes(entry) == []


@pytest.mark.parametrize(
    ("sentence", "codes"),
    [
        ("I emailed the housing team about a supported flat for him.", ["refer_accommodation"]),
        # A second deed after the topic is a referral of its own, not the topic's.
        (
            "I've emailed the housing officer about the broken boiler and will refer him to "
            "the debt advice service as the arrears letters keep coming.",
            ["refer_finance"],
        ),
    ],
)
def test_the_referral_a_contact_about_something_makes(  # type: ignore[no-untyped-def]
    extractor, caseload, sentence: str, codes: list[str]
) -> None:
    entry = extract(extractor, caseload, f"Home visit to Craig. {sentence}", REF)
    assert [c for c, _ in _codes(entry)] == codes


def test_a_moved_appointment_kept_as_a_call_is_the_next_appointment(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    note = (
        "Craig phoned to move Friday's 11am appointment because he has a hospital scan. "
        "We'll do a phone call instead at the same time."
    )
    entry = extract(extractor, caseload, note, REF)
    assert entry["contact"]["outcome"] == "rescheduled"
    assert entry["contact"]["type"] != "telephone"  # the call is the plan, not this contact
    nxt = entry["next_appointment"]
    assert (nxt["date"], nxt["time"], nxt["type"]) == ("2026-05-15", "11:00", "telephone")


@pytest.mark.parametrize(
    "closing",
    [
        "Next home visit in three weeks, date to be confirmed.",
        "Next appt in a fortnight, date TBC.",
    ],
)
def test_a_date_still_to_be_confirmed_is_no_appointment_yet(  # type: ignore[no-untyped-def]
    extractor, caseload, closing: str
) -> None:
    entry = extract(extractor, caseload, f"Home visit to Craig, all well. {closing}", REF)
    assert entry["next_appointment"] is None


def test_a_time_with_its_date_to_be_confirmed_keeps_the_time(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    note = "Office visit with Craig. Next appt 15:30 as usual, date to be confirmed."
    nxt = extract(extractor, caseload, note, REF)["next_appointment"]
    assert (nxt["date"], nxt["time"]) == (None, "15:30")


def test_a_programme_group_session_is_the_next_appointment(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    note = "Craig attended group today and took part well. Next group session Monday at 6pm."
    nxt = extract(extractor, caseload, note, REF)["next_appointment"]
    assert (nxt["date"], nxt["time"]) == ("2026-05-18", "18:00")


def test_the_officers_own_appointment_comes_before_the_group_session(  # type: ignore[no-untyped-def]
    extractor, caseload
) -> None:
    note = (
        "Craig attended group today. Next group session Monday 18 May at 18:00; his next "
        "supervision with me is Tuesday 19 May at 10:00."
    )
    nxt = extract(extractor, caseload, note, REF)["next_appointment"]
    assert (nxt["date"], nxt["time"]) == ("2026-05-19", "10:00")


@pytest.mark.parametrize(
    "sessions",
    [
        "Reminded him of his alcohol treatment requirement: next ATR session is Monday at 2pm.",
        "His next DRR session is Monday at 2pm.",
        "Next session with his drug worker is Monday at 2pm.",
    ],
)
def test_a_treatment_session_is_not_the_next_probation_appointment(  # type: ignore[no-untyped-def]
    extractor, caseload, sessions: str
) -> None:
    note = f"Craig attended the office. {sessions} Next appt with me Friday 22 May 10.30."
    nxt = extract(extractor, caseload, note, REF)["next_appointment"]
    assert (nxt["date"], nxt["time"]) == ("2026-05-22", "10:30")
    assert nxt["evidence"]["text"].startswith("Next appt with me")  # the whole cue, not "appt"


def _flags(entry) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {f["code"]: f["status"] for f in entry["risk_flags"]}


@pytest.mark.parametrize(
    ("sentence", "breach"),
    [
        ("Hostel staff say he got back at 9.50 last night; his curfew is 9.", True),
        ("Staff report he came in at 10.15, curfew 10.", True),
        ("Staff report he came in at 8.30 last night, well before his curfew of 9.", False),
    ],
)
def test_a_bare_curfew_hour_is_the_evening_one(  # type: ignore[no-untyped-def]
    extractor, caseload, sentence: str, breach: bool
) -> None:
    entry = extract(extractor, caseload, f"Home visit to Craig at the AP. {sentence}", REF)
    assert (_flags(entry).get("condition_breach") == "present") is breach


@pytest.mark.parametrize(
    "note",
    [
        "Craig did not attend his DRR review this morning. No contact since.",
        "FTA - DRR review, office, 10:00. Rang him twice, no answer.",
    ],
)
def test_a_missed_drr_review_says_nothing_of_drug_use(extractor, caseload, note: str) -> None:  # type: ignore[no-untyped-def]
    entry = extract(extractor, caseload, note, REF)
    assert entry["contact"]["outcome"] == "failed_to_attend"
    assert "drug_use" not in {n["area"] for n in entry["needs"]}


def test_a_drr_review_attended_is_still_about_drug_use(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    note = "Craig attended his DRR review today and is still on his methadone script."
    entry = extract(extractor, caseload, note, REF)
    assert "drug_use" in {n["area"] for n in entry["needs"]}


@pytest.mark.parametrize(
    "note",
    [
        "UPW supervisor phoned: Craig didn't complete his UPW shift today, he left after lunch.",
        "Craig was on UPW today but the session was not completed as he was sent off site.",
        "Craig failed to complete his placement today at the charity shop.",
    ],
)
def test_an_unpaid_work_session_not_completed_is_not_complied(  # type: ignore[no-untyped-def]
    extractor, caseload, note: str
) -> None:
    entry = extract(extractor, caseload, note, REF)
    assert entry["contact"]["outcome"] == "attended_failed_to_comply"


def test_unfinished_hours_overall_are_not_this_sessions_outcome(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    note = "Craig attended UPW today and worked well. He has not completed his hours yet."
    entry = extract(extractor, caseload, note, REF)
    assert entry["contact"]["outcome"] == "attended_complied"


@pytest.mark.parametrize(
    "note",
    [
        "saw craig today he was fine no issues",
        "Tues - saw Craig, all ok",
        "seen craig this morning, nothing new",
    ],
)
def test_a_note_opening_with_saw_is_a_meeting_at_the_office(extractor, caseload, note: str) -> None:  # type: ignore[no-untyped-def]
    contact = extract(extractor, caseload, note, REF)["contact"]
    assert (contact["type"], contact["outcome"]) == ("office_visit", "attended_complied")


def test_someone_else_seeing_someone_types_nothing(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    contact = extract(extractor, caseload, "craig saw his GP today", REF)["contact"]
    assert contact["type"] is None


@pytest.mark.parametrize(
    "note",
    [
        "office visit with craig today he is well he sees his drug worker on monday "
        "next appointment thursday at 10",
        "Office visit with Craig. Reminded him about his GP appointment next appt Thursday 10am.",
        "Office visit with Craig. He is due in court on the 20th and I will see him next on "
        "Thursday at 10.",
    ],
)
def test_a_next_appointment_running_on_after_another_service_is_kept(  # type: ignore[no-untyped-def]
    extractor, caseload, note: str
) -> None:
    nxt = extract(extractor, caseload, note, REF)["next_appointment"]
    assert (nxt["date"], nxt["time"]) == ("2026-05-14", "10:00")


@pytest.mark.parametrize(
    "closing",
    ["He is bailed to return to court on the 25th.", "His next review at court is on the 25th."],
)
def test_another_services_date_alone_is_still_no_next_appointment(  # type: ignore[no-untyped-def]
    extractor, caseload, closing: str
) -> None:
    entry = extract(extractor, caseload, f"Office visit with Craig. {closing}", REF)
    assert entry["next_appointment"] is None
