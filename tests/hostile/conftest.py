"""Fixtures for hostile-input tests: a real server on a loopback port, seeded and signed in."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from aiohttp import web

from assistant.app import create_app
from assistant.settings import AuthSettings, ServerSettings, Settings, StorageSettings
from assistant.workers import ExtractionPool
from storage import accounts, entries, people
from storage.db import open_db
from tests.web.conftest import CHEAP, FAKE_LOADER, PASSWORD, PEOPLE, USERS
from tests.web.fake_nlp import FakeExtractor

# The person the OpenAPI document's examples name, on olivia's caseload, and their notes.
NOTE = "Attended the office today, on time. Still at the hostel."
REFERENCE = date(2026, 11, 21)
EXAMPLE_PERSON = ("X123456", "Alex Example", "olivia")


@dataclass
class LiveServer:
    """An app served on 127.0.0.1 from its own event loop in a background thread."""

    url: str
    token: str
    settings: Settings

    @property
    def auth(self) -> dict[str, str]:
        """Headers that sign olivia (an officer) in."""
        return {"Authorization": f"Bearer {self.token}"}


def seed(settings: Settings) -> str:
    """Accounts and caseload as in the web tests; an API token for olivia."""
    database = open_db(settings.database_path)
    try:
        for username, (role, team) in USERS.items():
            accounts.create_user(database, username, PASSWORD, role, team, hasher=CHEAP)
        accounts.disable_user(database, "dora")
        for crn, name, officer in [*PEOPLE, EXAMPLE_PERSON]:
            team_id = accounts.get_user_by_username(database, officer).team_id
            people.upsert_person(database, crn, name, team_id=team_id)
            people.assign_caseload(database, crn, officer)
        olivia = accounts.get_user_by_username(database, "olivia")
        # Entry 1 for the examples that read, change and submit; entry 2 for those that move
        # or discard (the OpenAPI document's examples name them).
        for _ in range(2):
            draft = entries.create_draft(database, olivia, EXAMPLE_PERSON[0], NOTE, REFERENCE)
            reading = FakeExtractor().extract(NOTE, REFERENCE, None).to_json()
            entries.set_extraction(database, draft.id, reading)
        return accounts.create_token(database, olivia)[1]
    finally:
        database.conn.close()


def serve(settings: Settings, pool: ExtractionPool | None) -> Iterator[tuple[str, web.Application]]:
    """Run `create_app(settings)` on a free loopback port until the generator is closed."""
    loop = asyncio.new_event_loop()
    app = create_app(settings, extraction=pool)
    runner = web.AppRunner(app)

    async def start() -> str:
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return f"http://127.0.0.1:{port}"

    async def stop() -> None:
        await runner.cleanup()
        # Connections still draining a refused body (aiohttp's lingering close) end here.
        rest = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in rest:
            task.cancel()
        await asyncio.gather(*rest, return_exceptions=True)

    thread = threading.Thread(target=loop.run_forever, name="live-server", daemon=True)
    thread.start()
    try:
        url = asyncio.run_coroutine_threadsafe(start(), loop).result(60)
        yield url, app
    finally:
        asyncio.run_coroutine_threadsafe(stop(), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def hostile_settings(tmp: Path, **server) -> Settings:
    """Settings on a fresh database: no rate limit (the fuzzers send thousands of requests)."""
    return Settings(
        server=ServerSettings(workers=1, max_body_bytes=64 * 1024, db_read_threads=2, **server),
        storage=StorageSettings(database=str(tmp / "casenotes.db")),
        auth=AuthSettings(failed_sign_in_delay_s=0.0, requests_per_minute=0),
    )


@pytest.fixture(scope="session")
def fake_pool() -> Iterator[ExtractionPool]:
    """One warm stand-in extractor worker for the live servers."""
    workers = ExtractionPool(None, workers=1, timeout_s=10.0, loader=FAKE_LOADER)
    yield workers
    workers.close()


@pytest.fixture(scope="module")
def live_real(tmp_path_factory) -> Iterator[LiveServer]:
    """The same, with the real extractor in one warm worker process."""
    settings = hostile_settings(tmp_path_factory.mktemp("live-real"))
    token = seed(settings)
    workers = ExtractionPool(settings.nlp, workers=1, timeout_s=60.0, loader="nlp:load")
    try:
        for url, _app in serve(settings, workers):
            yield LiveServer(url, token, settings)
    finally:
        workers.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory, fake_pool) -> Iterator[LiveServer]:
    """The real app with the stand-in extractor, served on loopback, olivia signed in."""
    settings = hostile_settings(tmp_path_factory.mktemp("live"))
    token = seed(settings)
    for url, _app in serve(settings, fake_pool):
        yield LiveServer(url, token, settings)
