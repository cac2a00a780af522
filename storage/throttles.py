"""Sliding-window counts shared by every app instance: requests per user, failed sign-ins
per address. One row per counted event, each carrying when it stops counting (`until`).

The times are wall-clock seconds (`time.time()`): instances share no monotonic clock.
Writes here are relaxed to `synchronous=NORMAL`: a count lost to a power cut only lets one
more request through, and the next FULL commit (every note save) syncs these rows anyway.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from storage.db import transaction


@contextmanager
def _relaxed(db: Database) -> Iterator[None]:
    """NORMAL for one throttle write, FULL again after it (notes keep their guarantee)."""
    in_txn = db.conn.in_transaction
    if not in_txn:
        db.execute("PRAGMA synchronous=NORMAL")
    try:
        yield
    finally:
        if not in_txn:
            db.execute("PRAGMA synchronous=FULL")


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
    with _relaxed(db), transaction(db):
        _record(db, scope, key, now, window_s)


def hit(
    db: Database, scope: str, key: str | int, now: float, limit: int, window_s: float
) -> float | None:
    """Count an event unless `key` is at its limit: None if counted, else seconds to wait."""
    if limit <= 0:
        return None
    with _relaxed(db), transaction(db):
        waiting = wait(db, scope, key, now, limit)
        if waiting is None:
            _record(db, scope, key, now, window_s)
        return waiting


def _record(db: Database, scope: str, key: str | int, now: float, window_s: float) -> None:
    # Expired rows go on every write (the `until` index finds them), so the table holds
    # only the last window's events whatever the traffic.
    db.execute("DELETE FROM throttle_hits WHERE until <= ?", [now])
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
