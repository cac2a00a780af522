"""SIGKILL in the middle of a burst of writes: every acknowledged write survives, none twice."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from storage import audit
from storage.db import loads, open_db
from tests.faults.fleet import Fleet, call, chat_text, chat_turn, create_entry, note_text
from tests.faults.server import Officer, Server, seed

pytestmark = [pytest.mark.fault, pytest.mark.slow]

OFFICERS = 6


def test_sigkill_during_a_burst_of_writes_loses_nothing_acknowledged(tmp_path: Path) -> None:
    server = Server(tmp_path, workers=1)
    officers = seed(server.database, OFFICERS)
    server.start()
    fleet = Fleet(server.url, officers, threads_each=2, chat=True).start()
    try:
        fleet.wait_for(created=60)
        fleet.stopping.set()
        server.kill()  # mid-burst: eighteen clients each have a request on the wire
    finally:
        fleet.stop()
        server.kill()
    ledger = fleet.ledger
    assert ledger.http_errors == []
    in_flight = set(ledger.attempted) - set(ledger.created)
    assert in_flight or ledger.unanswered_patches, "the kill did not land mid-burst"

    server.start()
    try:
        # Every client retries what it never heard back about, with the same key or version.
        for key, officer in sorted(ledger.attempted.items()):
            status, entry = create_entry(server.url, officer, key)
            assert status in (200, 201), entry
            assert entry["note_text"] == note_text(key)
            if key in ledger.created:
                assert (status, entry["id"]) == (200, ledger.created[key])
                assert entry["current_version"] >= 1
        owners = {ledger.created[k]: o for k, o in ledger.attempted.items() if k in ledger.created}
        for entry_id, version in ledger.unanswered_patches.items():
            officer = owners[entry_id]
            body = {"version": version, "fields": {"outcome": "rescheduled"}}
            path = f"/api/v1/entries/{entry_id}"
            status, answer = call(server.url, "PATCH", path, officer.token, body)
            if status == 409:  # it had been applied: the answer says which version is current
                assert answer["current_version"] > version
                status, answer = call(server.url, "GET", path, officer.token)
            assert status == 200, answer
            assert answer["data"]["contact"]["outcome"] == "rescheduled"
        for key, officer in sorted(ledger.chat_attempted.items()):
            status, answer = chat_turn(server.url, officer, key)
            assert status == 200, answer
            reply = answer["messages"][-1]["payload"]
            assert reply["kind"] == "entry"
            if key in ledger.chat_created:
                assert reply["entry_id"] == ledger.chat_created[key]
    finally:
        server.stop()

    check_database(server.database, ledger.created, ledger.patched, set(ledger.attempted))
    check_chat(server.database, ledger.chat_attempted, ledger.chat_created)


def check_database(
    database: Path, created: dict[str, int], patched: dict[int, int], attempted: set[str]
) -> None:
    """Each acknowledged write is there with its content, no key twice, nothing half-written."""
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    db = open_db(database)
    try:
        rows = {
            r["idempotency_key"]: r
            for r in db.query("SELECT * FROM entries WHERE idempotency_key NOT LIKE 'turn-%'")
        }
        texts = Counter(r["note_text"] for r in db.query("SELECT note_text FROM entries"))
        assert set(rows) == attempted  # after the retries, each note exactly once
        assert max(texts.values()) == 1
        for key, entry_id in created.items():
            assert rows[key]["id"] == entry_id
            assert rows[key]["note_text"] == note_text(key)
        by_id = {r["id"]: r for r in rows.values()}
        for entry_id, version in patched.items():
            row = by_id[entry_id]
            assert row["current_version"] >= version
            assert loads(row["data"])["contact"]["outcome"] == "rescheduled"
        versions = dict(
            db.execute("SELECT entry_id, max(version) FROM entry_versions GROUP BY entry_id")
        )
        for row in rows.values():  # every version the entry claims has its row, and no more
            assert versions.get(row["id"], 0) == row["current_version"]
        assert audit.verify(db) == []
    finally:
        db.conn.close()


def check_chat(database: Path, attempted: dict[str, Officer], created: dict[str, int]) -> None:
    """Each chat note, acknowledged or resent, is one message and one entry."""
    db = open_db(database)
    try:
        for key, officer in attempted.items():
            text = chat_text(key, officer.crn)
            found = [
                r["id"] for r in db.query("SELECT id FROM entries WHERE note_text = ?", [text])
            ]
            asked = db.execute(
                "SELECT count(*) FROM messages WHERE role = 'user' AND text = ?", [text]
            ).fetchone()[0]
            assert (len(found), asked) == (1, 1), key
            if key in created:
                assert found == [created[key]]
    finally:
        db.conn.close()
