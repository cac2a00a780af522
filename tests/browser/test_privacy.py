"""Unsent text kept by the chat page belongs to its account: the next account never sees it."""

from __future__ import annotations

import pytest

from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser
UNSENT = "Half-typed: disclosed a relapse at the weekend"


def _kept(page) -> list[str]:
    """Every value the page keeps in sessionStorage or localStorage."""
    return page.evaluate(
        "() => [sessionStorage, localStorage].flatMap(s => Object.keys(s).map(k => s[k]))"
    )


def test_sign_out_clears_unsent_text_for_the_next_account(server, browser):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "olivia")
    page.fill("#text", UNSENT)
    page.reload()
    # Kept for the same account across a refresh: that is what the store is for.
    assert page.input_value("#text") == UNSENT
    page.click("button:has-text('Sign out')")
    page.wait_for_url("**/login")
    assert UNSENT not in _kept(page)
    sign_in(page, server, "sue")
    page.goto(server + "/")
    assert page.input_value("#text") == ""
    assert UNSENT not in _kept(page)
    context.close()


def test_an_expired_session_never_hands_text_to_another_account(server, browser):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "olivia")
    page.fill("#text", UNSENT)
    # The session ends without Sign out (expired, or the cookie cleared): the text stays in
    # the tab, but the next account's pages neither show it nor keep it.
    context.clear_cookies()
    sign_in(page, server, "sue")
    page.goto(server + "/")
    assert page.input_value("#text") == ""
    assert UNSENT not in _kept(page)
    context.close()


def test_ctrl_enter_sends(server, browser):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "olivia")
    page.fill("#text", "help")
    turns = page.locator("#transcript > li").count()
    page.press("#text", "Control+Enter")
    # Two new turns (the message and the answer): an earlier help answer does not count.
    page.wait_for_function(f"() => document.querySelectorAll('#transcript > li').length > {turns}")
    page.wait_for_selector("#transcript > li:last-child >> text=Name a person")
    assert page.input_value("#text") == ""
    context.close()
