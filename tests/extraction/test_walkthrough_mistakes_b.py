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


def test_contacting_a_service_about_a_place_is_a_referral(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    sentence = "I emailed the housing team about a supported flat for him."
    entry = extract(extractor, caseload, f"Home visit to Craig. {sentence}", REF)
    assert [c for c, _ in _codes(entry)] == ["refer_accommodation"]


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
