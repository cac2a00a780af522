"""One PostgreSQL connection as the storage code sees it, sending as few round trips as it can.

On SQLite a statement is a function call; on PostgreSQL each wait for an answer is a round
trip to the server process, and on a busy machine that wait, not the SQL, is what a write
costs (docs/scaling.md). So a write transaction here (`storage.db.transaction`) sends nothing
when it opens: BEGIN and the write lock go with its first statement, in one pipeline
(psycopg's pipeline mode). Writes whose results the code never reads (`storage.db.batched`:
an audit row, a version row, section drafts) wait and go with the next statement, or with
COMMIT. A transaction that reads once and writes is then two round trips, not five.

Statements arrive already rewritten into PostgreSQL's dialect (`storage.pg` does that).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.pq import TransactionStatus
from psycopg.rows import dict_row

from storage import dialect
from storage.dialect import WRITE_LOCK

# PostgreSQL's text type cannot hold NUL. A NUL in typed or pasted text means nothing, so it
# is stored as U+FFFD, the mark a broken byte already gets, rather than failing the write (a
# note lost to a stray control character would break "nothing an officer writes is lost").
NUL_STORED_AS = "\ufffd"


def _adapt(value: Any) -> Any:
    """A parameter as SQLite would have stored it: booleans are 0/1 in integer columns,
    dicts and lists are JSON text (as sqlite-utils writes them). A NUL character, which
    PostgreSQL text cannot hold, is stored as U+FFFD."""
    if isinstance(value, str):
        return value.replace("\x00", NUL_STORED_AS)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, default=repr, ensure_ascii=False)
    return value


def adapt_params(parameters: Sequence[Any] | dict[str, Any] | None) -> Any:
    """Statement parameters adapted as `_adapt` adapts each one."""
    if parameters is None:
        return None
    if isinstance(parameters, dict):
        return {k: _adapt(v) for k, v in parameters.items()}
    return [_adapt(v) for v in parameters]


_BEGIN = "BEGIN"
_LOCK = f"SELECT pg_advisory_xact_lock({WRITE_LOCK})"
_AUDIT_HEAD = "SELECT key, value FROM audit_meta WHERE key IN ('head_id', 'head_hash')"


class PgConnection:
    """The `db.conn` the storage code touches: transaction state, statements, close."""

    def __init__(self, raw: psycopg.Connection) -> None:
        self.raw = raw
        self.inner_failed = False
        """A block nested in the open write transaction failed (`storage.db.transaction`)."""
        self.prefetch_audit_head = False
        """Read the audit chain's head with every BEGIN (set once this connection appends)."""
        self.audit_head: dict[str, str] | None = None
        """The head's `audit_meta` rows as of this write transaction, while one is open."""
        self.write_open = False
        """A write transaction opened by `storage.db.transaction` is open."""
        self._begin_waiting = False
        """That transaction's BEGIN and write lock have not been sent yet."""
        self._deferred: list[tuple[Any, Any]] = []
        """Writes waiting to go with the next statement or COMMIT."""
        self._deferring = False
        """Statements are being deferred (a `batched` block inside the write transaction)."""
        self._committed = False
        """The write transaction's COMMIT went with its last statements (`run_together`)."""

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open (sqlite3's attribute of the same name), counting
        a write transaction whose BEGIN has not been sent yet."""
        return self.write_open or self.raw.info.transaction_status != TransactionStatus.IDLE

    # -- statements ------------------------------------------------------------------------

    def execute(self, sql: str, parameters: Any = None) -> psycopg.Cursor:
        """Run one SQLite-dialect statement."""
        return self.run(dialect.to_postgres(sql), adapt_params(parameters))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> psycopg.Cursor:
        """Run one SQLite-dialect statement for each parameter row."""
        return self.run_many(dialect.to_postgres(sql), [adapt_params(r) for r in rows])

    def run(self, statement: Any, params: Any = None, *, row_factory: Any = None) -> Any:
        """Run one PostgreSQL statement and return its cursor; whatever is waiting to be
        sent goes first, in the same round trip. Inside a `deferring` block the statement
        waits too, and its cursor has no result (reading it raises)."""
        cursor = self.raw.cursor(row_factory=row_factory) if row_factory else self.raw.cursor()
        if self._deferring:
            self._deferred.append((statement, params))
            return cursor
        if not self._waiting:
            return cursor.execute(statement, params)
        with self.raw.pipeline():
            head = self._send_waiting()
            cursor.execute(statement, params)
        self._keep_head(head)
        return cursor

    def run_many(self, statement: Any, rows: Iterable[Sequence[Any]]) -> psycopg.Cursor:
        """Run one statement for each parameter row (deferred, as `run`, when deferring)."""
        cursor = self.raw.cursor()
        if self._deferring:
            self._deferred += [(statement, row) for row in rows]
            return cursor
        with self.raw.pipeline():
            head = self._send_waiting()
            cursor.executemany(statement, rows)
        self._keep_head(head)
        return cursor

    def run_together(
        self, statements: Sequence[tuple[Any, Any]], *, commit: bool = False
    ) -> list[list[dict[str, Any]]]:
        """Run PostgreSQL statements in one round trip, after whatever is waiting; each one's
        rows as dicts (none for a statement returning none).

        Args:
            commit: end the open write transaction with them (its COMMIT in the same round
                trip): for a transaction that is these statements and nothing after.
        """
        if self._deferring:
            raise RuntimeError("statements whose rows are read cannot be held back")
        cursors = []
        with self.raw.pipeline():
            head = self._send_waiting()
            for statement, params in statements:
                cursors.append(self.raw.cursor(row_factory=dict_row).execute(statement, params))
            if commit and self.write_open:
                self.raw.execute("COMMIT")
                self._committed = True
        self._keep_head(head)
        return [cursor.fetchall() if cursor.description else [] for cursor in cursors]

    @contextmanager
    def deferring(self) -> Iterator[None]:
        """Hold the block's statements back until the next statement that must be answered,
        or COMMIT (`storage.db.batched` inside an open write transaction)."""
        before, self._deferring = self._deferring, True
        try:
            yield
        finally:
            self._deferring = before

    # -- write transactions ------------------------------------------------------------------

    def begin_write(self) -> None:
        """Open a write transaction; BEGIN and the write lock go with its first statement."""
        self.inner_failed = False
        self.audit_head = None
        self.write_open = True
        self._begin_waiting = True
        self._deferred = []
        self._committed = False

    def head_in_transaction(self) -> dict[str, str] | None:
        """The audit chain's head as of this write transaction, if known without asking
        again: a transaction that has sent nothing yet sends BEGIN and the lock now, with
        the head read after the lock is held (so it is current until COMMIT)."""
        if self._begin_waiting:
            self.prefetch_audit_head = True
            self.flush()
        return self.audit_head

    def flush(self) -> None:
        """Send whatever is waiting now, in one round trip."""
        if self._waiting:
            with self.raw.pipeline():
                head = self._send_waiting()
            self._keep_head(head)

    def commit_write(self) -> None:
        """COMMIT, with the writes still waiting, in one round trip; nothing at all when the
        transaction never sent a statement, or sent COMMIT already. On an error the caller
        calls `rollback_write`."""
        if self._committed or (self._begin_waiting and not self._deferred):
            self._end_write()  # nothing was asked of the server: nothing to end there
            return
        if self._waiting:
            with self.raw.pipeline():
                self._send_waiting()
                self.raw.execute("COMMIT")
        else:
            self.raw.execute("COMMIT")
        self._end_write()

    def rollback_write(self) -> None:
        """Roll back what was sent of the write transaction and drop what was not."""
        try:
            if not self.raw.broken and self.raw.info.transaction_status != TransactionStatus.IDLE:
                self.raw.execute("ROLLBACK")
        finally:
            self._end_write()

    def _end_write(self) -> None:
        """Forget the transaction, and the head read in it: past COMMIT another instance
        may move it."""
        self.write_open = False
        self._begin_waiting = False
        self._deferred = []
        self._committed = False
        self.audit_head = None

    @property
    def _waiting(self) -> bool:
        return self._begin_waiting or bool(self._deferred)

    def _send_waiting(self) -> psycopg.Cursor | None:
        """Inside a pipeline: BEGIN, the lock and the head if not sent yet, then the deferred
        writes in order. Returns the head's cursor when it was asked for."""
        head = None
        if self._begin_waiting:
            self._begin_waiting = False
            self.raw.execute(_BEGIN)
            self.raw.execute(_LOCK)
            if self.prefetch_audit_head:
                head = self.raw.execute(_AUDIT_HEAD)
        queued, self._deferred = self._deferred, []
        for statement, params in queued:
            self.raw.execute(statement, params)
        return head

    def _keep_head(self, head: psycopg.Cursor | None) -> None:
        if head is not None:
            self.audit_head = dict(head.fetchall())

    # -- the rest of sqlite3's connection ---------------------------------------------------

    def close(self) -> None:
        """Close the connection."""
        self.raw.close()

    @property
    def closed(self) -> bool:
        """Whether the connection is closed (or was lost)."""
        return self.raw.closed or self.raw.broken
