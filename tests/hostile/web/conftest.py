"""The web tests' fixtures (settings on a fresh database, seeded accounts, a test client)."""

from tests.web.conftest import cheap_hashing, client, db, pool, settings  # noqa: F401
