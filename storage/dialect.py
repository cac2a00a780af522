"""The one place SQLite and PostgreSQL differ: the storage code writes SQLite's SQL once.

Every statement the storage functions send is written for SQLite (`?` parameters, `:name`
parameters, `INSERT OR IGNORE`, `json_extract`). On PostgreSQL `to_postgres` rewrites each
statement once (the result is cached, since the same few hundred statements repeat) and
`COMPAT_FUNCTIONS` gives PostgreSQL the SQLite JSON functions the code calls. Anything
the rewrite cannot carry across faithfully is refused with `Untranslatable` rather than
sent half-translated: a statement that must differ lives behind `is_postgres` beside its
SQLite twin (search, the audit triggers, the full-text indexes).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

WRITE_LOCK = 7_403_001
"""Advisory lock every PostgreSQL write transaction takes first: SQLite's BEGIN IMMEDIATE,
so a read-then-write (the next version number, a throttle count, the audit chain's head)
is never interleaved with another instance's: every audit append runs inside such a
transaction, so the chain grows in one order across instances."""
COUNT_LOCK_CLASS = 7_403
"""First key of the two-key advisory locks (a key space apart from the one-key locks above)
that serialise the counts of one throttle key (`storage.throttles`): a count needs only
that key's earlier counts settled, not every write in the database."""
MIGRATE_LOCK = 7_403_003
"""Advisory lock while migrations run, so two instances starting together migrate once."""


class Untranslatable(ValueError):
    """A SQLite statement with no faithful PostgreSQL rewrite here."""


def is_postgres(db: Any) -> bool:
    """Whether `db` is a PostgreSQL database (else a sqlite-utils one)."""
    return getattr(db, "dialect", "sqlite") == "postgresql"


# SQLite-only constructs the rewrite refuses, with what to use instead.
_REFUSED = {
    re.compile(r"\bsqlite_master\b", re.I): "use dialect.trigger_names or information_schema",
    re.compile(r"\bMATCH\b", re.I): "full-text search differs: branch on is_postgres",
    re.compile(r"\bGLOB\b", re.I): "use LIKE",
    re.compile(r"\b(strftime|datetime|julianday|unixepoch)\s*\(", re.I): "pass times as text",
    re.compile(r"\blast_insert_rowid\s*\(", re.I): "use Table.insert(...).last_rowid",
    re.compile(r"\bINSERT\s+OR\s+(REPLACE|ABORT|FAIL|ROLLBACK)\b", re.I): "use Table.upsert_all",
    re.compile(r"\b(group_concat|json_each|json_group_array)\s*\(", re.I): "no rewrite",
    re.compile(r"\bAUTOINCREMENT\b", re.I): "use Table.create",
    re.compile(r"\bBEGIN\s+(IMMEDIATE|EXCLUSIVE|DEFERRED)\b", re.I): "use db.transaction",
}
_INSERT_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\b", re.I)
_RETURNING = re.compile(r"\bRETURNING\b", re.I)
_PRAGMA_SYNC = re.compile(r"^\s*PRAGMA\s+synchronous\s*=\s*(\w+)\s*;?\s*$", re.I)
# PRAGMA synchronous=NORMAL (a commit may be lost to a power cut, never corrupted) is
# PostgreSQL's synchronous_commit=off; FULL is on.
_SYNC_TO_COMMIT = {
    "normal": "off",
    "off": "off",
    "full": "on",
    "extra": "on",
    "1": "off",
    "2": "on",
}


@lru_cache(maxsize=4096)
def to_postgres(sql: str) -> str:
    """The PostgreSQL text of one SQLite statement; Untranslatable if it has none here."""
    pragma = _PRAGMA_SYNC.match(sql)
    if pragma:
        level = _SYNC_TO_COMMIT.get(pragma.group(1).lower())
        if level is None:
            raise Untranslatable(f"PRAGMA synchronous={pragma.group(1)}")
        return f"SET synchronous_commit = {level}"
    code = _code_only(sql)
    if re.match(r"^\s*PRAGMA\b", code, re.I):
        raise Untranslatable("PRAGMA is SQLite's own: " + code.strip()[:60])
    for pattern, instead in _REFUSED.items():
        if pattern.search(code):
            raise Untranslatable(f"{pattern.pattern} ({instead})")
    text = _parameters(sql)
    if _INSERT_OR_IGNORE.match(text):
        text = _on_conflict_do_nothing(_INSERT_OR_IGNORE.sub("INSERT INTO", text, count=1))
    return text


def _on_conflict_do_nothing(sql: str) -> str:
    """`INSERT ...` with ON CONFLICT DO NOTHING before any RETURNING clause."""
    sql = sql.rstrip().rstrip(";")
    returning = _RETURNING.search(_code_only(sql))
    if returning is None:
        return f"{sql} ON CONFLICT DO NOTHING"
    at = returning.start()
    return f"{sql[:at]}ON CONFLICT DO NOTHING {sql[at:]}"


def _parameters(sql: str) -> str:
    """`?` to `%s`, `:name` to `%(name)s`, and a literal `%` doubled, outside quotes."""
    out: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in "'\"":
            end = _closing_quote(sql, i)
            out.append(sql[i:end].replace("%", "%%"))
            i = end
        elif ch == "-" and sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end < 0 else end
            out.append(sql[i:end].replace("%", "%%"))
            i = end
        elif ch == "?":
            out.append("%s")
            i += 1
        elif ch == "%":
            out.append("%%")
            i += 1
        elif ch == ":" and i + 1 < n and (sql[i + 1].isalpha() or sql[i + 1] == "_"):
            if i > 0 and sql[i - 1] == ":":  # a PostgreSQL cast, written by hand
                out.append(ch)
                i += 1
                continue
            m = re.match(r"[A-Za-z_]\w*", sql[i + 1 :])
            assert m is not None
            out.append(f"%({m.group(0)})s")
            i += 1 + m.end()
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _closing_quote(sql: str, start: int) -> int:
    """The index after the quoted run starting at `start` ('' and "" are escaped quotes)."""
    quote, i = sql[start], start + 1
    while i < len(sql):
        if sql[i] == quote:
            if i + 1 < len(sql) and sql[i + 1] == quote:
                i += 2
                continue
            return i + 1
        i += 1
    return len(sql)


def _code_only(sql: str) -> str:
    """The statement with string literals and comments blanked, for keyword checks."""
    out: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        if sql[i] == "'":
            end = _closing_quote(sql, i)
            out.append("''")
            i = end
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end < 0 else end
        else:
            out.append(sql[i])
            i += 1
    return "".join(out)


def trigger_names(db: Any) -> set[str]:
    """The names of the triggers defined in the database."""
    if is_postgres(db):
        rows = db.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal").fetchall()
    else:
        rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
    return {row[0] for row in rows}


def pg_script(db: Any, script: str) -> None:
    """Run PostgreSQL's own SQL (several statements, no parameters) untranslated: function
    bodies and triggers that exist only on that side."""
    db.conn.raw.execute(script)


# SQLite's JSON functions as the storage code uses them, over JSON kept in text columns:
# `json_type` names kinds as SQLite does ('text', 'integer', 'real', 'true', ...) and
# `json_extract` returns text (a string unquoted, anything else as JSON). Paths are `$` or
# `$.member.member`; array steps (`$[0]`) are not needed by the code and not supported.
COMPAT_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION casenotes_json_path(path text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN path = '$' THEN ARRAY[]::text[]
                ELSE string_to_array(substr(path, 3), '.') END
$$;
CREATE OR REPLACE FUNCTION casenotes_json_kind(value jsonb) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE jsonb_typeof(value)
        WHEN 'string' THEN 'text'
        WHEN 'number' THEN CASE WHEN value::text ~ '^-?[0-9]+$' THEN 'integer' ELSE 'real' END
        WHEN 'boolean' THEN value::text
        ELSE jsonb_typeof(value) END
$$;
CREATE OR REPLACE FUNCTION json_type(doc text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT casenotes_json_kind(doc::jsonb) $$;
CREATE OR REPLACE FUNCTION json_type(doc text, path text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT casenotes_json_kind(doc::jsonb #> casenotes_json_path(path))
$$;
CREATE OR REPLACE FUNCTION json_extract(doc text, path text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT doc::jsonb #>> casenotes_json_path(path)
$$;
"""
