"""Fixtures shared by every test folder: settings, the extractor, the fixture caseload."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


# -- the two storage backends -------------------------------------------------------------


class DbBackend:
    """One backend for a test: `target` is what `storage.db.open_db` and `[storage]
    database` take (a SQLite file path, or a fresh PostgreSQL database's URL)."""

    def __init__(self, name: str, target: Any, url: str | None = None) -> None:
        self.name = name
        self.target = target
        self.url = url
        """The PostgreSQL URL (password inline as given) for `[storage] database`."""

    @property
    def database_setting(self) -> str:
        """The `[storage] database` value naming this backend's database."""
        return self.url if self.url is not None else str(self.target)

    def open(self) -> Any:
        """Open the database (migrations applied)."""
        from storage.db import open_db

        return open_db(self.target)


@pytest.fixture(scope="session")
def postgres_template(postgres_url: str) -> Iterator[str]:
    """A migrated template database on the test server, made once per session (each test's
    database is a copy of it, far quicker than migrating each time)."""
    from tests.pgdb import create_template, drop_database

    url = postgres_url
    name = create_template(url)
    yield name
    drop_database(url, name)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DbBackend]:
    """Each backend in turn: a SQLite file in the test's folder, or a fresh PostgreSQL
    database (a copy of the migrated template) dropped after the test."""
    if request.param == "sqlite":
        yield DbBackend("sqlite", tmp_path / "casenotes.db")
        return
    from storage.pg import PgTarget
    from tests.pgdb import copy_template, drop_database

    url = request.getfixturevalue("postgres_url")
    template = request.getfixturevalue("postgres_template")
    db_url = copy_template(url, template)
    try:
        yield DbBackend("postgresql", PgTarget.from_url(db_url), db_url)
    finally:
        drop_database(url, PgTarget.from_url(db_url).database_name)


@pytest.fixture(scope="session")
def classify():  # type: ignore[no-untyped-def]
    """The context classifier's status for a target in a text (`assistant context`)."""
    from nlp.context.assertion import ContextRules, classify_target, make_context_nlp

    nlp, rules = make_context_nlp(), ContextRules.load()
    return lambda text, target: classify_target(nlp, text, target, rules).status
