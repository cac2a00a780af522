"""Who a cue is about when the person told someone it, or when a clause goes on after one
hung on "after" or "when"; an age in the past as history; and a named child of the
person's own for safeguarding. Sentences of our own, through the real extractor with the
fixture caseload so the person on probation is known by name."""

from __future__ import annotations

import pytest

OPENING = "Office appointment today with Joan Mercer, on time. "


def _flags(extractor, caseload, text: str, code: str) -> set[str]:  # type: ignore[no-untyped-def]
    entry = extractor.extract(OPENING + text, "2026-12-11", caseload).to_json()
    return {f["status"] for f in entry["risk_flags"] if f["code"] == code}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Jo told Dr Shah she stopped taking her sertraline a fortnight ago.", "mental_health"),
        ("Jo told PC Ward she has been self-harming again.", "self_harm"),
        ("She informed Nurse Adams that she has had thoughts of suicide.", "self_harm"),
        ("She has had thoughts of 'not being here' since the weekend.", "self_harm"),
    ],
)
def test_what_the_person_told_someone_is_their_own(extractor, caseload, text, code):  # type: ignore[no-untyped-def]
    assert _flags(extractor, caseload, text, code) == {"present"}


def test_what_someone_else_did_is_still_theirs_after_told(extractor, caseload):  # type: ignore[no-untyped-def]
    text = "Jo told Dr Shah her sister stopped taking her medication and was sectioned."
    assert "present" not in _flags(extractor, caseload, text, "mental_health")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("She was first arrested aged 15, for criminal damage.", "new_offence"),
        ("She was cautioned at the age of 14 for shoplifting.", "new_offence"),
        ("She was caught carrying a knife aged 16.", "weapons"),
    ],
)
def test_an_age_in_the_past_is_history(extractor, caseload, text, code):  # type: ignore[no-untyped-def]
    assert _flags(extractor, caseload, text, code) == {"historical"}


def test_a_childs_age_is_no_history(extractor, caseload):  # type: ignore[no-untyped-def]
    text = "She has been messaging a boy aged 15 she met online, against her licence."
    assert _flags(extractor, caseload, text, "child_safeguarding") != {"historical"}


def test_a_clause_going_on_after_after_is_the_persons(extractor, caseload):  # type: ignore[no-untyped-def]
    text = "She took an overdose in 2019 after her nan died and has not self-harmed since."
    assert _flags(extractor, caseload, text, "self_harm") <= {"historical", "negated"}
    assert _flags(extractor, caseload, text, "self_harm")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Her daughter Mia (14) is on a child protection plan.", "present"),
        ("Her son Tyler (6) is on a child protection plan, which is going well.", "present"),
        ("Her sister's daughter Mia (14) is on a child protection plan.", "other_person"),
    ],
)
def test_a_named_child_is_the_persons_own(extractor, caseload, text, status):  # type: ignore[no-untyped-def]
    assert _flags(extractor, caseload, text, "child_safeguarding") == {status}


@pytest.mark.parametrize(
    "text",
    [
        "She is pregnant and a pre-birth assessment is under way.",
        "A social worker from childrens servs has been out to see the family.",
    ],
)
def test_child_safeguarding_words(extractor, caseload, text):  # type: ignore[no-untyped-def]
    assert _flags(extractor, caseload, text, "child_safeguarding") == {"present"}


def test_a_question_the_person_asked_is_no_assertion(extractor, caseload):  # type: ignore[no-untyped-def]
    text = "She asked what children's services would do if a mother went back to an abusive ex."
    assert _flags(extractor, caseload, text, "child_safeguarding") == {"hypothetical"}


def test_the_officer_asking_what_was_used_still_reads_the_answer(extractor, caseload):  # type: ignore[no-untyped-def]
    entry = extractor.extract(
        OPENING + "I asked what she had used and she said cocaine on Saturday.",
        "2026-12-11",
        caseload,
    ).to_json()
    assert {s["name"]: s["status"] for s in entry["substances"]}.get("cocaine") == "current"
