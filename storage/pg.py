"""PostgreSQL behind the part of sqlite-utils' `Database` API the storage code uses.

The storage functions were written against sqlite-utils: `db.execute`, `db.query`,
`db.execute_returning_dicts`, `db.table(name).insert/update/upsert_all` and, in the
migrations, `.create/.create_index/.add_column/.transform`. `PgDatabase` offers exactly
those over one psycopg 3 connection, each statement rewritten once by `storage.dialect`,
so one set of storage functions serves both backends. The connection is in autocommit
mode, as sqlite-utils' `execute` is outside a transaction; `storage.db.transaction` opens
the explicit ones.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql as pgsql
from psycopg.rows import dict_row
from sqlite_utils.db import NotFoundError

from storage import dialect
from storage.pg_connection import PgConnection, adapt_params

log = logging.getLogger(__name__)

URL_SCHEMES = ("postgresql://", "postgres://")
MIGRATIONS_TABLE = "schema_migrations"
CONNECT_TIMEOUT_S = 10
STATEMENT_TIMEOUT_MS = 30_000
"""A statement slower than this is cancelled: a stuck query must not hold a writer forever."""
LOCK_TIMEOUT_MS = 15_000
"""Waiting longer than this for a lock (the write lock included) fails the request, as
SQLite's busy timeout does, rather than queueing without end."""


def is_url(target: object) -> bool:
    """Whether a `[storage] database` value names a PostgreSQL server."""
    return isinstance(target, str | PgTarget) and str(target).startswith(URL_SCHEMES)


@dataclass(frozen=True)
class PgTarget:
    """A PostgreSQL database: the URL without a password, and the password kept apart so
    the URL can be logged and shown."""

    url: str
    password: str | None = field(default=None, repr=False)

    def __str__(self) -> str:
        return self.url

    @classmethod
    def from_url(cls, url: str, password: str | None = None) -> PgTarget:
        """A target from a URL that may carry its own password (tests); an explicit
        `password` wins. The stored URL never holds the password."""
        parts = urlsplit(url)
        inline = parts.password
        if inline is not None:
            host = parts.hostname or ""
            if ":" in host:
                host = f"[{host}]"
            user = parts.username or ""
            netloc = f"{user}@{host}" if user else host
            if parts.port:
                netloc += f":{parts.port}"
            url = urlunsplit(parts._replace(netloc=netloc))
        return cls(url=url, password=password if password is not None else inline)

    @property
    def database_name(self) -> str:
        """The database's name (the URL's path)."""
        return urlsplit(self.url).path.lstrip("/") or "postgres"


def connect(target: PgTarget) -> psycopg.Connection:
    """A raw autocommit connection with the session settings the storage code assumes."""
    extra: dict[str, Any] = {}
    if target.password is not None:
        extra["password"] = target.password
    conn = psycopg.connect(
        target.url,
        autocommit=True,
        connect_timeout=CONNECT_TIMEOUT_S,
        options=f"-c statement_timeout={STATEMENT_TIMEOUT_MS} -c lock_timeout={LOCK_TIMEOUT_MS}"
        " -c timezone=UTC",
        application_name="casenotes",
        **extra,
    )
    return conn


class PgDatabase:
    """A PostgreSQL database offering the sqlite-utils `Database` calls the code makes."""

    dialect = "postgresql"

    def __init__(self, raw: psycopg.Connection) -> None:
        self.conn = PgConnection(raw)
        self._primary_keys: dict[str, list[str]] = {}
        self._generated: dict[tuple[str, str], bool] = {}

    def execute(self, sql: str, parameters: Any = None) -> psycopg.Cursor:
        """Run a statement; rows come back as tuples, as from sqlite3."""
        return self.conn.execute(sql, parameters)

    def query(self, sql: str, params: Any = None) -> Iterator[dict[str, Any]]:
        """Run a query, yielding each row as a dict."""
        statement = dialect.to_postgres(sql)
        yield from self.conn.run(statement, adapt_params(params), row_factory=dict_row)

    def execute_returning_dicts(self, sql: str, params: Any = None) -> list[dict[str, Any]]:
        """Run a statement and return every row as a dict."""
        return list(self.query(sql, params))

    def execute_together(
        self, statements: Sequence[tuple[str, Any]], *, commit: bool = False
    ) -> list[list[dict[str, Any]]]:
        """Run SQLite-dialect statements in one round trip; each one's rows as dicts
        (`PgConnection.run_together`)."""
        translated = [(dialect.to_postgres(sql), adapt_params(p)) for sql, p in statements]
        return self.conn.run_together(translated, commit=commit)

    def table(self, name: str) -> PgTable:
        """The named table (it need not exist yet)."""
        return PgTable(self, name)

    __getitem__ = table

    @contextmanager
    def atomic(self) -> Iterator[PgDatabase]:
        """A transaction, or a savepoint inside an open one."""
        with self.conn.raw.transaction():
            yield self

    def rollback(self) -> None:
        """Roll back the open transaction, if any."""
        self.conn.raw.rollback()

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> PgDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def table_names(self) -> list[str]:
        """Ordinary tables in the current schema."""
        rows = self.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
            "ORDER BY table_name"
        ).fetchall()
        return [r[0] for r in rows]

    def columns(self, table: str) -> list[str]:
        """A table's column names in order."""
        rows = self.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
            [table],
        ).fetchall()
        return [r[0] for r in rows]

    def primary_key(self, table: str) -> list[str]:
        """A table's primary-key columns (cached: the schema changes only in migrations)."""
        if table not in self._primary_keys:
            rows = self._catalog(
                "SELECT a.attname FROM pg_index i "
                "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                "WHERE i.indrelid = to_regclass(?) AND i.indisprimary "
                "ORDER BY array_position(i.indkey, a.attnum)",
                [table],
            )
            self._primary_keys[table] = [r[0] for r in rows]
        return self._primary_keys[table]

    def generates(self, table: str, column: str) -> bool:
        """Whether the database generates `column`'s values (an identity column); cached."""
        if (table, column) not in self._generated:
            row = self._catalog("SELECT pg_get_serial_sequence(?, ?)", [table, column])[0]
            self._generated[(table, column)] = row[0] is not None
        return self._generated[(table, column)]

    def _catalog(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        """A schema fact, asked at once even inside a `batched` block whose statements are
        held back (an insert there needs its table's key): it depends on no write."""
        return self.conn.raw.execute(dialect.to_postgres(sql), adapt_params(params)).fetchall()

    def forget_schema(self) -> None:
        """Drop cached schema facts (after a migration changed a primary key)."""
        self._primary_keys.clear()
        self._generated.clear()


def _one(cursor: psycopg.Cursor) -> tuple[Any, ...]:
    """The one row a statement always returns (count(*), a function call)."""
    row = cursor.fetchone()
    if row is None:  # pragma: no cover - such statements always return a row
        raise RuntimeError("expected a row")
    return tuple(row)


def _ident(name: str) -> pgsql.Identifier:
    return pgsql.Identifier(name)


def _column_list(names: Iterable[str]) -> pgsql.Composed:
    return pgsql.SQL(", ").join(_ident(n) for n in names)


_TYPES = {int: "BIGINT", str: 'TEXT COLLATE "C"', float: "DOUBLE PRECISION", bytes: "BYTEA"}
"""Column types for sqlite-utils' Python types. Text sorts and compares byte by byte
("C"), as SQLite's default BINARY collation does, so every ORDER BY keeps its order."""


class PgTable:
    """One table, with the sqlite-utils `Table` methods the code and migrations call."""

    def __init__(self, db: PgDatabase, name: str) -> None:
        self.db = db
        self.name = name
        self.last_rowid: int | None = None
        self.last_pk: Any = None

    def _run(self, statement: pgsql.SQL | pgsql.Composed, params: Any = None) -> psycopg.Cursor:
        return self.db.conn.run(statement, adapt_params(params))

    # -- schema (migrations) --------------------------------------------------------------

    def create(
        self,
        columns: dict[str, type],
        pk: str | Sequence[str] | None = None,
        not_null: Iterable[str] = (),
        defaults: dict[str, Any] | None = None,
        foreign_keys: Iterable[tuple[str, str, str]] = (),
        strict: bool = False,
    ) -> PgTable:
        """CREATE TABLE as sqlite-utils would: a single integer `pk` is generated on insert
        (SQLite's rowid alias); `strict` is what PostgreSQL always is."""
        del strict
        keys = [pk] if isinstance(pk, str) else list(pk or [])
        required, defaults = set(not_null), defaults or {}
        references = {column: (table, other) for column, table, other in foreign_keys}
        parts: list[pgsql.Composable] = []
        for column, kind in columns.items():
            piece = [_ident(column), pgsql.SQL(_TYPES[kind])]
            if keys == [column] and kind is int:
                piece.append(pgsql.SQL("GENERATED BY DEFAULT AS IDENTITY"))
            if column in required:
                piece.append(pgsql.SQL("NOT NULL"))
            if column in defaults:
                piece += [pgsql.SQL("DEFAULT"), pgsql.Literal(defaults[column])]
            if column in references:
                table, other = references[column]
                piece.append(pgsql.SQL("REFERENCES {} ({})").format(_ident(table), _ident(other)))
            parts.append(pgsql.SQL(" ").join(piece))
        if keys:
            parts.append(pgsql.SQL("PRIMARY KEY ({})").format(_column_list(keys)))
        self._run(
            pgsql.SQL("CREATE TABLE {} ({})").format(_ident(self.name), pgsql.SQL(", ").join(parts))
        )
        return self

    def create_index(
        self, columns: Sequence[str], index_name: str | None = None, unique: bool = False
    ) -> PgTable:
        """CREATE INDEX named as sqlite-utils names it (`idx_<table>_<columns>`)."""
        name = index_name or f"idx_{self.name}_{'_'.join(columns)}"
        self._run(
            pgsql.SQL("CREATE {}INDEX {} ON {} ({})").format(
                pgsql.SQL("UNIQUE " if unique else ""),
                _ident(name),
                _ident(self.name),
                _column_list(columns),
            )
        )
        return self

    def add_column(self, name: str, kind: type = str) -> PgTable:
        """ALTER TABLE ... ADD COLUMN."""
        self._run(
            pgsql.SQL("ALTER TABLE {} ADD COLUMN {} {}").format(
                _ident(self.name), _ident(name), pgsql.SQL(_TYPES[kind])
            )
        )
        return self

    def transform(self, *, pk: str | Sequence[str]) -> PgTable:
        """A new primary key (the only transform the migrations make)."""
        keys = [pk] if isinstance(pk, str) else list(pk)
        self._run(
            pgsql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
                _ident(self.name), _ident(f"{self.name}_pkey")
            )
        )
        self._run(
            pgsql.SQL("ALTER TABLE {} ADD PRIMARY KEY ({})").format(
                _ident(self.name), _column_list(keys)
            )
        )
        self.db.forget_schema()
        return self

    # -- rows -----------------------------------------------------------------------------

    def insert(self, row: dict[str, Any], *, replace: bool = False) -> PgTable:
        """INSERT one row (`replace`: overwrite a row with the same primary key); sets
        `last_rowid` to a single integer key's value, as sqlite-utils does."""
        keys = self.db.primary_key(self.name)
        statement = pgsql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
            _ident(self.name),
            _column_list(row),
            pgsql.SQL(", ").join(pgsql.Placeholder() * len(row)),
        )
        if replace and keys:
            statement += self._on_conflict_update(keys, row)
        if len(keys) == 1:
            statement += pgsql.SQL(" RETURNING {}").format(_ident(keys[0]))
        cur = self._run(statement, list(row.values()))
        if len(keys) == 1:
            found = cur.fetchone()
            self.last_pk = found[0] if found else None
            self.last_rowid = self.last_pk if isinstance(self.last_pk, int) else None
            if row.get(keys[0]) is not None and self.db.generates(self.name, keys[0]):
                self._advance_identity(keys[0])
        return self

    def _advance_identity(self, column: str) -> None:
        """After an explicit id, move the generator past it (SQLite's rowid does this
        itself), so the next generated id does not collide."""
        self._run(
            pgsql.SQL(
                "SELECT setval(s, (SELECT max({c}) FROM {t})) "
                "FROM pg_get_serial_sequence({name}, {column}) AS s WHERE s IS NOT NULL"
            ).format(
                c=_ident(column),
                t=_ident(self.name),
                name=pgsql.Literal(self.name),
                column=pgsql.Literal(column),
            )
        )

    def insert_all(self, rows: Iterable[dict[str, Any]], *, replace: bool = False) -> PgTable:
        """INSERT each row (see `insert`)."""
        for row in rows:
            self.insert(row, replace=replace)
        return self

    def get(self, pk_value: Any) -> dict[str, Any]:
        """The row with this primary key as a dict; NotFoundError if there is none."""
        keys = self.db.primary_key(self.name)
        values = list(pk_value) if isinstance(pk_value, list | tuple) else [pk_value]
        statement = pgsql.SQL("SELECT * FROM {} WHERE {}").format(
            _ident(self.name),
            pgsql.SQL(" AND ").join(pgsql.SQL("{} = %s").format(_ident(k)) for k in keys),
        )
        found = self.db.conn.run(statement, adapt_params(values), row_factory=dict_row).fetchone()
        if found is None:
            raise NotFoundError(f"no {self.name} row with primary key {pk_value!r}")
        return found

    @property
    def count(self) -> int:
        """How many rows the table holds."""
        statement = pgsql.SQL("SELECT count(*) FROM {}").format(_ident(self.name))
        return int(_one(self._run(statement))[0])

    @property
    def rows(self) -> Iterator[dict[str, Any]]:
        """Every row as a dict."""
        statement = pgsql.SQL("SELECT * FROM {}").format(_ident(self.name))
        yield from self.db.conn.run(statement, row_factory=dict_row)

    def update(self, pk_value: Any, updates: dict[str, Any]) -> PgTable:
        """UPDATE the row with this primary key; NotFoundError if there is none."""
        keys = self.db.primary_key(self.name)
        values = list(pk_value) if isinstance(pk_value, list | tuple) else [pk_value]
        where = pgsql.SQL(" AND ").join(pgsql.SQL("{} = %s").format(_ident(k)) for k in keys)
        if updates:
            statement = pgsql.SQL("UPDATE {} SET {} WHERE {}").format(
                _ident(self.name),
                pgsql.SQL(", ").join(pgsql.SQL("{} = %s").format(_ident(c)) for c in updates),
                where,
            )
            cur = self._run(statement, [*updates.values(), *values])
            found = cur.rowcount
        else:
            statement = pgsql.SQL("SELECT 1 FROM {} WHERE {}").format(_ident(self.name), where)
            found = len(self._run(statement, values).fetchall())
        if not found:
            raise NotFoundError(f"no {self.name} row with primary key {pk_value!r}")
        self.last_pk = pk_value
        return self

    def upsert_all(self, rows: Iterable[dict[str, Any]], *, pk: str | Sequence[str]) -> PgTable:
        """INSERT each row, updating the given columns of a row with the same `pk`."""
        keys = [pk] if isinstance(pk, str) else list(pk)
        batch = list(rows)
        if not batch:
            return self
        columns = list(batch[0])
        if any(list(row) != columns for row in batch):  # rows of different shapes: one by one
            for row in batch:
                self.upsert_all([row], pk=keys)
            return self
        one_row = pgsql.SQL("({})").format(pgsql.SQL(", ").join(pgsql.Placeholder() * len(columns)))
        statement = pgsql.SQL("INSERT INTO {} ({}) VALUES {}").format(
            _ident(self.name), _column_list(columns), pgsql.SQL(", ").join([one_row] * len(batch))
        )
        values = [row[c] for row in batch for c in columns]
        self._run(statement + self._on_conflict_update(keys, batch[0]), values)
        return self

    @staticmethod
    def _on_conflict_update(keys: Sequence[str], row: dict[str, Any]) -> pgsql.Composed:
        others = [c for c in row if c not in keys]
        if not others:
            return pgsql.SQL(" ON CONFLICT ({}) DO NOTHING").format(_column_list(keys))
        return pgsql.SQL(" ON CONFLICT ({}) DO UPDATE SET {}").format(
            _column_list(keys),
            pgsql.SQL(", ").join(
                pgsql.SQL("{c} = EXCLUDED.{c}").format(c=_ident(c)) for c in others
            ),
        )


# -- migrations ----------------------------------------------------------------------------


def applied_migrations(db: PgDatabase, migration_set: str) -> list[str]:
    """Names of the migrations applied to this database, in the order applied."""
    exists = _one(db.execute("SELECT to_regclass(?)", [MIGRATIONS_TABLE]))[0]
    if exists is None:
        return []
    rows = db.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY applied_at, name",
        [migration_set],
    ).fetchall()
    return [r[0] for r in rows]


def apply_migrations(db: PgDatabase, migrations: Any) -> list[str]:
    """Apply the pending migrations of a sqlite-utils `Migrations` set, all in one
    transaction under an advisory lock (instances starting together migrate once), and
    return the names applied. The same functions build SQLite's schema."""
    known = [m.name for m in migrations._migrations]
    if set(known) <= set(applied_migrations(db, migrations.name)):
        return []
    done: list[str] = []
    with db.conn.raw.transaction():
        db.execute("SELECT pg_advisory_xact_lock(?)", [dialect.MIGRATE_LOCK])
        db.conn.raw.execute(dialect.COMPAT_FUNCTIONS)
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (migration_set TEXT NOT NULL, "
            "name TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (migration_set, name))"
        )
        already = set(applied_migrations(db, migrations.name))
        for migration in migrations._migrations:
            if migration.name in already:
                continue
            migration.fn(db)
            db.execute(
                f"INSERT INTO {MIGRATIONS_TABLE} (migration_set, name, applied_at) "
                "VALUES (?, ?, ?)",
                [migrations.name, migration.name, datetime.now(UTC).isoformat()],
            )
            done.append(migration.name)
    db.forget_schema()
    if done:
        log.info("applied %d migrations", len(done))
    return done
