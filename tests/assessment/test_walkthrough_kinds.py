"""Answers a walk-through of a lower-case telephone note left blank, each with sentences of
our own: a dry spell that states its length, and an antidepressant a doctor gave."""

from __future__ import annotations

import pytest

from tests.assessment.helpers import answers


@pytest.mark.parametrize(
    "text",
    [
        "Phone call. still not drinking - 11 months dry.",
        "Office visit. He says he is a year sober and goes to AA on Tuesdays.",
        "Office visit. She has been alcohol-free for eight months.",
    ],
)
def test_a_dry_spell_of_three_months_or_more_is_alcohol_not_in_the_last_three_months(text):
    assert answers(text)["alcohol_use"] == {"YES_NOT_IN_LAST_THREE_MONTHS"}


def test_a_dry_spell_under_three_months_answers_nothing_about_the_last_three_months():
    assert "alcohol_use" not in answers("Office visit. He has been dry for two months.")


@pytest.mark.parametrize(
    "text",
    [
        "Phone call. Her GP has given her sertraline for her mood.",
        "Office visit. The doctor started him on mirtazapine last month.",
    ],
)
def test_an_antidepressant_given_by_a_doctor_is_an_ongoing_mental_health_condition(text):
    assert answers(text)["health_wellbeing_mental_health_condition"] == {"YES_ONGOING"}
