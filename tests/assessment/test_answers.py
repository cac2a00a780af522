"""Merging a history: newer evidence wins, disagreement is shown, nothing is guessed."""

from __future__ import annotations

import datetime as dt

from nlp.assessment import assess
from tests.assessment.helpers import ev, note

TODAY = dt.date(2026, 9, 1)
PERSON = {"crn": "Z900001", "name": "Ray Quill"}


def run(*notes):  # type: ignore[no-untyped-def]
    return assess(PERSON, list(notes), TODAY)["answers"]


def test_a_history_with_nothing_to_say_leaves_every_answer_blank() -> None:
    got = run(note(1, "2026-08-01", "Reported on time. Next appointment on Friday at ten."))
    questions = [a for c, a in got.items() if "_practitioner_analysis_" not in c]
    assert questions and all(a["status"] == "blank" for a in questions)
    assert all(a["value"] in (None, []) and not a["evidence"] for a in questions)


def test_a_newer_contact_that_says_he_moved_is_a_change_not_a_conflict() -> None:
    got = run(
        note(1, "2026-03-02", "He is sleeping rough in the park."),
        note(2, "2026-07-15", "He has moved into approved premises on Hill Road."),
    )
    answer = got["current_accommodation"]
    assert answer["value"] == "TEMPORARY" and answer["status"] == "answered"
    assert answer["conflicts"] == []
    assert [h["value"] for h in answer["history"]] == ["NO_ACCOMMODATION"]
    assert answer["history"][0]["evidence"][0]["entry_id"] == 1
    assert answer["evidence"][0]["entry_id"] == 2
    # The old situation's details go with it rather than standing as current.
    assert got["type_of_temporary_accommodation"]["value"] == "APPROVED_PREMISES"
    assert got["type_of_no_accommodation"]["status"] == "blank"


def test_contacts_that_disagree_with_nothing_said_to_have_changed_are_a_conflict() -> None:
    # Under four weeks apart, with no change word or date: one of them is wrong.
    got = run(
        note(1, "2026-07-02", "He is sleeping rough in the park."),
        note(2, "2026-07-15", "He is staying at approved premises on Hill Road."),
    )
    answer = got["current_accommodation"]
    assert answer["value"] == "TEMPORARY" and answer["status"] == "conflict"
    assert [c["value"] for c in answer["conflicts"]] == ["NO_ACCOMMODATION"]
    assert answer["history"] == []


def test_a_situation_described_differently_months_later_has_changed() -> None:
    # Where he lives changes with time: months later, a different home is a move the
    # note did not spell out, shown as history with its evidence rather than a conflict.
    got = run(
        note(1, "2026-03-02", "He is sleeping rough in the park."),
        note(2, "2026-07-15", "He is staying at approved premises on Hill Road."),
    )
    answer = got["current_accommodation"]
    assert answer["value"] == "TEMPORARY" and answer["status"] == "answered"
    assert [h["value"] for h in answer["history"]] == ["NO_ACCOMMODATION"]
    assert answer["conflicts"] == []


def test_a_question_about_the_persons_history_never_drifts() -> None:
    got = run(
        note(1, "2026-01-10", "He has never self-harmed."),
        note(2, "2026-07-15", "He self-harms when he is low."),
    )
    answer = got["health_wellbeing_self_harmed"]
    assert answer["value"] == "YES" and answer["status"] == "conflict"


def test_a_change_dated_before_the_older_contact_is_a_disagreement() -> None:
    # "stopped in 2015" is not a change since a 2026 contact that said "never used".
    past = "He said he used cannabis in the army but stopped in 2015."
    used = {"name": "cannabis", "status": "historical", "evidence": ev(past, "cannabis")}
    got = run(
        note(1, "2026-03-02", "He told the officer he has never used drugs."),
        note(2, "2026-07-15", past, substances=[used]),
    )
    answer = got["drug_use"]
    assert answer["value"] == "YES" and answer["status"] == "conflict"
    assert [c["value"] for c in answer["conflicts"]] == ["NO"]


def test_a_new_job_makes_benefits_history_in_a_multi_answer() -> None:
    got = run(
        note(1, "2026-03-02", "He is out of work and claims Universal Credit."),
        note(2, "2026-07-15", "He has started a full-time job at a bakery."),
    )
    income = got["finance_income"]
    assert income["value"] == ["EMPLOYMENT"] and income["status"] == "answered"
    assert [h["value"] for h in income["history"]] == ["WORK_RELATED_BENEFITS"]
    assert got["employment_status"]["status"] == "answered"


def test_a_place_he_moved_out_of_is_not_where_he_lives() -> None:
    text = "He has moved out of approved premises into a CAS3 flat."
    got = run(note(1, "2026-08-01", text))
    assert got["type_of_temporary_accommodation"]["value"] == "CAS3"
    assert got["type_of_temporary_accommodation"]["status"] == "answered"


def test_a_household_recorded_before_a_move_is_out_of_date() -> None:
    got = run(
        note(1, "2026-03-02", "She lives with her partner and her two children in a rented house."),
        note(2, "2026-08-20", "She moved into a housing association flat last week."),
    )
    assert got["current_accommodation"]["value"] == "SETTLED"
    assert got["living_with"]["status"] == "blank"


def test_a_break_up_ends_the_household_with_the_partner() -> None:
    got = run(
        note(1, "2026-03-02", "He lives with his girlfriend in her flat."),
        note(2, "2026-08-20", "He has split up with his girlfriend."),
    )
    assert got["living_with"]["status"] == "blank"


def test_a_key_worker_at_approved_premises_is_not_drug_treatment() -> None:
    got = run(note(1, "2026-08-01", "He gets on well with his key worker at the hostel."))
    assert got["drugs_is_receiving_treatment"]["status"] == "blank"
    text = "He uses crack and sees his drug worker every week."
    crack = {"name": "crack_cocaine", "status": "current", "evidence": ev(text, "crack")}
    got = run(note(1, "2026-08-01", text, substances=[crack]))
    assert got["drugs_is_receiving_treatment"]["value"] == "YES"
    # SAN asks about treatment only once drug use is YES: a drug worker alone says nothing
    got = run(note(1, "2026-08-01", "He sees his drug worker every week."))
    assert got["drugs_is_receiving_treatment"]["status"] == "blank"


def test_agreeing_contacts_raise_confidence_and_are_not_a_conflict() -> None:
    one = run(note(1, "2026-05-01", "He is self-employed as a plasterer."))
    two = run(
        note(1, "2026-05-01", "He is self-employed as a plasterer."),
        note(2, "2026-08-01", "He remains self-employed and busy with work."),
    )
    assert two["employment_status"]["status"] == "answered"
    assert two["employment_status"]["confidence"] > one["employment_status"]["confidence"]
    assert len(two["employment_status"]["evidence"]) == 2


def test_a_note_that_says_two_things_is_left_for_the_officer() -> None:
    text = "He is in full-time work at the depot. He says he is unemployed and looking for work."
    answer = run(note(1, "2026-08-01", text))["employment_status"]
    assert answer["value"] is None and answer["status"] == "conflict"
    assert {c["value"] for c in answer["conflicts"]} == {"EMPLOYED", "UNEMPLOYED_LOOKING_FOR_WORK"}


def test_who_they_live_with_is_the_newest_contacts_answer() -> None:
    got = run(
        note(1, "2026-02-01", "He lives with his girlfriend in her flat."),
        note(2, "2026-08-01", "He now lives alone in a council flat."),
    )
    assert got["living_with"]["value"] == ["ALONE"]
    # "now lives alone": the household changed, so the partner is history, not a conflict.
    assert [c["value"] for c in got["living_with"]["history"]] == ["PARTNER"]
    assert got["living_with"]["conflicts"] == []


def test_drugs_ever_misused_are_the_union_of_every_contact() -> None:
    a = "He used cocaine at a party last weekend."
    b = "He said he smoked cannabis daily in 2015."
    got = run(
        note(1, "2026-05-01", a, substances=[_sub("cocaine", "current", a, "cocaine")]),
        note(2, "2026-08-20", b, substances=[_sub("cannabis", "historical", b, "cannabis")]),
    )
    assert sorted(got["select_misused_drugs"]["value"]) == ["CANNABIS", "COCAINE"]
    assert got["drug_last_used_cocaine"]["value"] == "LAST_SIX"
    assert got["drug_last_used_cannabis"]["value"] == "MORE_THAN_SIX"


def test_a_housing_plan_goes_out_of_date_once_the_person_has_moved() -> None:
    got = run(
        note(1, "2026-03-01", "He is in approved premises. He has been accepted for CAS3."),
        note(2, "2026-08-01", "He has moved into a CAS3 property in Leeds."),
    )
    assert got["type_of_temporary_accommodation"]["value"] == "CAS3"
    assert got["suitable_housing_planned"]["status"] == "blank"


def test_a_type_answer_needs_its_parent_answer() -> None:
    got = run(
        note(1, "2026-03-01", "She rents privately from a landlord in Hull."),
        note(2, "2026-08-01", "She has been sleeping rough since the eviction."),
    )
    assert got["current_accommodation"]["value"] == "NO_ACCOMMODATION"
    assert got["type_of_settled_accommodation"]["status"] == "blank"


def _sub(name: str, status: str, text: str, words: str) -> dict:
    from tests.assessment.helpers import ev

    return {"name": name, "status": status, "evidence": ev(text, words)}


def test_a_job_they_have_lost_is_not_work_they_have() -> None:
    text = "Since losing his job at the bakery he has fallen behind with bills."
    got = run(note(1, "2026-08-01", text))
    assert got["employment_status"]["value"] != "EMPLOYED"
    assert "EMPLOYMENT" not in (got["finance_income"]["value"] or [])
    kept = run(note(1, "2026-08-01", "His job at the bakery is going well."))
    assert kept["employment_status"]["value"] == "EMPLOYED"


def test_denying_his_own_debts_gives_way_to_someone_elses_in_the_same_note() -> None:
    text = "His sister has debts and he has been paying them off for her. He has no debts himself."
    answer = run(note(1, "2026-08-01", text))["finance_debt"]
    assert answer["value"] == "YES_SOMEONE_ELSES_DEBT" and answer["status"] == "answered"
    alone = run(note(1, "2026-08-01", "He has no debts himself."))["finance_debt"]
    assert alone["value"] == "NO"


def test_stopping_drinking_answers_not_in_the_last_three_months_only_once_they_have_passed() -> (
    None
):
    stopped = note(1, "2026-05-01", "He stopped drinking in March and has kept it up.")
    later = assess(PERSON, [stopped], dt.date(2026, 9, 1))["answers"]["alcohol_use"]
    assert later["value"] == "YES_NOT_IN_LAST_THREE_MONTHS"
    soon = assess(PERSON, [stopped], dt.date(2026, 5, 10))["answers"]["alcohol_use"]
    assert soon["value"] is None
    undated = note(1, "2026-05-01", "He has stopped drinking.")
    assert run(undated)["alcohol_use"]["value"] is None


def test_sharing_with_strangers_and_working_days_a_week_are_read() -> None:
    text = (
        "He lives in a shared house, which he shares with two other men. "
        "He works three days a week at a garage."
    )
    got = run(note(1, "2026-08-01", text))
    assert got["living_with"]["value"] == ["OTHER"]
    assert got["employment_type"]["value"] == "PART_TIME"


def test_a_diagnosis_dated_last_year_is_a_condition_she_has_now() -> None:
    text = "She was diagnosed with anxiety last year and is waiting for counselling."
    answer = run(note(1, "2026-08-01", text))["health_wellbeing_mental_health_condition"]
    assert answer["value"] == "YES_ONGOING" and answer["status"] == "answered"


def test_a_child_seen_every_weekend_lives_elsewhere_and_visits() -> None:
    got = run(note(1, "2026-08-01", "He sees his son every weekend."))
    assert got["personal_relationships_community_children_details"]["value"] == [
        "YES_CHILDREN_NOT_LIVING_WITH_POP",
        "YES_CHILDREN_VISITING",
    ]


def test_asylum_accommodation_and_an_overdraft_are_read() -> None:
    text = "She lives in Home Office asylum accommodation. She has a £300 overdraft."
    got = run(note(1, "2026-08-01", text))
    assert got["type_of_temporary_accommodation"]["value"] == "IMMIGRATION"
    assert got["finance_debt"]["value"] == "YES_THEIR_DEBT"
    assert got["finance_bank_account"]["value"] == "YES"


def test_the_tense_of_something_done_since_is_a_change_but_a_lasting_state_is_not() -> None:
    rough = note(1, "2026-03-02", "He is sleeping rough in the park.")
    secured = note(2, "2026-07-15", "He has secured a council tenancy.")
    lived = note(2, "2026-07-15", "He has lived in his council tenancy for years.")
    assert run(rough, secured)["current_accommodation"]["status"] == "answered"
    assert run(rough, lived)["current_accommodation"]["status"] == "conflict"


def test_what_is_barred_or_wanted_is_not_what_is_so() -> None:
    barred = "His licence conditions prevent him living with his children."
    wanted = "He would like to live with his partner again."
    assert run(note(1, "2026-08-01", barred))["living_with"]["status"] == "blank"
    assert run(note(1, "2026-08-01", wanted))["living_with"]["status"] == "blank"
    assert run(note(1, "2026-08-01", "He lives with his partner."))["living_with"]["value"] == [
        "PARTNER"
    ]


def test_a_partner_moving_in_and_debts_paid_off_are_changes() -> None:
    got = run(
        note(1, "2026-03-01", "He lives alone. He has debts of £500."),
        note(
            2, "2026-08-20", "His girlfriend moved in with him in July. He has paid off his debts."
        ),
    )
    assert got["living_with"]["value"] == ["PARTNER"]
    assert [h["value"] for h in got["living_with"]["history"]] == ["ALONE"]
    assert got["finance_debt"]["status"] == "blank"  # paying off is not having a debt


def test_a_change_said_in_a_middle_contact_still_makes_the_first_one_history() -> None:
    got = run(
        note(1, "2026-01-10", "He lives with his girlfriend."),
        note(2, "2026-04-10", "He now lives alone."),
        note(3, "2026-08-10", "He lives alone and keeps busy."),
    )
    answer = got["living_with"]
    assert answer["value"] == ["ALONE"] and answer["status"] == "answered"
    assert answer["conflicts"] == []
