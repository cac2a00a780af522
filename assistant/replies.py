"""What the assistant says back in a chat turn."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storage.models import Entry


@dataclass(frozen=True)
class Reply:
    """What the assistant says back, with structured content for the page to render."""

    text: str
    payload: dict[str, Any] | None = None


def entry_reply(text: str, entry: Entry, **extra: Any) -> Reply:
    """A reply showing an entry, with the version it showed (the base of the next change)."""
    payload = {"kind": "entry", "entry_id": entry.id, "version": entry.current_version}
    return Reply(text, payload | extra)
