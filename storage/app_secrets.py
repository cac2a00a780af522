"""Secrets the service makes for itself when none is configured, kept in the database so
every app instance on it signs and checks with the same key."""

from __future__ import annotations

import secrets

from sqlite_utils import Database

from storage.db import iso, transaction, utc_now


def ensure_secret(db: Database, name: str) -> str:
    """The secret called `name`, made (random, 256 bits) by whichever instance asks first."""
    with transaction(db):
        db.execute(
            "INSERT OR IGNORE INTO app_secrets (name, value, created_at) VALUES (?, ?, ?)",
            [name, secrets.token_urlsafe(32), iso(utc_now())],
        )
        row = db.execute("SELECT value FROM app_secrets WHERE name = ?", [name]).fetchone()
    return str(row[0])
