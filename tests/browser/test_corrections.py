"""Every kind of correction in Chromium, keyboard first, axe-clean at every impact."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser
NOTE = (
    "Home visit to Jo Reed this morning. She is sleeping on a friend's sofa and owes rent. "
    "She said she has been using cannabis daily. Next appointment Friday at 2pm."
)


def assert_no_axe_findings(page) -> None:
    """No axe-core finding of any impact, best practices included (not only WCAG rules)."""
    violations = Axe().run(page).response["violations"]
    assert violations == [], [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in violations
    ]


def say(page, text: str, answer: str) -> None:
    """Send a chat message with the keyboard and wait for the answer."""
    page.fill("#text", text)
    page.click("#send")
    page.wait_for_selector(f"text={answer}")


def submit(page, selector: str) -> None:
    """Press a form's button and wait for the page it posts to, so that what is read next is
    the new page and never the blank one between (CI once read "" on a loaded machine)."""
    with page.expect_navigation():
        page.click(selector)


def test_corrections_by_chat_and_on_each_group_page(server, browser):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "olivia")
    say(page, "new contact for Jo Reed", "New contact for Jo Reed (X100002)")
    say(page, NOTE, "Open entry")
    say(page, "add flag condition breach", "Added the Condition breach flag: present")
    say(page, "drug test negative", "Drug test is now negative")
    say(page, "remove condition breach", "Removed the Condition breach flag")
    assert_no_axe_findings(page)
    page.click("a:has-text('Open entry') >> nth=-1")
    entry_url = page.url
    assert "Drug test: negative." in page.content()
    assert page.locator(".app-mark-for").count() >= 2  # highlights name what they support
    assert_no_axe_findings(page)

    # Flags: one page, every flag; keyboard only: focus a row, choose, submit with Enter.
    page.click("a[href$='/change/flags']")
    assert page.locator("fieldset").count() == 8
    assert_no_axe_findings(page)
    page.focus("input[name='weapons'][value='']")
    page.keyboard.press("ArrowRight")  # the next choice in the row: Present
    page.keyboard.press("Enter")
    page.wait_for_url(entry_url + "#flags")
    assert "Weapons" in page.locator("#flags + ul").inner_text()
    assert "Added by the officer" in page.content()

    # Needs: change one area's status; the record is rebuilt.
    page.click("a[href$='/change/needs']")
    assert_no_axe_findings(page)
    page.check("input[name='finance'][value='strength']")
    submit(page, "button:has-text('Save')")
    assert "finance (strength)" in page.content()

    # Substances: remove one.
    page.click("a[href$='/change/substances']")
    assert_no_axe_findings(page)
    page.check("input[name='cannabis'][value='']")
    submit(page, "button:has-text('Save')")
    assert "Cannabis" not in page.locator("#substances + *").inner_text()

    # Actions: add one with a due date.
    page.click("a[href$='/change/actions']")
    assert_no_axe_findings(page)
    page.check("input[name='police_liaison'][value='officer']")
    page.fill("#due-police_liaison", "2026-12-24")
    submit(page, "button:has-text('Save')")
    assert "Police liaison" in page.locator("#actions + ul").inner_text()

    # Drug test with what it showed; then no next appointment.
    page.click("a[href$='/change/drug_test'] >> nth=0")
    assert_no_axe_findings(page)
    page.check("input[name='result'][value='positive']")
    page.check("input[name='substances'][value='cocaine']")
    submit(page, "button:has-text('Save')")
    assert "Drug test: positive (cocaine)." in page.content()
    page.click("a[href$='/change/next_appointment'] >> nth=0")
    page.fill("#time", "25:70")  # a bad time: the error summary, nothing saved
    submit(page, "button:has-text('Save')")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.locator("#time").input_value() == "25:70"
    assert_no_axe_findings(page)
    page.fill("#time", "")
    submit(page, "button:has-text('No next appointment')")
    assert "Next appointment: not set." in page.content()

    # Several contact details on one page.
    page.click("a[href$='/change/contact']")
    assert_no_axe_findings(page)
    page.fill("#duration_minutes", "35")
    page.check("input[name='enforcement'][value='warning_letter']")
    submit(page, "button:has-text('Save')")
    assert "Enforcement: Warning letter." in page.content()
    assert "35 minutes" in page.content()
    context.close()
