"""Storage: synchronous, typed functions over a sqlite-utils Database (SQLite in WAL mode).

Modules hold one concept each (accounts, people, entries, sections, conversations, search,
audit, backup, retention, export); records come back as the dataclasses in `models`;
errors are the small exceptions in `errors`. Every "for this user" query answers NotFound
for records the user may not see (rules in `access`).
"""

from storage.db import memory_db, open_db, transaction
from storage.errors import (
    AuthenticationFailed,
    Conflict,
    Duplicate,
    Forbidden,
    IntegrityProblem,
    InvalidTransition,
    NotFound,
    StorageError,
)
from storage.models import User

__all__ = [
    "AuthenticationFailed",
    "Conflict",
    "Duplicate",
    "Forbidden",
    "IntegrityProblem",
    "InvalidTransition",
    "NotFound",
    "StorageError",
    "User",
    "memory_db",
    "open_db",
    "transaction",
]
