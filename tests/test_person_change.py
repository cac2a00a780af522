"""Whose a note is: the interpreter's person-change prompts and the ranking of caseload names
that "Who is this about?" offers (assistant.person_rank)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assistant.person_rank import best_few, name_score, others_named, rank_people
from nlp.people.caseload import Caseload
from nlp.prompts.interpret import interpret

ROOT = Path(__file__).parent.parent
REFERENCE = dt.date(2026, 5, 13)
ROWS = [
    {"crn": "W1", "name": "Tyrone Campbell"},
    {"crn": "W2", "name": "Bradley Thompson", "aliases": ["Brad"]},
    {"crn": "W3", "name": "Sarah Thompson"},
    {"crn": "W4", "name": "Anthony Okafor"},
    {"crn": "W5", "name": "Mark Ellis"},
    {"crn": "W6", "name": "Grace Hall"},
    {"crn": "X123456", "name": "Owen Price"},
]


@pytest.fixture(scope="module")
def caseload() -> Caseload:
    return Caseload.from_csv(ROOT / "tests" / "fixtures" / "caseload.csv")


@pytest.mark.parametrize(
    ("prompt", "crn"),
    [
        ("this is for craig lomax", "K227841"),
        ("wrong person, it's for Tanya", "K229956"),
        ("change person to Z847201", "Z847201"),
        ("move this to Owen Nye", "R781166"),
        ("this note is about ravi patel", "P590231"),
    ],
)
def test_person_change_prompts_are_set_field_person(caseload, prompt, crn):
    result = interpret(prompt, REFERENCE, caseload).to_json()
    assert (result["intent"], result["slots"].get("field"), result["crn"]) == (
        "set_field",
        "person",
        crn,
    )


def test_a_long_note_with_a_person_cue_and_nobody_named_stays_a_note(caseload):
    note = "this is for his benefit claim, he has to ring the jobcentre tomorrow about it"
    assert interpret(note, REFERENCE, caseload).intent == "add_note"


def test_wrong_person_alone_asks_for_the_person(caseload):
    result = interpret("wrong person", REFERENCE, caseload).to_json()
    assert (result["intent"], result["slots"]["field"], result["crn"]) == (
        "set_field",
        "person",
        None,
    )


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Brad T came in today", "W2"),
        ("brad thompsen rang", "W2"),
        ("Tony said he is fine", "W4"),
        ("x123456 attended", "X123456"),
        ("Kel", None),  # nobody starts with Kel
        ("mark", "W5"),
    ],
)
def test_ranking_puts_the_best_match_first(text, first):
    ranked = rank_people(text, ROWS)
    if first is None:
        assert ranked[0]["score"] < 70
    else:
        assert ranked[0]["crn"] == first and ranked[0]["score"] > ranked[1]["score"]


def test_best_few_offers_only_names_that_fit_and_at_most_five():
    rows = ROWS + [{"crn": f"V{i}", "name": f"Brad Smith{chr(97 + i)}"} for i in range(8)]
    offered = best_few("Brad came in", rows)
    assert 0 < len(offered) <= 5 and all(o["score"] >= 70 for o in offered)
    assert best_few("the weather was fine", ROWS) == []
    assert name_score("B Thompson", "Bradley Thompson") > name_score("B Thompson", "Grace Hall")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Tony came in for his appointment", ["W4"]),
        ("tony came in for his appointment", ["W4"]),
        ("Anthoni came in today", ["W4"]),  # a capitalised slip
        ("anthoni came in today", []),  # lower case: only exact names and nicknames
        ("Seen today, he will mark it in his diary, by the grace of god", []),
        ("Tyrone came in, his mate Tony was there", []),  # names the current person too
    ],
)
def test_others_named_is_a_safety_net_for_names_the_interpreter_missed(text, named):
    assert [o["crn"] for o in others_named(text, ROWS, "W1")] == named
