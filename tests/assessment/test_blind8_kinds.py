"""The kinds of answer the eighth blind set (blind8.json) showed wrong or missing, each
tested with sentences written for this file: work said by its hours or under a list
label, lists joined by semicolons, alcohol treatment read as drug treatment, "never
been much of a drinker", children who visit, and homes said in words the cues lacked."""

from __future__ import annotations

import pytest

from nlp.assessment import assess
from tests.assessment.helpers import TODAY, answers, ev, note

# Work and study


@pytest.mark.parametrize(
    "text",
    [
        "Work: barista at a cafe on the high street.",
        "He has found a job delivering for a parcel firm.",
    ],
)
def test_work_under_a_label_or_by_what_the_job_is_is_employment(text: str) -> None:
    got = answers(text)
    assert got["employment_status"] == {"EMPLOYED"}
    assert got["finance_income"] == {"EMPLOYMENT"}


@pytest.mark.parametrize(
    "text",
    [
        "Work: still looking, applied at two shops in town.",
        "Work: none at the moment, CV sent to an agency.",
    ],
)
def test_a_work_label_followed_by_looking_is_not_employment(text: str) -> None:
    assert answers(text).get("employment_status", set()) != {"EMPLOYED"}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("She started a job at a care home last month, 42 hours a week.", "FULL_TIME"),
        ("The new job at the bakery is 37.5 hours a week.", "FULL_TIME"),
        ("Work: shelf stacking at Aldi, 18 hrs a week.", "PART_TIME"),
    ],
)
def test_hours_a_week_after_a_job_give_its_terms(text: str, kind: str) -> None:
    got = answers(text)
    assert got["employment_type"] == {kind}
    assert got["employment_status"] == {"EMPLOYED"}


def test_hours_of_unpaid_work_are_not_a_job() -> None:
    got = answers("He has completed his unpaid work hours, 6 hours a week at the depot.")
    assert "employment_type" not in got


def test_cash_in_hand_work_is_casual_employment() -> None:
    got = answers("He has been doing removals, cash in hand, most weeks.")
    assert got["employment_type"] == {"TEMPORARY_OR_CASUAL"}


def test_labouring_is_money_from_work_without_saying_employed_or_self_employed() -> None:
    got = answers("He is labouring for a roofing firm.")
    assert got["finance_income"] == {"EMPLOYMENT"}
    assert "employment_status" not in got


def test_not_working_or_looking_while_a_child_is_young() -> None:
    got = answers("She is not working or looking for work while her son is little.")
    assert got["employment_status"] == {"UNEMPLOYED_NOT_LOOKING_FOR_WORK"}
    assert got["employment_other_responsibilities"] == {"CHILD"}


def test_early_retirement_is_retired() -> None:
    got = answers("He took early retirement from the fire service in 2019.")
    assert got["employment_status"] == {"RETIRED"}


@pytest.mark.parametrize(
    "text",
    [
        "He is at Telford College on a plumbing course.",
        "She is still going to college three days a week.",
        "He has started the second year of his college course.",
    ],
)
def test_college_said_in_other_words_is_studying(text: str) -> None:
    assert answers(text)["employment_other_responsibilities"] == {"STUDYING"}


def test_struggling_to_read_is_a_reading_difficulty() -> None:
    assert answers("He struggles to read letters from the council.")["education_difficulties"] == {
        "READING"
    }


# Money


def test_money_paid_into_their_own_bank_account_says_they_have_one() -> None:
    assert answers("His pension is paid into his bank account.")["finance_bank_account"] == {"YES"}


# Alcohol and drugs


def test_never_much_of_a_drinker_is_not_never_drinking() -> None:
    assert "alcohol_use" not in answers("He says he has never been much of a drinker.")
    assert answers("She has never been a drinker.")["alcohol_use"] == {"NO"}


def test_no_alcohol_since_a_month_long_gone_is_not_in_the_last_three_months() -> None:
    got = answers("No alcohol since February, she says.", date="2026-06-20")
    assert got["alcohol_use"] == {"YES_NOT_IN_LAST_THREE_MONTHS"}


def test_half_a_bottle_of_spirits_is_drinking_to_excess() -> None:
    assert answers("He drank half a bottle of gin on Friday.")["alcohol_binge_drinking"] == {"YES"}


def test_the_odd_pint_under_a_label_is_drinking_but_not_to_excess() -> None:
    got = answers("Alcohol: the odd pint with his brother.")
    assert got["alcohol_use"] == {"YES_WITHIN_LAST_THREE_MONTHS"}
    assert got["alcohol_binge_drinking"] == {"NO"}


def test_treatment_for_drink_is_not_drug_treatment_for_someone_who_never_used_drugs() -> None:
    got = assess(
        {"crn": "Z980001", "name": "Ann Vole"},
        [
            note(1, "2026-06-01", "She sees her recovery worker at Humankind every week."),
            note(2, "2026-06-20", "She has never used drugs. She is working on her drinking."),
        ],
        TODAY,
    )["answers"]
    assert got["drug_use"]["value"] == "NO"
    assert got["drugs_is_receiving_treatment"]["value"] is None


def test_a_drug_in_a_later_item_of_a_semicolon_list_is_the_persons_own() -> None:
    text = "Accom: at his cousin's for now; Alcohol: denies; Drugs: spice most days."
    spice = {"name": "spice", "status": "other_person", "evidence": ev(text, "spice")}
    got = answers(text, substances=[spice])
    assert got["select_misused_drugs"] == {"SPICE"}
    assert got["drug_last_used_spice"] == {"LAST_SIX"}


def test_a_list_item_with_someone_else_as_its_subject_stays_theirs() -> None:
    text = "Home: with her partner; he smokes cannabis in the yard every night."
    cannabis = {"name": "cannabis", "status": "other_person", "evidence": ev(text, "cannabis")}
    assert "drug_use" not in answers(text, substances=[cannabis])


# Health, relationships, behaviour


def test_high_blood_pressure_is_a_physical_health_condition() -> None:
    got = answers("He takes tablets for high blood pressure.")
    assert got["health_wellbeing_physical_health_condition"] == {"YES"}


@pytest.mark.parametrize(
    "text",
    [
        "His daughter lives with her mum and he sees her every Sunday.",
        "Kids: his son stays over at the flat every other Friday.",
    ],
)
def test_a_child_who_visits_is_also_a_child_living_elsewhere(text: str) -> None:
    got = answers(text)["personal_relationships_community_children_details"]
    assert got == {"YES_CHILDREN_VISITING", "YES_CHILDREN_NOT_LIVING_WITH_POP"}


def test_a_relative_who_rings_every_day_matters_to_them() -> None:
    got = answers("Her brother rings her every day to check on her.")
    assert got["personal_relationships_community_important_people"] == {"FAMILY"}


def test_raising_their_voice_is_a_temper_sometimes_lost() -> None:
    got = answers("He raised his voice at the receptionist but calmed down.")
    assert got["thinking_behaviours_attitudes_temper_management"] == {"SOMETIMES"}


def test_an_engagement_label_saying_good_is_engaging_with_supervision() -> None:
    got = answers("Engagement: good, early for every appointment.")
    assert got["thinking_behaviours_attitudes_supervision"] == {"YES_SUPERVISION"}


# Accommodation


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("They live in a bungalow they are buying on a mortgage.", "HOMEOWNER"),
        ("The house that she is buying is in Crewe.", "HOMEOWNER"),
        ("He has moved to a supported flat for young men.", "SUPPORTED_ACCOMMODATION"),
        ("She rents a flat from Places for People in Leeds.", "RENTING_OTHER"),
    ],
)
def test_homes_in_words_the_cues_lacked(text: str, kind: str) -> None:
    got = answers(text)
    assert got["current_accommodation"] == {"SETTLED"}
    assert got["type_of_settled_accommodation"] == {kind}


@pytest.mark.parametrize(
    ("text", "suitable"),
    [
        ("The bedsit is basic but suitable.", "YES"),
        ("There are no concerns about the house.", "YES"),
        ("She likes the flat, though it is cramped.", "YES_WITH_CONCERNS"),
    ],
)
def test_how_suitable_the_home_is(text: str, suitable: str) -> None:
    assert answers(text)["suitable_housing"] == {suitable}


def test_the_home_and_its_location_said_suitable_together() -> None:
    got = answers("Both agree the flat and its location are suitable.")
    assert got["suitable_housing"] == {"YES"}
    assert got["suitable_housing_location"] == {"YES"}


def test_who_they_live_with_in_words_the_cues_lacked() -> None:
    assert answers("He lives there alone.")["living_with"] == {"ALONE"}
    got = answers("She shares the kitchen and bathroom with two other tenants.")
    assert got["living_with"] == {"OTHER"}


# Merging


def test_an_ended_option_leaves_the_other_options_of_that_contact() -> None:
    got = assess(
        {"crn": "Z980002", "name": "Kit Moth"},
        [
            note(1, "2026-03-01", "He volunteers at a food bank. He has enrolled on a course."),
            note(2, "2026-06-01", "He has left the course to take a job at a garage."),
        ],
        TODAY,
    )["answers"]
    assert got["employment_other_responsibilities"]["value"] == ["VOLUNTEER"]
