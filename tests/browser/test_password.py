"""Sign-in from a real browser (it sends Origin and the pre-session token) and the
change-password page, empty and with its error summary, both passing axe."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_change_password_page_is_accessible(server, browser):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "adam")
    page.goto(f"{server}/account/password")
    assert page.locator("h1", has_text="Change your password").count() == 1
    assert_accessible(page)
    page.fill("#current_password", "not the password at all")
    page.fill("#new_password", "short")
    page.click("button:has-text('Change password')")
    page.wait_for_selector(".govuk-error-summary")
    assert "Your current password is not right" in page.content()
    assert_accessible(page)
    context.close()
