"""Small domain exceptions the web layer maps to HTTP statuses in one place."""

from __future__ import annotations

import sqlite3

import psycopg

INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlite3.IntegrityError, psycopg.IntegrityError)
"""A unique, foreign-key or check constraint refused a write, on either backend."""
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError, psycopg.DatabaseError)
"""Any error the database itself raised, on either backend."""


class StorageError(Exception):
    """Base class for every error the storage layer raises on purpose."""


class NotFound(StorageError):
    """No such record, or the user may not see it (answer 404 either way)."""


class Forbidden(StorageError):
    """The user may see the record but may not do this to it (answer 403)."""


class Duplicate(StorageError):
    """A unique value (username, idempotency key, CRN) is already taken (answer 409)."""


class Conflict(StorageError):
    """The record changed since the caller read it (answer 409 with the current version)."""

    def __init__(self, message: str, current_version: int) -> None:
        super().__init__(message)
        self.current_version = current_version


class InvalidTransition(StorageError, ValueError):
    """The entry's status does not allow this step (answer 409 or 400)."""

    def __init__(self, action: str, status: str) -> None:
        super().__init__(f"cannot {action} an entry that is {status}")
        self.action = action
        self.status = status


class AuthenticationFailed(StorageError):
    """Sign-in refused; deliberately says nothing about why (answer 401)."""


class IntegrityProblem(StorageError):
    """A database file failed its checks (integrity, migrations) and was not used."""


class DatabaseInUse(StorageError):
    """Another process (a running server) has the database open, so it was not replaced."""


class SqliteOnly(StorageError):
    """A file-level operation (backup, restore) asked of a PostgreSQL database; the message
    gives the PostgreSQL tool's command instead."""


class StorageFull(StorageError):
    """The database could not grow (disk full): this write was rolled back whole (answer 507)."""

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message
            or "Your work could not be saved: the server has run out of storage space. "
            "Nothing was half-saved. Keep a copy of what you typed, try again later, "
            "and tell your administrator."
        )
