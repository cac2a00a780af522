"""The officer journey and the review journey in Chromium, axe-clean on every page."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.browser
NOTE = "Sam Reed attended a home visit. He is living in a hostel <script>alert(1)</script>."


def test_officer_and_review_journey(server, browser):
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, server, "olivia")
    assert_accessible(page)
    page.fill("#text", "new contact for Sam Reed")
    page.click("#send")
    page.wait_for_selector("text=New contact for Sam Reed (X100001)")
    page.fill("#text", NOTE)
    page.click("#send")
    page.wait_for_selector("text=Open entry")
    assert_accessible(page)
    page.fill("#text", "outcome acceptable absence")
    page.click("#send")
    page.wait_for_selector("text=Outcome is now Acceptable absence")
    page.click("a:has-text('Open entry') >> nth=-1")
    assert page.locator("mark", has_text="hostel").count() >= 1
    assert "Acceptable absence" in page.content()
    assert_accessible(page)
    page.click("a[href$='/edit/location']")
    assert_accessible(page)
    page.fill("#value", "Flat 2, made-up street")
    page.click("button:has-text('Save')")
    page.click("button:has-text('Submit to supervisor')")
    assert "Submitted" in page.content()
    entry_url = page.url
    for path in ("/drafts", "/search?q=hostel", "/cases/X100001", "/"):
        page.goto(server + path)
        assert_accessible(page)
    assert dialogs == []
    context.close()

    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "sue")
    page.goto(f"{server}/review")
    assert_accessible(page)
    entry_id = re.search(r"/entries/(\d+)", entry_url).group(1)
    page.goto(f"{server}/review/{entry_id}")
    assert_accessible(page)
    page.check("#decision")
    page.click("button:has-text('Save decision')")
    assert "/review?decided=approve" in page.url
    assert "Entry for Sam Reed (X100001) approved." in page.inner_text(".govuk-notification-banner")
    assert_accessible(page)
    context.close()

    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "adam")
    page.goto(f"{server}/admin/audit")
    assert_accessible(page)
    page.goto(f"{server}/no-such-page")
    assert_accessible(page)
    context.close()
