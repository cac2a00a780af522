"""Chat conversations and their messages; each conversation is private to its user."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from storage.db import dumps, insert_row, iso, transaction, utc_now
from storage.errors import NotFound
from storage.models import MESSAGE_ROLES, Conversation, Message, User
from storage.people import get_person_for


def create_conversation(
    db: Database, user: User, crn: str | None = None, *, now: datetime | None = None
) -> Conversation:
    """Start a conversation, optionally about a person the user may see."""
    if crn is not None:
        crn = get_person_for(db, user, crn).crn
    stamp = iso(utc_now(now))
    row = {"user_id": user.id, "crn": crn, "created_at": stamp}
    conversation_id = insert_row(db, "conversations", row)
    return Conversation(id=conversation_id, user_id=user.id, crn=crn, created_at=stamp)


def get_conversation_for(db: Database, user: User, conversation_id: int) -> Conversation:
    """One of the user's own conversations; NotFound for anyone else's."""
    rows = db.execute_returning_dicts(
        "SELECT * FROM conversations WHERE id = ? AND user_id = ?", [conversation_id, user.id]
    )
    if not rows:
        raise NotFound("no such conversation")
    return Conversation(**rows[0])


def list_conversations(db: Database, user: User, *, limit: int = 50) -> list[Conversation]:
    """The user's conversations, newest first."""
    return [
        Conversation(**r)
        for r in db.query(
            "SELECT * FROM conversations WHERE user_id = ? ORDER BY created_at DESC, id DESC "
            "LIMIT ?",
            [user.id, limit],
        )
    ]


def set_conversation_person(
    db: Database, user: User, conversation_id: int, crn: str | None
) -> Conversation:
    """Point a conversation at a (visible) person, or at nobody.

    Every recorded note does this, mostly for the person the conversation is already
    about: then nothing is written (on PostgreSQL a write commits with a disk flush)."""
    conversation = get_conversation_for(db, user, conversation_id)
    if crn is not None:
        crn = get_person_for(db, user, crn).crn
    if crn == conversation.crn:
        return conversation
    db.execute("UPDATE conversations SET crn = ? WHERE id = ?", [crn, conversation.id])
    return replace(conversation, crn=crn)


def add_message(
    db: Database,
    user: User,
    conversation_id: int,
    role: str,
    text: str,
    payload: dict[str, Any] | None = None,
    *,
    now: datetime | None = None,
) -> Message:
    """Append a message ('user' or 'assistant') to one of the user's conversations."""
    if role not in MESSAGE_ROLES:
        raise ValueError(f"message role must be one of {', '.join(MESSAGE_ROLES)}")
    if not isinstance(text, str):
        raise ValueError("message text must be text")
    with transaction(db):
        get_conversation_for(db, user, conversation_id)
        row = {
            "conversation_id": conversation_id,
            "role": role,
            "text": text,
            "payload": None if payload is None else dumps(payload),
            "created_at": iso(utc_now(now)),
        }
        message_id = insert_row(db, "messages", row)
    return Message.from_row({"id": message_id, **row})


def list_messages(
    db: Database, user: User, conversation_id: int, *, limit: int = 200
) -> list[Message]:
    """The latest messages of one of the user's conversations, oldest first."""
    get_conversation_for(db, user, conversation_id)
    rows = db.execute_returning_dicts(
        "SELECT * FROM messages WHERE conversation_id = ? ORDER BY id DESC LIMIT ?",
        [conversation_id, limit],
    )
    return [Message.from_row(r) for r in reversed(rows)]


def get_messages(
    db: Database, user: User, conversation_id: int, message_ids: list[int]
) -> list[Message]:
    """These messages of one of the user's conversations, oldest first (a turn's answer)."""
    get_conversation_for(db, user, conversation_id)
    ids = [int(i) for i in message_ids][:100]
    if not ids:
        return []
    rows = db.execute_returning_dicts(
        f"SELECT * FROM messages WHERE conversation_id = ? AND id IN ({', '.join('?' * len(ids))})"
        " ORDER BY id",
        [conversation_id, *ids],
    )
    return [Message.from_row(r) for r in rows]
