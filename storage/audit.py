"""The append-only, hash-chained audit log: who did what to which record, and when.

Each row's `hash` is SHA-256 over the canonical JSON of the row including `prev_hash`, the
hash of the row before. `audit_meta` keeps the head (last id and hash) so a deleted last
row shows, and the anchor left by a retention purge so the chain may start later. `detail`
holds ids, codes and field names only: never note text and never names.
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from storage.db import batched, dumps, iso, transaction, utc_now
from storage.dialect import is_postgres, trigger_names
from storage.models import AuditRecord

log = logging.getLogger(__name__)

GENESIS = "0" * 64
_ACTION = re.compile(r"^[a-z][a-z_]{0,39}$")
# Detail strings are ids, codes, field paths or timestamps: no spaces, so no sentences.
_DETAIL_TEXT = re.compile(r"^[A-Za-z0-9_.:+\-]{0,80}$")
_TRIGGERS = ("audit_log_no_update", "audit_log_no_delete")


def append(
    db: Database,
    user_id: int | None,
    action: str,
    record_type: str | None = None,
    record_id: str | int | None = None,
    detail: dict[str, Any] | None = None,
    *,
    now: datetime | None = None,
) -> AuditRecord:
    """Append one row to the audit log (in the caller's transaction if one is open)."""
    if not _ACTION.match(action):
        raise ValueError(f"audit action must be a lower_case code, got {action!r}")
    detail = detail or {}
    _check_detail(detail)
    with transaction(db):
        head_id, head_hash = _current_head(db)
        row: dict[str, Any] = {
            "id": head_id + 1,
            "at": iso(utc_now(now)),
            "user_id": user_id,
            "action": action,
            "record_type": record_type,
            "record_id": None if record_id is None else str(record_id),
            "detail": dumps(detail),
            "prev_hash": head_hash,
        }
        row["hash"] = row_hash(row)
        with batched(db):  # the row and the new head: one round trip on PostgreSQL
            db.execute(_INSERT_ROW, row)
            _set_meta_pair(db, "head", row["id"], row["hash"])
        _remember_head(db, row["id"], row["hash"])
    return AuditRecord.from_row(row)


def _current_head(db: Database) -> tuple[int, str]:
    """The head inside a write transaction. On PostgreSQL the transaction reads it with its
    BEGIN and lock (`PgConnection.head_in_transaction`), in the round trip those take anyway
    on a connection that has appended before; the write lock keeps it current until COMMIT."""
    if is_postgres(db):
        known = db.conn.head_in_transaction()  # type: ignore[attr-defined]
        if known is not None:
            return _pair(known, "head")
    return _meta_pair(db, "head")


def _remember_head(db: Database, row_id: int, row_hash_: str) -> None:
    """After an append on PostgreSQL: the new head, for a later append in this transaction,
    and ask for the head with every BEGIN on this connection from now on."""
    if is_postgres(db):
        conn: Any = db.conn
        conn.prefetch_audit_head = True
        if conn.write_open:  # the lock is held until COMMIT: nobody else moves the head
            conn.audit_head = {"head_id": str(row_id), "head_hash": row_hash_}


_INSERT_ROW = (
    "INSERT INTO audit_log (id, at, user_id, action, record_type, record_id, detail, "
    "prev_hash, hash) VALUES (:id, :at, :user_id, :action, :record_type, :record_id, "
    ":detail, :prev_hash, :hash)"
)


def row_hash(row: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of an audit row's fields other than `hash`."""
    fields = {k: row[k] for k in _HASHED}
    return hashlib.sha256(dumps(fields).encode("utf-8")).hexdigest()


_HASHED = ("id", "at", "user_id", "action", "record_type", "record_id", "detail", "prev_hash")


def verify(db: Database) -> list[str]:
    """Problems found in the chain (edited, deleted or out-of-place rows); empty when intact."""
    problems: list[str] = []
    present = trigger_names(db)
    problems += [f"append-only trigger {t} is missing" for t in _TRIGGERS if t not in present]
    expected_id, expected_prev = _meta_pair(db, "anchor")
    last_id, last_hash = expected_id, expected_prev
    for row in db.query("SELECT * FROM audit_log ORDER BY id"):
        rid = row["id"]
        if rid < expected_id + 1:
            problems.append(f"row {rid}: precedes the start of the chain")
        elif rid > expected_id + 1:
            problems.append(f"rows {expected_id + 1}-{rid - 1}: missing (deleted)")
        elif row["prev_hash"] != expected_prev:
            problems.append(f"row {rid}: does not link to row {expected_id} (edited or replaced)")
        if row_hash(row) != row["hash"]:
            problems.append(f"row {rid}: contents do not match its hash (edited)")
        expected_id, expected_prev = rid, row["hash"]
        last_id, last_hash = rid, row["hash"]
    head_id, head_hash = _meta_pair(db, "head")
    if head_id > last_id:
        problems.append(f"rows {last_id + 1}-{head_id}: missing from the end (deleted)")
    elif head_id < last_id:
        problems.append(f"rows {head_id + 1}-{last_id}: appended outside the audit API")
    elif head_hash != last_hash:
        problems.append(f"row {last_id}: does not match the recorded head hash (edited)")
    return problems


def head(db: Database) -> tuple[int, str]:
    """The last row's id and hash; record these elsewhere to detect a rewritten chain."""
    return _meta_pair(db, "head")


def list_audit(
    db: Database,
    *,
    user_id: int | None = None,
    action: str | None = None,
    record_type: str | None = None,
    record_id: str | int | None = None,
    since: str | None = None,
    until: str | None = None,
    before_id: int | None = None,
    limit: int = 100,
) -> list[AuditRecord]:
    """Audit rows newest first, filtered; page with `before_id` (the last id seen)."""
    where, params = ["TRUE"], []
    for column, value in (
        ("user_id", user_id),
        ("action", action),
        ("record_type", record_type),
        ("record_id", None if record_id is None else str(record_id)),
    ):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if since:
        where.append("at >= ?")
        params.append(since)
    if until:
        where.append("at < ?")
        params.append(until)
    if before_id is not None:
        where.append("id < ?")
        params.append(before_id)
    sql = f"SELECT * FROM audit_log WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT ?"
    return [AuditRecord.from_row(r) for r in db.query(sql, [*params, max(1, min(limit, 1000))])]


def purge_before(db: Database, cutoff: str, *, dry_run: bool = True) -> int:
    """Delete (or count) the oldest rows written before `cutoff`, moving the chain's anchor."""
    with transaction(db):
        found = db.execute(
            "SELECT id, hash FROM audit_log "
            "WHERE id = (SELECT max(id) FROM audit_log WHERE at < ?)",
            [cutoff],
        ).fetchone()
        if found is None:
            return 0
        last_id, last_hash = found
        count = db.execute("SELECT count(*) FROM audit_log WHERE id <= ?", [last_id]).fetchone()[0]
        if dry_run:
            return int(count)
        db.table("audit_meta").insert({"key": "purging", "value": "1"}, replace=True)
        db.execute("DELETE FROM audit_log WHERE id <= ?", [last_id])
        db.execute("DELETE FROM audit_meta WHERE key = 'purging'")
        _set_meta_pair(db, "anchor", last_id, last_hash)
    log.info("purged %d audit rows through id %d", count, last_id)
    return int(count)


def _meta_pair(db: Database, name: str) -> tuple[int, str]:
    values = dict(
        db.execute(
            "SELECT key, value FROM audit_meta WHERE key IN (?, ?)", [f"{name}_id", f"{name}_hash"]
        ).fetchall()
    )
    return _pair(values, name)


def _pair(values: dict[str, str], name: str) -> tuple[int, str]:
    return int(values.get(f"{name}_id", 0)), values.get(f"{name}_hash", GENESIS)


def _set_meta_pair(db: Database, name: str, row_id: int, row_hash_: str) -> None:
    db.table("audit_meta").upsert_all(
        [{"key": f"{name}_id", "value": str(row_id)}, {"key": f"{name}_hash", "value": row_hash_}],
        pk="key",
    )


def _check_detail(value: Any, path: str = "detail") -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str) or not _DETAIL_TEXT.match(key):
                raise ValueError(f"{path}: keys must be short codes")
            _check_detail(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for item in value:
            _check_detail(item, path)
    elif isinstance(value, str):
        if not _DETAIL_TEXT.match(value):
            raise ValueError(f"{path}: audit detail holds ids and codes only, never free text")
    elif value is not None and not isinstance(value, bool | int | float):
        raise ValueError(f"{path}: unsupported type {type(value).__name__}")
