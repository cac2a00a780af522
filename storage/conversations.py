"""Chat conversations and their messages; each conversation is private to its user."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from storage.access import people_filter
from storage.db import (
    Statement,
    dumps,
    insert_row,
    iso,
    together,
    transaction,
    utc_now,
    write_together,
)
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


_NEWEST_CONVERSATIONS = (
    "SELECT * FROM conversations WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?"
)


def list_conversations(db: Database, user: User, *, limit: int = 50) -> list[Conversation]:
    """The user's conversations, newest first."""
    return [Conversation(**r) for r in db.query(_NEWEST_CONVERSATIONS, [user.id, limit])]


def latest_statement(user: User) -> Statement:
    """The user's newest conversation (`list_conversations` with limit 1), to send with
    others in one round trip (`storage.db.together`); its rows go to `latest_from`."""
    return (_NEWEST_CONVERSATIONS, [user.id, 1])


def latest_from(rows: list[dict[str, Any]]) -> Conversation | None:
    """The conversation `latest_statement` found, or None when the user has none yet."""
    return Conversation(**rows[0]) if rows else None


def set_conversation_person(
    db: Database, user: User, conversation_id: int, crn: str | None
) -> Conversation:
    """Point a conversation at a (visible) person, or at nobody.

    Every recorded note does this, mostly for the person the conversation is already
    about: then nothing is written (on PostgreSQL a write commits with a disk flush). The
    conversation and the person are looked up in one statement (one round trip there)."""
    if crn is None:
        conversation = get_conversation_for(db, user, conversation_id)
    else:
        condition, visible = people_filter(user, "p")
        rows = db.execute_returning_dicts(
            "SELECT c.*, p.crn AS person_crn FROM conversations c "
            f"LEFT JOIN people p ON p.crn = ? AND {condition} WHERE c.id = ? AND c.user_id = ?",
            [crn.strip().upper(), *visible, conversation_id, user.id],
        )
        if not rows:
            raise NotFound("no such conversation")
        crn = rows[0].pop("person_crn")
        if crn is None:
            raise NotFound("no such person")
        conversation = Conversation(**rows[0])
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
    """Append a message ('user' or 'assistant') to one of the user's conversations: one
    statement, which stores nothing unless the conversation is the user's."""
    statement = message_statement(user, conversation_id, role, text, payload, now=now)
    with transaction(db):
        stored = together(db, [statement])[0]
    return message_from(stored)


def message_statement(
    user: User,
    conversation_id: int,
    role: str,
    text: str,
    payload: dict[str, Any] | None = None,
    *,
    now: datetime | None = None,
) -> Statement:
    """`add_message`'s statement, to send with others in one round trip inside a write
    transaction (`storage.db.together`); its rows go to `message_from`."""
    if role not in MESSAGE_ROLES:
        raise ValueError(f"message role must be one of {', '.join(MESSAGE_ROLES)}")
    if not isinstance(text, str):
        raise ValueError("message text must be text")
    row = _message_row(user, conversation_id, role, text, payload, now)
    return (_INSERT_MESSAGE + " RETURNING *", row)


def message_from(rows: list[dict[str, Any]]) -> Message:
    """The message `message_statement` stored; NotFound if the conversation was not the
    user's (the statement then stores nothing)."""
    if not rows:
        raise NotFound("no such conversation")
    return Message.from_row(rows[0])


def add_question(
    db: Database, user: User, conversation_id: int, text: str, *, now: datetime | None = None
) -> Message:
    """Store the officer's message, unless the conversation's last message is this same one
    from them (a resend of a turn that got no answer: the disk was full, the server died),
    which is returned instead, so its note is neither shown twice nor recorded twice.

    The look and the store are one statement under the write lock, so two resends at once
    store it once; on PostgreSQL the whole transaction is one round trip."""
    if not isinstance(text, str):
        raise ValueError("message text must be text")
    row = _message_row(user, conversation_id, "user", text, None, now)
    _, latest = write_together(db, [(_INSERT_MESSAGE + _UNLESS_LAST, row), (_LATEST_ASKED, row)])
    if not latest:
        raise NotFound("no such conversation")
    return Message.from_row(latest[0])


def _message_row(
    user: User,
    conversation_id: int,
    role: str,
    text: str,
    payload: dict[str, Any] | None,
    now: datetime | None,
) -> dict[str, Any]:
    return {
        "conversation_id": conversation_id,
        "user_id": user.id,
        "role": role,
        "text": text,
        "payload": None if payload is None else dumps(payload),
        "created_at": iso(utc_now(now)),
    }


_INSERT_MESSAGE = (
    "INSERT INTO messages (conversation_id, role, text, payload, created_at) "
    "SELECT :conversation_id, :role, :text, :payload, :created_at WHERE EXISTS "
    "(SELECT 1 FROM conversations WHERE id = :conversation_id AND user_id = :user_id)"
)
_UNLESS_LAST = (
    " AND NOT EXISTS (SELECT 1 FROM (SELECT role, text FROM messages "
    "WHERE conversation_id = :conversation_id ORDER BY id DESC LIMIT 1) AS last "
    "WHERE last.role = :role AND last.text = :text)"
)
_LATEST_ASKED = (
    "SELECT m.* FROM messages m JOIN conversations c ON c.id = m.conversation_id "
    "WHERE c.id = :conversation_id AND c.user_id = :user_id AND m.role = :role "
    "AND m.text = :text ORDER BY m.id DESC LIMIT 1"
)


def list_messages(
    db: Database, user: User, conversation_id: int, *, limit: int = 200
) -> list[Message]:
    """The latest messages of one of the user's conversations, oldest first."""
    # The conversation's owner is checked in the same statement (a separate check was a
    # round trip of its own on PostgreSQL); only when nothing is found is it asked apart.
    rows = db.execute_returning_dicts(
        "SELECT m.* FROM messages m JOIN conversations c ON c.id = m.conversation_id "
        "WHERE c.id = ? AND c.user_id = ? ORDER BY m.id DESC LIMIT ?",
        [conversation_id, user.id, limit],
    )
    if not rows:
        get_conversation_for(db, user, conversation_id)  # NotFound if it is not theirs
    return [Message.from_row(r) for r in reversed(rows)]


def get_messages(
    db: Database, user: User, conversation_id: int, message_ids: list[int]
) -> list[Message]:
    """These messages of one of the user's conversations, oldest first (a turn's answer)."""
    ids = [int(i) for i in message_ids][:100]
    rows = []
    if ids:
        rows = db.execute_returning_dicts(
            "SELECT m.* FROM messages m JOIN conversations c ON c.id = m.conversation_id "
            f"WHERE c.id = ? AND c.user_id = ? AND m.id IN ({', '.join('?' * len(ids))}) "
            "ORDER BY m.id",
            [conversation_id, user.id, *ids],
        )
    if not rows:
        get_conversation_for(db, user, conversation_id)  # NotFound if it is not theirs
    return [Message.from_row(r) for r in rows]
