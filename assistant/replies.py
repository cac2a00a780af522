"""What the assistant says back in a chat turn."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Reply:
    """What the assistant says back, with structured content for the page to render."""

    text: str
    payload: dict[str, Any] | None = None
