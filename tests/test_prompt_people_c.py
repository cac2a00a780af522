"""Whom a chat prompt names, in the kinds the blind prompt set prompts_c found: a relative
named through a person on the caseload, a shared first name settled by a surname initial,
a CRN written beside somebody else's name, a lower-case name known by its kin."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from nlp.people.caseload import Caseload, CaseloadPerson
from nlp.prompts.interpret import interpret

REFERENCE = dt.date(2026, 6, 10)  # a Wednesday


@pytest.fixture(scope="module")
def caseload() -> Caseload:
    """Two people share a first name; two share a surname; one has a common-word name."""
    people = [
        CaseloadPerson("A100001", "Rowan Ellery"),
        CaseloadPerson("A100002", "Rowan Blakemore"),
        CaseloadPerson("A100003", "Mark Tenby"),
        CaseloadPerson("A100004", "Josie Tenby"),
        CaseloadPerson("A100005", "Bill Harrow", ("Will",)),
        CaseloadPerson("A100006", "Grant Okafor"),
    ]
    return Caseload.from_people(people)


def _crn(text: str, caseload: Caseload) -> str | None:
    return interpret(text, REFERENCE, caseload).crn


@pytest.mark.parametrize(
    "text",
    [
        "new contact for Josie's partner",
        "new contact for josie tenbys mum",
        "show me Mark's brother",
        "log a call with Bill's girlfriend",
    ],
)
def test_a_relative_asked_for_is_not_the_person_named_before_them(
    text: str, caseload: Caseload
) -> None:
    assert _crn(text, caseload) is None


@pytest.mark.parametrize(
    ("text", "crn"),
    [
        ("Josie's mum rang, she is in hospital and can't come in today, log it", "A100004"),
        ("log home visit at Mark's nan's house this morning", "A100003"),
    ],
)
def test_a_relative_speaking_for_the_person_still_names_the_person(
    text: str, crn: str, caseload: Caseload
) -> None:
    assert _crn(text, caseload) == crn


@pytest.mark.parametrize(
    ("text", "crn"),
    [
        ("show Rowan E's record", "A100001"),
        ("new contact for rowan b", "A100002"),
        ("new contact for Rowan", None),
        ("new contact for Rowan K", None),  # no Rowan's surname begins with K
    ],
)
def test_a_surname_initial_picks_between_people_sharing_a_first_name(
    text: str, crn: str | None, caseload: Caseload
) -> None:
    assert _crn(text, caseload) == crn


@pytest.mark.parametrize(
    "text",
    [
        "new contact for A100003 josie tenby",
        "open Josie Tenby (crn A100003)",
        "show A100001 - rowan blakemore",
    ],
)
def test_a_crn_beside_someone_elses_name_is_left_for_the_officer(
    text: str, caseload: Caseload
) -> None:
    found = interpret(text, REFERENCE, caseload)
    assert found.crn is None
    crns = {c["crn"] for c in found.slots["person"]["candidates"]}
    assert len(crns) == 2


@pytest.mark.parametrize(
    ("text", "crn"),
    [("new contact for A100003 mark tenby", "A100003"), ("open A100004", "A100004")],
)
def test_a_crn_that_agrees_with_the_name_stands(text: str, crn: str, caseload: Caseload) -> None:
    assert _crn(text, caseload) == crn


def test_a_lower_case_common_word_name_with_kin_after_it_is_a_name(caseload: Caseload) -> None:
    text = "record the three way call with grant and his mum this afternoon, went well for both"
    assert _crn(text, caseload) == "A100006"


def test_a_common_word_without_kin_after_it_stays_a_word(caseload: Caseload) -> None:
    text = "log the call this afternoon about the grant application and his rent arrears"
    assert _crn(text, caseload) is None


def test_prompts_c_fixture_caseload_has_its_shared_first_name() -> None:
    """prompts_c asks about two Tegans: the fixture must keep both."""
    path = Path(__file__).parent / "fixtures" / "caseload.csv"
    names = [p.name for p in Caseload.from_csv(path)]
    assert sum(n.startswith("Tegan ") for n in names) == 2


def test_prompts_c_floor() -> None:
    """tests/fixtures/prompts_c.jsonl, written and labelled before the interpreter was read
    (0.725 on first reading): at least the issue's target, and never a wrong person."""
    root = Path(__file__).parent
    load = Caseload.from_csv(root / "fixtures" / "caseload.csv")
    lines = (root / "fixtures" / "prompts_c.jsonl").read_text(encoding="utf-8").splitlines()
    prompts = [json.loads(line) for line in lines if line.strip()]
    right, wrong_person = 0, []
    for p in prompts:
        got = interpret(p["text"], dt.date.fromisoformat(p["reference_date"]), load)
        gold = p["gold"]
        right += (got.intent, got.crn, got.date) == (gold["intent"], gold["crn"], gold["date"])
        if got.crn is not None and got.crn != gold["crn"]:
            wrong_person.append(p["id"])
    assert len(prompts) == 40
    assert right / len(prompts) >= 0.95
    assert wrong_person == []
