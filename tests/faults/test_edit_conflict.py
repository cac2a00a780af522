"""Two people editing one entry: one wins, the other sees the change and keeps their own text."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from aiohttp.test_utils import TestClient

from storage import accounts, entries
from tests.web.conftest import CSRF, sign_in

pytestmark = pytest.mark.fault

EXTRACTION = {
    "contact": {"outcome": "attended_complied", "location": None},
    "summary": "Attended. Lives in a hostel.",
}
MINE = "Attended on time.\nTalked through the hostel rules and the job centre appointment."
THEIRS = "Attended. Hostel place confirmed until March."


@pytest.fixture
def entry_id(db) -> int:
    olivia = accounts.get_user_by_username(db, "olivia")
    entry = entries.create_draft(db, olivia, "X100001", "Sam Reed attended.", date(2026, 11, 21))
    return entries.set_extraction(db, entry.id, EXTRACTION).id


@pytest.fixture
async def second(client):  # type: ignore[no-untyped-def]
    """Another browser on the same server."""
    other = TestClient(client.server)
    await other.start_server()
    yield other
    await other.close()


async def open_form(client, entry_id: int, field: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """(csrf token, version) from the field's edit form."""
    page = await (await client.get(f"/entries/{entry_id}/edit/{field}")).text()
    csrf = CSRF.search(page)
    version = re.search(r'name="version" value="(\d+)"', page)
    assert csrf and version
    return csrf.group(1), version.group(1)


async def save(client, entry_id, field, csrf, version, value, **headers):  # type: ignore[no-untyped-def]
    return await client.post(
        f"/entries/{entry_id}/edit/{field}",
        data={"csrf_token": csrf, "version": version, "value": value},
        headers=headers,
        allow_redirects=False,
    )


def current(db, entry_id: int):  # type: ignore[no-untyped-def]
    return entries.load_entry(db, entry_id)


async def test_second_save_sees_the_first_and_resolves_it(client, second, db, entry_id):
    await sign_in(client, "olivia")
    await sign_in(second, "sue")
    mine = await open_form(client, entry_id, "outcome")
    theirs = await open_form(second, entry_id, "outcome")

    resp = await save(second, entry_id, "outcome", *theirs, "rescheduled")
    assert resp.status == 303
    resp = await save(client, entry_id, "outcome", *mine, "failed_to_attend")
    assert resp.status == 409  # not saved over Sue's change
    page = await resp.text()
    assert "sue changed outcome after you opened this page" in page
    shown = re.search(r'id="theirs".*?class="app-note">(.*?)</div>', page, re.S)
    assert shown and shown.group(1).strip() == "Rescheduled"
    assert re.search(r'value="failed_to_attend"\s+checked', page)  # their choice still picked
    assert 'name="version" value="2"' in page
    assert current(db, entry_id).data["contact"]["outcome"] == "rescheduled"

    csrf = CSRF.search(page).group(1)  # type: ignore[union-attr]
    resp = await save(client, entry_id, "outcome", csrf, "2", "failed_to_attend")
    assert resp.status == 303  # a deliberate choice, made knowing the other change
    entry = current(db, entry_id)
    assert (entry.current_version, entry.data["contact"]["outcome"]) == (3, "failed_to_attend")
    history = entries.versions(db, accounts.get_user_by_username(db, "olivia"), entry_id)
    assert [v.data["contact"]["outcome"] for v in history] == [
        "attended_complied",
        "rescheduled",
        "failed_to_attend",
    ]


async def test_typed_text_is_kept_beside_the_other_change(client, second, db, entry_id):
    await sign_in(client, "olivia")
    await sign_in(second, "sue")
    mine = await open_form(client, entry_id, "summary")
    theirs = await open_form(second, entry_id, "summary")
    assert (await save(second, entry_id, "summary", *theirs, THEIRS)).status == 303

    autosave = await save(
        client, entry_id, "summary", *mine, MINE, **{"X-Requested-With": "casenotes"}
    )
    assert autosave.status == 409
    assert "sue changed contact record" in (await autosave.json())["error"]

    resp = await save(client, entry_id, "summary", *mine, MINE)
    assert resp.status == 409
    page = await resp.text()
    textarea = re.search(r'<textarea[^>]*name="value"[^>]*>(.*?)</textarea>', page, re.S)
    assert textarea and html.unescape(textarea.group(1)).strip("\n") == MINE
    assert THEIRS in html.unescape(page)
    assert current(db, entry_id).data["summary"] == THEIRS


async def test_changes_to_different_fields_both_stand(client, second, db, entry_id):
    await sign_in(client, "olivia")
    await sign_in(second, "sue")
    mine = await open_form(client, entry_id, "location")
    theirs = await open_form(second, entry_id, "outcome")
    assert (await save(second, entry_id, "outcome", *theirs, "rescheduled")).status == 303
    assert (await save(client, entry_id, "location", *mine, "Probation office")).status == 303
    contact = current(db, entry_id).data["contact"]
    assert (contact["outcome"], contact["location"]) == ("rescheduled", "Probation office")
    assert current(db, entry_id).current_version == 3


async def test_api_answers_409_with_the_current_version(client, db, entry_id):
    olivia = accounts.get_user_by_username(db, "olivia")
    sue = accounts.get_user_by_username(db, "sue")
    headers = {"Authorization": f"Bearer {accounts.create_token(db, olivia)[1]}"}
    other = {"Authorization": f"Bearer {accounts.create_token(db, sue)[1]}"}
    path = f"/api/v1/entries/{entry_id}"
    body = {"version": 1, "fields": {"outcome": "rescheduled"}}
    assert (await client.patch(path, json=body, headers=other)).status == 200
    resp = await client.patch(
        path, json={"version": 1, "fields": {"outcome": "failed_to_attend"}}, headers=headers
    )
    assert resp.status == 409
    assert (await resp.json())["current_version"] == 2
    assert current(db, entry_id).data["contact"]["outcome"] == "rescheduled"
    resp = await client.patch(
        path, json={"version": 2, "fields": {"outcome": "failed_to_attend"}}, headers=headers
    )
    assert resp.status == 200
    assert (await resp.json())["current_version"] == 3


async def test_the_conflict_names_who_changed_this_field_not_who_saved_last(client, db, entry_id):
    olivia = accounts.get_user_by_username(db, "olivia")
    sue = accounts.get_user_by_username(db, "sue")
    await sign_in(client, "olivia")
    mine = await open_form(client, entry_id, "outcome")
    data = current(db, entry_id).data
    contact = {**data["contact"], "outcome": "rescheduled"}
    data = entries.update_entry(db, sue, entry_id, {**data, "contact": contact}, 1).data
    assert data is not None
    # Olivia, in another window, then changes a different field: hers is the latest version.
    entries.update_entry(db, olivia, entry_id, {**data, "summary": THEIRS}, 2)

    resp = await save(client, entry_id, "outcome", *mine, "failed_to_attend")
    assert resp.status == 409
    page = html.unescape(await resp.text())
    assert "sue changed outcome after you opened this page" in page
    assert "after sue’s change" in page
