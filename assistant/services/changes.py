"""Typed changes to an entry's data: what each touches (for the merge rule), how it applies,
and how it reads to the officer.

Any object with `key`, `label`, `description`, `touched(data)` and `apply(data)` is a
`Change`, so a new kind of correction (a list group, the person of a draft) is one small class
here or beside it; `assistant.services.correct` checks versions and merges once for all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from assistant.entry_schema import problem
from assistant.fields import FIELDS, Field, FieldError, field_for


class Change(Protocol):
    """One change the officer asked for."""

    @property
    def key(self) -> str:
        """What the change touches (a field key or a group name), for conflicts."""
        ...

    @property
    def label(self) -> str:
        """What it touches, as the officer reads it ("outcome", "risk flags")."""
        ...

    @property
    def description(self) -> str:
        """What it does, as the officer reads it ("Changed outcome to Failed to attend")."""
        ...

    def touched(self, data: dict[str, Any]) -> Any:
        """The part of `data` this change reads and writes (compared across versions)."""
        ...

    def apply(self, data: dict[str, Any]) -> dict[str, Any]:
        """A copy of `data` with the change made (raise FieldError if it cannot be)."""
        ...


@dataclass(frozen=True)
class FieldChange:
    """Set one correctable field to an already parsed value."""

    field: Field
    value: Any

    @property
    def key(self) -> str:
        """The field's key."""
        return self.field.key

    @property
    def label(self) -> str:
        """The field's label in lower case, as said mid-sentence."""
        return self.field.label.lower()

    @property
    def description(self) -> str:
        """'Changed outcome to …' (the value as shown on the page)."""
        shown = self.field.display(self.field.set({}, self.value))
        return f"Changed {self.label} to {shown}"

    def touched(self, data: dict[str, Any]) -> Any:
        """The field's current value."""
        return self.field.get(data)

    def apply(self, data: dict[str, Any]) -> dict[str, Any]:
        """The data with this field set."""
        return self.field.set(data, self.value)


@dataclass(frozen=True)
class ReplaceData:
    """Replace the whole case entry (the API's `data`): any other change since conflicts."""

    data: dict[str, Any]
    key: str = "data"
    label: str = "the entry"
    description: str = "Replaced the entry's data"

    def touched(self, data: dict[str, Any]) -> Any:
        """All of it."""
        return data

    def apply(self, data: dict[str, Any]) -> dict[str, Any]:
        """The new data, checked against the contract."""
        wrong = problem(self.data)
        if wrong:
            raise FieldError(f'"data" must be a case-entry/1 object: {wrong}')
        return self.data


def field_change(name: str, raw: Any) -> FieldChange:
    """A change to the field `name` (our key or an interpreter alias) from what was typed or
    sent; FieldError for an unknown field or a value it refuses."""
    fld = field_for(name)
    if fld is None:
        raise FieldError(f"unknown field {name!r}; known: {', '.join(FIELDS)}")
    text = raw.replace("\r\n", "\n") if isinstance(raw, str) else raw
    return FieldChange(fld, fld.parse(text))


def form_changes(base: dict[str, Any], values: dict[str, Any]) -> tuple[list[Change], dict]:
    """Changes from a form of several fields that showed `base`: only the inputs that differ
    from what the form showed count (so an old form never reverts another person's change).
    Returns (changes, errors by field); no changes when any input is refused."""
    found: list[Change] = []
    errors: dict[str, str] = {}
    for key, raw in values.items():
        try:
            change = field_change(key, raw)
        except FieldError as exc:
            errors[key] = str(exc)
            continue
        shown = change.touched(base)
        if change.value not in (shown, _as_parsed(change.field, shown)):
            found.append(change)
    return ([], errors) if errors else (found, {})


def _as_parsed(fld: Field, value: Any) -> Any:
    """A stored value as the field would read it back from a form (spaces trimmed)."""
    try:
        return fld.parse(value)
    except FieldError:
        return value
