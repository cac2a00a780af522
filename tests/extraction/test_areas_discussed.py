"""Which need areas a note discusses (labelling conventions: "family, partner, parenting and
peers are relationships", "'Lives with' is accommodation", someone else's business adds no
area, a past relationship is no mention). Our own sentences, in several styles."""

from __future__ import annotations

from typing import Any

import pytest

REFERENCE = "2026-06-15"
OPENING = "Office appointment today with Dean Marsh, on time. "


def _areas(extractor: Any, caseload: Any, body: str) -> set[str]:
    entry = extractor.extract(OPENING + body, REFERENCE, caseload).to_json()
    return {n["area"] for n in entry["needs"]}


@pytest.mark.parametrize(
    "body",
    [
        # support and help from family, typed and dictated
        "His aunt has been a big help since he came out.",
        "he says his grandad is what keeps him going",
        "His partner came with him today and he says she has helped him a lot.",
        # a family event that touches him
        "His gran passed away at the weekend and the funeral is on Friday.",
        "His dad has been diagnosed with cancer.",
        "Says his girlfriend is pregnant, due in October.",
        # conflict and reconciliation, shorthand
        "Had a row w/ his dad on Sun, now staying out of his way.",
        "Wants to get back with his ex-wife's sister's friend Kayleigh -> his girlfriend.",
        "Things with his girlfriend are better this month.",
        "Kids fine, at school.",
        # a name the note introduced by a relation word
        "His sister Margo lives in Hull. He stays in touch with Margo by video most weeks.",
        # peers
        "He says he has cut ties with the lads from the estate.",
        "Still knocking about with the same group at weekends.",
        # the household: a close relative living with him
        "His two sons live with him every other week.",
        "His brother is staying with him until his own flat is ready.",
    ],
)
def test_relationships_discussed(extractor: Any, caseload: Any, body: str) -> None:
    assert "relationships_community" in _areas(extractor, caseload, body)


@pytest.mark.parametrize(
    "body",
    [
        # a past relationship on its own
        "His former partner moved to Scotland in 2023 and he has had no contact with her since.",
        # police language, not a relationship
        "I have asked the police for intelligence on his known associates.",
        # help from the officer or a service, no family in it
        "I helped him fill in the form for his provisional licence.",
    ],
)
def test_no_relationships_mention(extractor: Any, caseload: Any, body: str) -> None:
    assert "relationships_community" not in _areas(extractor, caseload, body)


@pytest.mark.parametrize(
    "body",
    [
        "He told me his daughter, who lives with her mum, has started at a new school.",
        "His cousin, who lives in the flat below, has been in trouble with the police.",
        "his nephew who lives with his sister in york got a job at a garage",
    ],
)
def test_a_relatives_home_is_not_his_accommodation(
    extractor: Any, caseload: Any, body: str
) -> None:
    assert "accommodation" not in _areas(extractor, caseload, body)


@pytest.mark.parametrize(
    "body",
    [
        "He lives with his mum in Beeston and it is going fine.",
        "he continues to live with his parents",
        "Lives w/ partner, no issues.",
        "He has applied for his son to come and stay, as he has a spare room now.",
    ],
)
def test_his_own_home_is_accommodation(extractor: Any, caseload: Any, body: str) -> None:
    assert "accommodation" in _areas(extractor, caseload, body)


@pytest.mark.parametrize(
    ("body", "discussed"),
    [
        ("He is working nights at the distribution centre.", True),
        ("Back at the car wash since March, 25 hrs a week.", True),
        ("she got the job at the nursery and starts monday", True),
        ("He is still at coleg, doing his level 2 course.", True),
        ("Her agency shifts have dried up since Christmas.", True),
        ("He attended for his induction appointment following release.", False),
        ("He joined the call from his room.", False),
    ],
)
def test_work_in_the_words_officers_use(
    extractor: Any, caseload: Any, body: str, discussed: bool
) -> None:
    assert ("employment_education" in _areas(extractor, caseload, body)) is discussed


@pytest.mark.parametrize(
    ("body", "area", "discussed"),
    [
        # the verb, or the reason for a decision, is not work on thinking and behaviour
        ("He says he keeps thinking of moving to Spain.", "thinking_behaviours_attitudes", False),
        (
            "SPO agreed a warning letter because of his behaviour at reception.",
            "thinking_behaviours_attitudes",
            False,
        ),
        ("RAR: consequential thinking w/s today.", "thinking_behaviours_attitudes", True),
        # a night worker's sleep, someone else's hospital visit, an empty bed
        ("he is on nights so he sleeps during the day", "health_wellbeing", False),
        ("She rang to say she was at A&E with her mum after a fall.", "health_wellbeing", False),
        ("Hostel staff say his bed was not slept in on Tuesday.", "health_wellbeing", False),
        ("She was tearful while she told me about the argument.", "health_wellbeing", False),
        # the person's own body and how they are in themselves
        ("His back is still bad and he sees the physio weekly.", "health_wellbeing", True),
        ("mood good, sleeping ok", "health_wellbeing", True),
        ("Her COPD is managed with inhalers.", "health_wellbeing", True),
        ("She has felt tearful most days since the move.", "health_wellbeing", True),
        # a word with a money sense used in another one, and the money sense itself
        ("He was late because the bus broke down on the ring road.", "finance", False),
        ("says he broke his wrist playing football", "finance", False),
        ("Someone broke into her car last week.", "finance", False),
        ("He is broke until his UC comes in on the 20th.", "finance", True),
        ("skint and broke by midweek -> food bank voucher given", "finance", True),
    ],
)
def test_thinking_and_health_discussed(
    extractor: Any, caseload: Any, body: str, area: str, discussed: bool
) -> None:
    assert (area in _areas(extractor, caseload, body)) is discussed


@pytest.mark.parametrize(
    ("body", "area"),
    [
        ("Accom: own flat.\nSubs: nil.\nETE: on the course.", "drug_use"),
        ("Work: full time; Health: a cold this week; Money: fine.", "health_wellbeing"),
        ("Housing: no change.\nDrugs: denies any.", "drug_use"),
    ],
)
def test_a_field_headed_by_the_area_is_discussed(extractor, caseload, body: str, area: str) -> None:  # type: ignore[no-untyped-def]
    """The officer covered the area under its own heading, whatever words the field holds."""
    assert area in _areas(extractor, caseload, body)


@pytest.mark.parametrize("body", ["Subs: N/A.", "Subs: not discussed today.", "Subs:"])
def test_a_field_left_empty_is_not_discussed(extractor, caseload, body: str) -> None:  # type: ignore[no-untyped-def]
    assert "drug_use" not in _areas(extractor, caseload, body)
