"""PostgreSQL as the second backend: the SQL rewrite, the schema the shared migrations
build there, and what only matters with several connections (audit order, lost servers)."""

from __future__ import annotations

import ast
import re
import threading
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlite_utils import Database

from assistant.dbpool import DbPool
from assistant.settings import Settings, StorageSettings
from storage import audit, dialect, pg, throttles
from storage.db import memory_db, transaction
from storage.dialect import Untranslatable, to_postgres
from storage.errors import StorageFull

ROOT = Path(__file__).resolve().parents[2]
only_postgres = pytest.mark.parametrize("db_backend", ["postgresql"], indirect=True)

# -- the rewrite, statement by statement ---------------------------------------------------


@pytest.mark.parametrize(
    ("sqlite", "postgres"),
    [
        ("SELECT * FROM users WHERE id = ?", "SELECT * FROM users WHERE id = %s"),
        ("SELECT '?', \"a?\" FROM t WHERE x = ?", "SELECT '?', \"a?\" FROM t WHERE x = %s"),
        ("SELECT 'it''s ?' || ?", "SELECT 'it''s ?' || %s"),
        ("SELECT * FROM t WHERE a < :cutoff AND b >= :cutoff", None),
        (
            "SELECT x FROM t WHERE y LIKE 'a%' AND z = ?",
            "SELECT x FROM t WHERE y LIKE 'a%%' AND z = %s",
        ),
        ("SELECT 5 % 2", "SELECT 5 %% 2"),
        ("SELECT x::text FROM t", "SELECT x::text FROM t"),
        (
            "INSERT OR IGNORE INTO app_secrets (name, value) VALUES (?, ?)",
            "INSERT INTO app_secrets (name, value) VALUES (%s, %s) ON CONFLICT DO NOTHING",
        ),
        (
            "INSERT OR IGNORE INTO t (a) VALUES (?) RETURNING id",
            "INSERT INTO t (a) VALUES (%s) ON CONFLICT DO NOTHING RETURNING id",
        ),
        ("PRAGMA synchronous=NORMAL", "SET synchronous_commit = off"),
        ("PRAGMA synchronous=FULL", "SET synchronous_commit = on"),
    ],
)
def test_statements_are_rewritten_once_for_postgres(sqlite: str, postgres: str | None) -> None:
    expected = postgres or "SELECT * FROM t WHERE a < %(cutoff)s AND b >= %(cutoff)s"
    assert to_postgres(sqlite) == expected


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT name FROM sqlite_master WHERE type='trigger'",
        "SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?",
        "SELECT datetime('now')",
        "SELECT strftime('%Y', created_at) FROM users",
        "SELECT last_insert_rowid()",
        "INSERT OR REPLACE INTO t (a) VALUES (?)",
        "SELECT group_concat(name) FROM users",
        "PRAGMA foreign_keys=ON",
        "BEGIN IMMEDIATE",
        "SELECT * FROM t WHERE name GLOB 'a*'",
    ],
)
def test_sqlite_only_statements_are_refused_not_half_translated(sql: str) -> None:
    with pytest.raises(Untranslatable):
        to_postgres(sql)


def test_words_inside_literals_are_not_refused() -> None:
    assert to_postgres("SELECT 'MATCH datetime(' AS x") == "SELECT 'MATCH datetime(' AS x"


_STATEMENT = re.compile(
    r"^\s*(SELECT\s.*\sFROM\s|INSERT (OR \w+ )?INTO\s+\w|UPDATE \w+ SET\s|DELETE FROM\s+\w"
    r"|WITH \w+ AS)",
    re.S,
)
# PostgreSQL's own side (the adapter and the rewrite): their SQL is PostgreSQL already.
_POSTGRES_SIDE = {"storage/pg.py", "storage/dialect.py"}
# SQLite-only by design: each lives on the SQLite side of an is_postgres branch (or in a
# module that handles SQLite files only), with its PostgreSQL twin beside it.
SQLITE_ONLY = {
    ("storage/search.py", "MATCH"),
    ("storage/backup.py", "sqlite_master"),
    ("storage/backup.py", "_sqlite_migrations"),
    ("storage/migrations.py", "entry_text_fts"),
    ("storage/migrations.py", "strftime"),
}


def _literal_statements() -> list[tuple[str, int, str]]:
    """Every SQL statement written literally in storage/ and assistant/ (f-string holes
    filled with what the code puts there: a condition, a list of ids, a column)."""
    found = []
    for folder in ("storage", "assistant"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = str(path.relative_to(ROOT))
            if rel in _POSTGRES_SIDE:
                continue
            tree = ast.parse(path.read_text())
            parts = {
                id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values
            }
            # Pieces of a statement joined with + are not statements on their own.
            parts |= {
                id(side)
                for n in ast.walk(tree)
                if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add)
                for side in (n.left, n.right)
            }
            for node in ast.walk(tree):
                if id(node) in parts:
                    continue
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    text = node.value
                elif isinstance(node, ast.JoinedStr):
                    text = "".join(
                        v.value if isinstance(v, ast.Constant) else "{}" for v in node.values
                    )
                else:
                    continue
                if _STATEMENT.match(text) and not text.rstrip().endswith(("WHERE", "AND", "(")):
                    found.append((rel, node.lineno, _fill_holes(text)))
    return found


def _fill_holes(text: str) -> str:
    text = re.sub(r"IN \(\{\}\)", "IN (?)", text)
    text = re.sub(r"FROM (\w+) \{\}", r"FROM \1", text)
    text = re.sub(r"ORDER BY \{\}", "ORDER BY 1", text)
    text = re.sub(r"(FROM|INTO|UPDATE) \{\}", r"\1 teams", text)
    text = re.sub(r"(LIMIT|OFFSET) \{\}", r"\1 1", text)
    return text.replace("{}", "TRUE")


def test_the_code_holds_many_statements_to_check() -> None:
    assert len(_literal_statements()) > 90


def _sqlite_only(path: str, text: str) -> bool:
    return any(path == p and marker in text for p, marker in SQLITE_ONLY)


def test_every_statement_in_the_code_translates_or_is_sqlite_only() -> None:
    refused = []
    for path, line, text in _literal_statements():
        try:
            to_postgres(text)
        except Untranslatable as exc:
            if not _sqlite_only(path, text):
                refused.append(f"{path}:{line}: {exc}")
    assert refused == []


def _numbered(sql: str) -> str:
    """psycopg's %s / %(name)s placeholders as PREPARE's $1, $2 (a name keeps its number)."""
    names: dict[str, int] = {}
    counter = iter(range(1, 1000))

    def number(match: re.Match[str]) -> str:
        if match.group(0) == "%%":
            return "%"
        key = match.group(1) or f"#{len(names)}"
        if key not in names:
            names[key] = next(counter)
        return f"${names[key]}"

    return re.sub(r"%%|%\((\w+)\)s|%s", number, sql)


@only_postgres
def test_every_statement_in_the_code_is_valid_postgresql(db: Database) -> None:
    # PREPARE parses each statement and resolves every table, column, function and type
    # on the real server without running it.
    raw = db.conn.raw  # type: ignore[attr-defined]
    problems = []
    checked = 0
    for i, (path, line, text) in enumerate(_literal_statements()):
        if _sqlite_only(path, text):
            continue
        try:
            raw.execute(f"PREPARE check_{i} AS {_numbered(to_postgres(text))}")
            raw.execute(f"DEALLOCATE check_{i}")
            checked += 1
        except psycopg.Error as exc:
            problems.append(f"{path}:{line}: {str(exc).splitlines()[0]}")
    assert problems == []
    assert checked > 90


# -- the schema ----------------------------------------------------------------------------

_OWN = {"notes_fts", "entry_text_fts", "schema_migrations", "_sqlite_migrations"}


def _columns(db: Any) -> dict[str, list[str]]:
    if dialect.is_postgres(db):
        return {t: db.columns(t) for t in db.table_names() if t not in _OWN}
    return {
        t: [c.name for c in db.table(t).columns]
        for t in db.table_names()
        if t not in _OWN and not t.startswith(("notes_fts_", "entry_text_fts_"))
    }


@only_postgres
def test_both_backends_have_the_same_tables_and_columns(db: Database) -> None:
    sqlite = memory_db()
    try:
        assert _columns(db) == _columns(sqlite)
    finally:
        sqlite.close()


@only_postgres
def test_text_sorts_byte_by_byte_as_on_sqlite(db: Database) -> None:
    from storage import accounts

    for name in ("b-team", "B-team", "a-team", "Zeta"):
        accounts.ensure_team(db, name)
    names = [r[0] for r in db.execute("SELECT name FROM teams ORDER BY name").fetchall()]
    assert names == sorted(names)


@only_postgres
def test_audit_log_refuses_truncate(db: Database) -> None:
    audit.append(db, None, "viewed", "entry", 1)
    with pytest.raises(psycopg.IntegrityError, match="append-only"):
        db.execute("TRUNCATE audit_log")
    assert audit.verify(db) == []


@only_postgres
def test_an_explicit_id_moves_the_generator_past_it(db: Database) -> None:
    db.table("teams").insert({"id": 40, "name": "Forty", "created_at": "now"})
    generated = db.table("teams").insert({"name": "Next", "created_at": "now"}).last_rowid
    assert generated == 41


@only_postgres
def test_json_functions_behave_as_sqlites(db: Database) -> None:
    doc = '{"a": {"b": "x"}, "n": 3, "r": 1.5, "t": true, "o": {"k": 1}}'
    row = db.execute(
        "SELECT json_type(?), json_type(?, '$.a.b'), json_type(?, '$.n'), "
        "json_type(?, '$.r'), json_type(?, '$.t'), json_type(?, '$.missing'), "
        "json_extract(?, '$.a.b'), json_extract(?, '$.o')",
        [doc] * 8,
    ).fetchone()
    assert row[:6] == ("object", "text", "integer", "real", "true", None)
    assert row[6] == "x"
    assert row[7] == '{"k": 1}'


# -- several connections -------------------------------------------------------------------


@only_postgres
def test_audit_appends_from_several_connections_form_one_chain(db_backend: Any) -> None:
    connections = [db_backend.open() for _ in range(4)]
    errors: list[BaseException] = []

    def append_many(conn: Any, worker: int) -> None:
        try:
            for i in range(15):
                audit.append(conn, None, "viewed", "entry", worker * 100 + i)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=append_many, args=(c, n)) for n, c in enumerate(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        assert audit.verify(connections[0]) == []
        assert audit.head(connections[0])[0] == 60
    finally:
        for c in connections:
            c.close()


@only_postgres
def test_a_read_then_write_transaction_holds_other_writers_off(db_backend: Any) -> None:
    first, second = db_backend.open(), db_backend.open()
    order: list[str] = []
    inside = threading.Event()

    def later() -> None:
        inside.wait()
        with transaction(second):
            second.execute("SELECT count(*) FROM teams")  # the lock is taken with this
            order.append("second")

    thread = threading.Thread(target=later)
    thread.start()
    try:
        with transaction(first):
            # BEGIN and the lock go with a transaction's first statement (one round trip):
            # from then until COMMIT no other writer's statement runs.
            first.execute("SELECT count(*) FROM teams")
            inside.set()
            thread.join(0.5)  # the second writer waits on the write lock meanwhile
            order.append("first")
        thread.join()
        assert order == ["first", "second"]
    finally:
        first.close()
        second.close()


@only_postgres
def test_throttle_counts_work_and_leave_commits_durable(db: Database) -> None:
    db.execute("SET synchronous_commit = on")  # the test server's own default is off
    assert throttles.hit(db, "rpm", 7, 1000.0, 2, 60.0) is None
    assert throttles.hit(db, "rpm", 7, 1001.0, 2, 60.0) is None
    assert throttles.hit(db, "rpm", 7, 1002.0, 2, 60.0) == pytest.approx(58.0)
    assert db.execute("SHOW synchronous_commit").fetchone()[0] == "on"


@only_postgres
async def test_a_full_disk_is_reported_as_storage_full(db_backend: Any) -> None:
    pool = DbPool(db_backend.open, read_threads=1)

    def refused(db: Any) -> None:
        raise psycopg.errors.DiskFull("could not extend file")

    try:
        with pytest.raises(StorageFull):
            await pool.write(refused)
    finally:
        pool.close()


@only_postgres
async def test_a_lost_connection_is_replaced_on_the_next_call(db_backend: Any) -> None:
    pool = DbPool(db_backend.open, read_threads=1)

    def whoami(db: Any) -> int:
        return int(db.execute("SELECT pg_backend_pid()").fetchone()[0])

    try:
        first = await pool.write(whoami)
        killer = db_backend.open()
        killer.execute("SELECT pg_terminate_backend(?)", [first])
        killer.close()
        with pytest.raises(psycopg.OperationalError):
            await pool.write(whoami)
        assert await pool.write(whoami) != first
    finally:
        pool.close()


@only_postgres
async def test_a_read_survives_a_schema_change_made_by_another_instance(db_backend: Any) -> None:
    """psycopg prepares a statement on its fifth use; `SELECT *` prepared before another
    instance adds a column fails with "cached plan must not change result type". A rolling
    upgrade does exactly that, so the connection forgets its prepared statements and a read
    is run again."""
    table = f"scratch_{uuid.uuid4().hex[:8]}"
    other = db_backend.open()
    other.execute(f"CREATE TABLE {table} (a INTEGER)")
    other.execute(f"INSERT INTO {table} (a) VALUES (1)")
    pool = DbPool(db_backend.open, read_threads=1)

    def everything(db: Any) -> list[Any]:
        return [tuple(row) for row in db.execute(f"SELECT * FROM {table}").fetchall()]

    try:
        for _ in range(6):  # prepared on the reader's and the writer's connections by now
            assert await pool.read(everything) == [(1,)]
            assert await pool.write(everything) == [(1,)]
        other.execute(f"ALTER TABLE {table} ADD COLUMN b TEXT")
        assert await pool.read(everything) == [(1, None)]
        # A write is not run twice (it may have committed part of its work): it fails
        # once, and the connection is ready for the next.
        with pytest.raises(psycopg.errors.FeatureNotSupported):
            await pool.write(everything)
        assert await pool.write(everything) == [(1, None)]
    finally:
        pool.close()
        other.execute(f"DROP TABLE {table}")
        other.close()


# -- configuration -------------------------------------------------------------------------


def test_password_comes_from_the_named_environment_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PG_TEST_SECRET", "s3cret")
    settings = Settings(
        storage=StorageSettings(
            database="postgresql://casenotes@db.internal:5433/records",
            password_env="PG_TEST_SECRET",
        )
    )
    target = settings.database
    assert isinstance(target, pg.PgTarget)
    assert target.password == "s3cret"
    assert "s3cret" not in str(target) and "s3cret" not in repr(target)
    assert target.database_name == "records"
    assert settings.uses_postgres
    assert settings.database_path.name == "records.pg"
    monkeypatch.delenv("PG_TEST_SECRET")
    assert settings.database.password is None  # type: ignore[union-attr]


def test_an_inline_password_is_kept_out_of_the_url() -> None:
    target = pg.PgTarget.from_url("postgresql://me:pw@localhost:5432/x")
    assert (target.url, target.password) == ("postgresql://me@localhost:5432/x", "pw")


def test_a_sqlite_path_stays_the_default() -> None:
    settings = Settings()
    assert not settings.uses_postgres
    assert isinstance(settings.database, Path)
    assert settings.database.suffix == ".db"
