"""Every value the journey benchmark can find wrong has a chat command that fixes it: the
command is read as set_field and its slots, applied, give the labelled value."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.corrections.items import FLAG_STATUS, NEED_STATUS, OWNER_LABELS, SUBSTANCE_LABELS
from assistant.corrections.scalars import apply_slots
from assistant.fields import ACTION_LABELS, ENFORCEMENT_LABELS, FLAG_LABELS, NEED_LABELS
from bench.journey_plan import CHAT_VALUES, Wrong, command, differences, next_date, values
from nlp.prompts.interpret import interpret
from tests.corrections.entries import entry

DAY = dt.date(2026, 12, 3)


def wrongs() -> list[Wrong]:
    have = values(entry())
    found = []
    for group, codes, statuses in (
        ("needs", NEED_LABELS, NEED_STATUS),
        ("flags", FLAG_LABELS, FLAG_STATUS),
        ("substances", SUBSTANCE_LABELS, ["current", "negated", "historical", "other_person"]),
        ("actions", ACTION_LABELS, OWNER_LABELS),
    ):
        for code in codes:
            for want in [None, *statuses]:
                if want != have[group].get(code):
                    found.append(Wrong(group, code, want, have[group].get(code)))
    found += [Wrong("enforcement", "", e, "none") for e in ENFORCEMENT_LABELS if e != "none"]
    found += [Wrong(k, "", v, have[k]) for k, v in CHAT_VALUES if v != have[k]]
    found.append(Wrong("drug_test", "", {"result": "positive", "substances": ["mdma"]}, None))
    found.append(Wrong("next", "", None, have["next"]))
    found.append(Wrong("next", "", {"date": next_date(DAY, "friday"), "time": "15:30"}, None))
    return found


@pytest.mark.parametrize("wrong", wrongs(), ids=str)
def test_each_wrong_value_has_a_command_that_fixes_it(wrong):
    said = command(wrong)
    assert said, wrong
    reading = interpret(said, DAY, None)
    assert reading.intent == "set_field", (said, reading)
    data = apply_slots(entry(), reading.slots).data
    fixed = values(data)
    if wrong.key:
        assert fixed[wrong.group].get(wrong.key) == wrong.want, (said, reading.slots)
    else:
        assert fixed[wrong.group] == wrong.want, (said, reading.slots)


def test_differences_lists_each_value_once():
    have = values(entry())
    want = {**have, "outcome": "failed_to_attend", "flags": {}, "needs": dict(have["needs"])}
    want["needs"]["accommodation"] = "need"
    found = differences(want, have)
    assert [str(w) for w in found] == [
        "outcome: attended_complied -> failed_to_attend",
        "needs.accommodation: None -> need",
        "flags.self_harm: present -> None",
    ]
