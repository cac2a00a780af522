"""Where a `bench.load` fleet's CPU and commits go, split at the moment every officer had
signed in: the sign-in burst (officers arriving, argon2 hashing, the first notes) and the
steady turns after it.

The PostgreSQL-only extra of a chat turn (issue 14) is mostly in the burst, so one total per
fleet hides where it comes from. Three readings are taken, at the fleet's start, when the
last sign-in was answered and at its end, and only then: sampling /proc through the run cost
the bench client enough CPU to slow the requests it timed (docs/load.md). Each reading has
the CPU seconds of the app servers, their extraction workers, the PostgreSQL server and the
machine, and on PostgreSQL the server's own counts: transactions committed, WAL flushes
(fsyncs), full-page images and WAL bytes. The server publishes those counts up to a second
late (its statistics are flushed at most once a second per backend): the last reading
waits for them, and the split may move a second's counts from one phase to the next,
which is small against a phase of tens of seconds.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any

import psycopg

# PostgreSQL 18 counts WAL fsyncs in pg_stat_io; 14-17 in pg_stat_wal.
_WAL_SYNCS = (
    "SELECT sum(fsyncs)::bigint FROM pg_stat_io WHERE object = 'wal'",
    "SELECT wal_sync FROM pg_stat_wal",
)
# A backend publishes its statistics at most once a second (PGSTAT_MIN_INTERVAL).
STATS_LAG_S = 1.1
_COUNTS = (
    "SELECT xact_commit, wal_fpi, wal_bytes::bigint FROM pg_stat_database, pg_stat_wal "
    "WHERE datname = current_database()"
)


@dataclass(frozen=True)
class Reading:
    """Counters at one moment of the fleet; a phase is the difference of two."""

    at_s: float
    app_cpu_s: float
    """The app servers' own CPU (sign-ins' argon2 included)."""
    workers_cpu_s: float
    """The extraction workers' CPU."""
    database_cpu_s: float
    """The PostgreSQL server's CPU, every backend; 0 on SQLite (its work is the app's)."""
    machine_busy_s: float
    client_cpu_s: float
    """This bench client's CPU."""
    commits: int = 0
    wal_syncs: int = 0
    wal_fpi: int = 0
    wal_bytes: int = 0


class ServerCounts:
    """The PostgreSQL server's commit and WAL counters, over one connection opened before
    the fleet starts (so no connection is set up mid-run); nothing on SQLite."""

    def __init__(self, url: str | None) -> None:
        self._conn = psycopg.connect(url, autocommit=True) if url else None
        self._syncs: str | None = None
        if self._conn is not None:
            for sql in _WAL_SYNCS:
                with contextlib.suppress(psycopg.Error):
                    self._conn.execute(sql).fetchone()
                    self._syncs = sql
                    break

    def read(self, *, settle: bool = False) -> dict[str, int]:
        """commits, wal_syncs, wal_fpi and wal_bytes so far (empty on SQLite).

        Args:
            settle: wait first until every backend has published its counts (the fleet's
                last reading, so that no count falls outside the run).
        """
        if self._conn is None:
            return {}
        if settle:
            time.sleep(STATS_LAG_S)
        commits, fpi, wal_bytes = self._conn.execute(_COUNTS).fetchone() or (0, 0, 0)
        syncs = self._conn.execute(self._syncs).fetchone() if self._syncs else None
        return {
            "commits": int(commits or 0),
            "wal_syncs": int((syncs or [0])[0] or 0),
            "wal_fpi": int(fpi or 0),
            "wal_bytes": int(wal_bytes or 0),
        }

    def close(self) -> None:
        """Close the connection, if any."""
        if self._conn is not None:
            self._conn.close()


def take(
    clock: Callable[[], float],
    app_cpu: Callable[[], tuple[float, float]],
    database_cpu: Callable[[], float | None],
    machine_busy: Callable[[], float],
    counts: ServerCounts,
    *,
    last: bool = False,
) -> Reading:
    """One reading of every counter now; the server's counts of the `last` reading once
    they have all been published."""
    app, workers = app_cpu()
    times = os.times()
    reading = Reading(
        at_s=clock(),
        app_cpu_s=app,
        workers_cpu_s=workers,
        database_cpu_s=database_cpu() or 0.0,
        machine_busy_s=machine_busy(),
        client_cpu_s=times.user + times.system,
    )
    return replace(reading, **counts.read(settle=last))


def phase(name: str, start: Reading, end: Reading, notes: int) -> dict[str, Any]:
    """One phase's figures: its length, the cores each part used on average, and per note
    sent in it the CPU milliseconds, commits and WAL flushes.

    Other work on the machine is what the machine used beyond the app, its workers, the
    database and this client."""
    spent = {f.name: getattr(end, f.name) - getattr(start, f.name) for f in fields(Reading)}
    seconds = max(spent["at_s"], 1e-9)
    ours = sum(spent[k] for k in ("app_cpu_s", "workers_cpu_s", "database_cpu_s", "client_cpu_s"))
    per_note = max(notes, 1)
    return {
        f"{name}_s": seconds,
        f"{name}_notes": notes,
        f"{name}_app_cores": spent["app_cpu_s"] / seconds,
        f"{name}_workers_cores": spent["workers_cpu_s"] / seconds,
        f"{name}_database_cores": spent["database_cpu_s"] / seconds,
        f"{name}_other_cores": max(0.0, spent["machine_busy_s"] - ours) / seconds,
        f"{name}_app_ms_per_note": spent["app_cpu_s"] * 1000 / per_note,
        f"{name}_database_ms_per_note": spent["database_cpu_s"] * 1000 / per_note,
        f"{name}_commits_per_note": spent["commits"] / per_note,
        f"{name}_wal_syncs_per_note": spent["wal_syncs"] / per_note,
        f"{name}_wal_fpi": spent["wal_fpi"],
        f"{name}_wal_kb": spent["wal_bytes"] / 1024,
    }
