"""The Teams link page in Chromium: the code form and its error state are axe-clean."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_link_page_and_a_wrong_code_are_accessible(server, browser):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "olivia")
    page.goto(f"{server}/teams/link")
    assert page.locator("h1").inner_text() == "Link your Teams account"
    assert_accessible(page)
    page.fill("#code", "ABCD-EFGH")
    page.click("button:has-text('Continue')")
    page.wait_for_selector(".govuk-error-summary")
    assert "That code is not right or has run out" in page.locator("main").inner_text()
    assert page.input_value("#code") == "ABCD-EFGH"
    assert_accessible(page)
    context.close()
