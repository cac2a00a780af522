"""The contact type an nDelius export row states, by its code or description words.

An export row carries a contact type code (and some exports its description). When the note's
own words do not say how the contact took place, the code is the officer's record of it, so
it fills the entry's contact type; the note's words win when they say it. Codes are data in
`nlp/resources/contact_codes.json`: only codes of known meaning are listed, and any other is
read by its description words or left alone, never guessed.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.corrections.rebuild import record_texts
from nlp.resources import resource


def type_from_export(code: str | None, description: str | None) -> str | None:
    """Our contact type for an export's code and description, or None if neither says it."""
    data = resource("contact_codes.json")
    known = data["codes"].get((code or "").strip().upper())
    if known:
        return str(known)
    words = (description or "").casefold()
    for phrase, ctype in data["description_words"]:
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", words):
            return str(ctype)
    return None


def with_export_type(item: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    """The entry, its contact type filled from the item's export code when the text said none.

    Evidence stays empty for the field: evidence points at words of the note, and the code
    is not in the note.
    """
    contact = entry.get("contact")
    if not isinstance(contact, dict) or contact.get("type") is not None:
        return entry
    ctype = type_from_export(item.get("contact_type"), item.get("contact_type_description"))
    if ctype is not None:
        contact["type"] = ctype
        _follow_type(entry, ctype)
    return entry


def _follow_type(entry: dict[str, Any], ctype: str) -> None:
    """What extraction derives from the contact type, derived again from the code: a next
    appointment no words placed is of the same type, and the contact record says it."""
    nxt = entry.get("next_appointment")
    if isinstance(nxt, dict) and nxt.get("type") is None:
        nxt["type"] = ctype
    if "summary" in entry:
        entry["summary"] = record_texts(entry, None, sections=False)[1]
