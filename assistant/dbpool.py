"""The one async boundary to storage: reads on a small thread pool, writes on one thread.

On PostgreSQL the same shape holds (one connection per thread); the single writer is no
longer needed for correctness there (writes take an advisory lock, storage/db.py) but it
keeps one instance's writes from queueing on that lock against each other.

SQLite in WAL mode lets readers run beside a writer, but allows one writer at a time; the
audit log's hash chain also needs its rows appended in order. So every write goes through a
single writer thread (no "database is locked" retries, a strict order) and reads share a few
threads, each with its own connection. The event loop only ever awaits.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import sqlite3
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import psycopg

from storage.errors import StorageFull

log = logging.getLogger(__name__)
T = TypeVar("T")
HASHING_THREADS = 2  # sign-ins hashed at once: one per core of the target machine
# How much less CPU the hashing threads get when something else in this process wants it
# (Linux nice: each step is about 1.25x less weight; 10 is about a tenth of the weight).
HASHING_NICENESS = 10


def lower_this_threads_priority(steps: int = HASHING_NICENESS) -> None:
    """Make the calling thread yield the CPU to the rest of the process (Linux only, where
    niceness is per thread; a thread may always lower its own priority).

    Password hashing is 55 ms of pure CPU a sign-in. During a burst of sign-ins two hashes
    at once keep both cores of the target machine busy, and every request waiting for the
    database then waits for a core as well: on PostgreSQL each of a chat turn's round trips
    ends in a wake-up of the thread that sent it, so a turn queued behind the hashes 14
    times. At lower priority the hashes take the time the rest of the process leaves, and a
    sign-in is a little slower only while something else is running."""
    if sys.platform == "linux":
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + steps)


class DbPool:
    """Runs storage functions `fn(db, *args)` off the event loop."""

    def __init__(
        self, opener: Callable[[], Any], read_threads: int = 4, *, counts_apart: bool = False
    ) -> None:
        """
        Args:
            counts_apart: run request counts (`count`) on a thread of their own rather than
                the writer's. For PostgreSQL: a count is one round trip there whose write
                lock waits in the server only for the transaction holding it, so apart it
                no longer waits behind every note save queued on the writer, and every
                request (reads included) takes one. On SQLite counts stay on the writer:
                a second writing thread would meet the first in SQLite's polling busy wait.
        """
        self._opener = opener
        self._local = threading.local()
        self._opened: list[Any] = []
        self._opened_lock = threading.Lock()
        self._readers = ThreadPoolExecutor(max(1, read_threads), thread_name_prefix="db-read")
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="db-write")
        # Password hashing (argon2id, ~55 ms of CPU and 19 MiB each) gets its own threads: on
        # the reader threads, a burst of sign-ins queued every signed-in officer's reads behind
        # it. They run at a lower priority than the rest of the process (see above).
        self._hashing = ThreadPoolExecutor(
            HASHING_THREADS, thread_name_prefix="db-hash", initializer=lower_this_threads_priority
        )
        self._counter = (
            ThreadPoolExecutor(1, thread_name_prefix="db-count") if counts_apart else self._writer
        )

    def _db(self) -> Any:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self._opener()
            with self._opened_lock:
                self._opened.append(db)
        return db

    def _call(self, fn: Callable[..., T], args: tuple, kwargs: dict, *, reads: bool = False) -> T:
        db = self._db()
        try:
            return fn(db, *args, **kwargs)
        except psycopg.errors.FeatureNotSupported as exc:
            if not _stale_plan(exc):
                raise
            # Another instance changed the schema under a statement psycopg had prepared
            # here (a rolling upgrade adding a column under `SELECT *`). Forget this
            # connection's prepared statements; a read has no effects, so it runs again.
            log.warning("a prepared statement went stale after a schema change; re-preparing")
            _forget_prepared(db)
            if not reads:
                raise
            return fn(db, *args, **kwargs)
        except sqlite3.OperationalError as exc:
            # SQLite rolls the transaction back whole; say so in words an officer can act on.
            if exc.sqlite_errorcode == sqlite3.SQLITE_FULL:
                log.error("the database is full: a write was refused")
                raise StorageFull() from exc
            raise
        except psycopg.errors.DiskFull as exc:  # SQLSTATE 53100: rolled back whole too
            log.error("the database is full: a write was refused")
            raise StorageFull() from exc
        except psycopg.OperationalError:
            self._forget_if_lost(db)
            raise

    def _forget_if_lost(self, db: Any) -> None:
        """Drop this thread's PostgreSQL connection if it was lost (a server restart, a
        network cut), so the next call opens a new one instead of failing for ever."""
        if getattr(db.conn, "closed", False):
            log.warning("the database connection was lost; the next call reconnects")
            self._local.db = None
            with self._opened_lock:
                self._opened = [d for d in self._opened if d is not db]
            with contextlib.suppress(Exception):
                db.close()

    async def read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a read-only storage function on a reader thread."""
        loop = asyncio.get_running_loop()
        job = functools.partial(self._call, fn, args, kwargs, reads=True)
        return await loop.run_in_executor(self._readers, job)

    async def read_hashing(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a read that hashes a password on the hashing threads, never before other reads."""
        loop = asyncio.get_running_loop()
        job = functools.partial(self._call, fn, args, kwargs, reads=True)
        return await loop.run_in_executor(self._hashing, job)

    async def write(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a storage function that changes data on the single writer thread."""
        loop = asyncio.get_running_loop()
        job = functools.partial(self._call, fn, args, kwargs)
        return await loop.run_in_executor(self._writer, job)

    async def count(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a request count (`storage.throttles.hit`): on the writer thread, or on its
        own with `counts_apart`."""
        loop = asyncio.get_running_loop()
        job = functools.partial(self._call, fn, args, kwargs)
        return await loop.run_in_executor(self._counter, job)

    def close(self) -> None:
        """Finish queued work and close every connection."""
        self._counter.shutdown(wait=True)
        self._writer.shutdown(wait=True)
        self._readers.shutdown(wait=True)
        self._hashing.shutdown(wait=True)
        for db in self._opened:
            with contextlib.suppress(Exception):  # best effort at shutdown
                getattr(db, "conn", db).close()


def _stale_plan(exc: psycopg.errors.FeatureNotSupported) -> bool:
    """Whether PostgreSQL refused a prepared statement whose result's shape has changed."""
    return "cached plan must not change result type" in str(exc)


def _forget_prepared(db: Any) -> None:
    """End any failed transaction and drop every statement psycopg prepared on this
    connection (psycopg forgets its own record of them when it sees DEALLOCATE ALL)."""
    raw = db.conn.raw
    if raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        raw.execute("ROLLBACK")
    raw.execute("DEALLOCATE ALL")
