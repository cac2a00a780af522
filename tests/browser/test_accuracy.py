"""The supervisors' accuracy page in Chromium: axe-clean with figures, and with a bad date."""

from __future__ import annotations

import pytest

from storage.db import open_db
from tests.accuracy.seed import approved, changed
from tests.browser.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def corrected_entry(tmp_path_factory: pytest.TempPathFactory) -> None:
    """One approved entry for Jo Reed (X100002) whose outcome the officer corrected."""
    database = next(tmp_path_factory.getbasetemp().glob("browser*/casenotes.db"))
    db = open_db(database)
    contact = {"date": "2026-05-04", "type": "office_visit", "outcome": "rescheduled"}
    approved(db, "olivia", "sue", "X100002", "Rang to move the visit.", changed(contact=contact))
    db.conn.close()


def test_accuracy_page_is_accessible(server, browser, tmp_path_factory):
    corrected_entry(tmp_path_factory)
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "sue")
    page.click("nav a:has-text('Accuracy')")
    page.wait_for_selector("h1:has-text('Accuracy of the machine')")
    assert page.locator("caption:has-text('Cue families')").count() == 1
    assert "with at least one correction" in page.inner_text("#reviewed")
    assert_accessible(page)
    page.fill("#since", "not a date")
    page.click("button:has-text('Show')")
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    context.close()
