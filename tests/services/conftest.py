"""Services fixtures: the web tests' seeded database and app, the app object itself, users."""

from __future__ import annotations

import json

import pytest

from storage import accounts, audit
from tests.web.conftest import cheap_hashing, client, db, pool, settings  # noqa: F401


@pytest.fixture
async def app(client):  # noqa: F811
    """The running application the services are called with."""
    return client.server.app


@pytest.fixture
def user(db):  # noqa: F811
    """Look an account up by username."""
    return lambda name: accounts.get_user_by_username(db, name)


def audit_rows(db, since: int = 0) -> list[dict]:  # noqa: F811
    """Audit rows after id `since`, as (action, record_type, record_id, detail) dicts."""
    return [
        {
            "user_id": r["user_id"],
            "action": r["action"],
            "record_type": r["record_type"],
            "record_id": r["record_id"],
            "detail": json.loads(r["detail"] or "{}"),
        }
        for r in db.query("SELECT * FROM audit_log WHERE id > ? ORDER BY id", [since])
    ]


def audit_head(db) -> int:  # noqa: F811
    """The id of the last audit row."""
    return audit.head(db)[0]
