"""List items of an entry (needs, flags, substances, actions, drug test): add, change, remove.

An item the officer adds carries `"source": "officer"` and an empty evidence span instead of
words from the note (the contract requires an evidence object, so it stays, with nothing in
it). A machine item whose status the officer changes keeps its evidence and is marked
`"corrected_by": "officer"`, so the page can show both the words and who changed it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from assistant.fields import (
    ACTION_LABELS,
    DRUG_TEST_LABELS,
    FLAG_LABELS,
    NEED_LABELS,
    FieldError,
)

SUBSTANCE_LABELS = {
    "heroin": "Heroin",
    "crack_cocaine": "Crack cocaine",
    "cocaine": "Cocaine",
    "cannabis": "Cannabis",
    "spice": "Spice",
    "amphetamine": "Amphetamine",
    "methamphetamine": "Methamphetamine",
    "benzodiazepines": "Benzodiazepines",
    "ketamine": "Ketamine",
    "mdma": "MDMA",
    "pregabalin": "Pregabalin",
    "gabapentin": "Gabapentin",
    "nitrous_oxide": "Nitrous oxide",
    "illicit_methadone": "Illicit methadone",
    "other": "Other substance",
}
NEED_STATUS = {
    "need": "a need",
    "no_need": "no need",
    "strength": "a strength",
    "unknown": "unknown",
}
FLAG_STATUS = {
    "present": "present",
    "negated": "ruled out",
    "historical": "in the past",
    "hypothetical": "a possible risk",
    "other_person": "about someone else",
}
SUBSTANCE_STATUS = {**FLAG_STATUS, "current": "current use"}
del SUBSTANCE_STATUS["present"]
OWNER_LABELS = {
    "officer": "the officer",
    "person": "the person on probation",
    "other": "another agency",
}
OFFICER = "officer"


class CorrectionError(FieldError):
    """A correction that cannot be made; the message is for the officer."""


@dataclass(frozen=True)
class Change:
    """The entry after a correction, and what changed in the officer's words."""

    data: dict[str, Any]
    said: list[str] = field(default_factory=list)

    def then(self, other: Change) -> Change:
        """This change followed by another (whose data already includes this one)."""
        return Change(other.data, self.said + other.said)


def _new_item(key: str, code: str, status: str) -> dict[str, Any]:
    """An item the officer added: no words from the note support it."""
    if key == "needs":
        return {"area": code, "status": status, "evidence": [], "source": OFFICER}
    name = "name" if key == "substances" else "code"
    return {
        name: code,
        "status": status,
        "evidence": {"text": "", "start": 0, "end": 0},
        "source": OFFICER,
    }


_SPECS = {
    # list key: (code key, labels, statuses, noun)
    "needs": ("area", NEED_LABELS, NEED_STATUS, "need area"),
    "risk_flags": ("code", FLAG_LABELS, FLAG_STATUS, "flag"),
    "substances": ("name", SUBSTANCE_LABELS, SUBSTANCE_STATUS, ""),
}


def set_status(data: dict[str, Any], key: str, code: str, status: str | None) -> Change:
    """Add, change or (status None) remove one need, flag or substance."""
    code_key, labels, statuses, noun = _SPECS[key]
    if code not in labels:
        raise CorrectionError(f"There is no {noun or 'substance'} called {code!r}")
    if status is not None and status not in statuses:
        raise CorrectionError(f"Choose a status for {labels[code]}")
    out = copy.deepcopy(data)
    items = [i for i in out.get(key) or [] if isinstance(i, dict)]
    mine = [i for i in items if i.get(code_key) == code]
    name = _named(key, labels[code])
    if status is None:
        if not mine:
            return Change(out, [f"{_cap(name)} was not recorded, so nothing changed"])
        out[key] = [i for i in items if i.get(code_key) != code]
        return Change(out, [f"Removed {name}"])
    if not mine:
        out[key] = [*items, _new_item(key, code, status)]
        return Change(out, [f"Added {name}: {statuses[status]}"])
    if all(i.get("status") == status for i in mine):
        return Change(out, [f"{_cap(name)} was already {statuses[status]}"])
    first = mine[0]
    first["status"] = status
    if first.get("source") != OFFICER:
        first["corrected_by"] = OFFICER
    # One status per item (contract: a current/present mention is its only status).
    out[key] = [i for i in items if i.get(code_key) != code or i is first]
    return Change(out, [f"{_cap(name)} is now {statuses[status]}"])


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _named(key: str, label: str) -> str:
    if key == "needs":
        return f"the {label} need area"
    if key == "risk_flags":
        return f"the {label} flag"
    return label


def set_action(
    data: dict[str, Any], code: str, owner: str | None, due: str | None = None
) -> Change:
    """Add or change (owner, due) an action, or remove it when `owner` is None."""
    if code not in ACTION_LABELS:
        raise CorrectionError(f"There is no action called {code!r}")
    if owner is not None and owner not in OWNER_LABELS:
        raise CorrectionError("Say who will do it: the officer, the person or another agency")
    if due is not None:
        try:
            due = date.fromisoformat(due).isoformat()
        except ValueError:
            raise CorrectionError("The due date must be a real date, like 2026-11-21") from None
    out = copy.deepcopy(data)
    items = [a for a in out.get("actions") or [] if isinstance(a, dict)]
    mine = next((a for a in items if a.get("code") == code), None)
    label = ACTION_LABELS[code]
    if owner is None:
        if mine is None:
            return Change(out, [f"There was no {label}, so nothing changed"])
        out["actions"] = [a for a in items if a.get("code") != code]
        return Change(out, [f"Removed the {label}"])
    when = f", due {_uk(due)}" if due else ""
    if mine is None:
        item = _new_item("actions", code, "")
        del item["status"]
        out["actions"] = [*items, {**item, "owner": owner, "due": due}]
        return Change(out, [f"Added the {label}, by {OWNER_LABELS[owner]}{when}"])
    if mine.get("owner") == owner and mine.get("due") == due:
        return Change(out, [f"The {label} already said that"])
    mine.update(owner=owner, due=due)
    if mine.get("source") != OFFICER:
        mine["corrected_by"] = OFFICER
    return Change(out, [f"The {label} is now by {OWNER_LABELS[owner]}{when}"])


def set_drug_test(
    data: dict[str, Any], result: str | None, substances: list[str] | None = None
) -> Change:
    """Set the drug test result (None: no test) and, if given, the substances it showed."""
    if result is not None and result not in DRUG_TEST_LABELS:
        raise CorrectionError("Say the test result: negative, positive, refused or not provided")
    unknown = [s for s in substances or [] if s not in SUBSTANCE_LABELS]
    if unknown:
        raise CorrectionError(f"There is no substance called {unknown[0]!r}")
    out = copy.deepcopy(data)
    if result is None:
        had = out.get("drug_test") is not None
        out["drug_test"] = None
        return Change(out, ["Removed the drug test" if had else "There was no drug test"])
    test = dict(out.get("drug_test") or {"substances": []})
    test["result"] = result
    if substances is not None:
        test["substances"] = list(dict.fromkeys(substances))
    elif result != "positive":
        test["substances"] = []  # only a positive test shows substances
    out["drug_test"] = test
    said = f"Drug test is now {DRUG_TEST_LABELS[result].lower()}"
    if test["substances"]:
        said += " for " + ", ".join(SUBSTANCE_LABELS[s].lower() for s in test["substances"])
    return Change(out, [said])


def no_next_appointment(data: dict[str, Any]) -> Change:
    """Record that no next appointment was made."""
    out = copy.deepcopy(data)
    had = out.get("next_appointment") is not None
    out["next_appointment"] = None
    return Change(out, ["Removed the next appointment" if had else "No next appointment was set"])


def _uk(value: str) -> str:
    d = date.fromisoformat(value)
    return f"{d.day} {d:%B %Y}"
