"""A flag or substance word inside the name of something else (an Act, an order, a
requirement, a scheme, a fellowship, a drink) is not that flag or substance; being a witness
or a victim is not an offence of the person's. Sentences are our own."""

from __future__ import annotations

import pytest

OPENING = "Office appointment today with John Mercer, on time. "


def _entry(extractor, caseload, text: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return extractor.extract(OPENING + text, "2026-05-11", caseload).to_json()  # type: ignore[no-any-return]


def _flags(extractor, caseload, text: str) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    out: dict[str, set[str]] = {}
    for flag in _entry(extractor, caseload, text)["risk_flags"]:
        out.setdefault(flag["code"], set()).add(flag["status"])
    return out


def _substances(extractor, caseload, text: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {s["name"] for s in _entry(extractor, caseload, text)["substances"]}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("He was detained under section 3 of the Mental Health Act in March.", "self_harm"),
        ("The GP has asked for an assessment under the Mental Health Act.", "self_harm"),
        ("The Knife Crime Prevention Order runs for another year.", "weapons"),
        ("The Victim Contact Scheme officer asked about his release address.", "condition_breach"),
        ("He has a witness summons for his cousin's trial in June.", "new_offence"),
        ("He was summonsed as a witness for the prosecution.", "new_offence"),
        ("He was a witness to a fight in the town centre and gave a statement.", "new_offence"),
        ("He was the victim of a robbery and the police are investigating.", "new_offence"),
        ("He owes two months of service charge on the flat.", "new_offence"),
        ("We started the offending behaviour work on his thinking skills.", "new_offence"),
        ("His risk of reoffending is assessed as medium.", "new_offence"),
        ("He was known to the youth offending team at fourteen.", "new_offence"),
        ("He did a weapons awareness session with his key worker.", "weapons"),
        ("His previous convictions include a domestic burglary.", "domestic_abuse"),
        ("An adult safeguarding referral has been made for his father.", "child_safeguarding"),
        ("He looked after his nephew at the weekend.", "child_safeguarding"),
        ("The room was tidy and well looked after.", "child_safeguarding"),
        ("He threatened to kill himself when his partner left.", "risk_to_staff"),
        ("He is low after the breakdown of his relationship.", "mental_health"),
        ("His housing situation has deteriorated since the landlord sold up.", "mental_health"),
        ("The interpreter was booked through DA Languages for an hour.", "domestic_abuse"),
        ("The visit was put back after a staff safety briefing.", "risk_to_staff"),
        ("Lone working rules mean two of us go to that block.", "risk_to_staff"),
    ],
)
def test_a_word_inside_another_thing_is_no_flag(extractor, caseload, text: str, code: str) -> None:  # type: ignore[no-untyped-def]
    assert "present" not in _flags(extractor, caseload, text).get(code, set())


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("He was on an ACCT for the first month of his sentence.", "self_harm"),
        ("Staff opened an ACT document after he cut his arm last night.", "self_harm"),
        ("A Domestic Abuse Protection Order was made against him last week.", "domestic_abuse"),
        ("His son is a looked after child and lives with foster carers.", "child_safeguarding"),
        ("He has been arrested for a new assault.", "new_offence"),
        ("He has been summonsed to court for driving while disqualified.", "new_offence"),
        ("She has been living in a refuge in Leigh since the summer.", "domestic_abuse"),
        ("The monitoring company sent a violation report for Saturday night.", "condition_breach"),
        ("Tag data shows a violation, out from midnight to 2am.", "condition_breach"),
    ],
)
def test_the_real_thing_still_is(extractor, caseload, text: str, code: str) -> None:  # type: ignore[no-untyped-def]
    assert "present" in _flags(extractor, caseload, text).get(code, set())


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("He goes to Cocaine Anonymous on Tuesday evenings.", "cocaine"),
        ("He was drinking a can of Coke in the waiting room.", "cocaine"),
        ("He has a crack in his phone screen and cannot read texts.", "crack_cocaine"),
        ("He wants to crack on with the course.", "crack_cocaine"),
    ],
)
def test_a_substance_word_naming_something_else(extractor, caseload, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    assert name not in _substances(extractor, caseload, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("He admitted smoking crack on Saturday.", "crack_cocaine"),
        ("He bought a bag of coke at the weekend.", "cocaine"),
    ],
)
def test_the_substance_itself_still_counts(extractor, caseload, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    assert name in _substances(extractor, caseload, text)


@pytest.mark.parametrize(
    "text",
    [
        "Swab positive for pregabalin only. It is prescribed by his GP for nerve pain.",
        "The test showed gabapentin and diazepam. Both are on prescription from the surgery.",
        "Asked about his pregabalin: he takes only what the GP gives him.",
    ],
)
def test_a_medicine_said_to_be_prescribed_is_no_misuse(extractor, caseload, text: str) -> None:  # type: ignore[no-untyped-def]
    """A prescription said in the next sentence, pointing back at the medicine, is still one."""
    medicines = {"pregabalin", "gabapentin", "benzodiazepines"}
    assert not _substances(extractor, caseload, text) & medicines


def test_a_medicine_bought_off_the_street_still_counts(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    text = "Swab positive for pregabalin. He bought them off a mate, not prescribed."
    assert "pregabalin" in _substances(extractor, caseload, text)
