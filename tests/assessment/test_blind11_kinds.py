"""The kinds of answer the eleventh blind set (blind11.json) showed wrong or missing, and the
two leftovers of the walk-through, each tested with sentences written for this file: other
named people as the subject of a home; "the ex-council house" read as an ex-partner; a
sentence that dates the last use of a drug the entry calls current; a household with young
brothers or sisters; a couple buying their home; "staying there for now" after the
sentence that names the place; and a debt-advice referral about rent kept out of
accommodation."""

from __future__ import annotations

import pytest

from nlp.assessment.entry_section import entry_section
from nlp.assessment.findings import findings
from nlp.assessment.questions import catalogue
from nlp.assessment.sources import action_area, action_evidence, referral_area
from tests.assessment.helpers import TODAY, answers, note


def _named(text: str, name: str) -> dict[str, set[str]]:
    """Answers of one note read with the person's own names."""
    names = frozenset(name.lower().split())
    out: dict[str, set[str]] = {}
    for f in findings(note(1, "2026-06-20", text), catalogue(), TODAY, names):
        if not f.ends:
            out.setdefault(f.code, set()).add(f.value)
    return out


@pytest.mark.parametrize(
    "text",
    [
        "Ruby-Mae and Kian still live with their grandmother in the week.",
        "Ellis lives with his mum in Hull.",
        "Callum, Ruby and Jack are living with their dad for now.",
    ],
)
def test_other_named_people_as_the_subject_of_a_home_say_nothing_of_the_persons(
    text: str,
) -> None:
    got = _named(text, "Stacey Irwin")
    assert "current_accommodation" not in got
    assert "living_with" not in got


@pytest.mark.parametrize(
    "text",
    [
        "Stacey still lives with her mum in Hull.",
        "They live with her dad in Hull.",
        "Stacey and Ellis are living with her mum for now.",
    ],
)
def test_the_person_or_a_pronoun_as_the_subject_of_a_home_is_still_theirs(text: str) -> None:
    assert _named(text, "Stacey Irwin")["living_with"] == {"FAMILY"}


def test_an_ex_council_house_is_not_an_ex_partners() -> None:
    got = answers("They rent an ex-council house, and he and his wife Jo share it with her son.")
    assert "PARTNER" in got["living_with"]


def test_an_ex_partners_home_is_still_someone_elses() -> None:
    got = answers("His ex-partner rents a flat with her new boyfriend.")
    assert "living_with" not in got


def test_a_couple_buying_their_home_live_together() -> None:
    got = answers("He and his partner Sam are buying a terraced house in Goole.")
    assert "PARTNER" in got["living_with"]


@pytest.mark.parametrize(
    "text",
    [
        "He lives with his dad and his two sisters, 9 and 13, in Selby.",
        "She is living with her nan and her younger brother (14).",
    ],
)
def test_young_brothers_or_sisters_at_home_are_people_under_18(text: str) -> None:
    got = answers(text)
    assert got["living_with"] == {"FAMILY", "PERSON_UNDER_18"}
    assert "personal_relationships_community_children_details" not in got


def test_grown_up_brothers_at_home_are_family_only() -> None:
    assert answers("He lives with his mum and his brother, 24.")["living_with"] == {"FAMILY"}


def test_staying_there_for_now_after_the_sentence_naming_the_place_is_short_term() -> None:
    got = answers("After the eviction she went to a friend's flat. She is staying there for now.")
    assert got["current_accommodation"] == {"TEMPORARY"}
    assert got["type_of_temporary_accommodation"] == {"SHORT_TERM"}


def test_still_at_a_named_friends_on_the_sofa_is_short_term() -> None:
    got = answers("He is still at Dale's, on the sofa.")
    assert got["type_of_temporary_accommodation"] == {"SHORT_TERM"}


def test_a_plan_to_stay_there_is_not_staying_there() -> None:
    assert "current_accommodation" not in answers("He will be staying there until Christmas.")


def _drug(text: str, words: str, status: str) -> list[dict]:
    start = text.index(words)
    return [
        {
            "name": "heroin",
            "status": status,
            "evidence": {"start": start, "end": start + len(words)},
        }
    ]


def test_a_drug_the_entry_calls_current_with_its_last_use_dated_long_ago() -> None:
    text = "He has used heroin for years and says he last used it in custody in November."
    got = answers(text, substances=_drug(text, "heroin", "current"))
    assert got["drug_last_used_heroin"] == {"MORE_THAN_SIX"}


def test_a_current_drug_with_a_recent_last_use_is_within_six_months() -> None:
    text = "He uses heroin and says he last used it on Saturday."
    got = answers(text, substances=_drug(text, "heroin", "current"))
    assert got["drug_last_used_heroin"] == {"LAST_SIX"}


@pytest.mark.parametrize(
    "sentence",
    [
        "I will refer her to debt advice about her rent arrears.",
        "I have booked him in with Citizens Advice about the arrears on his flat.",
        "Signposted to StepChange for help with the rent arrears.",
    ],
)
def test_a_referral_to_money_advice_is_finances_whatever_the_debt_is_for(sentence: str) -> None:
    assert referral_area(sentence) == "finance"
    assert (
        action_area("refer_accommodation", sentence, {"refer_accommodation": "accommodation"})
        == "finance"
    )


def test_a_housing_referral_about_arrears_stays_accommodations() -> None:
    sentence = "I will refer him to the housing options team about his rent arrears."
    assert referral_area(sentence) is None
    assert (
        action_area("refer_accommodation", sentence, {"refer_accommodation": "accommodation"})
        == "accommodation"
    )


def test_the_accommodation_draft_leaves_a_debt_advice_referral_to_finance() -> None:
    text = "She is behind with her rent. I will refer her to debt advice about her rent arrears."
    s1, s2 = text.index("She is"), text.index("I will")
    entry = note(
        1,
        "2026-06-20",
        text,
        actions=[{"code": "refer_accommodation", "evidence": {"start": s2, "end": len(text) - 1}}],
    )
    links = catalogue().links["actions"]
    assert action_evidence([entry], "accommodation", links) == []
    assert [e.text for e in action_evidence([entry], "finance", links)] == [text[s2:]]

    class _Ev:
        def __init__(self, start: int, end: int) -> None:
            self.start, self.end = start, end

    class _Need:
        area, status = "accommodation", "need"
        evidence = [_Ev(s1, s2 - 1), _Ev(s2, len(text) - 1)]

    section = entry_section(
        text, _Need(), "Amy Lister", substances=[], flags=[], actions=[], drug_test=None
    )
    assert "behind with her rent" in section
    assert "debt advice" not in section


def test_a_historical_use_dated_within_six_months_was_last_used_then() -> None:
    text = "He admits smoking heroin twice in May while he was in the hostel."
    got = answers(text, substances=_drug(text, "heroin", "historical"))
    assert got["drug_last_used_heroin"] == {"LAST_SIX"}


def test_no_drug_since_a_month_is_past_use_last_used_then() -> None:
    text = "Says no heroin since April."
    got = answers(text, substances=_drug(text, "heroin", "negated"))
    assert got["drug_use"] == {"YES"}
    assert got["drug_last_used_heroin"] == {"LAST_SIX"}


def test_a_denial_with_no_time_is_still_no_answer() -> None:
    text = "He denies any heroin use."
    assert "drug_use" not in answers(text, substances=_drug(text, "heroin", "negated"))


@pytest.mark.parametrize(
    ("text", "code", "value"),
    [
        (
            "Good engagement with every appointment since release.",
            "thinking_behaviours_attitudes_supervision",
            "YES_SUPERVISION",
        ),
        (
            "Reflection: he has attended every session of the group.",
            "thinking_behaviours_attitudes_supervision",
            "YES_SUPERVISION",
        ),
        ("Her PIP goes into a Starling account.", "finance_bank_account", "YES"),
        ("He checks his banking app every day now.", "finance_bank_account", "YES"),
        ("She is a bank nurse at the hospice.", "employment_type", "TEMPORARY_OR_CASUAL"),
        (
            "He drives for a courier firm with no set hours.",
            "employment_type",
            "TEMPORARY_OR_CASUAL",
        ),
        (
            "He goes to ESOL at the library on Mondays.",
            "employment_other_responsibilities",
            "STUDYING",
        ),
        ("She does the school run for her two boys.", "employment_other_responsibilities", "CHILD"),
        ("Health? Asthma, uses an inhaler.", "health_wellbeing_physical_health_condition", "YES"),
        ("Drugs? Never.", "drug_use", "NO"),
        ("He had six or seven doubles on Friday night.", "alcohol_binge_drinking", "YES"),
        ("The flat has enough room for the children.", "suitable_housing", "YES"),
        ("The bungalow suits her needs.", "suitable_housing", "YES"),
        (
            "The housing team is looking for a social tenancy for him.",
            "future_accommodation_type",
            "RENT_SOCIAL",
        ),
        (
            "The council has accepted a duty and she is waiting to be offered a place.",
            "future_accommodation_type",
            "AWAITING_PLACEMENT",
        ),
        (
            "Her son, Tyler (3), was placed with foster carers in March.",
            "personal_relationships_community_children_details",
            "YES_CHILDREN_NOT_LIVING_WITH_POP",
        ),
        (
            "The kids are living with their dad in the week.",
            "personal_relationships_community_children_details",
            "YES_CHILDREN_NOT_LIVING_WITH_POP",
        ),
        (
            "The kids live with their gran and come to him at weekends.",
            "personal_relationships_community_children_details",
            "YES_CHILDREN_VISITING",
        ),
    ],
)
def test_answers_in_words_the_cues_lacked(text: str, code: str, value: str) -> None:
    assert value in answers(text).get(code, set())


@pytest.mark.parametrize(
    ("text", "code", "value"),
    [
        (
            "She used to be a bank nurse but has not worked since 2019.",
            "employment_type",
            "TEMPORARY_OR_CASUAL",
        ),
        ("Drugs? Not asked today.", "drug_use", "NO"),
        ("He had two doubles at the wedding.", "alcohol_binge_drinking", "YES"),
        ("The flat is too small and does not meet her needs.", "suitable_housing", "YES"),
    ],
)
def test_near_misses_do_not_give_that_answer(text: str, code: str, value: str) -> None:
    assert value not in answers(text).get(code, set())


def test_a_day_and_month_is_a_date() -> None:
    import datetime as dt

    from nlp.assessment.dates import event_dates

    said = dt.date(2026, 10, 20)
    assert event_dates("no drink since her birthday on 3 August", said) == [dt.date(2026, 8, 3)]
    assert event_dates("moved in on 28 November 2025", said) == [dt.date(2025, 11, 28)]
    assert event_dates("due back on 30 December", said) == [dt.date(2025, 12, 30)]
    assert event_dates("on 31 April", said) == []


def test_no_drink_since_a_day_months_gone_is_not_in_the_last_three_months() -> None:
    got = answers("He has not had a drink since his birthday on 2 February.", date="2026-06-20")
    assert got["alcohol_use"] == {"YES_NOT_IN_LAST_THREE_MONTHS"}


def _history(*texts: str, name: str = "Stacey Irwin") -> dict:
    from nlp.assessment import assess

    notes = [note(i + 1, f"2026-0{i + 3}-10", t) for i, t in enumerate(texts)]
    return assess({"crn": "Z110001", "name": name}, notes, TODAY)["answers"]


@pytest.mark.parametrize(
    ("texts", "wanted"),
    [
        (("Her partner, Dion, works nights.", "She and Dion rent a flat in Goole."), ["PARTNER"]),
        (
            (
                "His cousin, Marc, rang to say he can stay.",
                "Marc has been living with him since May.",
            ),
            ["FAMILY"],
        ),
        (
            (
                "She went to her friend Kayleigh's house after the fire.",
                "She is still at Kayleigh's on the sofa.",
            ),
            ["FRIENDS"],
        ),
    ],
)
def test_a_named_person_the_notes_gave_a_role_says_who_they_live_with(
    texts: tuple[str, ...], wanted: list[str]
) -> None:
    assert _history(*texts)["living_with"]["value"] == wanted


def test_a_named_person_with_no_role_says_nothing_of_the_household() -> None:
    assert _history("Marc has been living with him since May.")["living_with"]["value"] == []


def test_a_couple_with_children_at_a_distance_have_people_under_18_at_home() -> None:
    got = answers(
        "He and his partner Jo rent a three-bedroom house from a landlord in Selby "
        "with her two children."
    )
    assert got["living_with"] == {"PARTNER", "PERSON_UNDER_18"}


def test_dates_in_a_dictated_run_on_do_not_date_a_past_drug() -> None:
    text = (
        "he came in late full stop he had a drink at a party on saturday night full stop he "
        "used to buy street valium but says he stopped that a long while back full stop he "
        "has lost his job and i have referred him to the ete team full stop next appointment "
        "is on wednesday at two"
    )
    got = answers(
        text,
        substances=[
            {
                "name": "benzodiazepines",
                "status": "historical",
                "evidence": {"start": text.index("valium"), "end": text.index("valium") + 6},
            }
        ],
    )
    assert "drug_last_used_benzodiazepines" not in got


def test_a_past_drug_the_sentence_does_not_say_was_used_is_not_dated() -> None:
    text = "Police found cannabis in the car on Saturday; he says it was the driver's."
    start = text.index("cannabis")
    got = answers(
        text,
        substances=[
            {
                "name": "cannabis",
                "status": "historical",
                "evidence": {"start": start, "end": start + 8},
            }
        ],
    )
    assert "drug_last_used_cannabis" not in got


def test_children_as_the_subject_of_where_they_stay_live_elsewhere_and_visit() -> None:
    got = answers(
        "The children are staying with their mum in Leeds during the week so they keep their "
        "school, and they come to him at weekends."
    )
    assert got["personal_relationships_community_children_details"] == {
        "YES_CHILDREN_NOT_LIVING_WITH_POP",
        "YES_CHILDREN_VISITING",
    }
    assert "living_with" not in got


def test_someone_elses_children_are_still_someone_elses() -> None:
    got = answers("His brother's children live with their mum.")
    assert "personal_relationships_community_children_details" not in got


def test_a_past_state_does_not_reach_there_is_after_and() -> None:
    assert answers("The flat was tidy and there is enough room for everyone.")[
        "suitable_housing"
    ] == {"YES"}


def test_staying_at_a_named_persons_some_nights_is_not_living_there() -> None:
    got = _history(
        "His girlfriend, Amber, has a flat in Hull.", "He is staying at Amber's most nights."
    )
    assert got["living_with"]["value"] == []
