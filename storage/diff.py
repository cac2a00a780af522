"""Field-by-field differences between two versions of an entry's JSON data."""

from __future__ import annotations

from typing import Any

from storage.db import dumps
from storage.models import Entry, FieldChange


def extraction_diff(entry: Entry) -> list[FieldChange]:
    """What the officer changed from the machine's first extraction, field by field."""
    return field_changes(entry.extraction or {}, entry.data or {})


def changed_paths(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Dotted paths of the fields that differ (objects compared key by key, lists whole)."""
    return [change.path for change in field_changes(before, after)]


def field_changes(
    before: dict[str, Any], after: dict[str, Any], prefix: str = ""
) -> list[FieldChange]:
    """The differing fields between two JSON objects, with old and new values.

    A missing key counts as null; objects are compared key by key, anything else whole.
    """
    changes: list[FieldChange] = []
    for key in sorted(set(before) | set(after), key=str):
        old, new = before.get(key), after.get(key)
        path = f"{prefix}{key}"
        if isinstance(old, dict) and isinstance(new, dict):
            changes += field_changes(old, new, f"{path}.")
        elif dumps(old) != dumps(new):
            changes.append(FieldChange(path, old, new))
    return changes
