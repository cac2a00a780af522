"""Need-area words a new writer used that the vocabulary lacked (found scoring notes_f):
where someone lives said without "lives", money that is tight, a partner the person lives
with, work and education left behind, and words that look like them but are not (a
deadline in working days, "explained" near "exploited"). Sentences of our own."""

from __future__ import annotations

import pytest

OPENING = "Office appointment today with Craig Lomax, on time. "


def _needs(extractor, caseload, text: str) -> dict[str, str]:  # type: ignore[no-untyped-def,type-arg]
    entry = extractor.extract(OPENING + text, "2026-12-14", caseload).to_json()
    return {n["area"]: n["status"] for n in entry["needs"]}


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("He remains at his flat in Hyde.", "accommodation"),
        ("He is still at his mum's until the tenancy starts.", "accommodation"),
        ("He says the move to the new flat went well.", "accommodation"),
        ("He lives with his girlfriend in Denton.", "relationships_community"),
        ("He has been low since the divorce.", "relationships_community"),
        ("He is off sick from the warehouse with his knee.", "health_wellbeing"),
        ("He has a bit of a cold.", "health_wellbeing"),
        ("His rent is up to date.", "finance"),
        ("He is working days at the tyre fitters.", "employment_education"),
    ],
)
def test_an_area_said_in_other_words_is_discussed(extractor, caseload, text, area):  # type: ignore[no-untyped-def]
    assert area in _needs(extractor, caseload, text)


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("Money is tight: his Universal Credit was cut last month.", "finance"),
        ("He has no access to his own money; his partner keeps his card.", "finance"),
        ("He has not been in education or work since he left college.", "employment_education"),
        ("He is having nightmares again and wants to see a doctor.", "health_wellbeing"),
        ("Older lads have been cuckooing his flat to sell from it.", "relationships_community"),
    ],
)
def test_a_problem_now_is_a_need(extractor, caseload, text, area):  # type: ignore[no-untyped-def]
    assert _needs(extractor, caseload, text).get(area) == "need"


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("I explained the licence conditions to him again.", "relationships_community"),
        ("The report is due within 5 working days.", "employment_education"),
    ],
)
def test_look_alike_words_add_no_area(extractor, caseload, text, area):  # type: ignore[no-untyped-def]
    assert area not in _needs(extractor, caseload, text)


def test_a_debt_with_a_payment_plan_agreed_is_managed(extractor, caseload):  # type: ignore[no-untyped-def]
    text = "He owes £250 on his electric, payment plan agreed with the supplier."
    assert _needs(extractor, caseload, text).get("finance") == "no_need"


def test_a_debt_without_a_plan_is_a_need(extractor, caseload):  # type: ignore[no-untyped-def]
    text = "He owes £250 on his electric and cannot pay it."
    assert _needs(extractor, caseload, text).get("finance") == "need"


def _substances(extractor, caseload, text: str) -> dict[str, str]:  # type: ignore[no-untyped-def,type-arg]
    entry = extractor.extract(OPENING + text, "2026-12-14", caseload).to_json()
    return {s["name"]: s["status"] for s in entry["substances"]}


@pytest.mark.parametrize(
    "text",
    ["He is on a 50ml meth script, picked up daily.", "Still on 60 ml meth, no missed doses."],
)
def test_meth_beside_a_script_or_dose_is_methadone(extractor, caseload, text):  # type: ignore[no-untyped-def]
    assert "methamphetamine" not in _substances(extractor, caseload, text)


def test_meth_on_its_own_is_methamphetamine(extractor, caseload):  # type: ignore[no-untyped-def]
    text = "He admits smoking crystal meth at the weekend."
    assert _substances(extractor, caseload, text).get("methamphetamine") == "current"
