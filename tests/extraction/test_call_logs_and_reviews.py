"""Contact type and outcome in forms a call log, a question-and-answer review and a curfew
check call take: sentences written for these tests, never taken from a labelled note."""

from __future__ import annotations

import pytest

REF = "2026-06-15"


def _contact(extractor, note: str) -> tuple[str | None, str | None]:  # type: ignore[no-untyped-def]
    c = extractor.extract(note, REF).to_json()["contact"]
    return c["type"], c["outcome"]


@pytest.mark.parametrize(
    "note",
    [
        "Leanne - telephone review, 11:00, 20 mins.\nQ: Work? A: Still at the bakery.",
        "Phone review with Leanne at 11. She is still at the bakery.",
        "Curfew check call, 22:15, Leanne. Answered on the landline at her address as required.",
        "HDC check call to Leanne at 21:30; she answered straight away.",
        "Weekly check-in call with Leanne (planned, 9am). She says things are quiet.",
    ],
)
def test_calls_named_by_their_purpose_are_calls(extractor, note: str) -> None:  # type: ignore[no-untyped-def]
    assert _contact(extractor, note) == ("telephone", "attended_complied")


def test_a_curfew_check_at_the_door_is_a_home_visit(extractor) -> None:  # type: ignore[no-untyped-def]
    note = "Curfew check at Leanne's flat at 22:15, she came to the door."
    assert _contact(extractor, note)[0] == "home_visit"


@pytest.mark.parametrize(
    ("note", "outcome"),
    [
        (
            "Planned call with Leanne (10:00).\n10:01 rang, no answer. Text sent.\n"
            "10:25 Leanne rang back, she had been on the bus. Says all fine.",
            "attended_complied",
        ),
        (
            "Planned TC with Leanne at 2pm, no reply. She called me back at 2.20.",
            "attended_complied",
        ),
        # someone else returning the call, or a door nobody answered, is no contact
        (
            "Planned TC with Leanne at 2pm, no reply. Her mum rang back, she is in hospital.",
            "failed_to_attend",
        ),
        ("HV to Leanne at 3pm. No answer at the door. She rang back later.", "failed_to_attend"),
    ],
)
def test_an_unanswered_call_returned_by_the_person(extractor, note: str, outcome: str) -> None:  # type: ignore[no-untyped-def]
    assert _contact(extractor, note)[1] == outcome
