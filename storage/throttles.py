"""Sliding-window counts shared by every app instance: requests per user, failed sign-ins
per address. One row per counted event, each carrying when it stops counting (`until`).

The times are wall-clock seconds (`time.time()`): instances share no monotonic clock.
Writes here are relaxed to `synchronous=NORMAL`: a count lost to a power cut only lets one
more request through, and the next FULL commit (every note save) syncs these rows anyway.

Every signed-in request counts one hit, so on PostgreSQL `hit` is one round trip rather
than seven (`_hit_postgres`): the same steps, sent together. There a count locks only its
own key (`_key_lock`), not the database-wide write lock: a count depends on nothing but
that key's earlier counts, and under the write lock every request waited while a note save
flushed its commit to disk (a few ms each, and tens of ms on a busy machine).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from storage.db import batched, transaction
from storage.dialect import COUNT_LOCK_CLASS, is_postgres


@contextmanager
def _relaxed(db: Database) -> Iterator[None]:
    """A write transaction whose commit need not wait for the disk: a count lost to a power
    cut lets one more request through, and the next note save syncs it anyway.

    SQLite: NORMAL for this write, FULL again after it (notes keep their guarantee).
    PostgreSQL: `SET LOCAL`, which ends with the transaction, sent with its writes rather
    than as a session setting set and reset in two round trips of their own. Inside an open
    transaction nothing is relaxed: its commit is not ours to weaken."""
    in_txn = db.conn.in_transaction
    if is_postgres(db):
        with transaction(db):
            if not in_txn:
                with batched(db):
                    db.execute(_PG_RELAXED)
            yield
        return
    if not in_txn:
        db.execute("PRAGMA synchronous=NORMAL")
    try:
        with transaction(db):
            yield
    finally:
        if not in_txn:
            db.execute("PRAGMA synchronous=FULL")


_PG_RELAXED = "SET LOCAL synchronous_commit = off"


def wait(db: Database, scope: str, key: str | int, now: float, limit: int) -> float | None:
    """Seconds until `key` may act again (it has `limit` live events), or None if it may now."""
    if limit <= 0:
        return None
    rows = db.execute(
        "SELECT until FROM throttle_hits WHERE scope = ? AND key = ? AND until > ? "
        "ORDER BY until DESC LIMIT ?",
        [scope, str(key), now, limit],
    ).fetchall()
    if len(rows) < limit:
        return None
    return float(rows[-1][0]) - now


def record(db: Database, scope: str, key: str | int, now: float, window_s: float) -> None:
    """Count one event for `key`, live for `window_s` seconds; drop every expired event."""
    with _relaxed(db), batched(db):
        if is_postgres(db):
            db.execute(_PG_KEY_LOCK, _key_lock(scope, key))
        _record(db, scope, key, now, window_s)


def hit(
    db: Database, scope: str, key: str | int, now: float, limit: int, window_s: float
) -> float | None:
    """Count an event unless `key` is at its limit: None if counted, else seconds to wait."""
    if limit <= 0:
        return None
    if is_postgres(db) and not db.conn.in_transaction:
        return _hit_postgres(db, scope, str(key), now, limit, window_s)
    with _relaxed(db):
        if is_postgres(db):
            with batched(db):  # sent with the count below, not in a round trip of its own
                db.execute(_PG_KEY_LOCK, _key_lock(scope, key))
        waiting = wait(db, scope, key, now, limit)
        if waiting is None:
            _record(db, scope, key, now, window_s)
        return waiting


# `wait` and `_record` in one statement (PostgreSQL only: SQLite has no INSERT in a WITH):
# count the live events (at most `limit`), add this one if there are fewer, and say how
# long until the oldest counted one stops counting.
_PG_HIT = """
WITH live AS (
    SELECT until FROM throttle_hits
    WHERE scope = :scope AND key = :key AND until > :now
    ORDER BY until DESC LIMIT :limit
), counted AS (
    INSERT INTO throttle_hits (scope, key, at, until)
    SELECT :scope, :key, :now, :until WHERE (SELECT count(*) FROM live) < :limit
    RETURNING 1
)
SELECT CASE WHEN (SELECT count(*) FROM live) < :limit THEN NULL
            ELSE (SELECT min(until) FROM live) - :now END
"""


def _hit_postgres(
    db: Database, scope: str, key: str, now: float, limit: int, window_s: float
) -> float | None:
    """`hit` in one round trip: BEGIN, the commit relaxed as `_relaxed` relaxes it, this
    key's lock (so two instances never both count the last free request), the expired rows
    dropped, the count and insert, and COMMIT, all sent at once (`batched`).

    Not the write lock: nothing here reads what another write decides but this key's own
    counts, so a count no longer waits while a note save holds that lock through its disk
    flush. Every path that counts for a key on PostgreSQL takes the key's lock."""
    params = {"scope": scope, "key": key, "now": now, "limit": limit, "until": now + window_s}
    try:
        with batched(db):
            db.execute("BEGIN")
            db.execute(_PG_RELAXED)
            db.execute(_PG_KEY_LOCK, _key_lock(scope, key))
            db.execute(_PG_DELETE_EXPIRED, [now])
            answer = db.execute(_PG_HIT, params)
            db.execute("COMMIT")
    except BaseException:
        raw = db.conn.raw  # type: ignore[attr-defined]
        if not raw.broken and db.conn.in_transaction:
            raw.execute("ROLLBACK")
        raise
    row = answer.fetchone()
    return None if row is None or row[0] is None else float(row[0])


_DELETE_EXPIRED = "DELETE FROM throttle_hits WHERE until <= ?"
# PostgreSQL's: counts of different keys run at once there, so each skips expired rows
# another count is deleting right now (never waits on them, never deadlocks over them);
# whichever count gets them, they go.
_PG_DELETE_EXPIRED = (
    "DELETE FROM throttle_hits WHERE ctid = ANY(ARRAY("
    "SELECT ctid FROM throttle_hits WHERE until <= ? FOR UPDATE SKIP LOCKED))"
)
_PG_KEY_LOCK = "SELECT pg_advisory_xact_lock(?, ?)"


def _key_lock(scope: str, key: str | int) -> list[int]:
    """The two-key advisory lock of one throttle key: the counts' class, and a stable 32-bit
    hash of scope and key (two keys sharing a hash only wait for each other)."""
    digest = zlib.crc32(f"{scope}\0{key}".encode())
    return [COUNT_LOCK_CLASS, digest - (1 << 31)]


def _record(db: Database, scope: str, key: str | int, now: float, window_s: float) -> None:
    # Expired rows go on every write (the `until` index finds them), so the table holds
    # only the last window's events whatever the traffic.
    db.execute(_PG_DELETE_EXPIRED if is_postgres(db) else _DELETE_EXPIRED, [now])
    db.execute(
        "INSERT INTO throttle_hits (scope, key, at, until) VALUES (?, ?, ?, ?)",
        [scope, str(key), now, now + window_s],
    )


def live_keys(db: Database, scope: str, now: float) -> set[str]:
    """Keys with an event still counting (for tests and the admin's eye)."""
    rows = db.execute(
        "SELECT DISTINCT key FROM throttle_hits WHERE scope = ? AND until > ?", [scope, now]
    )
    return {row[0] for row in rows}
