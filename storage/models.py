"""The records storage hands back, as frozen dataclasses with JSON-able `to_json()`."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from storage.db import loads

ROLES = ("officer", "supervisor", "admin")
# `historical`: read from years-old notes by `assistant backfill`; never reviewed or submitted.
STATUSES = ("draft", "submitted", "approved", "returned", "historical")
MESSAGE_ROLES = ("user", "assistant")


class _Record:
    def to_json(self) -> dict[str, Any]:
        """The record as a JSON-able dict."""
        return dataclasses.asdict(self)  # type: ignore[call-overload]


@dataclass(frozen=True)
class User(_Record):
    """A signed-in member of staff; carries what access rules need."""

    id: int
    username: str
    display_name: str
    role: str
    team_id: int
    disabled: bool = False

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> User:
        """Build from a `users` row."""
        return cls(
            id=row["id"],
            username=row["username"],
            display_name=row["display_name"],
            role=row["role"],
            team_id=row["team_id"],
            disabled=bool(row["disabled"]),
        )


@dataclass(frozen=True)
class Session(_Record):
    """A server-side session; the cookie holds a token whose hash is the session id."""

    user: User
    csrf_token: str
    created_at: str
    last_seen_at: str
    expires_at: str


@dataclass(frozen=True)
class ApiToken(_Record):
    """An API token's metadata (the token itself is shown once and never stored)."""

    id: int
    user_id: int
    created_at: str
    last_used_at: str | None
    revoked: bool
    expires_at: str | None = None


@dataclass(frozen=True)
class Person(_Record):
    """A person on probation."""

    crn: str
    name: str
    aliases: list[str]
    dob: str | None
    team_id: int
    officer_id: int | None
    flags: list[str]
    created_at: str
    updated_at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Person:
        """Build from a `people` row."""
        return cls(
            crn=row["crn"],
            name=row["name"],
            aliases=loads(row["aliases"]) or [],
            dob=row["dob"],
            team_id=row["team_id"],
            officer_id=row["officer_id"],
            flags=loads(row["flags"]) or [],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )


@dataclass(frozen=True)
class Entry(_Record):
    """A case entry: the raw note, the machine's first extraction and the current data."""

    id: int
    crn: str
    author_id: int
    status: str
    current_version: int
    note_text: str
    reference_date: str
    extraction: dict[str, Any] | None
    data: dict[str, Any] | None
    review_comment: str | None
    created_at: str
    updated_at: str
    submitted_at: str | None
    approved_by: int | None
    approved_at: str | None
    approved_version: int | None
    idempotency_key: str | None
    source_id: str | None = None
    """For a historical entry, the id of the note it was read from."""

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Entry:
        """Build from an `entries` row."""
        values: dict[str, Any] = {f.name: row.get(f.name) for f in dataclasses.fields(cls)}
        values["extraction"] = loads(row["extraction"])
        values["data"] = loads(row["data"])
        return cls(**values)


@dataclass(frozen=True)
class EntryVersion(_Record):
    """One version of an entry's data: who changed which fields, when and why."""

    entry_id: int
    version: int
    data: dict[str, Any]
    changed_fields: list[str]
    user_id: int
    created_at: str
    reason: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> EntryVersion:
        """Build from an `entry_versions` row."""
        return cls(
            entry_id=row["entry_id"],
            version=row["version"],
            data=loads(row["data"]),
            changed_fields=loads(row["changed_fields"]),
            user_id=row["user_id"],
            created_at=row["created_at"],
            reason=row["reason"],
        )


@dataclass(frozen=True)
class FieldChange(_Record):
    """One field that differs between two versions, as a dotted path."""

    path: str
    before: Any
    after: Any


@dataclass(frozen=True)
class SectionSentence(_Record):
    """A sentence of a merged section draft and the entry it came from."""

    text: str
    entry_id: int
    date: str

    def to_json(self) -> dict[str, Any]:
        """The sentence as a JSON-able dict (written for every sentence on every save, so
        built directly rather than through `dataclasses.asdict`, which deep-copies)."""
        return {"text": self.text, "entry_id": self.entry_id, "date": self.date}


@dataclass(frozen=True)
class SectionDraft(_Record):
    """An assessment section for one person and need area, merged across contacts."""

    crn: str
    area: str
    text: str
    entry_ids: list[int]
    sentences: list[SectionSentence]
    updated_at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> SectionDraft:
        """Build from a `section_drafts` row."""
        return cls(
            crn=row["crn"],
            area=row["area"],
            text=row["text"],
            entry_ids=loads(row["entry_ids"]),
            sentences=[SectionSentence(**s) for s in loads(row["sentences"])],
            updated_at=row["updated_at"],
        )


@dataclass(frozen=True)
class Conversation(_Record):
    """A chat conversation owned by one user, optionally about one person."""

    id: int
    user_id: int
    crn: str | None
    created_at: str


@dataclass(frozen=True)
class Message(_Record):
    """One chat message; `payload` carries structured content such as an entry id."""

    id: int
    conversation_id: int
    role: str
    text: str
    payload: dict[str, Any] | None
    created_at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Message:
        """Build from a `messages` row."""
        return cls(**{**row, "payload": loads(row["payload"])})


@dataclass(frozen=True)
class AuditRecord(_Record):
    """One row of the audit log."""

    id: int
    at: str
    user_id: int | None
    action: str
    record_type: str | None
    record_id: str | None
    detail: dict[str, Any]
    prev_hash: str
    hash: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> AuditRecord:
        """Build from an `audit_log` row."""
        return cls(**{**row, "detail": loads(row["detail"])})


@dataclass(frozen=True)
class SearchHit(_Record):
    """An entry whose note matched a search, with a snippet split into plain/matched parts."""

    entry_id: int
    crn: str
    status: str
    reference_date: str
    created_at: str
    snippet: list[tuple[str, bool]] = field(default_factory=list)
    found_in: str = "note"
    """Where the words were found: "note", or "entry" (the contact record or a section)."""
