"""Fixtures for in-process fault tests: the web tests' seeded database and signed-in clients."""

from __future__ import annotations

# The web tests' fixtures, so these tests run on the same seeded caseload and accounts.
from tests.web.conftest import cheap_hashing, client, db, pool, settings  # noqa: F401
