"""In Chromium with JS: a full disk or someone else's edit never costs the officer their text."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from assistant.app import create_app
from assistant.settings import AuthSettings, ServerSettings, Settings, StorageSettings
from storage import accounts, entries, people
from storage.db import open_db
from tests.browser.conftest import ARGS, CHROMIUM, PASSWORD
from tests.browser.helpers import assert_accessible
from tests.faults import disk
from tests.faults.server import FAKE_LOADER, free_port

pytestmark = [pytest.mark.fault, pytest.mark.browser]

NOTE = "Attended the office on time.\nLiving in a hostel and looking for work. " * 60
FULL = "could not be saved: the server has run out of storage space"


def sign_in(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    """Sign in through the form (tests/browser checks that page with axe already)."""
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{base}/")


class Live:
    """The app served from a thread of this process, so the test can reach its writer."""

    def __init__(self, settings: Settings) -> None:
        self.app = create_app(settings)
        self.port = free_port()
        self.loop = asyncio.new_event_loop()  # its own thread: Playwright's runs in this one
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.runner = web.AppRunner(self.app)
        self.run(self._start())

    async def _start(self) -> None:
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def run(self, coro: Any) -> Any:
        """Run a coroutine on the server's loop and wait for it."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=30)

    def close(self) -> None:
        self.run(self.runner.cleanup())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=30)
        self.loop.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium for this module's tests (skipped without it, except under CI)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("/usr/bin/chromium is missing: apt-get install -y chromium")
        pytest.skip("/usr/bin/chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    database = tmp_path / "casenotes.db"
    db = open_db(database)
    user = accounts.create_user(db, "olivia", PASSWORD, "officer", "North")
    people.upsert_person(db, "X100001", "Sam Reed", team_id=user.team_id)
    people.assign_caseload(db, "X100001", "olivia")
    db.conn.close()
    server = Live(
        Settings(
            server=ServerSettings(workers=1, extractor=FAKE_LOADER),
            storage=StorageSettings(database=str(database)),
            auth=AuthSettings(failed_sign_in_delay_s=0.0),
        )
    )
    yield server
    server.close()


def draft_key(page) -> str:
    """The key app.js keeps this page's unsent text under: it names the signed-in account."""
    account = page.evaluate("document.body.dataset.account")
    assert account, "a signed-in page names its account"
    return page.evaluate("`casenotes-draft:${document.body.dataset.account}:${location.pathname}`")


def test_full_disk_in_the_browser_keeps_the_note_and_says_why(browser, live: Live, tmp_path: Path):
    context = browser.new_context()  # its own sessionStorage
    page = context.new_page()
    sign_in(page, live.url, "olivia")
    page.fill("#text", "new contact for Sam Reed")
    page.click("#send")
    page.wait_for_selector("text=New contact for Sam Reed (X100001)")

    live.run(disk.fill(live.app))
    page.fill("#text", NOTE)
    page.evaluate("window.sameDocument = true")  # gone if the page reloads
    page.click("#send")
    error = page.wait_for_selector("#text-error")
    assert FULL in error.inner_text()
    assert page.input_value("#text") == NOTE  # still in the box
    assert page.evaluate("key => sessionStorage.getItem(key)", draft_key(page)) == NOTE
    assert page.evaluate("window.sameDocument === true")  # told in place, no re-post
    assert page.locator(".govuk-form-group--error #text").count() == 1
    assert page.evaluate("document.activeElement.id") == "text"
    assert_accessible(page)

    live.run(disk.free(live.app))
    page.click("#send")
    page.wait_for_selector("text=Filed under Sam Reed (X100001)")  # the new entry's reply
    assert page.input_value("#text") == ""
    assert page.locator("#text-error").count() == 0
    context.close()

    db = open_db(tmp_path / "casenotes.db")
    try:
        notes = db.execute("SELECT count(*) FROM entries WHERE note_text = ?", [NOTE]).fetchone()
        assert notes[0] == 1
    finally:
        db.conn.close()


MINE = "Discussed the hostel rules.\nAgreed to attend the job centre on Monday."
THEIRS = "Hostel place confirmed until March."


def test_conflicting_edit_in_the_browser_shows_both_and_keeps_mine(
    browser, live: Live, tmp_path: Path
):
    db = open_db(tmp_path / "casenotes.db")
    try:
        olivia = accounts.get_user_by_username(db, "olivia")
        entry = entries.create_draft(db, olivia, "X100001", "Sam Reed attended.", "2026-11-21")
        entries.set_extraction(db, entry.id, {"summary": "Attended.", "contact": {}})
    finally:
        db.conn.close()
    form = f"{live.url}/entries/{entry.id}/edit/summary"
    contexts = [browser.new_context(), browser.new_context()]
    try:
        mine, theirs = (context.new_page() for context in contexts)
        for page in (mine, theirs):
            sign_in(page, live.url, "olivia")
            page.goto(form)
        theirs.fill("#value", THEIRS)
        theirs.click("button:has-text('Save')")
        theirs.wait_for_url(f"{live.url}/entries/{entry.id}")

        mine.fill("#value", MINE)  # autosave tries after a pause, and is refused
        mine.wait_for_selector("text=Not saved yet: press Save")
        assert mine.input_value("#value") == MINE
        mine.click("button:has-text('Save')")
        assert mine.locator("#theirs .app-note").inner_text() == THEIRS
        assert mine.input_value("#value") == MINE
        assert "in another window after opening this page" in mine.inner_text(
            ".govuk-error-summary"
        )
        assert_accessible(mine)
        mine.click("button:has-text('Save')")  # chosen knowingly: mine replaces theirs
        mine.wait_for_url(f"{live.url}/entries/{entry.id}")
    finally:
        for context in contexts:
            context.close()
    db = open_db(tmp_path / "casenotes.db")
    try:
        saved = entries.load_entry(db, entry.id)
        summary = (saved.data or {})["summary"].replace("\r\n", "\n")  # a form post sends CRLF
        assert (summary, saved.current_version) == (MINE, 3)
    finally:
        db.conn.close()


def test_a_note_sent_after_the_session_expired_is_kept_for_after_sign_in(
    browser, live: Live, tmp_path: Path
):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, live.url, "olivia")
    page.fill("#text", NOTE)
    key = draft_key(page)  # the sign-in page names no account, so take it from the chat page
    with closing(sqlite3.connect(tmp_path / "casenotes.db")) as conn, conn:
        conn.execute("DELETE FROM sessions")  # signed out elsewhere, or timed out
    page.click("#send")
    page.wait_for_url(f"{live.url}/login?**")
    assert page.evaluate("k => sessionStorage.getItem(k)", key) == NOTE  # kept for this account
    sign_in(page, live.url, "olivia")
    assert page.input_value("#text") == NOTE
    context.close()


def test_autosave_after_the_session_expired_never_says_saved(browser, live: Live, tmp_path: Path):
    db = open_db(tmp_path / "casenotes.db")
    olivia = accounts.get_user_by_username(db, "olivia")
    entry = entries.create_draft(db, olivia, "X100001", "Sam Reed attended.", "2026-11-21")
    entries.set_extraction(db, entry.id, {"summary": "Attended."})
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, live.url, "olivia")
    page.goto(f"{live.url}/entries/{entry.id}/edit/summary")
    db.execute("DELETE FROM sessions")
    db.conn.commit()
    db.conn.close()
    page.fill("textarea[name='value']", "Attended on time.")
    status = page.wait_for_selector("p[aria-live='polite']:has-text('Not saved yet')")
    assert "Saved" not in status.inner_text()
    assert page.input_value("input[name='version']") == "1"
    context.close()
