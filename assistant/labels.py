"""An entry in the labelled sets' shape: the fields scorers and accuracy reports compare.

Scalars are compared exactly and the cue families as sets of codes, as the shared
evaluation does; `tests/extraction/extraction_scoring.py` and `assistant.accuracy` both
read entries through `flatten`, so a labelled set and an officer's correction are measured
the same way.
"""

from __future__ import annotations

from typing import Any

SCALARS = (
    "crn",
    "contact_date",
    "contact_type",
    "outcome",
    "late_minutes",
    "next_date",
    "next_time",
    "drug_test",
    "enforcement",
)
SETS = ("substances_current", "needs_discussed", "needs_need", "flags_present", "actions")


def _items(e: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The list `key` of an entry, without anything that is not an object (hand-edited data)."""
    return [i for i in e.get(key) or [] if isinstance(i, dict)]


def flatten(e: dict[str, Any]) -> dict[str, Any]:
    """An entry in the gold labels' shape (sets for the cue families)."""
    contact = e.get("contact") or {}
    nxt = e.get("next_appointment") or {}
    test = e.get("drug_test")
    subs = {s.get("name") for s in _items(e, "substances") if s.get("status") == "current"}
    if test and test.get("result") == "positive":
        subs |= set(test.get("substances") or [])
    flags = _items(e, "risk_flags")
    return {
        "crn": (e.get("person") or {}).get("crn"),
        "contact_date": contact.get("date"),
        "contact_type": contact.get("type"),
        "outcome": contact.get("outcome"),
        "late_minutes": contact.get("late_minutes"),
        "next_date": nxt.get("date"),
        "next_time": nxt.get("time"),
        "drug_test": test.get("result") if test else None,
        "enforcement": e.get("enforcement") or "none",
        "substances_current": subs,
        "needs_discussed": {n.get("area") for n in _items(e, "needs")},
        "needs_need": {n.get("area") for n in _items(e, "needs") if n.get("status") == "need"},
        "flags_present": {f.get("code") for f in flags if f.get("status") == "present"},
        "actions": {a.get("code") for a in _items(e, "actions")},
        "_flags": {(f.get("code"), f.get("status")) for f in flags},
        "_subs": {(s.get("name"), s.get("status")) for s in _items(e, "substances")},
    }


def gold(e: dict[str, Any]) -> dict[str, Any]:
    """An entry as a labelled note's `gold` (JSON: sorted lists, other statuses spelled out)."""
    flat = flatten(e)
    labels: dict[str, Any] = {k: flat[k] for k in SCALARS}
    for k in SETS:
        labels[k] = sorted(str(v) for v in flat[k])
    labels["substances_other_status"] = [
        {"name": name, "status": status}
        for name, status in sorted(flat["_subs"], key=str)
        if status != "current" and name not in flat["substances_current"]
    ]
    labels["flags_other_status"] = [
        {"code": code, "status": status}
        for code, status in sorted(flat["_flags"], key=str)
        if status != "present"
    ]
    return labels
