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
