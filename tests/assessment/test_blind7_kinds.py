"""The kinds of answer the seventh blind set (blind7.json) showed wrong or missing, each
tested with sentences written for this file: shorthand and headed notes, notes dictated
without punctuation, plans worded as acceptances, an ex-partner's circumstances."""

from __future__ import annotations

import pytest

from nlp.assessment.findings import findings
from nlp.assessment.questions import catalogue
from tests.assessment.helpers import TODAY, answers, ev, note

# Accommodation


def test_a_place_the_person_is_accepted_by_is_a_plan_not_their_home() -> None:
    got = answers("She has been accepted by a supported housing scheme and waits for a room.")
    assert "current_accommodation" not in got
    assert got["future_accommodation_type"] == {"AWAITING_PLACEMENT"}


def test_a_move_on_line_is_a_plan() -> None:
    got = answers("Move-on: supported housing in Wrexham, interview booked.")
    assert "current_accommodation" not in got


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Now in supported hsg in Bala, own room.", "SUPPORTED_ACCOMMODATION"),
        ("The flat is a private let near the station.", "RENTING_PRIVATELY"),
        ("He and his brother rent the house privately.", "RENTING_PRIVATELY"),
        ("He owns his semi-detached house outright.", "HOMEOWNER"),
    ],
)
def test_shorthand_and_plain_words_for_a_settled_home(text: str, kind: str) -> None:
    got = answers(text)
    assert got["current_accommodation"] == {"SETTLED"}
    assert got["type_of_settled_accommodation"] == {kind}


def test_council_temporary_accommodation_is_temporary_and_its_kind_is_left_blank() -> None:
    got = answers("The council placed him in temporary accommodation in Rhyl last week.")
    assert got["current_accommodation"] == {"TEMPORARY"}
    assert "type_of_temporary_accommodation" not in got


def test_a_home_too_small_or_too_far_from_school_is_unsuitable() -> None:
    got = answers("The room is too small for him and his son. It is miles away from his work.")
    assert got["suitable_housing"] == {"NO"}
    assert got["suitable_housing_location"] == {"NO"}


def test_a_headed_line_saying_the_accommodation_is_appropriate_is_suitable() -> None:
    assert answers("Accommodation appropriate and stable.")["suitable_housing"] == {"YES"}


def test_waiting_for_the_offer_of_a_council_flat_is_a_plan_for_social_housing() -> None:
    got = answers("He is waiting for the offer of a housing association flat.")
    assert "current_accommodation" not in got
    assert got["future_accommodation_type"] == {"RENT_SOCIAL"}


def test_sharing_a_room_with_another_man_is_living_with_someone_else() -> None:
    assert answers("He shares a room with another man at the hostel.")["living_with"] == {"OTHER"}


# Work, study and money


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Started full-time at a garage in Bala.", "FULL_TIME"),
        ("Started part-time at the leisure centre.", "PART_TIME"),
        ("He is on a fixed-term contract at the council depot.", "TEMPORARY_OR_CASUAL"),
    ],
)
def test_hours_and_terms_said_in_shorthand(text: str, kind: str) -> None:
    got = answers(text)
    assert got["employment_status"] == {"EMPLOYED"}
    assert got["employment_type"] == {kind}


def test_jobs_applied_for_mean_looking_for_work() -> None:
    got = answers("He has applied for several jobs at the docks.")
    assert got["employment_status"] == {"UNEMPLOYED_LOOKING_FOR_WORK"}


def test_reading_and_writing_difficulty_and_a_language_course() -> None:
    got = answers("She can't yet read or write English. She is on an ESOL course.")
    assert got["education_difficulties"] == {"READING", "WRITING"}
    assert got["employment_other_responsibilities"] == {"STUDYING"}


@pytest.mark.parametrize(
    "text",
    [
        "£25 a month deducted from her UC for a budgeting loan.",
        "Owes the council for a crisis payment.",
        "His advance is still being repaid.",
    ],
)
def test_loans_repaid_from_benefits_are_the_persons_debt(text: str) -> None:
    assert answers(text)["finance_debt"] == {"YES_THEIR_DEBT"}


@pytest.mark.parametrize(
    "text",
    [
        "His ex-wife has run up large debts with a catalogue.",
        "Her ex-partner's gambling is out of control, she says.",
    ],
)
def test_an_ex_partners_debt_or_gambling_is_not_someone_elses_affecting_them(text: str) -> None:
    got = answers(text)
    assert "finance_debt" not in got
    assert "finance_gambling" not in got


def test_a_benefit_claim_still_to_be_made_is_not_income() -> None:
    assert "finance_income" not in answers("PIP claim to be made this week.")


def test_a_claim_that_closed_is_not_income_now_and_ends_the_older_answer() -> None:
    text = "His UC claim closed last month."
    found = findings(note(1, "2026-06-20", text), catalogue(), TODAY)
    income = [f for f in found if f.code == "finance_income"]
    assert income and all(f.ends for f in income)


# Dictated notes with no punctuation


def test_a_new_subject_and_verb_starts_a_new_clause_in_a_dictated_note() -> None:
    text = "she is moving flats next month she has fallen behind with her gas bill"
    assert answers(text)["finance_debt"] == {"YES_THEIR_DEBT"}
    assert "current_accommodation" not in answers("he is moving into a council flat next month")


@pytest.mark.parametrize(
    "text",
    [
        "He told me he was drinking every day.",
        "He told his officer he was drinking every day.",
        "she told her key worker she was drinking every day",
    ],
)
def test_reported_speech_still_keeps_its_report_in_one_clause(text: str) -> None:
    assert answers(text)["alcohol_use"] == {"YES_WITHIN_LAST_THREE_MONTHS"}


# Drink, drugs and health


def test_a_quantity_a_day_in_shorthand_is_drinking_now() -> None:
    assert answers("Alc: 6 cans lager/day.")["alcohol_use"] == {"YES_WITHIN_LAST_THREE_MONTHS"}


def test_not_drinking_much_is_drinking_but_not_to_excess() -> None:
    got = answers("She doesn't drink much, the odd glass of wine.")
    assert got["alcohol_use"] == {"YES_WITHIN_LAST_THREE_MONTHS"}
    assert got["alcohol_binge_drinking"] == {"NO"}
    # weekdays only says nothing of the weekend (tests/assessment/test_blind5_kinds.py)
    assert "alcohol_binge_drinking" not in answers("He doesn't drink much in the week.")


def test_a_headed_line_saying_drugs_never_used_is_no() -> None:
    assert answers("Drugs: never used.")["drug_use"] == {"NO"}


def test_use_when_the_person_was_a_teenager_is_more_than_six_months_ago() -> None:
    text = "He used amphetamine when he was 17 but not since."
    used = {"name": "amphetamine", "status": "historical", "evidence": ev(text, "amphetamine")}
    data = {"substances": [used]}
    assert answers(text, **data)["drug_last_used_amphetamines"] == {"MORE_THAN_SIX"}


@pytest.mark.parametrize(
    "text", ["Hep C +ve, awaiting treatment.", "Uses an inhaler every morning."]
)
def test_shorthand_physical_conditions(text: str) -> None:
    assert answers(text)["health_wellbeing_physical_health_condition"] == {"YES"}


def test_treatment_for_a_condition_says_the_condition_and_not_being_treated_denies_nothing() -> (
    None
):
    got = answers("Hep C tx ongoing at the liver clinic.")
    assert got["health_wellbeing_physical_health_condition"] == {"YES"}
    got = answers("He is not taking his diabetes medication.")
    assert got.get("health_wellbeing_physical_health_condition") != {"NO"}


# Relationships and behaviour


def test_family_back_in_contact_matter_to_the_person() -> None:
    got = answers("Dad back in contact, rings weekly.")
    assert got["personal_relationships_community_important_people"] == {"FAMILY"}


def test_controlling_and_constant_arguments_are_an_unhappy_relationship() -> None:
    got = answers("Her boyfriend argues all the time and he goes through her phone.")
    assert got["personal_relationships_community_current_relationship"] == {"UNHAPPY_RELATIONSHIP"}


def test_happy_but_arguing_is_happy_with_concerns() -> None:
    got = answers("He says they are happy together but keep rowing about money.")
    assert got["personal_relationships_community_current_relationship"] == {
        "CONCERNS_HAPPY_RELATIONSHIP"
    }


def test_a_partner_who_is_kind_to_them_matters_to_them() -> None:
    got = answers("She has a partner, Ryan, who she says is kind to her.")
    assert got["personal_relationships_community_important_people"] == {
        "PARTNER_INTIMATE_RELATIONSHIP"
    }


def test_a_move_into_a_refuge_ends_the_relationship_answer() -> None:
    found = findings(note(1, "2026-06-20", "She has moved into a refuge."), catalogue(), TODAY)
    assert any(
        f.ends and f.code == "personal_relationships_community_current_relationship" for f in found
    )


def test_quick_anger_and_punching_a_door_are_a_temper_sometimes_lost() -> None:
    got = answers("He gets angry easily and punched a door at the hostel.")
    assert got["thinking_behaviours_attitudes_temper_management"] == {"SOMETIMES"}


def test_a_child_who_went_to_live_with_the_other_parent_lives_elsewhere() -> None:
    got = answers("His daughter has gone to live with her mum. His son is still at home with Gail.")
    assert got["personal_relationships_community_children_details"] == {
        "YES_CHILDREN_NOT_LIVING_WITH_POP",
        "YES_CHILDREN_LIVING_WITH_POP",
    }


def test_no_use_since_a_time_is_past_use_dated_by_that_time() -> None:
    text = "He says he has not smoked cannabis since he was arrested in 2024."
    used = {"name": "cannabis", "status": "negated", "evidence": ev(text, "cannabis")}
    got = answers(text, substances=[used])
    assert got["drug_use"] == {"YES"}
    assert got["select_misused_drugs"] == {"CANNABIS"}
    assert got["drug_last_used_cannabis"] == {"MORE_THAN_SIX"}


def test_a_plain_denial_of_use_is_still_no_answer() -> None:
    text = "He denies using cannabis."
    used = {"name": "cannabis", "status": "negated", "evidence": ev(text, "cannabis")}
    assert "drug_use" not in answers(text, substances=[used])


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "He kept checking his phone during the appointment.",
            "personal_relationships_community_current_relationship",
        ),
        (
            "He and his mum argue a lot about money.",
            "personal_relationships_community_current_relationship",
        ),
        ("His son is at home with his mum.", "personal_relationships_community_children_details"),
        ("She has applied for work-related benefits.", "employment_status"),
        ("His officer is on a training course on Wednesday.", "employment_other_responsibilities"),
        ("She was offered a place on a college course.", "employment_other_responsibilities"),
        ("Hep C treatment finished, feeling well.", "health_wellbeing_physical_health_condition"),
        (
            "He went to a hostel party but does not drink much in the week.",
            "alcohol_binge_drinking",
        ),
    ],
)
def test_near_misses_give_nothing(text: str, code: str) -> None:
    assert code not in answers(text)


@pytest.mark.parametrize(
    "text",
    [
        "Since the row she has been staying at her friend Jodie's, on the sofa.",
        "He is sleeping on his cousin's settee at the moment.",
        "Kipping on a mate's floor for now.",
    ],
)
def test_a_friends_sofa_named_or_not_is_short_term_accommodation(text: str) -> None:
    got = answers(text)
    assert got["current_accommodation"] == {"TEMPORARY"}
    assert got["type_of_temporary_accommodation"] == {"SHORT_TERM"}


def test_sitting_on_the_sofa_on_a_home_visit_is_no_accommodation_answer() -> None:
    got = answers("Home visit: he sat on the sofa throughout and was polite.")
    assert "type_of_temporary_accommodation" not in got
