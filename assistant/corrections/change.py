"""Corrections as the service layer's `Change` objects (assistant.services.changes.Change):
what each touches (for the merge rule), how it applies, and what it did in the officer's words.

`description` is known only once the change has been applied to the entry it lands on
("Added the Self-harm flag" or "The Self-harm flag is now present"), so apply records it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.corrections import groups
from assistant.corrections.items import CorrectionError
from assistant.corrections.scalars import apply_slots
from assistant.fields import FIELDS, field_for

_LISTS = {
    "need": ("needs", "need areas"),
    "risk_flag": ("risk_flags", "risk flags"),
    "substance": ("substances", "substances"),
    "action": ("actions", "actions"),
    "drug_test": ("drug_test", "drug test"),
    "drug_test_result": ("drug_test", "drug test"),
    "next_appointment": ("next_appointment", "next appointment"),
}


def _part(slots: dict[str, Any]) -> tuple[str, str]:
    """The key and label of what a set_field interpretation touches."""
    name = str(slots.get("field") or "")
    if name == "several":
        parts = [_part(s) for s in slots.get("changes") or []]
        return "+".join(k for k, _ in parts), " and ".join(lbl for _, lbl in parts)
    if name in _LISTS:
        return _LISTS[name]
    fld = field_for(name)
    return (fld.key, fld.label.lower()) if fld else (name, name)


def _touched(key: str, data: dict[str, Any]) -> Any:
    if "+" in key:
        return tuple(_touched(k, data) for k in key.split("+"))
    if key in FIELDS:
        return FIELDS[key].get(data)
    return data.get(key)


@dataclass
class SlotChange:
    """A correction said in chat or sent to the API: set_field slots."""

    slots: dict[str, Any]
    said: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """What it touches ("risk_flags", "outcome", "needs+risk_flags")."""
        return _part(self.slots)[0]

    @property
    def label(self) -> str:
        """What it touches, mid-sentence."""
        return _part(self.slots)[1]

    @property
    def description(self) -> str:
        """What it did ("Removed the Self-harm flag")."""
        return ". ".join(self.said) or f"Changed {self.label}"

    def touched(self, data: dict[str, Any]) -> Any:
        """The part of the entry it reads and writes."""
        return _touched(self.key, data)

    def apply(self, data: dict[str, Any]) -> dict[str, Any]:
        """The entry with the correction made (CorrectionError, a FieldError, if it cannot)."""
        done = apply_slots(data, self.slots)
        self.said = done.said
        return done.data


@dataclass
class GroupChange:
    """A group edit page's form: the rows the officer changed against the entry."""

    group: groups.Group
    form: Any
    said: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The group's key."""
        return self.group.key

    @property
    def label(self) -> str:
        """The group's title, mid-sentence."""
        return self.group.title.lower()

    @property
    def description(self) -> str:
        """What changed, row by row."""
        return ". ".join(self.said) or f"Changed {self.label}"

    def touched(self, data: dict[str, Any]) -> Any:
        """What every row of the group says."""
        return groups.current(self.group, data)

    def apply(self, data: dict[str, Any]) -> dict[str, Any]:
        """The entry with the form's changed rows applied."""
        done, errors = groups.apply_form(self.group, data, self.form)
        if errors:
            raise CorrectionError(next(iter(errors.values())))
        self.said = done.said
        return done.data


@dataclass
class UseRebuiltRecord:
    """Replace the officer's own record wording with the text rebuilt from the entry."""

    key: str = "summary"
    label: str = "contact record"
    description: str = "Replaced your wording of the contact record with the rebuilt record"

    def touched(self, data: dict[str, Any]) -> Any:
        """The record text and the rebuilt text offered beside it."""
        return data.get("summary"), data.get("summary_rebuilt")

    def apply(self, data: dict[str, Any]) -> dict[str, Any]:
        """The entry with the rebuilt text as its record."""
        if not data.get("summary_rebuilt"):
            return data
        out = {k: v for k, v in data.items() if k not in ("summary_by_officer", "summary_rebuilt")}
        return {**out, "summary": data["summary_rebuilt"]}
