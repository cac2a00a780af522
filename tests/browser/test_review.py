"""Issue 4's review journey in Chromium, with hostile text in a note, a name and a comment.

The officer records a note for a person whose name is markup, and submits; the supervisor
returns it with a hostile comment; the officer reads the comment, corrects a field (saved by
autosave, never pressing Save) and resubmits; the supervisor approves. Every page visited is
axe-clean, every hostile string shows as the text it is, and no script ever runs.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import HOSTILE_CRN, HOSTILE_NAME
from tests.browser.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.browser
UNICODE = (
    "Z\u0336\u0322a\u0337l\u0338g\u0335o \u202egnirts desrever\u202c "
    "\U0001f469\u200d\U0001f469\u200d\U0001f467 \U0001d518\U0001d52b\U0001d526 " + "\ufdfa" * 40
)
NOTE = (
    "Office visit today, he attended on time. He wrote <script>document.title='pwned'</script> "
    "<img src=x onerror=\"document.title='pwned'\"> {{ 7*7 }} {% raw %} \"quotes\" 'single' "
    f"'; DROP TABLE entries; -- {UNICODE} He lives in a hostel."
)
COMMENT = (
    "Add the time <script>document.title='pwned'</script> {{ config }} \"now\" 'please' "
    + "\U0001f600" * 300
)
SUMMARY = "Office visit, attended on time. Living in a hostel. <i>{{ 1+1 }}</i> \u202eok"


class Actor:
    """One person's browser context, noting any dialog a page opens."""

    def __init__(self, browser, base: str, username: str) -> None:
        self.base = base
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        sign_in(self.page, base, username)

    def visit(self, path: str) -> None:
        """Open a page and check it."""
        self.page.goto(self.base + path)
        self.check()

    def check(self) -> None:
        """The page is axe-clean and nothing hostile ran or became markup."""
        page = self.page
        page.wait_for_load_state()
        assert_accessible(page)
        assert self.dialogs == []
        assert page.title() != "pwned"
        assert page.locator("#pwned-name, main img, main script, main i").count() == 0

    def close(self) -> None:
        self.check()
        self.context.close()


def shown(page, selector: str) -> str:
    return page.locator(selector).inner_text()


def note_shown(page) -> str:
    """The note as shown, without the labels that say what each highlight supports."""
    return page.locator(".app-note").evaluate(
        "el => { const c = el.cloneNode(true);"
        " c.querySelectorAll('.app-mark-for').forEach(n => n.remove()); return c.textContent; }"
    )


def test_return_fix_resubmit_approve_with_hostile_text(server, browser):
    officer = Actor(browser, server, "olivia")
    page = officer.page
    officer.check()
    page.select_option("#crn", HOSTILE_CRN)
    page.click("button:has-text('Choose person')")
    officer.check()
    assert HOSTILE_NAME in shown(page, "main")
    page.fill("#text", NOTE)
    page.reload()  # a refresh before sending keeps what was typed (kept in this tab)
    assert page.input_value("#text") == NOTE
    page.click("#send")
    page.wait_for_selector(f"text=({HOSTILE_CRN})")
    officer.check()
    page.click("a:has-text('Open entry') >> nth=-1")
    officer.check()
    entry = re.search(r"/entries/(\d+)$", page.url).group(1)
    assert note_shown(page) == NOTE
    assert HOSTILE_NAME in shown(page, ".govuk-caption-l")
    assert page.locator(".app-note mark").count() >= 1
    page.click("button:has-text('Submit to supervisor')")
    officer.check()
    officer.visit(f"/cases/{HOSTILE_CRN}")
    assert HOSTILE_NAME in shown(page, "h1")
    officer.close()

    supervisor = Actor(browser, server, "sue")
    page = supervisor.page
    supervisor.visit("/review")
    page.click(f"a[href='/review/{entry}']")
    supervisor.check()
    assert note_shown(page) == NOTE
    assert HOSTILE_NAME in shown(page, ".govuk-caption-l")
    page.check("#decision-2")  # return to the officer
    page.fill("#comment", COMMENT)
    page.click("button:has-text('Save decision')")
    assert re.search(r"/review\?decided=return&entry=\d+$", page.url)
    assert shown(page, ".govuk-notification-banner").endswith("returned to the officer.")
    assert HOSTILE_NAME in shown(page, ".govuk-notification-banner")
    supervisor.check()
    supervisor.close()

    officer = Actor(browser, server, "olivia")
    page = officer.page
    officer.visit("/")  # the returned entry waits on the chat page too, comment and all
    assert "Returned by your supervisor" in shown(page, ".govuk-notification-banner")
    assert page.locator(f".govuk-notification-banner a[href='/entries/{entry}']").count() == 1
    officer.visit("/drafts")
    assert COMMENT in shown(page, "main")
    page.click(f"a[href='/entries/{entry}']")
    officer.check()
    assert COMMENT in shown(page, ".govuk-notification-banner")
    page.click("a[href$='/edit/summary']")
    officer.check()
    page.fill("#value", SUMMARY)  # autosave: the form is never submitted
    page.wait_for_selector("text=Saved")
    officer.check()
    page.click("a:has-text('Back to the entry')")
    officer.check()
    assert SUMMARY in shown(page, ".govuk-inset-text")
    page.click("button:has-text('Resubmit to supervisor')")
    officer.check()
    assert "Submitted" in shown(page, ".govuk-tag >> nth=0")
    officer.close()

    supervisor = Actor(browser, server, "sue")
    page = supervisor.page
    supervisor.visit(f"/review/{entry}")
    # What the officer changed from the machine, in the words of the form.
    assert "Contact record" in shown(page, "table") and "summary" not in shown(page, "table")
    assert "Contact record rewritten by the officer" in shown(page, "main")
    page.check("#decision")  # approve
    page.click("button:has-text('Save decision')")
    supervisor.check()
    supervisor.visit(f"/entries/{entry}")
    assert "Approved" in shown(page, ".govuk-tag >> nth=0")
    assert page.locator("button:has-text('Submit')").count() == 0
    supervisor.close()
