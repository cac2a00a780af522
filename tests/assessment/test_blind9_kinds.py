"""The kinds of answer the ninth blind set (blind9.json) showed wrong or missing, each
tested with sentences written for this file: a past perfect read as now, a denial read
across "and" into a new verb, and homes, self-harm and work in words the cues lacked."""

from __future__ import annotations

import pytest

from tests.assessment.helpers import answers


def test_a_home_in_the_past_perfect_is_not_where_they_live_now() -> None:
    got = answers("He had been living in a council flat but lost it when he was remanded.")
    assert "current_accommodation" not in got


def test_a_denial_does_not_reach_a_new_verb_after_and() -> None:
    got = answers("He has no bank account and owes £300 in rent arrears.")
    assert got["finance_bank_account"] == {"NO"}
    assert got["finance_debt"] == {"YES_THEIR_DEBT"}


def test_a_denial_still_reaches_a_second_noun_after_and() -> None:
    assert answers("She has no debts and no arrears.")["finance_debt"] == {"NO"}


def test_staying_somewhere_for_now_is_short_term() -> None:
    got = answers("He moved to a friend's flat, where he is staying for now.")
    assert got["current_accommodation"] == {"TEMPORARY"}
    assert got["type_of_temporary_accommodation"] == {"SHORT_TERM"}


def test_still_at_a_parents_home_is_living_with_family() -> None:
    assert answers("She is still at her dad's in Barnsley.")["living_with"] == {"FAMILY"}


def test_a_support_worker_on_site_is_supported_housing() -> None:
    got = answers("He has a room at the project, with a support worker on site.")
    assert got["type_of_settled_accommodation"] == {"SUPPORTED_ACCOMMODATION"}


def test_a_home_that_suits_them_is_suitable() -> None:
    assert answers("He says the room suits him.")["suitable_housing"] == {"YES"}


@pytest.mark.parametrize(
    ("text", "harmed"),
    [
        ("She has cut her legs since her early teens.", {"YES"}),
        ("He drove his sister to hospital after she cut her arm.", None),
    ],
)
def test_cutting_as_a_habit_is_self_harm_one_past_act_is_left_to_context(
    text: str, harmed: set[str] | None
) -> None:
    assert answers(text).get("health_wellbeing_self_harmed") == harmed


def test_an_overdose_meant_to_end_their_life_is_a_suicide_attempt() -> None:
    got = answers("He said the overdose in May was meant to end his life.")
    assert got["health_wellbeing_attempted_suicide_or_suicidal_thoughts"] == {"YES"}


def test_not_drinking_and_never_having_drunk_is_never() -> None:
    assert answers("She does not drink and never has.")["alcohol_use"] == {"NO"}


def test_full_time_said_beside_the_days_a_week_is_full_time_work() -> None:
    got = answers("He has started at the bakery, full time, five days a week.")
    assert got["employment_type"] == {"FULL_TIME"}


def test_a_habit_of_two_cans_is_drinking_but_not_to_excess() -> None:
    got = answers("He is still drinking two cans on a Friday night and none in the week.")
    assert got["alcohol_use"] == {"YES_WITHIN_LAST_THREE_MONTHS"}
    assert got["alcohol_binge_drinking"] == {"NO"}


def test_one_evening_of_two_pints_or_strong_lager_says_nothing_of_excess() -> None:
    assert "alcohol_binge_drinking" not in answers("He had two pints at the wedding.")
    assert "alcohol_binge_drinking" not in answers("He drinks two strong cans a night.")


def test_a_trailer_on_an_authorised_site_is_a_settled_home() -> None:
    got = answers("She lives in a static caravan on the council's Gypsy and Traveller site.")
    assert got["current_accommodation"] == {"SETTLED"}
    assert "type_of_settled_accommodation" not in got
    assert "current_accommodation" not in answers("He has applied for a pitch on a Traveller site.")
