"""The audit chain's head, signed with a key the database does not hold.

The hash chain shows an edited or deleted row, but whoever can write the database can
recompute every hash, or cut the tail and move the head. So the head (last id and hash) is
signed with an HMAC key from the environment, and kept in two places:

- **in the database** (`audit_meta`, key `signed_head`), so every instance over one shared
  PostgreSQL signs into, and `assistant audit verify` on any host checks against, the same
  head. Someone with database access but not the key cannot sign a new head, so a rewritten
  or cut-back chain no longer extends the stored one; deleting the stored head is itself
  reported.
- **in a file beside the database** on each host (an external anchor), and in the server's
  log once a day. The stored head alone cannot show a rollback: someone with database
  access who kept an older signed head (from a backup, say) can cut the chain back to it and
  put it back. A head kept outside the database, which they do not also control, shows
  that. The file is optional: a host without one is checked against the database's head.

`check` finds a rewrite made without the key: the signed row no longer has the signed hash,
or the rows after it do not link (docs/security.md, docs/scaling.md).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from storage import audit
from storage.db import iso, private_folder, utc_now

SUFFIX = ".audit-head"
META_KEY = "signed_head"


@dataclass(frozen=True)
class SignedHead:
    """The chain's last row id and hash at a moment, with an HMAC over all three."""

    row_id: int
    row_hash: str
    at: str
    mac: str

    def line(self) -> str:
        """One log or file line holding the whole signed head."""
        return f"audit head {self.row_id} {self.row_hash} at {self.at} hmac {self.mac}"


def _mac(key: bytes, row_id: int, row_hash: str, at: str) -> str:
    return hmac.new(key, f"{row_id}:{row_hash}:{at}".encode(), hashlib.sha256).hexdigest()


def head_path(database: Path) -> Path:
    """Where the signed head of the database at `database` is kept."""
    return database.with_name(database.name + SUFFIX)


def sign(db: Database, key: bytes, *, now: datetime | None = None) -> SignedHead:
    """The chain's current head, signed."""
    row_id, row_hash = audit.head(db)
    at = iso(utc_now(now))
    return SignedHead(row_id, row_hash, at, _mac(key, row_id, row_hash, at))


def save(path: Path, signed: SignedHead) -> None:
    """Write the signed head to `path` (0600), replacing the last one in one step. Its folder
    is made (0700) if missing: with PostgreSQL no database file has made it already."""
    private_folder(path.parent)
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(signed.__dict__, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(partial, path)


def load(path: Path) -> SignedHead | None:
    """The signed head saved at `path`, or None if there is none; ValueError if unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return SignedHead(int(data["row_id"]), str(data["row_hash"]), str(data["at"]), data["mac"])
    except FileNotFoundError:
        return None
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{path} is not a signed audit head") from exc


def stored(db: Database) -> SignedHead | None:
    """The signed head kept in the database, or None; ValueError if it is not one."""
    row = db.execute("SELECT value FROM audit_meta WHERE key = ?", [META_KEY]).fetchone()
    if row is None:
        return None
    try:
        data = json.loads(row[0])
        return SignedHead(int(data["row_id"]), str(data["row_hash"]), str(data["at"]), data["mac"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError("the database's signed audit head is not one") from exc


def store(db: Database, signed: SignedHead) -> None:
    """Keep `signed` in the database unless a later head is there already (two instances
    signing at once: the one further along the chain stays). Call inside a write
    transaction, which holds the write lock, so the comparison and the write are one step."""
    try:
        current = stored(db)
    except ValueError:
        current = None  # unreadable: replaced by a good one (verify has reported it)
    if current is not None and current.row_id > signed.row_id:
        return
    db.table("audit_meta").upsert_all(
        [{"key": META_KEY, "value": json.dumps(signed.__dict__)}], pk="key"
    )


def check(db: Database, signed: SignedHead, key: bytes, where: str = "the file") -> list[str]:
    """Problems between the chain and a signed head; empty when the chain still extends it.
    `where` names where the head was kept, for the messages."""
    expected = _mac(key, signed.row_id, signed.row_hash, signed.at)
    if not hmac.compare_digest(expected, str(signed.mac)):
        return [f"the signed head's HMAC does not match: {where} was altered or the key differs"]
    anchor_id, _ = audit._meta_pair(db, "anchor")  # rows before a retention purge are gone
    if signed.row_id <= anchor_id or signed.row_id == 0:
        return []
    row = db.execute("SELECT hash FROM audit_log WHERE id = ?", [signed.row_id]).fetchone()
    if row is None:
        return [
            f"row {signed.row_id}, the signed head in {where}, is missing (the chain was cut back)"
        ]
    if row[0] != signed.row_hash:
        return [
            f"row {signed.row_id} does not have the hash signed in {where} "
            "(the chain was rewritten)"
        ]
    problems = []
    previous = signed.row_hash
    for later in db.query("SELECT * FROM audit_log WHERE id > ? ORDER BY id", [signed.row_id]):
        if later["prev_hash"] != previous or audit.row_hash(later) != later["hash"]:
            problems.append(f"row {later['id']}: does not extend the signed head in {where}")
            break
        previous = later["hash"]
    return problems
