"""No page logs a console error (a CSP violation, a failed script) for any role."""

from __future__ import annotations

import pytest

from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser
PAGES = {
    "olivia": ["/", "/drafts", "/search", "/account/password", "/cases/X100001"],
    "sue": ["/", "/review", "/accuracy"],
    "adam": ["/admin/audit", "/admin/discarded"],
}


@pytest.mark.parametrize("username", sorted(PAGES))
def test_main_pages_log_no_console_errors(server, browser, username):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, server, username)
    for path in PAGES[username]:
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        assert "govuk-frontend-supported" in (page.get_attribute("body", "class") or "")
    assert errors == []
    context.close()
