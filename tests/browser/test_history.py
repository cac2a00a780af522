"""A backfilled history in Chromium: the case page with its history and sections, and a
historical note, both axe-clean."""

from __future__ import annotations

import pytest

from storage.db import open_db
from storage.historical import rebuild_history_sections, store_historical
from tests.browser.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def backfill(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Two historical notes for Priya Natt (X100003) in the running server's database."""
    # The session's server keeps its database in the one "browser" temporary folder.
    database = next(tmp_path_factory.getbasetemp().glob("browser*/casenotes.db"))
    db = open_db(database)
    items, results = [], []
    for note_id, day, said in (
        ("K-3", "2020-10-02", "Sofa surfing with friends."),
        ("K-9", "2024-01-15", "Settled in a housing association flat."),
    ):
        items.append({"id": note_id, "crn": "X100003", "reference_date": day, "text": said})
        results.append({
            "id": note_id, "schema": "case-entry/1", "reference_date": day,
            "contact": {"date": day, "type": "home_visit", "outcome": "attended_complied"},
            "sections": {"accommodation": said}, "summary": f"Home visit: {said}",
        })  # fmt: skip
    store_historical(db, items, results)
    rebuild_history_sections(db)
    db.conn.close()


def test_case_history_and_a_historical_note_are_accessible(server, browser, tmp_path_factory):
    backfill(tmp_path_factory)
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "olivia")
    page.goto(f"{server}/cases/X100003")
    page.wait_for_selector("text=History from earlier notes")
    assert_accessible(page)
    page.click("a:has-text('Open note') >> nth=0")
    page.wait_for_selector("h1:has-text('Historical note')")
    assert "Settled in a housing association flat." in page.content()
    assert page.locator("button:has-text('Submit to supervisor')").count() == 0
    assert_accessible(page)
    context.close()
