"""The pre-filled assessment in Chromium: axe-clean, evidence one keystroke away, keyboard only."""

from __future__ import annotations

import datetime as dt

import pytest

from storage import accounts, entries, people
from storage.db import open_db
from tests.browser.conftest import PASSWORD
from tests.browser.helpers import assert_accessible, sign_in
from tests.web.test_restart import free_port, start

pytestmark = pytest.mark.browser
NOTES = (
    (40, "Ann is sleeping rough near the canal. I gave her the night shelter's number."),
    (
        3,
        "Ann has moved into approved premises in Leeds. She told me she has debts with a "
        "payday lender. She denies any thoughts of self-harm.",
    ),
)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A server whose database holds one person with two read contacts."""
    tmp = tmp_path_factory.mktemp("assessment")
    database, config = tmp / "casenotes.db", tmp / "config.toml"
    # The page reads stored entries only: a fake extractor keeps the server's start quick.
    config.write_text(
        f'[server]\nworkers = 1\nextractor = "tests.web.fake_nlp:load"\n'
        f'[storage]\ndatabase = "{database}"\n'
    )
    db = open_db(database)
    accounts.create_user(db, "olivia", PASSWORD, "officer", "North")
    team = accounts.get_user_by_username(db, "olivia").team_id
    people.upsert_person(db, "X300001", "Ann <b>Vale</b>", team_id=team)
    people.assign_caseload(db, "X300001", "olivia")
    user = accounts.get_user_by_username(db, "olivia")
    for days, text in NOTES:
        day = (dt.date.today() - dt.timedelta(days=days)).isoformat()
        entry = entries.create_draft(db, user, "X300001", text, day)
        entries.set_extraction(db, entry.id, {"contact": {"date": day}})
    db.conn.close()
    port = free_port()
    proc = start(config, port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=30)


def test_assessment_page_is_accessible_and_works_from_the_keyboard(browser, base):
    page = browser.new_context().new_page()
    sign_in(page, base, "olivia")
    page.goto(f"{base}/cases/X300001/assessment")
    assert page.locator("h1").inner_text() == "Strengths and needs assessment"
    assert "Ann <b>Vale</b>" in page.locator(".govuk-caption-l").inner_text()
    assert_accessible(page)

    # The evidence is one keystroke from its question: focus its summary, press Enter.
    summary = page.locator("summary", has_text="Evidence for current accommodation")
    summary.focus()
    page.keyboard.press("Enter")
    details = page.locator("details", has=summary)
    assert details.get_attribute("open") is not None
    assert "moved into approved premises in Leeds" in details.inner_text()
    assert_accessible(page)

    # Change an answer with the keyboard alone and save the area.
    page.locator("#type_of_temporary_accommodation-2").focus()  # CAS3
    page.keyboard.press("Space")
    page.locator("button", has_text="Save accommodation").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/cases/X300001/assessment#accommodation")
    assert page.locator("#type_of_temporary_accommodation-2").is_checked()
    hint = page.locator("#type_of_temporary_accommodation-hint").inner_text()
    assert hint == "Changed from the pre-filled answer (Approved premises)."
    assert page.locator("#current_accommodation-hint").inner_text() == "You accepted this answer."
    assert_accessible(page)
