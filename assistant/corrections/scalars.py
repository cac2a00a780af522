"""Single-value corrections (outcome, enforcement, next appointment...) with what changed."""

from __future__ import annotations

from typing import Any

from assistant.corrections.items import (
    Change,
    CorrectionError,
    no_next_appointment,
    set_action,
    set_drug_test,
    set_status,
)
from assistant.fields import FIELDS, FieldError, apply_chat_slots, field_for

_LIST_FIELDS = {"need": "needs", "risk_flag": "risk_flags", "substance": "substances"}


def set_field(data: dict[str, Any], key: str, raw: Any) -> Change:
    """Set one field from what was typed or sent, saying what it now is."""
    fld = FIELDS.get(key)
    if fld is None:
        raise CorrectionError(f"There is no field called {key!r}")
    if key == "drug_test":  # a result needs its substances list: one way to set it
        return set_drug_test(data, str(raw).strip() if raw else None)
    try:
        value = fld.parse(raw)
    except FieldError as exc:
        raise CorrectionError(str(exc)) from None
    before = fld.display(data)
    out = fld.set(data, value)
    if key == "summary":
        if value == data.get("summary"):
            return Change(data, [])  # an autosave of untouched text is not the officer's wording
        out["summary_by_officer"] = value is not None
        out.pop("summary_rebuilt", None)
        return Change(out, ["Changed the contact record to your wording"])
    after = fld.display(out)
    if value is None:
        said = f"Removed the {fld.label.lower()}" if before != "Not recorded" else ""
        return Change(out, [said or f"{fld.label} was not recorded, so nothing changed"])
    if before == after:
        return Change(out, [f"{fld.label} was already {after}"])
    was = before if before[:1].isdigit() else before[:1].lower() + before[1:]
    return Change(out, [f"{fld.label} is now {after} (was {was})"])


def apply_slots(data: dict[str, Any], slots: dict[str, Any]) -> Change:
    """Apply a set_field interpretation's slots; raises CorrectionError for the officer."""
    name = str(slots.get("field") or "")
    if name == "several":  # "remove DA and self-harm"
        change = Change(data)
        for one in slots.get("changes") or []:
            change = change.then(apply_slots(change.data, one))
        return change
    if name in _LIST_FIELDS:
        status = slots.get("status")
        return set_status(data, _LIST_FIELDS[name], str(slots.get("item")), status or None)
    if name == "action":
        return set_action(data, str(slots.get("item")), slots.get("owner"), slots.get("due"))
    if name in ("drug_test", "drug_test_result"):
        return set_drug_test(data, slots.get("value") or None, slots.get("substances"))
    if name == "next_appointment":
        if slots.get("none"):
            return no_next_appointment(data)
        try:
            out, changed = apply_chat_slots(data, slots)
        except FieldError as exc:
            raise CorrectionError(str(exc)) from None
        return Change(out, [f"Next appointment is now {_next_words(out)}"] if changed else [])
    fld = field_for(name)
    if fld is None:
        raise CorrectionError("I could not tell which part of the entry to change")
    return set_field(data, fld.key, slots.get("value"))


def _next_words(data: dict[str, Any]) -> str:
    parts = [FIELDS["next_date"].display(data)]
    if FIELDS["next_time"].get(data):
        parts.append(f"at {FIELDS['next_time'].display(data)}")
    if FIELDS["next_type"].get(data):
        parts.append(f"({FIELDS['next_type'].display(data).lower()})")
    return " ".join(parts)
