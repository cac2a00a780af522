"""What a reply may show in the conversation it goes to, decided in one place.

Full detail (names, CRNs, field values, quoted evidence) only where the officer alone reads
it: their own pages, the API with their own token, a 1:1 chat with the bot. Anywhere others
read (a Teams channel or group chat, an outgoing webhook's reply), a reply says what
happened, with counts at most, and links to the officer's own pages for the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PRIVATE, SHARED = "private", "shared"
PRIVATE_CHANNELS = ("web", "api")


def audience(channel: str, conversation_type: str | None = None) -> str:
    """PRIVATE or SHARED for a reply on `channel` ("web", "api", "teams", "webhook") in a
    conversation of `conversation_type` (Teams: "personal", "groupChat", "channel")."""
    if channel in PRIVATE_CHANNELS:
        return PRIVATE
    if channel == "teams" and conversation_type == "personal":
        return PRIVATE
    return SHARED  # unknown or missing types are treated as read by others


def shows_detail(audience_: str) -> bool:
    """Whether a reply to this audience may show an entry, a list or a name."""
    return audience_ == PRIVATE


@dataclass(frozen=True)
class Brief:
    """A reply for a shared conversation: words with no personal data, and where to look."""

    text: str
    path: str


_WHERE = "The details are not shown in this conversation."


def brief(kind: str | None, payload: dict[str, Any], text: str) -> Brief:
    """The shared-conversation form of a chat reply of `kind` (its stored payload and text).

    Only counts and fixed wording are kept; a reply whose words may hold a name or a CRN
    (an entry, a question about who, a case) is replaced, not trimmed.
    """
    if kind == "entry" and payload.get("entry_id"):
        lead = (
            "Nothing was saved: the entry has changed since it was shown."
            if payload.get("stale")
            else "Done: the entry is saved in casenotes."
        )
        return Brief(
            f"{lead} Open it there to check it. {_WHERE}", f"/entries/{payload['entry_id']}"
        )
    if kind == "choose_person":
        return Brief(f"Who is this about? Open casenotes to choose. {_WHERE}", "/")
    if kind == "case":
        return Brief(f"Open the case record in casenotes. {_WHERE}", "/")
    if kind == "person":
        return Brief("New contact started. Type or dictate what happened.", "/")
    if kind == "drafts":
        return Brief(text, "/drafts")  # a count only
    if kind == "search":
        return Brief(text, "/search")  # a count only
    if kind == "button":  # a card button pressed where others read the answer
        return Brief(f"Open casenotes to see or change this entry. {_WHERE}", "/")
    if kind in ("help", "error"):
        return Brief(text, "/")  # fixed wording or a refusal's reason
    return Brief(f"casenotes has answered. {_WHERE}", "/")
