"""What the journey benchmark compares and says: a draft's values in the labels' shape, the
values that differ from the labels, and the chat command an officer would type for each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
GROUPS = ("needs", "flags", "substances", "actions")
# Plain names an officer types for codes (the chat vocabulary reads these).
SAY = {
    "employment_education": "employment",
    "relationships_community": "relationships",
    "thinking_behaviours_attitudes": "thinking and behaviour",
    "health_wellbeing": "health",
    "drug_use": "drug use",
    "alcohol_use": "alcohol",
    "self_harm": "self harm",
    "mental_health": "mental health",
    "domestic_abuse": "domestic abuse",
    "child_safeguarding": "child safeguarding",
    "new_offence": "new offence",
    "risk_to_staff": "risk to staff",
    "condition_breach": "condition breach",
    "crack_cocaine": "crack",
    "other": "other substance",
    "refer_accommodation": "housing referral",
    "refer_substance_misuse": "drug referral",
    "refer_employment": "employment referral",
    "refer_mental_health": "mental health referral",
    "refer_finance": "debt advice referral",
    "safeguarding_referral": "safeguarding referral",
    "police_liaison": "police liaison",
}
STATUS_SAY = {
    "need": "is a need", "no_need": "no need", "strength": "is a strength", "unknown": "unknown",
    "present": "present", "current": "current", "negated": "ruled out",
    "historical": "historical", "hypothetical": "possible", "other_person": "someone else",
}  # fmt: skip
OWNER_SAY = {"officer": "by me", "person": "by him", "other": "by another agency"}
CHAT_VALUES = {
    ("contact_type", "office_visit"): "make it an office visit",
    ("contact_type", "home_visit"): "make it a home visit",
    ("contact_type", "telephone"): "make it a phone call",
    ("contact_type", "video"): "make it a video call",
    ("outcome", "attended_complied"): "outcome attended complied",
    ("outcome", "attended_failed_to_comply"): "outcome attended failed to comply",
    ("outcome", "failed_to_attend"): "outcome failed to attend",
    ("outcome", "acceptable_absence"): "outcome acceptable absence",
    ("outcome", "unacceptable_absence"): "outcome unacceptable absence",
}


@dataclass(frozen=True)
class Wrong:
    """One value of the draft that differs from the labels."""

    group: str  # a scalar key, "drug_test", "next", or a list group
    key: str  # the row within a group ("" for scalars)
    want: Any
    have: Any

    def __str__(self) -> str:
        return f"{self.group}{'.' + self.key if self.key else ''}: {self.have} -> {self.want}"


def next_date(reference: dt.date, weekday: str) -> str:
    """The first such weekday strictly after the reference date (the contract's rule)."""
    ahead = (WEEKDAYS.index(weekday) - reference.weekday()) % 7 or 7
    return (reference + dt.timedelta(days=ahead)).isoformat()


def values(data: dict[str, Any]) -> dict[str, Any]:
    """A case entry in the labels' shape."""
    contact = data.get("contact") or {}
    test = data.get("drug_test")
    nxt = data.get("next_appointment")

    def by(key: str, code: str, value: str) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for item in data.get(key) or []:
            found.setdefault(item[code], item.get(value))
        return found

    return {
        "contact_type": contact.get("type"),
        "outcome": contact.get("outcome"),
        "enforcement": data.get("enforcement") or "none",
        "drug_test": {"result": test["result"], "substances": sorted(test.get("substances") or [])}
        if test
        else None,
        "next": {"date": nxt.get("date"), "time": nxt.get("time")} if nxt else None,
        "needs": by("needs", "area", "status"),
        "flags": by("risk_flags", "code", "status"),
        "substances": by("substances", "name", "status"),
        "actions": by("actions", "code", "owner"),
    }


def expected(labels: dict[str, Any], reference: dt.date) -> dict[str, Any]:
    """The labels with relative dates resolved and lists in a comparable order."""
    out = dict(labels)
    if labels.get("next"):
        nxt = labels["next"]
        out["next"] = {"date": next_date(reference, nxt["weekday"]), "time": nxt["time"]}
    if labels.get("drug_test"):
        test = labels["drug_test"]
        out["drug_test"] = {"result": test["result"], "substances": sorted(test["substances"])}
    return out


def differences(want: dict[str, Any], have: dict[str, Any]) -> list[Wrong]:
    """Every value of the draft that the labels say otherwise."""
    found = []
    for key in ("contact_type", "outcome", "enforcement", "drug_test", "next"):
        if want[key] != have[key]:
            found.append(Wrong(key, "", want[key], have[key]))
    for group in GROUPS:
        for code in sorted(set(want[group]) | set(have[group])):
            if want[group].get(code) != have[group].get(code):
                found.append(Wrong(group, code, want[group].get(code), have[group].get(code)))
    return found


def command(wrong: Wrong) -> str | None:
    """What an officer types in chat to fix one value (None: no command for it)."""
    if wrong.group in ("contact_type", "outcome"):
        return CHAT_VALUES.get((wrong.group, wrong.want))
    if wrong.group == "enforcement":
        return f"enforcement {str(wrong.want).replace('_', ' ')}"
    if wrong.group == "drug_test":
        if wrong.want is None:
            return "no drug test"
        subs = [SAY.get(s, s) for s in wrong.want["substances"]]
        return f"drug test {wrong.want['result'].replace('_', ' ')}" + (
            f" for {' and '.join(subs)}" if subs else ""
        )
    if wrong.group == "next":
        if wrong.want is None:
            return "no next appointment"
        day = dt.date.fromisoformat(wrong.want["date"])
        return f"next appt {day.day}/{day.month} {wrong.want['time']}"
    name = SAY.get(wrong.key, wrong.key.replace("_", " "))
    if wrong.group == "actions":
        if wrong.want is None:
            return f"remove {name}"
        return f"{'add ' if wrong.have is None else ''}{name} {OWNER_SAY[wrong.want]}"
    kind = {"needs": " need", "flags": " flag"}.get(wrong.group, "")
    if wrong.want is None:
        return f"remove {name}{kind}"
    if wrong.have is None and wrong.want in ("present", "current"):
        return f"add {name}{kind}"
    return f"{name} {STATUS_SAY[wrong.want]}"
