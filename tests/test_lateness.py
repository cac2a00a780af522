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
