"""Fixtures shared by every test folder: settings, the extractor, the fixture caseload."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.settings import Settings
from tests import pgserver

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests last: Playwright's sync API runs its own event loop while it is open."""
    items.sort(key=lambda item: "browser" in item.keywords)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside this checkout; tests that need it skip in a user's clone without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL database for the session: CASENOTES_TEST_DATABASE_URL, or a throwaway server.

    The throwaway server starts only when a test asks for it and stops when the session
    ends; its URL is put in CASENOTES_TEST_DATABASE_URL so subprocesses find it too. A
    server that will not start skips the tests on a developer's machine and fails them
    under CI, where nothing may be skipped.
    """
    external = os.environ.get(pgserver.TEST_DATABASE_ENV)
    if external:
        yield external
        return
    try:
        server = pgserver.start()
    except pgserver.PostgresUnavailable as error:
        pgserver.postgres_unavailable(f"no throwaway PostgreSQL for the tests: {error}")
    os.environ[pgserver.TEST_DATABASE_ENV] = server.url
    try:
        yield server.url
    finally:
        os.environ.pop(pgserver.TEST_DATABASE_ENV, None)
        server.stop()


@pytest.fixture(scope="session")
def settings() -> Settings:
    """Default settings; tests that need a database give their own path."""
    return Settings()


@pytest.fixture(scope="session")
def extractor(settings: Settings):  # type: ignore[no-untyped-def]
    """The real extractor on the trained pipeline, loaded once for the session."""
    import nlp

    return nlp.load(settings.nlp)


@pytest.fixture(scope="session")
def caseload():  # type: ignore[no-untyped-def]
    """The project's own fictional caseload."""
    from nlp.people.caseload import Caseload

    return Caseload.from_csv(FIXTURES / "caseload.csv")


class ManualClock:
    """A monotonic clock the test moves by hand (`clock.now += 60`)."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> ManualClock:
    """A clock for code that takes one (rate limits, key and token caches)."""
    return ManualClock()
