"""Lateness from a booked time and an arrival time written in a sentence of their own."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "late"),
    [
        ("Booked for 2.30, she arrived at ten to three.", 20),
        ("Booked for quarter past ten, he turned up at 10:40.", 25),
        ("Appt was due at 10:00; he came in at 10:25.", 25),
        ("Booked for 2.30 and she arrived at 2.30 exactly.", None),
    ],
)
def test_booked_then_arrival_gives_minutes_late(extractor, text: str, late: int | None) -> None:  # type: ignore[no-untyped-def]
    entry = extractor.extract(f"Office appointment today. {text}", "2026-03-02").to_json()
    assert entry["contact"]["late_minutes"] == late


@pytest.mark.parametrize(
    ("text", "late"),
    [
        ("Group session, 18:00–20:30. He arrived at 18:25 and joined the second exercise.", 25),
        ("UPW at the allotments, 09:00 - 15:00. The supervisor says she signed in at 9.40.", 40),
        ("Group, 10:00 to 12:30. He came in at 10:00 on the dot.", None),
        ("Home visit, 10:00–10:45. We arrived at 10:05 and he let us in.", None),
    ],
)
def test_arrival_inside_a_booked_slot(extractor, text: str, late: int | None) -> None:  # type: ignore[no-untyped-def]
    """A slot written as a range is booked from its start; the officer's arrival is not his."""
    entry = extractor.extract(text, "2026-03-02").to_json()
    assert entry["contact"]["late_minutes"] == late


def test_a_timed_log_line_arrival_first(extractor) -> None:  # type: ignore[no-untyped-def]
    note = "Contact log.\n09:05 rang to say the bus was late.\n10:20 arrived for his 10:00 OV."
    assert extractor.extract(note, "2026-03-02").to_json()["contact"]["late_minutes"] == 20


@pytest.mark.parametrize(
    ("text", "late"),
    [
        # The officer's own lateness is not the person's.
        ("Arrived 11.20 for an 11 o'clock booking as I was held up at court.", None),
        ("I was running 15 minutes late after court; he waited in reception.", None),
        ("Started at 2.20 for a 2pm slot because my earlier visit overran.", None),
        # Told about the person's lateness: still theirs.
        ("I was told by reception he was 10 mins late.", 10),
    ],
)
def test_the_officers_own_lateness_is_not_recorded(extractor, text: str, late: int | None) -> None:  # type: ignore[no-untyped-def]
    entry = extractor.extract(f"Office appointment today. {text}", "2026-03-02").to_json()
    assert entry["contact"]["late_minutes"] == late


@pytest.mark.parametrize(
    ("text", "late", "start"),
    [
        ("Booked 15:40. Signed in at reception 16:02.", 22, "15:40"),
        ("Appointment was at 11am. She got here at 11.35 saying the bus broke down.", 35, "11:00"),
        ("Booked for half nine. He walked in at ten.", 30, "09:30"),
        ("Booked 15:40. She signed in at 15:38, early for once.", None, "15:40"),
        ("Booked 15:40. I arrived late at 15:50 because of traffic.", None, "15:40"),
    ],
)
def test_booking_and_arrival_in_two_sentences(extractor, text: str, late, start: str) -> None:  # type: ignore[no-untyped-def]
    """The booked time in one sentence, the arrival in the next: this contact, not the next."""
    entry = extractor.extract(f"Office appointment today. {text}", "2026-03-02").to_json()
    assert entry["contact"]["late_minutes"] == late
    assert entry["contact"]["start_time"] == start
    assert entry["next_appointment"] is None


def test_a_booking_with_a_day_stays_the_next_appointment(extractor) -> None:  # type: ignore[no-untyped-def]
    note = "Office appointment today, on time. Booked for Thursday at 2. He arrived with his mum."
    entry = extractor.extract(note, "2026-03-02").to_json()
    assert entry["next_appointment"]["date"] == "2026-03-05"
    assert entry["contact"]["late_minutes"] is None
