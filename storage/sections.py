"""Assessment section drafts per person and need area, merged across their contacts.

Each entry's data carries `sections` ({area: text}). The merged draft for an area lists
sentences from the latest contact first, drops repeats of a sentence already said more
recently, and keeps for every sentence the id of the entry it came from.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from storage.db import batched, dumps, iso, loads, transaction, utc_now
from storage.entry_queries import NOT_DISCARDED
from storage.models import SectionDraft, SectionSentence, User
from storage.people import get_person_for

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


def split_sentences(text: str) -> list[str]:
    """The sentences of a section text, trimmed, empty ones dropped."""
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def merge_sections(
    entries: list[tuple[int, str, dict[str, Any]]],
) -> dict[str, list[SectionSentence]]:
    """Sentences per area from (entry id, contact date, data) triples, latest evidence first."""
    merged: dict[str, list[SectionSentence]] = {}
    seen: dict[str, set[str]] = {}
    for entry_id, when, data in sorted(entries, key=lambda e: (e[1], e[0]), reverse=True):
        sections = data.get("sections")
        if not isinstance(sections, dict):
            continue
        for area, text in sections.items():
            if not isinstance(area, str) or not isinstance(text, str):
                continue
            for sentence in split_sentences(text):
                key = " ".join(sentence.casefold().split())
                if key in seen.setdefault(area, set()):
                    continue
                seen[area].add(key)
                merged.setdefault(area, []).append(SectionSentence(sentence, entry_id, when))
    return merged


def rebuild_sections(db: Database, crn: str, *, now: datetime | None = None) -> None:
    """Recompute and store every section draft for one person from their entries."""
    # SQLite picks out the two members needed, so a person with years of entries does not
    # cost a parse of every entry's whole JSON on each save (this runs on every chat note).
    triples = []
    for row in db.query(
        "SELECT id, reference_date, json_type(data) AS kind, "
        "CASE json_type(data, '$.contact.date') WHEN 'text' "
        "THEN json_extract(data, '$.contact.date') END AS contact_date, "
        "CASE json_type(data, '$.sections') WHEN 'object' "
        "THEN json_extract(data, '$.sections') END AS sections "
        "FROM entries e WHERE crn = ? AND data IS NOT NULL AND " + NOT_DISCARDED,
        [crn],
    ):
        if row["kind"] != "object":
            continue
        sections = loads(row["sections"])
        when = row["contact_date"] or row["reference_date"]
        triples.append((row["id"], str(when), {"sections": sections}))
    merged = merge_sections(triples)
    stamp = iso(utc_now(now))
    with transaction(db), batched(db):  # on PostgreSQL sent with the next read or COMMIT
        db.execute("DELETE FROM section_drafts WHERE crn = ?", [crn])
        db.conn.executemany(
            "INSERT INTO section_drafts (crn, area, text, entry_ids, sentences, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    crn,
                    area,
                    " ".join(s.text for s in sentences),
                    dumps(list(dict.fromkeys(s.entry_id for s in sentences))),
                    dumps([s.to_json() for s in sentences]),
                    stamp,
                )
                for area, sentences in merged.items()
            ],
        )


def get_sections_for(db: Database, user: User, crn: str) -> list[SectionDraft]:
    """A visible person's section drafts by area; NotFound if the person is not visible."""
    person = get_person_for(db, user, crn)
    return [
        SectionDraft.from_row(r)
        for r in db.query("SELECT * FROM section_drafts WHERE crn = ? ORDER BY area", [person.crn])
    ]
