"""What every browser test does: sign in, and check a page with axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import PASSWORD

# WCAG 2.2 AA and axe's best practices (landmarks, heading order): nothing at any impact.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def assert_accessible(page) -> None:
    """No axe-core violations of WCAG 2.2 AA or best practice, at any impact, on the page."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    violations = results.response["violations"]
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def sign_in(page, base: str, username: str) -> None:
    """Sign in through the form (checking the sign-in page too)."""
    page.goto(f"{base}/login")
    assert_accessible(page)
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
