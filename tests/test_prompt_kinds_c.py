"""Intents and dates of the prompt kinds the blind set prompts_c found: dictated day
numbers, an appointment moved to another day, fragments typed as a correction, and a
question about what the tool can do."""

from __future__ import annotations

import datetime as dt

import pytest

from nlp.people.caseload import Caseload, CaseloadPerson
from nlp.prompts.interpret import interpret

REFERENCE = dt.date(2026, 9, 16)  # a Wednesday


@pytest.fixture(scope="module")
def caseload() -> Caseload:
    return Caseload.from_people([CaseloadPerson("B200001", "Imogen Farrant", ("Immy",))])


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("next appt the forth at half two", "2026-10-04"),
        ("next appointment the fourth at 11", "2026-10-04"),
        ("change the date to the twenty for", "2026-08-24"),
        ("contact date should be the twenty fore", "2026-08-24"),
        ("set next appt friday at for pm", "2026-09-18"),
    ],
)
def test_dictated_day_numbers_are_read_as_days(text: str, date: str) -> None:
    found = interpret(text, REFERENCE, None)
    assert (found.intent, found.date) == ("set_field", date)


def test_a_day_after_to_in_a_move_is_the_date_being_set(caseload: Caseload) -> None:
    found = interpret("move Thursday's appointment for immy to monday at 3", REFERENCE, caseload)
    assert (found.intent, found.crn, found.date) == ("set_field", "B200001", "2026-09-21")
    assert found.slots["field"] == "next_appointment"
    assert found.slots["time"] == "15:00"


def test_back_and_forth_is_no_date() -> None:
    found = interpret("log the calls back and forth with the hostel today", REFERENCE, None)
    assert found.date == "2026-09-16"


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("UDT neg", "drug_test", "negative"),
        ("udt positive", "drug_test", "positive"),
        ("oral fluid test negative", "drug_test", "negative"),
        ("AP keywork", "contact_type", "home_visit"),
        ("keywork session", "contact_type", "home_visit"),
        ("dna", "outcome", "failed_to_attend"),
    ],
)
def test_bare_fragments_set_the_field_they_name(text: str, field: str, value: str) -> None:
    found = interpret(text, REFERENCE, None)
    assert found.intent == "set_field"
    assert (found.slots["field"], found.slots["value"]) == (field, value)


@pytest.mark.parametrize(
    "text",
    [
        "can i dictate notes on my phone?",
        "is there a way to use dictation",
        "can it read my notes out",
    ],
)
def test_questions_about_the_tool_are_help(text: str) -> None:
    assert interpret(text, REFERENCE, None).intent == "help"


def test_a_question_about_a_person_is_still_a_search(caseload: Caseload) -> None:
    found = interpret("did immy farrant turn up on monday?", REFERENCE, caseload)
    assert (found.intent, found.crn, found.date) == ("search", "B200001", "2026-09-14")
