"""The signed audit head kept in the database, on SQLite and on PostgreSQL: instances on
different hosts over one database sign into, and check against, the same head."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from storage import audit, audit_head
from storage.db import transaction

KEY = b"a signing key the database never holds"


def _append(db: Database, n: int) -> None:
    for i in range(n):
        audit.append(db, None, "test_event", detail={"n": i})


def _sign_and_store(db: Database, now: datetime | None = None) -> audit_head.SignedHead:
    with transaction(db):
        signed = audit_head.sign(db, KEY, now=now)
        audit_head.store(db, signed)
    return signed


def _cut_tail(db: Database, after: int) -> None:
    """Delete the rows after `after` the way only the retention purge may, and move the
    recorded head back: someone with database access covering their tracks."""
    with transaction(db):
        kept = db.execute("SELECT hash FROM audit_log WHERE id = ?", [after]).fetchone()[0]
        db.table("audit_meta").upsert_all([{"key": "purging", "value": "1"}], pk="key")
        db.execute("DELETE FROM audit_log WHERE id > ?", [after])
        db.execute("DELETE FROM audit_meta WHERE key = 'purging'")
        audit._set_meta_pair(db, "head", after, kept)


def test_the_stored_head_round_trips_and_the_chain_extends_it(db):
    _append(db, 3)
    assert audit_head.stored(db) is None
    signed = _sign_and_store(db)
    assert audit_head.stored(db) == signed
    _append(db, 2)  # later rows extend the signed head
    assert audit_head.check(db, audit_head.stored(db), KEY, "the database") == []


def test_an_older_head_never_replaces_a_later_one(db):
    """Two instances signing at once: the head further along the chain stays."""
    _append(db, 2)
    earlier = audit_head.sign(db, KEY)
    _append(db, 2)
    later = _sign_and_store(db)
    with transaction(db):
        audit_head.store(db, earlier)
    assert audit_head.stored(db) == later


def test_cutting_the_tail_below_the_stored_head_is_found(db):
    _append(db, 4)
    signed = _sign_and_store(db)
    _cut_tail(db, signed.row_id - 2)
    assert audit.verify(db) == []  # the chain alone cannot show it
    problems = audit_head.check(db, audit_head.stored(db), KEY, "the database")
    assert problems and "cut back" in problems[0]


def test_a_head_rewritten_without_the_key_fails_its_hmac(db):
    _append(db, 3)
    signed = _sign_and_store(db)
    later = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    forged = {**signed.__dict__, "row_id": signed.row_id - 1, "at": later}
    db.execute(
        "UPDATE audit_meta SET value = ? WHERE key = ?", [json.dumps(forged), audit_head.META_KEY]
    )
    problems = audit_head.check(db, audit_head.stored(db), KEY, "the database")
    assert problems and "HMAC" in problems[0] and "the database" in problems[0]
    # And with another key the genuine head does not verify either.
    assert audit_head.check(db, signed, b"another key", "the database")
