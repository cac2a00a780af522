"""Full-text search over the entries a user may see: their notes and what they recorded.

User text never reaches FTS5 as syntax: it is cut into words, each word is quoted as a
phrase, and the words are ANDed, so quotes, brackets, NEAR, column filters and operators
are just text. On PostgreSQL the same words go to `to_tsquery('english', ...)` (only word
characters, so no operator can be written) against GIN-indexed tsvectors (m011, m012).
"""

from __future__ import annotations

import re
from datetime import date

from sqlite_utils import Database

from storage.access import people_filter
from storage.dialect import is_postgres
from storage.entry_queries import NOT_DISCARDED
from storage.models import SearchHit, User
from storage.people import get_person_for

MAX_QUERY_CHARS = 500
MAX_TERMS = 16
_WORD = re.compile(r"\w+", re.UNICODE)
_MARK_START, _MARK_END = "\x02", "\x03"


def _words(text: str) -> list[str]:
    return _WORD.findall(text[:MAX_QUERY_CHARS])[:MAX_TERMS]


def fts_query(text: str) -> str | None:
    """A safe FTS5 query ANDing the words of `text` (the last word as a prefix), or None."""
    words = _words(text)
    if not words:
        return None
    terms = [f'"{w}"' for w in words]
    if len(words[-1]) >= 2:
        terms[-1] += "*"
    return " ".join(terms)


def tsquery(text: str) -> str | None:
    """The PostgreSQL twin of `fts_query`: `to_tsquery` text ANDing the words of `text`
    (the last as a prefix). Words are runs of word characters, so they hold none of
    tsquery's operators (& | ! ( ) : * < > ') and are safe as they are."""
    words = [w.replace("_", " ") for w in _words(text)]
    terms = [t for w in words for t in w.split()]
    if not terms:
        return None
    if len(terms[-1]) >= 2:
        terms[-1] += ":*"
    return " & ".join(terms)


def search_notes(
    db: Database,
    user: User,
    text: str,
    *,
    crn: str | None = None,
    since: str | date | None = None,
    limit: int = 50,
) -> list[SearchHit]:
    """Visible entries whose note or recorded text matches `text`, note matches first and
    best first within each; NotFound if `crn` names someone the user cannot see."""
    query = tsquery(text) if is_postgres(db) else fts_query(text)
    if query is None:
        return []
    condition, params = people_filter(user, "p")
    where = [condition]
    if crn is not None:
        where.append("e.crn = ?")
        params.append(get_person_for(db, user, crn).crn)
    if since is not None:
        where.append("e.reference_date >= ?")
        params.append(since.isoformat() if isinstance(since, date) else str(since))
    if is_postgres(db):
        sql = _PG_SEARCH.format(where=" AND ".join([*where, NOT_DISCARDED]))
        rows = db.query(sql, [query, *params, max(1, min(limit, 500))])
        return [_hit(r) for r in rows]
    # Notes first, then what the entry recorded (contact record, sections); an entry found
    # by both shows its note. With one MIN() in the query, SQLite takes the bare columns
    # (source, snippet) from the row that gave the minimum.
    marks = f"'{_MARK_START}', '{_MARK_END}', '…', 16"
    sql = f"""
        WITH hits AS (
            SELECT rowid AS id, rank, 0 AS source, snippet(notes_fts, 0, {marks}) AS snippet
            FROM notes_fts WHERE notes_fts MATCH ?
            UNION ALL
            SELECT rowid, rank, 1, snippet(entry_text_fts, 0, {marks})
            FROM entry_text_fts WHERE entry_text_fts MATCH ?
        )
        SELECT e.id, e.crn, e.status, e.reference_date, e.created_at,
               h.source, h.snippet, MIN(h.source * 1000000.0 + h.rank) AS score
        FROM hits h
        JOIN entries e ON e.id = h.id
        JOIN people p ON p.crn = e.crn
        WHERE {" AND ".join([*where, NOT_DISCARDED])}
        GROUP BY e.id
        ORDER BY score, e.created_at DESC
        LIMIT ?
    """
    rows = db.query(sql, [query, query, *params, max(1, min(limit, 500))])
    return [_hit(r) for r in rows]


def _hit(r: dict) -> SearchHit:
    return SearchHit(
        entry_id=r["id"],
        crn=r["crn"],
        status=r["status"],
        reference_date=r["reference_date"],
        created_at=r["created_at"],
        snippet=split_snippet(r["snippet"] or ""),
        found_in="note" if r["source"] == 0 else "entry",
    )


# Notes first, then recorded text; best ranked first within each; an entry found by both
# shows its note. The tsvector expressions are the indexed ones (m011, m012) word for
# word, so the GIN indexes answer the @@. The snippet is made only for the rows returned.
_PG_HEADLINE = (
    f"StartSel={_MARK_START}, StopSel={_MARK_END}, MaxFragments=1, MaxWords=16, "
    "MinWords=4, FragmentDelimiter=…"
)
_PG_SEARCH = (
    """
    WITH q AS (SELECT to_tsquery('english', ?) AS q),
    hits AS (
        SELECT e.id, 0 AS source, ts_rank(to_tsvector('english', e.note_text), q.q) AS rank
        FROM entries e, q WHERE to_tsvector('english', e.note_text) @@ q.q
        UNION ALL
        SELECT e.id, 1, ts_rank(to_tsvector('english', entry_recorded_text(e.data)), q.q)
        FROM entries e, q WHERE to_tsvector('english', entry_recorded_text(e.data)) @@ q.q
    ),
    best AS (SELECT DISTINCT ON (id) id, source, rank FROM hits ORDER BY id, source, rank DESC)
    SELECT e.id, e.crn, e.status, e.reference_date, e.created_at, b.source,
           ts_headline('english',
                       CASE b.source WHEN 0 THEN e.note_text
                       ELSE entry_recorded_text(e.data) END,
                       q.q, '"""
    + _PG_HEADLINE
    + """') AS snippet
    FROM best b JOIN entries e ON e.id = b.id JOIN people p ON p.crn = e.crn, q
    WHERE {where}
    ORDER BY b.source, b.rank DESC, e.created_at DESC
    LIMIT ?
    """
)


def split_snippet(snippet: str) -> list[tuple[str, bool]]:
    """A marked-up snippet as (text, matched) parts, for the caller to escape and highlight."""
    parts: list[tuple[str, bool]] = []
    for i, piece in enumerate(re.split(f"[{_MARK_START}{_MARK_END}]", snippet)):
        if piece:
            parts.append((piece, i % 2 == 1))
    return parts
