"""The supervisor's diff names fields and list items as the form does, never a JSON path."""

from __future__ import annotations

import pytest

from assistant.changes import describe_changes

MACHINE = {
    "contact": {"date": "2026-11-20", "type": "office_visit", "late_minutes": 10},
    "needs": [
        {"area": "accommodation", "status": "need", "evidence": []},
        {"area": "finance", "status": "unknown", "evidence": []},
    ],
    "risk_flags": [{"code": "self_harm", "status": "present", "evidence": None}],
    "substances": [{"name": "crack_cocaine", "status": "current", "evidence": None}],
    "actions": [],
    "drug_test": {"result": "positive", "substances": ["cannabis"]},
    "sections": {"accommodation": "Sofa surfing."},
}


def _with(**changes):
    return {**MACHINE, **changes}


@pytest.mark.parametrize(
    ("after", "sentence"),
    [
        (
            _with(contact={**MACHINE["contact"], "late_minutes": 25}),
            "Minutes late changed from 10 minutes to 25 minutes by the officer",
        ),
        (
            _with(contact={**MACHINE["contact"], "type": "home_visit"}),
            "Contact type changed from Office visit to Home visit by the officer",
        ),
        (_with(risk_flags=[]), "Self-harm flag removed by the officer"),
        (
            _with(risk_flags=[{"code": "self_harm", "status": "historical", "evidence": None}]),
            "Self-harm flag changed from Present to In the past by the officer",
        ),
        (
            _with(needs=[*MACHINE["needs"], {"area": "alcohol_use", "status": "need"}]),
            "Alcohol use need added by the officer",
        ),
        (
            _with(needs=[MACHINE["needs"][0], {"area": "finance", "status": "need"}]),
            "Finance need changed from Unknown to Need by the officer",
        ),
        (_with(substances=[]), "Crack cocaine removed by the officer"),
        (
            _with(actions=[{"code": "refer_finance", "owner": "officer", "due": "2026-12-01"}]),
            "Finance, benefits or ID referral added by the officer",
        ),
        (
            _with(drug_test={"result": "positive", "substances": ["cannabis", "cocaine"]}),
            "Drug test substances changed from Cannabis to Cannabis, Cocaine by the officer",
        ),
        (
            _with(summary="Seen at the office.", summary_by_officer=True),
            "Contact record rewritten by the officer",
        ),
        # rebuilt from the corrected fields: the officer did not write these words
        (
            _with(summary="Office visit on 20 November 2026."),
            "Contact record rewritten to match the officer's changes",
        ),
        (
            _with(sections={"accommodation": "Has a flat."}),
            "Assessment section: Accommodation rewritten to match the officer's changes",
        ),
        (
            _with(sections={}),
            "Assessment section: Accommodation removed with the officer's changes",
        ),
    ],
)
def test_each_change_is_one_sentence_in_the_words_of_the_form(after, sentence):
    changes = describe_changes(MACHINE, after)
    assert [c.sentence for c in changes] == [sentence]
    assert "." not in changes[0].label and "_" not in changes[0].label


def test_an_added_action_shows_owner_and_due_date():
    after = _with(actions=[{"code": "refer_finance", "owner": "officer", "due": "2026-12-01"}])
    (change,) = describe_changes(MACHINE, after)
    assert (change.before, change.after) == (
        "Not recorded",
        "assigned to the officer, due 1 December 2026",
    )


def test_an_action_given_to_the_officer_reads_once_as_the_form_says_it():
    # The sentence itself ends "by the officer": the owner must not read as a second attribution.
    before = _with(actions=[{"code": "police_liaison", "owner": "person", "due": "2026-12-11"}])
    after = _with(actions=[{"code": "police_liaison", "owner": "officer", "due": None}])
    (change,) = describe_changes(before, after)
    assert change.sentence == (
        "Police liaison changed from assigned to the person on probation, due 11 December 2026 "
        "to assigned to the officer by the officer"
    )
    other = _with(actions=[{"code": "police_liaison", "owner": "other", "due": None}])
    assert describe_changes(before, other)[0].after == "assigned to another agency"


def test_the_other_substance_is_named_as_the_form_names_it():
    after = _with(substances=[*MACHINE["substances"], {"name": "other", "status": "current"}])
    (change,) = describe_changes(MACHINE, after)
    assert change.sentence == "Other substance added by the officer"


def test_the_entry_page_tags_the_other_substance_in_words():
    from assistant.views.present import tags

    data = {"substances": [{"name": "other", "status": "current"}]}
    assert tags(data)["substances"][0]["text"].startswith("Other substance")


def test_evidence_moving_is_not_a_change_and_no_change_is_empty():
    moved = _with(risk_flags=[{"code": "self_harm", "status": "present", "evidence": {"x": 1}}])
    assert describe_changes(MACHINE, moved) == []
    assert describe_changes(None, None) == []
