"""A past clause dated before the note is history; one dated within the last month is not
(nlp.context.syntax.past_dated): a day with its month, a numeric date, a year in a time
clause, a past progressive. Notes written on 11 May 2026; sentences are our own."""

from __future__ import annotations

import pytest

OPENING = "Office appointment today with John Mercer, on time. "
WRITTEN = "2026-05-11"


def _entry(extractor, caseload, text: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return extractor.extract(OPENING + text, WRITTEN, caseload).to_json()  # type: ignore[no-any-return]


def _substance(extractor, caseload, text: str, name: str) -> str | None:  # type: ignore[no-untyped-def]
    statuses = {
        s["status"] for s in _entry(extractor, caseload, text)["substances"] if s["name"] == name
    }
    return "current" if "current" in statuses else (min(statuses) if statuses else None)


def _flag(extractor, caseload, text: str, code: str) -> str | None:  # type: ignore[no-untyped-def]
    statuses = {
        f["status"] for f in _entry(extractor, caseload, text)["risk_flags"] if f["code"] == code
    }
    return "present" if "present" in statuses else (min(statuses) if statuses else None)


@pytest.mark.parametrize(
    ("text", "name", "status"),
    [
        ("On 14/02/2025 he was cautioned for possession of cocaine.", "cocaine", "historical"),
        ("He was cautioned for having cannabis on 3.1.26.", "cannabis", "historical"),
        (
            "He said he was using crack when he lived in Hull in 2018.",
            "crack_cocaine",
            "historical",
        ),
        ("He used spice heavily last summer.", "spice", "historical"),
        # Within the last month, or no date at all: still current.
        ("He said he was using heroin on 2 May.", "heroin", "current"),
        ("He smoked cannabis on Saturday.", "cannabis", "current"),
        ("He is using crack most days.", "crack_cocaine", "current"),
    ],
)
def test_substance_dated_before_the_note(  # type: ignore[no-untyped-def]
    extractor, caseload, text: str, name: str, status: str
) -> None:
    assert _substance(extractor, caseload, text, name) == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("He was arrested on 2 January for shoplifting.", "historical"),
        ("He was arrested on 6 May for shoplifting.", "present"),
    ],
)
def test_arrest_dated_before_the_note(extractor, caseload, text: str, status: str) -> None:  # type: ignore[no-untyped-def]
    assert _flag(extractor, caseload, text, "new_offence") == status


def test_a_past_booking_for_a_later_day_is_not_history(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    text = "He is £600 behind on rent; I booked him in with debt advice for 14 May."
    needs = {n["area"]: n["status"] for n in _entry(extractor, caseload, text)["needs"]}
    assert needs.get("finance") == "need"
