"""A real server on a free loopback port and the system Chromium driven by Playwright."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from storage import accounts, people
from storage.db import open_db
from tests.web.test_restart import free_port, start

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct horse battery"
# A person whose name is markup, a template expression, quotes and letters beyond ASCII.
HOSTILE_CRN = "X100004"
HOSTILE_NAME = 'Zoë Ó\'Brien-Ŝmith <b id="pwned-name" onmouseover="confirm(3)">{{ 7*7 }}</b>'


def pytest_collection_modifyitems(config, items):
    """Skip browser tests without Chromium, except under CI where they must fail."""
    if CHROMIUM.exists() or os.environ.get("CI") == "true":
        return
    skip = pytest.mark.skip(reason="/usr/bin/chromium is not installed")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The app as a subprocess with a small fictional caseload; yields its base URL."""
    tmp = tmp_path_factory.mktemp("browser")
    database = tmp / "casenotes.db"
    config = tmp / "config.toml"
    config.write_text(f'[server]\nworkers = 1\n[storage]\ndatabase = "{database}"\n')
    db = open_db(database)
    for name, role in (("olivia", "officer"), ("sue", "supervisor"), ("adam", "admin")):
        accounts.create_user(db, name, PASSWORD, role, "North")
    team = accounts.get_user_by_username(db, "olivia").team_id
    for crn, name in (
        ("X100001", "Sam Reed"),
        ("X100002", "Jo Reed"),
        ("X100003", "Priya Natt"),
        (HOSTILE_CRN, HOSTILE_NAME),
    ):
        people.upsert_person(db, crn, name, team_id=team, dob="1990-01-02")
        people.assign_caseload(db, crn, "olivia")
    db.conn.close()
    port = free_port()
    proc = start(config, port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    """Chromium from the system package (never `playwright install`)."""
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()
