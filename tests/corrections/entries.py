"""A hand-written machine entry (our own sentences) for correction tests."""

from __future__ import annotations

import copy
from typing import Any

NOTE = (
    "Home visit to Kai Brennan this morning at 9:30, about 40 minutes. He is behind on his "
    "council tax and has started using cannabis again. Said he has had dark thoughts. "
    "I will refer him to the debt advice service. Next appointment Monday at 11."
)


def _ev(phrase: str) -> dict[str, Any]:
    start = NOTE.index(phrase)
    return {"text": phrase, "start": start, "end": start + len(phrase)}


ENTRY: dict[str, Any] = {
    "schema": "case-entry/1",
    "reference_date": "2026-12-03",
    "person": {"name": "kai brennan", "crn": "K200300", "match_score": 96.0},
    "contact": {
        "date": "2026-12-03",
        "start_time": "09:30",
        "duration_minutes": 40,
        "type": "home_visit",
        "outcome": "attended_complied",
        "late_minutes": None,
        "location": None,
        "evidence": {"type": _ev("Home visit")},
    },
    "next_appointment": {
        "date": "2026-12-07",
        "time": "11:00",
        "type": "office_visit",
        "evidence": _ev("Next appointment Monday at 11"),
    },
    "drug_test": None,
    "substances": [{"name": "cannabis", "status": "current", "evidence": _ev("using cannabis")}],
    "needs": [
        {"area": "finance", "status": "need", "evidence": [_ev("behind on his council tax")]},
        {"area": "drug_use", "status": "need", "evidence": [_ev("using cannabis")]},
        {"area": "health_wellbeing", "status": "need", "evidence": [_ev("dark thoughts")]},
    ],
    "risk_flags": [{"code": "self_harm", "status": "present", "evidence": _ev("dark thoughts")}],
    "actions": [
        {
            "code": "refer_finance",
            "owner": "officer",
            "due": None,
            "evidence": _ev("refer him to the debt advice service"),
        }
    ],
    "enforcement": "none",
    "enforcement_evidence": None,
    "sections": {},
    "summary": "",
}


def entry() -> dict[str, Any]:
    """A fresh copy of the machine entry."""
    return copy.deepcopy(ENTRY)
