"""The dictation-cost bench compares the contract fields the scorer reads, and only those."""

from __future__ import annotations

from bench.speech_extract import differences, fields

TYPED = {
    "person": {"crn": "B204511"},
    "contact": {"date": "2026-03-02", "type": "office", "outcome": "attended", "late_minutes": 20},
    "next_appointment": {"date": "2026-03-09", "time": "10:00"},
    "drug_test": {"result": "positive", "substances": ["cocaine"]},
    "substances": [{"name": "alcohol", "status": "current"}, {"name": "heroin", "status": "past"}],
    "needs": [{"area": "accommodation", "status": "need"}, {"area": "ete", "status": "discussed"}],
    "risk_flags": [{"code": "self_harm", "status": "present"}],
    "actions": [{"code": "referral_drug"}],
}


def test_fields_flattens_the_entry_as_the_scorer_does():
    got = fields(TYPED)
    assert got["substances_current"] == ["alcohol", "cocaine"]  # a positive test counts
    assert got["needs_discussed"] == ["accommodation", "ete"]
    assert got["needs_need"] == ["accommodation"] and got["enforcement"] == "none"
    assert len(got) == 14


def test_differences_names_each_field_that_changed():
    heard = TYPED | {"contact": TYPED["contact"] | {"late_minutes": None}, "risk_flags": []}
    assert differences(TYPED, TYPED) == {}
    assert differences(TYPED, heard) == {
        "late_minutes": (20, None),
        "flags_present": (["self_harm"], []),
    }
