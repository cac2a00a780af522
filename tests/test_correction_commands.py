"""Correction commands in chat read as set_field with item slots; notes and questions are not."""

from __future__ import annotations

import datetime as dt

import pytest

from nlp.prompts.corrections import parse_correction
from nlp.prompts.interpret import interpret

DAY = dt.date(2026, 12, 3)  # a Thursday


def flag(item, status):
    return {"field": "risk_flag", "item": item, "status": status}


def need(item, status):
    return {"field": "need", "item": item, "status": status}


def substance(item, status):
    return {"field": "substance", "item": item, "status": status}


def action(item, owner, **more):
    return {"field": "action", "item": item, "owner": owner, **more}


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("remove self-harm", flag("self_harm", None)),
        ("Please drop the DV flag", flag("domestic_abuse", None)),
        ("add flag condition breach", flag("condition_breach", "present")),
        ("no risk to staff", flag("risk_to_staff", "negated")),
        ("knife possession was historical", flag("weapons", "historical")),
        ("weapons historical", flag("weapons", "historical")),
        ("finance is a need", need("finance", "need")),
        ("housing not a need", need("accommodation", "no_need")),
        ("family is a strength", need("relationships_community", "strength")),
        ("mental health is a need", need("health_wellbeing", "need")),
        ("remove health need", need("health_wellbeing", None)),
        ("not cannabis", substance("cannabis", None)),
        ("actually the coke was his brother's, someone else",
         substance("cocaine", "other_person")),
        ("mental health referral by him", action("refer_mental_health", "person")),
        ("add housing referral due monday",
         action("refer_accommodation", "officer", due="2026-12-07")),
        ("drug test negative", {"field": "drug_test", "value": "negative"}),
        ("UA came back positive for spice and benzos",
         {"field": "drug_test", "value": "positive", "substances": ["spice", "benzodiazepines"]}),
        ("no drug test", {"field": "drug_test", "value": None}),
        ("no next appointment", {"field": "next_appointment", "none": True}),
        ("next appt to be arranged", {"field": "next_appointment", "none": True}),
        ("enforcement recall", {"field": "enforcement", "value": "recall"}),
        ("NFA", {"field": "enforcement", "value": "none"}),
        ("length 25 minutes", {"field": "duration_minutes", "value": 25}),
        ("started at half two", {"field": "start_time", "value": "14:30"}),
        ("remove weapons and new offence", {"field": "several", "changes": [
            flag("weapons", None),
            flag("new_offence", None)]}),
    ],
)  # fmt: skip
def test_commands(text, slots):
    assert parse_correction(text, DAY) == slots


@pytest.mark.parametrize(
    "text",
    [
        "when did he last test positive?",
        "Kai attended, drug test negative, no concerns. Next appt Tues 10am.",
        "show me his housing",
        "new contact for Kai Brennan",
        "He said his housing is fine and he has not used cannabis since the summer at all",
    ],
)
def test_notes_and_questions_are_not_commands(text):
    assert parse_correction(text, DAY) is None


def test_the_interpreter_reads_a_command_as_set_field():
    found = interpret("self harm ruled out", DAY, None)
    assert found.intent == "set_field"
    assert found.slots == flag("self_harm", "negated")


@pytest.mark.parametrize(
    "text",
    ["remove the warning letter", "no warning letter", "cancel the recall", "take off the breach"],
)
def test_removing_an_enforcement_action_clears_it(text):
    assert parse_correction(text, DAY) == {"field": "enforcement", "value": "none"}


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("remove breach of conditions flag", flag("condition_breach", None)),
        ("no licence breach", flag("condition_breach", "negated")),
    ],
)
def test_a_breach_flag_is_not_an_enforcement_action(text, slots):
    assert parse_correction(text, DAY) == slots
