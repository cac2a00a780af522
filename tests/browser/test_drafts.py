"""Drafts in Chromium: the skip link, whose a note is and changing it, the duplicate warning,
discard and restore, and the date input; every page axe-clean at any impact."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.browser
FIRST = "Priya Natt came to the office and said her new job starts on Monday."
TWICE = "Jo Reed rang to say she has a chest infection and will come in next week."


def _send(page, text: str, wait_for: str) -> None:
    page.fill("#text", text)
    page.click("#send")
    page.wait_for_selector(f"#transcript li:last-child >> text={wait_for}")


def test_skip_link_goes_to_the_message_box(server, browser):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "olivia")
    page.wait_for_load_state()  # a long transcript: Tab before it loads lands elsewhere
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to the message box"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "text"
    context.close()


def test_change_person_duplicate_warning_discard_and_restore(server, browser):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "olivia")
    _send(page, FIRST, "Filed under Priya Natt (X100003). Not right?")
    assert_accessible(page)

    page.click("#transcript li:last-child a:has-text('Change person')")
    page.wait_for_selector("h1:has-text('Who is this entry about?')")
    assert_accessible(page)
    page.check("input[value='other']")
    page.fill("#who", "jo reed")
    page.click("button:has-text('Change person')")
    page.wait_for_selector("text=Moved to Jo Reed (X100002).")
    assert_accessible(page)
    assert "Jo Reed (X100002)" in page.inner_text(".govuk-caption-l")
    page.click("a[href$='/edit/contact_date']")
    assert page.locator("#value-day").count() == 1
    assert_accessible(page)

    page.goto(server + "/")
    _send(page, TWICE, "Filed under Jo Reed (X100002).")
    _send(page, TWICE, "This note is already in a draft for Jo Reed (X100002).")
    assert_accessible(page)
    page.click("#transcript li:last-child button:has-text('Make another draft')")
    page.wait_for_selector("#transcript li:last-child >> text=Filed under Jo Reed (X100002).")
    page.click("#transcript li:last-child a:has-text('Open entry')")
    entry = re.search(r"/entries/(\d+)$", page.url).group(1)
    page.click("a:has-text('Discard draft')")
    assert_accessible(page)
    page.click("button:has-text('Discard draft')")
    page.wait_for_selector("text=Draft discarded.")
    assert_accessible(page)
    assert page.locator(f"a[href='/entries/{entry}']").count() == 0
    context.close()

    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "adam")
    page.goto(server + "/admin/discarded")
    assert_accessible(page)
    page.click(f"button:has-text('Restore'):has(span:text-is(' entry {entry}'))")
    page.wait_for_selector(f"text=Entry {entry} restored")
    assert_accessible(page)
    context.close()

    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "olivia")
    page.goto(server + "/drafts")
    assert page.locator(f"a[href='/entries/{entry}']").count() == 1
    context.close()
