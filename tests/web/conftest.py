"""Fixtures: settings on a temp database, seeded accounts and caseload, a signed-in client."""

from __future__ import annotations

import asyncio
import re

import pytest
from argon2 import PasswordHasher

from assistant.app import create_app
from assistant.settings import AuthSettings, ServerSettings, Settings, StorageSettings
from assistant.workers import ExtractionPool
from storage import accounts, people
from storage.db import open_db

PASSWORD = "correct horse battery"
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
USERS = {  # username: (role, team)
    "olivia": ("officer", "North"),
    "sue": ("supervisor", "North"),
    "adam": ("admin", "North"),
    "oscar": ("officer", "South"),
    "dora": ("officer", "North"),
}
PEOPLE = [  # crn, name, officer
    ("X100001", "Sam Reed", "olivia"),
    ("X100002", "Jo Reed", "olivia"),
    ("X100003", "Priya Natt", "olivia"),
    ("X200001", "Tom Bell", "oscar"),
]
FAKE_LOADER = "tests.web.fake_nlp:load"


@pytest.fixture(scope="session")
def pool():
    """One warm fake-extractor worker shared by the whole session (warmed as an app warms
    its own pool, so /readyz on a test app says ready)."""
    workers = ExtractionPool(None, workers=1, timeout_s=10.0, loader=FAKE_LOADER)
    asyncio.run(workers.warm())
    yield workers
    workers.close()


@pytest.fixture
def settings(db_backend) -> Settings:
    """Settings on a fresh database: a SQLite file, then a PostgreSQL database (so the web
    and service tests run on both backends)."""
    return Settings(
        server=ServerSettings(workers=1, max_body_bytes=64 * 1024, db_read_threads=2),
        storage=StorageSettings(database=db_backend.database_setting),
        auth=AuthSettings(max_failed_logins=3, failed_sign_in_delay_s=0.0),
    )


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch):
    """argon2id at its lowest cost: sign-in runs hundreds of times in these tests."""
    monkeypatch.setattr(accounts, "DEFAULT_HASHER", CHEAP)


@pytest.fixture
def db(settings: Settings):
    """The seeded database: teams, one account per role, a disabled officer, a caseload."""
    database = open_db(settings.database)
    for username, (role, team) in USERS.items():
        accounts.create_user(database, username, PASSWORD, role, team, hasher=CHEAP)
    accounts.disable_user(database, "dora")
    for crn, name, officer in PEOPLE:
        team_id = accounts.get_user_by_username(database, officer).team_id
        people.upsert_person(database, crn, name, team_id=team_id)
        people.assign_caseload(database, crn, officer)
    yield database
    database.close()


@pytest.fixture
async def client(aiohttp_client, settings, db, pool):
    """A test client on the app (not signed in)."""
    return await aiohttp_client(create_app(settings, extraction=pool))


CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')


async def post_login(client, form: dict[str, str], **kwargs):
    """POST the sign-in form as a browser does: after GET /login, with its token and Origin."""
    page = await client.get("/login", allow_redirects=False)
    token = CSRF.search(await page.text())
    headers = {"Origin": str(client.make_url("/")).rstrip("/"), **kwargs.pop("headers", {})}
    pre = page.cookies.get("casenotes_signin")
    if pre is not None and pre["secure"]:
        # The test client keeps Secure cookies from plain http; a browser on HTTPS sends it.
        headers["Cookie"] = f"casenotes_signin={pre.value}"
    data = {"csrf_token": token.group(1) if token else "", **form}
    return await client.post("/login", data=data, headers=headers, **kwargs)


async def sign_in(client, username: str, password: str = PASSWORD) -> str:
    """Sign in and return the session's CSRF token."""
    resp = await post_login(
        client, {"username": username, "password": password}, allow_redirects=False
    )
    assert resp.status == 303, await resp.text()
    page = await client.get("/" if USERS[username][0] != "admin" else "/login")
    match = CSRF.search(await page.text())
    assert match, "no CSRF token on the page"
    return match.group(1)
