"""The one parser for ids and versions sent by any channel (paths, forms, JSON, cards)."""

from __future__ import annotations

from typing import Any

from storage.errors import NotFound

MAX_DIGITS = 12


def parse_number(raw: Any) -> int | None:
    """A whole number sent as an id or version: ASCII digits only, at most 12; else None.

    Only `0-9` count: `isdigit` and `isdecimal` also accept other scripts' digits and
    superscripts, which four older parsers treated differently.
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if 0 <= raw < 10**MAX_DIGITS else None
    if not isinstance(raw, str) or not 0 < len(raw) <= MAX_DIGITS:
        return None
    if not (raw.isascii() and raw.isdigit()):
        return None
    return int(raw)


def require_id(raw: Any) -> int:
    """A record id, or NotFound (a path like /entries/abc names no record)."""
    number = parse_number(raw)
    if number is None:
        raise NotFound("no such record")
    return number
