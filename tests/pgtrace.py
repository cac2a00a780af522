"""Counting round trips to PostgreSQL from libpq's protocol trace.

On SQLite a statement is a function call; on PostgreSQL every wait for the server costs a
scheduling of its process, and on a busy machine that wait, not the SQL, is what a request
costs (docs/scaling.md). These helpers count the waits actually made, so a change that adds
one shows in a test.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from typing import IO, Any

from psycopg import pq


class Trips:
    """The round trips counted in a block (known when it ends)."""

    count = -1


def waits(lines: list[str]) -> int:
    """How many times the client waited for the server in these trace lines: each simple
    `Query`, each `Sync` ending a batch of extended-protocol messages, and each `Flush`
    that asks for results before a Sync (reading a result inside a pipeline).

    A batch that only prepares a named statement is not counted: psycopg does that once per
    connection and statement, on the statement's fifth use there (its `prepare_threshold`),
    and which request pays for it depends on which pooled connection a read lands on. It
    is a one-off cost of a warming connection, not a request's own."""
    sent = [_message(parts) for parts in (line.split("\t") for line in lines)]
    count = 0
    before = ""
    batch: list[tuple[str, str]] = []
    for kind, detail in (m for m in sent if m is not None):
        if kind == "Sync" and _only_prepares(batch):
            pass
        elif kind in ("Query", "Sync") or (kind == "Flush" and before != "Sync"):
            count += 1
        batch = [] if kind in ("Query", "Sync") else [*batch, (kind, detail)]
        before = kind
    return count


def _message(parts: list[str]) -> tuple[str, str] | None:
    """A frontend message of one trace line as (kind, the rest), or None for the server's."""
    if len(parts) > 2 and parts[0] == "F":
        return parts[2].strip(), (parts[3] if len(parts) > 3 else "").strip()
    return None


def _only_prepares(batch: list[tuple[str, str]]) -> bool:
    """Whether a batch is nothing but the Parse of a named statement (a prepare)."""
    return len(batch) == 1 and batch[0][0] == "Parse" and not batch[0][1].startswith('""')


class _Traced:
    """One connection traced into a file of its own (libpq writes whole lines per file)."""

    def __init__(self, db: Any) -> None:
        self.pgconn = db.conn.raw.pgconn
        self.file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self.pgconn.trace(self.file.fileno())
        self.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)

    def stop(self) -> int:
        """Stop tracing; the waits recorded."""
        with contextlib.suppress(Exception):  # a connection closed meanwhile traced nothing more
            self.pgconn.untrace()
        self.file.seek(0)
        lines = self.file.read().decode("utf-8", "replace").splitlines()
        self.file.close()
        return waits(lines)


@contextlib.contextmanager
def round_trips(*dbs: Any) -> Iterator[Trips]:
    """Count the round trips these databases' connections make in the block."""
    trips = Trips()
    traced = [_Traced(db) for db in dbs]
    try:
        yield trips
    finally:
        trips.count = sum(t.stop() for t in traced)


class AppTrips:
    """Every PostgreSQL connection an app's pool opens (install with `watch`), so the round
    trips of whole requests can be counted across its reader, writer and count threads."""

    def __init__(self) -> None:
        self.opened: list[Any] = []
        self._tracing: list[_Traced] | None = None
        self.opened_while_counting = 0

    def watch(self, monkeypatch: Any) -> None:
        """Record each database `storage.db.open_db` opens on PostgreSQL from now on."""
        import storage.db

        original = storage.db.open_postgres

        def recorded(target: Any) -> Any:
            db = original(target)
            self.opened.append(db)
            if self._tracing is not None:  # opened mid-count: its opening is not counted
                self.opened_while_counting += 1
                self._tracing.append(_Traced(db))
            return db

        monkeypatch.setattr(storage.db, "open_postgres", recorded)

    @contextlib.contextmanager
    def counting(self) -> Iterator[Trips]:
        """Count the round trips of every open connection of the app in the block."""
        trips = Trips()
        live = [db for db in self.opened if not db.conn.closed]
        self._tracing = [_Traced(db) for db in live]
        try:
            yield trips
        finally:
            tracing, self._tracing = self._tracing, None
            trips.count = sum(t.stop() for t in tracing)
