"""The pure comparison: which fields and cue families an officer's version changed."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from assistant import accuracy, labels

FIXTURE = Path(__file__).parents[1] / "fixtures" / "notes.jsonl"
MACHINE = {
    "person": {"crn": "A000001"},
    "contact": {"date": "2026-03-02", "type": "office_visit", "outcome": "attended_complied"},
    "next_appointment": {"date": "2026-03-16", "time": "10:00"},
    "drug_test": None,
    "substances": [{"name": "cannabis", "status": "current"}],
    "needs": [
        {"area": "accommodation", "status": "need"},
        {"area": "finance", "status": "no_need"},
    ],
    "risk_flags": [{"code": "self_harm", "status": "present"}],
    "actions": [{"code": "refer_housing"}],
    "enforcement": "none",
}


def edited(**changes) -> dict:
    final = copy.deepcopy(MACHINE)
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = final
        for key in parents:
            target = target[key]
        target[last] = value
    return final


def test_unchanged_entry_has_no_correction():
    diff = accuracy.compare(MACHINE, copy.deepcopy(MACHINE))
    assert diff.corrected == frozenset()
    assert diff.kept["needs_discussed"] == 2 and diff.kept["flags_present"] == 1


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("contact__type", "home_visit", "contact_type"),
        ("contact__outcome", "failed_to_attend", "outcome"),
        ("contact__late_minutes", 20, "late_minutes"),
        ("next_appointment__date", "2026-03-23", "next_date"),
        ("next_appointment__time", "14:30", "next_time"),
        ("drug_test", {"result": "negative", "substances": []}, "drug_test"),
        ("enforcement", "warning", "enforcement"),
        ("person", {"crn": "A000002"}, "crn"),
    ],
)
def test_each_scalar_correction_is_named(path, value, field):
    assert accuracy.compare(MACHINE, edited(**{path: value})).corrected == {field}


def test_family_codes_added_and_removed_are_counted_apart():
    final = edited(
        risk_flags=[{"code": "domestic_abuse", "status": "present"}],
        actions=[{"code": "refer_housing"}, {"code": "book_appointment"}],
    )
    diff = accuracy.compare(MACHINE, final)
    assert diff.corrected == {"flags_present", "actions"}
    assert diff.added["flags_present"] == {"domestic_abuse"}
    assert diff.removed["flags_present"] == {"self_harm"}
    assert diff.added["actions"] == {"book_appointment"} and not diff.removed["actions"]


def test_a_status_change_moves_a_code_out_of_its_family():
    # Marking the flag as past is a correction of "present", not of the flag list as such.
    final = edited(risk_flags=[{"code": "self_harm", "status": "past"}])
    diff = accuracy.compare(MACHINE, final)
    assert diff.corrected == {"flags_present"}
    assert diff.removed["flags_present"] == {"self_harm"}
    need_dropped = edited(
        needs=[{"area": "accommodation", "status": "no_need"}, MACHINE["needs"][1]]
    )
    assert accuracy.compare(MACHINE, need_dropped).corrected == {"needs_need"}


def test_missing_or_odd_parts_of_a_hand_edited_entry_do_not_break_it():
    diff = accuracy.compare({}, {"needs": ["not an object", {"area": "finance"}], "contact": None})
    assert diff.added["needs_discussed"] == {"finance"}
    assert diff.fields == frozenset()  # enforcement "" and missing both read as "none"


def test_report_counts_and_rates_per_field_and_family():
    pairs = [
        (MACHINE, copy.deepcopy(MACHINE)),
        (MACHINE, edited(contact__outcome="rescheduled")),
        (MACHINE, edited(contact__outcome="rescheduled", substances=[])),
        (MACHINE, edited(actions=[])),
    ]
    result = accuracy.report(pairs)
    assert (result.reviewed, result.corrected_entries) == (4, 3)
    outcome = next(r for r in result.fields if r.key == "outcome")
    assert (outcome.corrected, outcome.rate) == (2, 0.5)
    subs = next(r for r in result.families if r.key == "substances_current")
    assert (subs.corrected, subs.removed, subs.added, subs.kept) == (1, 1, 0, 3)
    assert [r.key for r in result.fields] == list(accuracy.FIELDS)
    assert result.to_json()["counted_statuses"] == ["approved"]


def test_empty_report_has_zero_rates():
    result = accuracy.report([])
    assert result.reviewed == 0 and all(r.rate == 0.0 for r in result.fields)


def test_gold_is_the_labelled_sets_shape():
    final = edited(
        substances=[
            {"name": "cannabis", "status": "current"},
            {"name": "heroin", "status": "past"},
        ],
        risk_flags=[
            {"code": "self_harm", "status": "present"},
            {"code": "weapons", "status": "negated"},
        ],
    )
    gold = labels.gold(final)
    with FIXTURE.open(encoding="utf-8") as f:
        assert set(gold) == set(json.loads(f.readline())["gold"])  # the same keys, no more
    assert gold["needs_discussed"] == ["accommodation", "finance"]
    assert gold["needs_need"] == ["accommodation"]
    assert gold["substances_other_status"] == [{"name": "heroin", "status": "past"}]
    assert gold["flags_other_status"] == [{"code": "weapons", "status": "negated"}]
