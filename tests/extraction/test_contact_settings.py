"""Contact type in settings the office notes rarely meet: approved premises keywork, a
session reported by the staff who ran it, and a booking followed by the arrival time."""

from __future__ import annotations

import pytest

REF = "2026-06-15"


@pytest.mark.parametrize(
    ("note", "ctype"),
    [
        ("Keywork session in the hostel lounge with him, 30 minutes, settled.", "home_visit"),
        ("Approved premises, room 12. Talked through his curfew and signing in.", "home_visit"),
        (
            "Call from the placement supervisor: she worked the full shift at the charity shop.",
            "other_face_to_face",
        ),
        (
            "Email from the unpaid work supervisor, he attended the Saturday session and "
            "worked hard.",
            "other_face_to_face",
        ),
        ("Phone call with him about his benefits claim, he is still waiting.", "telephone"),
        ("Office visit. He told me the AP staff had been helpful.", "office_visit"),
    ],
)
def test_contact_type_in_other_settings(extractor, note: str, ctype: str) -> None:  # type: ignore[no-untyped-def]
    assert extractor.extract(note, REF).contact.type == ctype


def test_a_booked_time_with_an_arrival_is_not_the_next_appointment(extractor) -> None:  # type: ignore[no-untyped-def]
    entry = extractor.extract("Office visit. Booked for 11:00, arrived 11:20, apologised.", REF)
    assert entry.contact.late_minutes == 20
    assert entry.next_appointment is None


def test_a_booking_without_an_arrival_is_still_the_next_appointment(extractor) -> None:  # type: ignore[no-untyped-def]
    entry = extractor.extract("Office visit, all fine. Booked for Thursday at 11:00.", REF)
    assert entry.next_appointment is not None
    assert (entry.next_appointment.date, entry.next_appointment.time) == ("2026-06-18", "11:00")


def test_another_date_before_the_cue_does_not_block_it(extractor) -> None:  # type: ignore[no-untyped-def]
    note = "Office visit. Court on the 29th for the fine, next appointment with me Friday at 2pm."
    entry = extractor.extract(note, REF)
    assert entry.next_appointment is not None
    assert (entry.next_appointment.date, entry.next_appointment.time) == ("2026-06-19", "14:00")


def test_a_court_date_after_the_cue_is_still_not_probation(extractor) -> None:  # type: ignore[no-untyped-def]
    entry = extractor.extract("Office visit. Next appearance at court Friday at 10am.", REF)
    assert entry.next_appointment is None


@pytest.mark.parametrize(
    ("note", "outcome"),
    [
        ("She missed her group session yesterday, no contact since.", "failed_to_attend"),
        ("He missed his shift at the community payback site on Sunday.", "failed_to_attend"),
        (
            "Office visit, on time. He missed the call from the housing officer.",
            "attended_complied",
        ),
    ],
)
def test_a_missed_session_is_an_absence(extractor, note: str, outcome: str) -> None:  # type: ignore[no-untyped-def]
    assert extractor.extract(note, REF).contact.outcome == outcome


@pytest.mark.parametrize(
    ("note", "late"),
    [
        ("Office visit. Booked for eleven, she wandered in at eleven twenty two smiling.", 22),
        ("office visit full stop booked for two and he rocked up at two forty five full stop", 45),
    ],
)
def test_lateness_from_other_arrival_words(extractor, note: str, late: int) -> None:  # type: ignore[no-untyped-def]
    assert extractor.extract(note, REF).contact.late_minutes == late


@pytest.mark.parametrize(
    ("note", "outcome"),
    [
        (
            "Her phone appointment this morning had to be cancelled, the office was shut.",
            "rescheduled",
        ),
        ("Office visit, on time. He had to be moved to a ground floor flat.", "attended_complied"),
    ],
)
def test_an_appointment_that_had_to_be_moved(extractor, note: str, outcome: str) -> None:  # type: ignore[no-untyped-def]
    assert extractor.extract(note, REF).contact.outcome == outcome
