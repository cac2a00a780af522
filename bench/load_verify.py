"""Checks the database of a finished `bench.load` run against what the server acknowledged.

Read after the servers have stopped, straight from the SQLite file or the PostgreSQL
database. For every note the server answered 2xx, its chat message is stored with the text
sent. For every entry an answer showed: it exists, is the officer's, holds the text sent
and the person the note named, and has the corrected location and the submitted status
whenever those were acknowledged.
Nothing is stored more often than it was sent: an entry beyond the acknowledged ones is
allowed only for a note that got no entry back (cut off at the deadline, or failed), and
those are counted; an entry or message whose text was never sent is a phantom.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.load_officer import Sent

Row = Mapping[str, Any]
"""A row by column name: sqlite3.Row or psycopg's dict_row."""


@dataclass
class Verdict:
    """What the database holds compared with what was acknowledged."""

    acknowledged: int = 0
    """Entries the server's answers showed."""
    lost: int = 0
    """Acknowledged entries, or answered notes' messages, missing from the database."""
    duplicated: int = 0
    """Entries or messages stored more often than their note was sent."""
    wrong: Counter[str] = field(default_factory=Counter)
    """Acknowledged entries whose content differs, by what differs."""
    phantom: int = 0
    """Entries or messages whose text no officer sent."""
    unacknowledged_stored: int = 0
    """Entries stored for notes that got no entry back (allowed: at most one per such note)."""
    no_entry: int = 0
    """Notes sent that got no entry back."""

    @property
    def ok(self) -> bool:
        """Every acknowledged write is there exactly once, right, and nothing else is."""
        return not (self.lost or self.duplicated or self.wrong or self.phantom)

    def summary(self) -> str:
        """One line for the report."""
        wrong = ", ".join(f"{k} {v}" for k, v in sorted(self.wrong.items())) or "0"
        return (
            f"{self.acknowledged} acknowledged entries: lost {self.lost}, "
            f"duplicated {self.duplicated}, wrong {wrong}, phantom {self.phantom}; "
            f"{self.no_entry} notes got no entry back, of which "
            f"{self.unacknowledged_stored} were stored anyway"
        )


ENTRIES = (
    "SELECT e.id, u.username, e.note_text, e.status, e.data, p.name FROM entries e "
    "JOIN users u ON u.id = e.author_id LEFT JOIN people p ON p.crn = e.crn"
)
MESSAGES = (
    "SELECT m.id, u.username, m.text FROM messages m "
    "JOIN conversations c ON c.id = m.conversation_id JOIN users u ON u.id = c.user_id "
    "WHERE m.role = 'user'"
)


def verify(database: Path | str, sent: list[Sent]) -> Verdict:
    """Compare the stopped servers' database (a SQLite file or a PostgreSQL URL) with the
    fleet's ledger."""
    entries, messages = _read(database)
    verdict = Verdict()
    _check_entries(verdict, {r["id"]: r for r in entries}, sent)
    _check_counts(verdict, Counter((r["username"], r["note_text"]) for r in entries), sent, True)
    _check_messages(verdict, {r["id"]: r for r in messages}, sent)
    _check_counts(verdict, Counter((r["username"], r["text"]) for r in messages), sent, False)
    return verdict


def _read(database: Path | str) -> tuple[list[Row], list[Row]]:
    """The entries and the officers' chat messages, read straight from the database."""
    if isinstance(database, str) and database.startswith("postgresql://"):
        import psycopg
        from psycopg.rows import dict_row

        with psycopg.connect(database, row_factory=dict_row) as pg:
            return pg.execute(ENTRIES).fetchall(), pg.execute(MESSAGES).fetchall()
    conn = sqlite3.connect(database)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(ENTRIES).fetchall(), conn.execute(MESSAGES).fetchall()
    finally:
        conn.close()


def _check_entries(verdict: Verdict, by_id: dict[int, Row], sent: list[Sent]) -> None:
    for note in sent:
        if note.entry_id is None:
            verdict.no_entry += 1
            continue
        verdict.acknowledged += 1
        row = by_id.get(note.entry_id)
        if row is None:
            verdict.lost += 1
            continue
        data = json.loads(row["data"] or "null") or {}
        checks = {
            "officer": row["username"] == note.username,
            "text": row["note_text"] == note.text,
            "person": row["name"] == note.name,
            "location": note.location is None
            or (data.get("contact") or {}).get("location") == note.location,
            "status": not note.submitted or row["status"] == "submitted",
        }
        for what, right in checks.items():
            verdict.wrong[what] += not right
    verdict.wrong = +verdict.wrong  # keep only what went wrong


def _check_messages(verdict: Verdict, by_id: dict[int, Row], sent: list[Sent]) -> None:
    for note in sent:
        if note.answered:
            row = by_id.get(note.message_id) if note.message_id else None
            if row is None:
                verdict.lost += 1
            elif row["text"] != note.text or row["username"] != note.username:
                verdict.wrong["message"] += 1


def _check_counts(
    verdict: Verdict, stored: Counter[tuple[str, str]], sent: list[Sent], entries: bool
) -> None:
    """Each (officer, text) stored at most once per sending, and only what was sent."""
    sendings = Counter((n.username, n.text) for n in sent)
    acknowledged = Counter((n.username, n.text) for n in sent if n.entry_id is not None)
    for key, count in stored.items():
        if key not in sendings:
            verdict.phantom += count
            continue
        verdict.duplicated += max(0, count - sendings[key])
        if entries:
            verdict.unacknowledged_stored += max(0, min(count, sendings[key]) - acknowledged[key])
