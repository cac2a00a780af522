"""Dictation sound-alikes and Welsh day names are read as the words they stand for."""

from __future__ import annotations

import pytest

from nlp.text.clean import clean


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("she was booked for too thirty", "she was booked for two thirty"),
        ("I will see him at for pm", "I will see him at four pm"),
        ("call back at to thirty", "call back at two thirty"),
        ("meet at ate thirty sharp", "meet at eight thirty sharp"),
        ("passed his level to course", "passed his level two course"),
        ("having a brake from the spice", "having a break from the spice"),
        ("gweld eto dydd Mawrth am 11 yb", "gweld eto Tuesday at 11 am"),
        ("wela i di 19eg o Fehefin am 2yh", "wela i di 19 of June at 2pm"),
        ("gwelwyd 1af Rhagfyr", "gwelwyd 1 December"),
        ("Mai is her sister", "Mai is her sister"),
        ("ddydd Sul at 3 yh", "Sunday at 3 pm"),
        ("wela i di dydd Iau am 9 y bore", "wela i di Thursday at 9 am"),
        ("galwad ffôn am 4 yn y prynhawn", "galwad ffôn at 4 pm"),
        ("he goes to the AA group on nos Fercher", "he goes to the AA group on Wednesday evening"),
        ("see you at quarter past too", "see you at quarter past two"),
    ],
)
def test_sound_alikes_are_read_as_meant(written: str, read: str) -> None:
    cleaned = clean(written)
    assert cleaned.text == read
    assert cleaned.to_original(0, len(cleaned.text)) == (0, len(written))


@pytest.mark.parametrize(
    "text",
    [
        "came in at ten to three",
        "he waited for thirty minutes",
        "it was too late to call",
        "he went to the shop for two hours",
        "the brake pads on his van",
        "up to thirty hours of unpaid work",
        "there was nos canister in the car",
        "he was far too late",
    ],
)
def test_ordinary_words_are_left_alone(text: str) -> None:
    assert clean(text).text == text


def test_evidence_points_at_what_was_written(extractor) -> None:  # type: ignore[no-untyped-def]
    note = "Office visit, booked for too thirty, arrived ten to three. Next appt Thurs at for pm."
    entry = extractor.extract(note, "2026-06-15")
    assert entry.contact.start_time == "14:30"
    assert entry.contact.late_minutes == 20
    assert entry.next_appointment is not None
    assert (entry.next_appointment.date, entry.next_appointment.time) == ("2026-06-18", "16:00")
    assert "at for pm" in entry.next_appointment.evidence.text


def test_a_break_from_a_drug_is_not_current_use(extractor) -> None:  # type: ignore[no-untyped-def]
    entry = extractor.extract("Phone call. He is on a break from the weed for now.", "2026-06-15")
    assert [(s.name, s.status) for s in entry.substances] == [("cannabis", "historical")]


def test_a_welsh_evening_is_no_nitrous_oxide(extractor) -> None:  # type: ignore[no-untyped-def]
    note = "Office visit with him at 10. He is going to the AA group in Bala on nos Lun."
    entry = extractor.extract(note, "2026-06-15")
    assert [s.name for s in entry.substances] == []
