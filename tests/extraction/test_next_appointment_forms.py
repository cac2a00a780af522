"""The next appointment written in forms the phrase list alone misread: a weekday inside a
week written "w/c", an explicit "next appointment" after an earlier booking, a "Next ->"
line after a line break, "same time next week" in a closing sentence."""

from __future__ import annotations

import pytest

REF = "2026-06-15"  # a Monday


def _next(extractor, note: str) -> tuple[str | None, str | None]:  # type: ignore[no-untyped-def]
    nxt = extractor.extract(note, REF).next_appointment
    return (nxt.date, nxt.time) if nxt else (None, None)


@pytest.mark.parametrize(
    "closing",
    [
        "First appointment with her supervising officer: Thurs w/c 22nd June at 2pm.",
        "Next OV w/c 22/6 - Thursday 2pm.",
        "Next appt w/c the 22nd, Thurs at 2pm.",
    ],
)
def test_a_weekday_in_a_week_commencing(extractor, closing: str) -> None:  # type: ignore[no-untyped-def]
    note = f"Induction with Kelly at the office at 11. Went through the order. {closing}"
    assert _next(extractor, note) == ("2026-06-25", "14:00")


def test_week_commencing_alone_is_its_monday(extractor) -> None:  # type: ignore[no-untyped-def]
    note = "Seen in the office at 10, all fine. Next appointment w/c 22nd June at 10am."
    assert _next(extractor, note) == ("2026-06-22", "10:00")


@pytest.mark.parametrize(
    "note",
    [
        "phone call with him booked for two thirty he said he has to leave his flat by the "
        "thirtieth of june next appointment in the office thursday at four pm",
        "Seen at 3. I booked her in with the debt advice service for Wednesday.\n"
        "NEXT APPOINTMENT: Thursday 18th, 4pm.",
    ],
)
def test_an_outright_next_appointment_wins_over_a_booking(extractor, note: str) -> None:  # type: ignore[no-untyped-def]
    assert _next(extractor, note) == ("2026-06-18", "16:00")


def test_a_booking_with_another_service_is_not_ours(extractor) -> None:  # type: ignore[no-untyped-def]
    note = "Office visit at 2. Arrears on her gas. I booked her in with StepChange for Friday."
    assert _next(extractor, note) == (None, None)


def test_a_next_line_after_a_line_break(extractor) -> None:  # type: ignore[no-untyped-def]
    note = (
        "OV 0930 (on time).\nMoney -> rent arrears -> agreed plan (Weds).\nNext -> Thurs 25/6 9.30."
    )
    assert _next(extractor, note) == ("2026-06-25", "09:30")


def test_same_time_next_week_in_a_closing_sentence(extractor) -> None:  # type: ignore[no-untyped-def]
    note = (
        "Drug test and review at the office, 10:15. Negative. Next test and OV same time next week."
    )
    assert _next(extractor, note) == ("2026-06-22", "10:15")


def test_next_keywork_session(extractor) -> None:  # type: ignore[no-untyped-def]
    note = "Keywork with him in the AP interview room at 11. Settling well. Next keywork Weds 3pm."
    assert _next(extractor, note) == ("2026-06-17", "15:00")


@pytest.mark.parametrize(
    "closing",
    [
        "No date was set; I will ring him tomorrow to book the next one.",
        "Next appointment not set - will call him on Wednesday to book it.",
        "I will text him today to book in.",
    ],
)
def test_a_call_to_book_one_is_no_appointment(extractor, closing: str) -> None:  # type: ignore[no-untyped-def]
    """The call is to set a date, so there is no next appointment yet."""
    note = f"Seen at the office at 10, he was on time and is still at the hostel. {closing}"
    assert _next(extractor, note) == (None, None)


@pytest.mark.parametrize(
    "closing",
    [
        "Next MAPPA meeting 1/7; next OV Thursday at 2pm.",
        "Next ETE session in two weeks; PP appointment Thursday at 2pm.",
        "Next UPW session Saturday, 9am; my OV with him Thursday at 2pm.",
    ],
)
def test_a_meeting_or_session_of_another_service_is_passed_over(extractor, closing: str) -> None:  # type: ignore[no-untyped-def]
    note = f"Seen at the office at 10 and on time. {closing}"
    assert _next(extractor, note) == ("2026-06-18", "14:00")


@pytest.mark.parametrize(
    "closing, expected",
    [
        ("Next appointment Monday 4th January 2027 at 10am.", ("2027-01-04", "10:00")),
        ("Next appt 4 Jan 2027.", ("2027-01-04", None)),
        ("NA Mon 4th Jan. 2027 1400 office.", ("2027-01-04", "14:00")),
    ],
)
def test_a_year_is_never_the_time(extractor, closing: str, expected) -> None:  # type: ignore[no-untyped-def]
    """A year written after the month ("January 2027") once read as the clock time 20:27."""
    note = f"Seen in the office at 10, all fine. {closing}"
    assert _next(extractor, note) == expected
