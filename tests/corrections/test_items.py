"""Corrections to list items and fields: the entry after, and the sentence saying what changed."""

from __future__ import annotations

import pytest

from assistant.corrections import CorrectionError
from assistant.corrections.items import no_next_appointment, set_action, set_drug_test, set_status
from assistant.corrections.scalars import apply_slots, set_field
from assistant.entry_schema import problem
from tests.corrections.entries import entry


def test_remove_a_flag_says_which():
    change = set_status(entry(), "risk_flags", "self_harm", None)
    assert change.data["risk_flags"] == []
    assert change.said == ["Removed the Self-harm flag"]


def test_added_flag_is_the_officers_with_no_evidence_and_stays_schema_valid():
    change = set_status(entry(), "risk_flags", "condition_breach", "present")
    added = change.data["risk_flags"][-1]
    assert added["code"] == "condition_breach" and added["source"] == "officer"
    assert added["evidence"]["text"] == "" and added["evidence"]["end"] == 0
    assert change.said == ["Added the Condition breach flag: present"]
    assert problem(change.data) is None


def test_changing_a_machine_items_status_keeps_its_words_and_marks_the_officer():
    change = set_status(entry(), "substances", "cannabis", "negated")
    item = change.data["substances"][0]
    assert item["status"] == "negated" and item["evidence"]["text"] == "using cannabis"
    assert item["corrected_by"] == "officer"
    assert change.said == ["Cannabis is now ruled out"]


@pytest.mark.parametrize(
    ("area", "status", "said"),
    [
        ("finance", "no_need", "The Finance need area is now no need"),
        ("accommodation", "strength", "Added the Accommodation need area: a strength"),
        ("drug_use", None, "Removed the Drug use need area"),
        ("finance", "need", "The Finance need area was already a need"),
    ],
)
def test_needs(area, status, said):
    change = set_status(entry(), "needs", area, status)
    assert change.said == [said]
    found = {n["area"]: n["status"] for n in change.data["needs"]}
    assert found.get(area) == status
    assert problem(change.data) is None


def test_unknown_codes_and_statuses_are_refused_in_words():
    with pytest.raises(CorrectionError, match="no flag"):
        set_status(entry(), "risk_flags", "parking", "present")
    with pytest.raises(CorrectionError, match="Choose a status"):
        set_status(entry(), "needs", "finance", "present")


def test_actions_add_change_remove():
    data = entry()
    added = set_action(data, "refer_accommodation", "person", "2026-12-10")
    assert added.said == [
        "Added the Accommodation referral, by the person on probation, due 10 December 2026"
    ]
    assert added.data["actions"][-1]["due"] == "2026-12-10"
    changed = set_action(added.data, "refer_finance", "other")
    assert changed.said == ["The Finance, benefits or ID referral is now by another agency"]
    removed = set_action(changed.data, "refer_finance", None)
    assert [a["code"] for a in removed.data["actions"]] == ["refer_accommodation"]
    assert problem(removed.data) is None
    with pytest.raises(CorrectionError, match="real date"):
        set_action(data, "refer_finance", "officer", "2026-02-30")


def test_drug_test_and_its_substances():
    positive = set_drug_test(entry(), "positive", ["cocaine", "cannabis"])
    assert positive.data["drug_test"]["substances"] == ["cocaine", "cannabis"]
    assert positive.said == ["Drug test is now positive for cocaine, cannabis"]
    negative = set_drug_test(positive.data, "negative")
    assert negative.data["drug_test"]["substances"] == []
    assert set_drug_test(negative.data, None).data["drug_test"] is None
    assert problem(positive.data) is None


def test_no_next_appointment():
    change = no_next_appointment(entry())
    assert change.data["next_appointment"] is None
    assert change.said == ["Removed the next appointment"]


def test_a_field_change_names_the_value_before_and_after():
    change = set_field(entry(), "enforcement", "recall")
    assert change.data["enforcement"] == "recall"
    assert change.said == ["Enforcement is now Recall (was no further action)"]
    with pytest.raises(CorrectionError, match="whole number"):
        set_field(entry(), "duration_minutes", "forty")


def test_an_officers_record_is_marked():
    change = set_field(entry(), "summary", "Saw Kai at home. All fine.")
    assert change.data["summary_by_officer"] is True


@pytest.mark.parametrize(
    ("slots", "check"),
    [
        (
            {"field": "risk_flag", "item": "self_harm", "status": None},
            lambda d: d["risk_flags"] == [],
        ),
        (
            {"field": "need", "item": "finance", "status": "no_need"},
            lambda d: d["needs"][0]["status"] == "no_need",
        ),
        (
            {"field": "substance", "item": "cannabis", "status": "negated"},
            lambda d: d["substances"][0]["status"] == "negated",
        ),
        (
            {"field": "action", "item": "police_liaison", "owner": "officer"},
            lambda d: d["actions"][-1]["code"] == "police_liaison",
        ),
        (
            {"field": "drug_test", "value": "negative"},
            lambda d: d["drug_test"]["result"] == "negative",
        ),
        (
            {"field": "drug_test", "value": "positive", "substances": ["spice"]},
            lambda d: d["drug_test"]["substances"] == ["spice"],
        ),
        ({"field": "next_appointment", "none": True}, lambda d: d["next_appointment"] is None),
        (
            {"field": "next_appointment", "date": "2026-12-09"},
            lambda d: d["next_appointment"]["date"] == "2026-12-09",
        ),
        (
            {"field": "enforcement", "value": "warning_letter"},
            lambda d: d["enforcement"] == "warning_letter",
        ),
        ({"field": "duration", "value": "25"}, lambda d: d["contact"]["duration_minutes"] == 25),
    ],
)
def test_chat_slots_reach_every_kind_of_correction(slots, check):
    change = apply_slots(entry(), slots)
    assert check(change.data)
    assert change.said and all(s and s != "Changed" for s in change.said)


def test_slots_naming_nothing_known_are_refused():
    with pytest.raises(CorrectionError, match="which part"):
        apply_slots(entry(), {"field": "shoe_size", "value": "9"})
