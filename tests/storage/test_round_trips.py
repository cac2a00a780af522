"""Round trips to PostgreSQL on the hot paths, and the write transactions that save them.

On SQLite a statement is a function call; on PostgreSQL each one waits for the server,
and on a busy machine that wait, not the SQL, is what a chat turn and a sign-in cost
(docs/scaling.md). These count the requests actually sent (libpq's protocol trace,
tests/pgtrace.py) so a change that adds some shows here, and check that
what saves them keeps the guarantees: one audit chain, one count per request, nothing
half-committed.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import psycopg
import pytest
from sqlite_utils import Database
from storage_helpers import CRN_A1, World

from assistant.dbpool import DbPool
from storage import audit, conversations, throttles
from storage.db import NestedWriteFailed, batched, transaction
from tests.pgtrace import round_trips

only_postgres = pytest.mark.parametrize("db_backend", ["postgresql"], indirect=True)


@only_postgres
def test_a_counted_request_is_one_round_trip(db: Database) -> None:
    db.execute("SET synchronous_commit = on")  # the test server's own default is off
    with round_trips(db) as sent:
        assert throttles.hit(db, "rpm", 7, 1000.0, 2, 60.0) is None
    assert sent.count == 1
    assert throttles.hit(db, "rpm", 7, 1001.0, 2, 60.0) is None
    assert throttles.hit(db, "rpm", 7, 1002.0, 2, 60.0) == pytest.approx(58.0)
    # Relaxed for its own commit only: the connection's later commits stay durable.
    assert db.execute("SHOW synchronous_commit").fetchone()[0] == "on"
    assert not db.conn.in_transaction


@only_postgres
def test_expired_counts_are_dropped_and_the_limit_holds_across_connections(
    db_backend: Any,
) -> None:
    """Four connections (instances) counting one user at once never pass the limit."""
    connections = [db_backend.open() for _ in range(4)]
    allowed: list[bool] = []
    lock = threading.Lock()

    def spend(conn: Any) -> None:
        for _ in range(10):
            waited = throttles.hit(conn, "rpm", 9, 2000.0, 12, 60.0)
            with lock:
                allowed.append(waited is None)

    try:
        throttles.hit(connections[0], "rpm", 9, 1000.0, 12, 60.0)  # expired by 2000
        threads = [threading.Thread(target=spend, args=(c,)) for c in connections]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert allowed.count(True) == 12
        assert throttles.live_keys(connections[0], "rpm", 1500.0) == {"9"}
        rows = connections[0].execute("SELECT count(*) FROM throttle_hits").fetchone()[0]
        assert rows == 12  # the 1000.0 event went with the first write after it expired
    finally:
        for c in connections:
            c.close()


@only_postgres
def test_a_count_goes_ahead_while_a_save_holds_the_write_lock(db_backend: Any) -> None:
    """A save holds the write lock until its commit is on disk; a request's count needs
    only its own key's earlier counts, so it does not wait for the save."""
    saver, counter = db_backend.open(), db_backend.open()
    try:
        counter.execute("SET lock_timeout = '2s'")  # waiting for the write lock fails here
        with transaction(saver):
            audit.append(saver, None, "holding_the_write_lock")  # BEGIN and the lock sent
            assert throttles.hit(counter, "rpm", 7, 1000.0, 2, 60.0) is None
            assert throttles.hit(counter, "rpm", 7, 1001.0, 2, 60.0) is None
            assert throttles.hit(counter, "rpm", 7, 1002.0, 2, 60.0) == pytest.approx(58.0)
    finally:
        saver.close()
        counter.close()


@only_postgres
def test_a_count_waits_for_an_open_count_of_its_own_key_only(db_backend: Any) -> None:
    """The key's lock is what keeps two instances from both taking the last free request:
    a count of the same key waits for it, a count of another key does not."""
    first, second = db_backend.open(), db_backend.open()
    try:
        second.execute("SET lock_timeout = '300ms'")
        with transaction(first):
            assert throttles.hit(first, "rpm", 7, 1000.0, 1, 60.0) is None
            with pytest.raises(psycopg.errors.LockNotAvailable):
                throttles.hit(second, "rpm", 7, 1000.5, 1, 60.0)
            assert throttles.hit(second, "rpm", 8, 1000.5, 1, 60.0) is None
        assert throttles.hit(second, "rpm", 7, 1001.0, 1, 60.0) == pytest.approx(59.0)
    finally:
        first.close()
        second.close()


@only_postgres
def test_every_way_of_counting_a_key_takes_that_keys_lock(db_backend: Any) -> None:
    """A count alone, a count inside a write transaction and a recorded event (a failed
    sign-in) all wait while another connection holds the key's lock; another key's do not."""
    holder, counter = db_backend.open(), db_backend.open()
    try:
        counter.execute("SET lock_timeout = '300ms'")
        raw = holder.conn.raw
        with raw.transaction():
            raw.execute("SELECT pg_advisory_xact_lock(%s, %s)", throttles._key_lock("rpm", 7))
            ways = [
                lambda key: throttles.hit(counter, "rpm", key, 1000.0, 5, 60.0),
                lambda key: _hit_in_transaction(counter, key),
                lambda key: throttles.record(counter, "rpm", key, 1000.0, 60.0),
            ]
            for count in ways:
                with pytest.raises(psycopg.errors.LockNotAvailable):
                    count(7)
                count(8)
        assert throttles.live_keys(counter, "rpm", 1000.5) == {"8"}
    finally:
        holder.close()
        counter.close()


def _hit_in_transaction(db: Any, key: int) -> None:
    with transaction(db):
        throttles.hit(db, "rpm", key, 1000.0, 5, 60.0)


@only_postgres
def test_nested_write_blocks_take_no_savepoints(db: Database) -> None:
    audit.append(db, None, "first_row")  # this connection now reads the head with BEGIN
    with round_trips(db) as sent, transaction(db):
        audit.append(db, None, "second_row")
        audit.append(db, None, "third_row")
    # BEGIN, the lock and the head, sent when the first append needs the head; both
    # appends' rows and the head's new value held back and sent with COMMIT.
    assert sent.count == 2
    assert audit.verify(db) == []
    assert audit.head(db)[0] == 3


@only_postgres
def test_a_failed_nested_block_leaves_nothing_committed(db: Database) -> None:
    """A caller that catches a nested block's failure and goes on must not commit the
    half: without savepoints the whole transaction is rolled back and the caller told."""
    with pytest.raises(NestedWriteFailed), transaction(db):
        audit.append(db, None, "kept_only_if_all_succeed")
        try:
            with transaction(db):
                db.execute("INSERT INTO teams (name, created_at) VALUES ('North', 'x')")
                raise ValueError("the nested step fails after writing")
        except ValueError:
            pass
    assert db.execute("SELECT count(*) FROM teams").fetchone()[0] == 0
    assert audit.head(db)[0] == 0
    assert not db.conn.in_transaction
    audit.append(db, None, "next_transaction_is_fine")
    assert audit.verify(db) == []


@only_postgres
def test_the_head_read_with_begin_is_current_after_another_connection_appends(
    db_backend: Any,
) -> None:
    first, second = db_backend.open(), db_backend.open()
    try:
        audit.append(first, None, "from_first")
        audit.append(second, None, "from_second")
        audit.append(first, None, "from_first_again")  # its BEGIN reads the head row 2
        assert audit.verify(first) == []
        assert [r.action for r in audit.list_audit(first)] == [
            "from_first_again",
            "from_second",
            "from_first",
        ]
    finally:
        first.close()
        second.close()


@only_postgres
def test_a_batch_reports_an_error_and_runs_nothing_after_it(db: Database) -> None:
    with pytest.raises(Exception, match="duplicate key"), transaction(db), batched(db):
        db.execute("INSERT INTO teams (name, created_at) VALUES ('North', 'x')")
        db.execute("INSERT INTO teams (name, created_at) VALUES ('North', 'y')")
        db.execute("INSERT INTO teams (name, created_at) VALUES ('South', 'z')")
    assert db.execute("SELECT count(*) FROM teams").fetchone()[0] == 0
    assert not db.conn.in_transaction


def test_pointing_a_conversation_at_its_own_person_writes_nothing(
    db: Database, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = world.officer_a1
    start = conversations.create_conversation(db, officer)
    moved = conversations.set_conversation_person(db, officer, start.id, CRN_A1.lower())
    assert moved.crn == CRN_A1
    assert conversations.get_conversation_for(db, officer, start.id) == moved
    updates: list[str] = []
    execute = db.execute

    def watched(sql: str, params: Any = None) -> Any:
        if sql.lstrip().upper().startswith("UPDATE"):
            updates.append(sql)
        return execute(sql, params)

    monkeypatch.setattr(db, "execute", watched)
    assert conversations.set_conversation_person(db, officer, start.id, CRN_A1) == moved
    assert updates == []
    cleared = conversations.set_conversation_person(db, officer, start.id, None)
    assert cleared.crn is None and len(updates) == 1
    assert conversations.get_conversation_for(db, officer, start.id) == cleared


@pytest.mark.parametrize("db_backend", ["sqlite", "postgresql"], indirect=True)
async def test_request_counts_wait_behind_the_writer_only_on_sqlite(db_backend: Any) -> None:
    """On PostgreSQL (`counts_apart`, as the app sets it for a PostgreSQL URL) a request's
    count goes ahead while the writer thread is busy with saves; on SQLite it stays behind
    them, on the one writing thread."""
    apart = db_backend.name == "postgresql"
    pool = DbPool(db_backend.open, read_threads=1, counts_apart=apart)
    release = threading.Event()

    def busy_writer(db: Any) -> str:
        release.wait(10)
        return "saved"

    try:
        saving = asyncio.ensure_future(pool.write(busy_writer))
        counting = asyncio.ensure_future(pool.count(throttles.hit, "rpm", 1, time.time(), 5, 60.0))
        done, _ = await asyncio.wait({counting}, timeout=3)
        assert (counting in done) is apart
        assert not saving.done()
        release.set()
        assert await saving == "saved"
        assert await counting is None
    finally:
        release.set()
        pool.close()


@only_postgres
def test_the_head_is_never_carried_past_a_transaction_it_did_not_lock(db_backend: Any) -> None:
    """Appends inside a transaction opened elsewhere (psycopg's own, as migrations use)
    read the head afresh each time: no write lock was held between them."""
    first, second = db_backend.open(), db_backend.open()
    try:
        with first.conn.raw.transaction():
            audit.append(first, None, "inside_an_outside_transaction")
        audit.append(second, None, "from_second")
        with first.conn.raw.transaction():
            audit.append(first, None, "inside_another")
        assert audit.verify(first) == []
        assert audit.head(first)[0] == 3
    finally:
        first.close()
        second.close()
