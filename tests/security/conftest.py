"""The security suite's fixtures: the web tests' seeded database and client; every test
here is marked `security` (`make test-security`)."""

import pytest

from tests.web.conftest import cheap_hashing, client, db, pool, settings  # noqa: F401


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark everything under tests/security, so `-m security` selects the suite."""
    for item in items:
        if "tests/security/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.security)
