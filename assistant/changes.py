"""What the officer changed from the machine's reading, in the words of the form.

The supervisor reads "Minutes late: 10 minutes → 25 minutes" and "Self-harm flag removed by
the officer", never a JSON path; list items (needs, flags, substances, actions) are matched by
what they are (area, code, name), so a removed, added or re-rated item is one row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from assistant.corrections.items import SUBSTANCE_LABELS
from assistant.fields import ACTION_LABELS, FIELDS, FLAG_LABELS, NEED_LABELS, uk_date

NOT_RECORDED = "Not recorded"
NEED_STATUS = {"need": "Need", "no_need": "No need", "strength": "Strength", "unknown": "Unknown"}
ITEM_STATUS = {
    "present": "Present",
    "current": "Current",
    "negated": "Ruled out",
    "historical": "In the past",
    "hypothetical": "Possible",
    "other_person": "About someone else",
}
# The action form's owners; "assigned to" because a change sentence itself ends "by the officer".
OWNER_LABELS = {
    "officer": "the officer",
    "person": "the person on probation",
    "other": "another agency",
}


# A text the machine wrote again from the corrected fields, not one the officer typed.
FOLLOWED = "rewritten to match the officer's changes"


@dataclass(frozen=True)
class Change:
    """One change as the form names it: what, what the machine read, what the officer recorded."""

    label: str
    before: str
    after: str
    sentence: str


def describe_changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[Change]:
    """Every change between two readings of an entry, fields first, then list items."""
    before, after = before or {}, after or {}
    changes = [c for fld in FIELDS.values() if (c := _field_change(fld, before, after))]
    changes += _drug_test_substances(before, after)
    changes += _items(before, after, "needs", "area", NEED_LABELS.get, "need", _need_words)
    changes += _items(before, after, "risk_flags", "code", FLAG_LABELS.get, "flag", _status_words)
    changes += _items(before, after, "substances", "name", substance_name, "", _status_words)
    changes += _items(before, after, "actions", "code", ACTION_LABELS.get, "", _action_words)
    changes += _sections(before, after)
    return changes


def substance_name(code: Any) -> str:
    """A substance code as the form names it ("crack_cocaine" → "Crack cocaine")."""
    return SUBSTANCE_LABELS.get(str(code)) or str(code or "").replace("_", " ").capitalize()


def _field_change(fld: Any, before: dict[str, Any], after: dict[str, Any]) -> Change | None:
    if fld.get(before) == fld.get(after):
        return None
    old, new = fld.display(before), fld.display(after)
    if fld.kind == "longtext":  # the texts are in the table; a sentence would repeat them
        # The record is rebuilt from the fields after each correction; only a text the
        # officer typed themself (`summary_by_officer`) is their own wording.
        if after.get("summary_by_officer"):
            return Change(fld.label, old, new, f"{fld.label} rewritten by the officer")
        return Change(fld.label, old, new, f"{fld.label} {FOLLOWED}")
    return Change(fld.label, old, new, f"{fld.label} changed from {old} to {new} by the officer")


def _drug_test_substances(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    old = sorted((before.get("drug_test") or {}).get("substances") or [])
    new = sorted((after.get("drug_test") or {}).get("substances") or [])
    if old == new:
        return []
    was, now = (", ".join(substance_name(s) for s in x) or "None" for x in (old, new))
    label = "Drug test substances"
    return [Change(label, was, now, f"{label} changed from {was} to {now} by the officer")]


def _need_words(item: dict[str, Any]) -> str:
    return NEED_STATUS.get(str(item.get("status")), str(item.get("status")))


def _status_words(item: dict[str, Any]) -> str:
    return ITEM_STATUS.get(str(item.get("status")), str(item.get("status")))


def _action_words(item: dict[str, Any]) -> str:
    owner = OWNER_LABELS.get(item.get("owner") or "")
    due = uk_date(item.get("due"))
    return ", ".join(
        x for x in (f"assigned to {owner}" if owner else "", f"due {due}" if due else "") if x
    )


def _items(
    before: dict[str, Any],
    after: dict[str, Any],
    key: str,
    ident: str,
    label_of: Callable[[Any], str | None],
    noun: str,
    words: Callable[[dict[str, Any]], str],
) -> list[Change]:
    """Added, removed and changed items of one list, each matched by its identifying code."""
    old = {i.get(ident): i for i in before.get(key) or [] if isinstance(i, dict)}
    new = {i.get(ident): i for i in after.get(key) or [] if isinstance(i, dict)}
    changes = []
    for code in [*old, *(c for c in new if c not in old)]:
        name = " ".join(x for x in (label_of(code) or str(code), noun) if x)
        was, now = old.get(code), new.get(code)
        if was is not None and now is None:
            text = f"{name} removed by the officer"
            changes.append(Change(name, words(was) or "Recorded", "Removed", text))
        elif was is None and now is not None:
            text = f"{name} added by the officer"
            changes.append(Change(name, NOT_RECORDED, words(now) or "Added", text))
        elif was is not None and now is not None and words(was) != words(now):
            old_words, new_words = words(was) or NOT_RECORDED, words(now) or NOT_RECORDED
            text = f"{name} changed from {old_words} to {new_words} by the officer"
            changes.append(Change(name, old_words, new_words, text))
    return changes


def _sections(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    old, new = before.get("sections") or {}, after.get("sections") or {}
    changes = []
    for area in sorted(set(old) | set(new)):
        if old.get(area) != new.get(area):
            label = f"Assessment section: {NEED_LABELS.get(area, area)}"
            was, now = old.get(area) or NOT_RECORDED, new.get(area) or NOT_RECORDED
            # Section drafts are always written from the fields, never typed by the officer.
            how = "removed with the officer's changes" if not new.get(area) else FOLLOWED
            changes.append(Change(label, was, now, f"{label} {how}"))
    return changes
