"""The chat page's "Working on" line and person select follow the conversation without a
reload: a note filed under another person, or moved to them, changes both."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _send(page, text: str, answer: str) -> None:
    page.fill("#text", text)
    page.click("#send")
    page.wait_for_selector(f"#transcript li:last-child:has-text('{answer}')", timeout=60_000)
    page.wait_for_function("() => !document.querySelector('#send').disabled")


def test_working_on_follows_the_person_a_send_files_under(server, browser):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "olivia")
    page.goto(server + "/")
    page.click("button:has-text('Start a new conversation')")
    assert page.is_hidden("#working-on")
    assert page.input_value("#crn") == ""
    _send(page, "Office visit with Sam Reed today, he attended on time.", "Filed under")
    assert page.inner_text("#working-on") == "Working on Sam Reed (X100001)"
    assert page.get_attribute("#working-on-link", "href") == "/cases/X100001"
    assert page.input_value("#crn") == "X100001"
    _send(page, "Priya Natt phoned in, she is unwell and has a sick note.", "Filed under")
    assert page.inner_text("#working-on") == "Working on Priya Natt (X100003)"
    assert page.input_value("#crn") == "X100003"
    _send(page, "this is for Jo Reed", "Jo Reed")
    assert page.inner_text("#working-on") == "Working on Jo Reed (X100002)"
    assert page.input_value("#crn") == "X100002"
    # What a reload shows is what the script showed.
    page.reload()
    assert page.inner_text("#working-on") == "Working on Jo Reed (X100002)"
    assert_accessible(page)
    context.close()
