"""The supervisors' accuracy page: their team's correction counts, no text, no one else's."""

from __future__ import annotations

import re

from storage import accounts
from tests.accuracy.seed import approved, changed
from tests.web.conftest import CHEAP, PASSWORD, sign_in

NOTE = "Called at the flat; Sam Reed says the boiler is fixed at last."
WARNED = {"enforcement": "warning"}


def cells(page: str, label: str) -> list[str]:
    """The cells of the table row whose header is `label`."""
    row = page.split(f'<th scope="row" class="govuk-table__header">{label}</th>')[1]
    row = row.split("</tr>")[0]
    return [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


async def test_supervisor_sees_their_teams_counts_and_no_text(client, db):
    accounts.create_user(db, "sam", PASSWORD, "supervisor", "South", hasher=CHEAP)
    flag = [{"code": "self_harm", "status": "present", "evidence": []}]
    approved(db, "olivia", "sue", "X100001", NOTE, changed(**WARNED, risk_flags=flag))
    approved(db, "olivia", "sue", "X100002", NOTE)
    approved(db, "oscar", "sam", "X200001", NOTE, changed(**WARNED))  # another team's
    await sign_in(client, "sue")
    resp = await client.get("/accuracy")
    page = await resp.text()
    assert resp.status == 200
    assert "2 approved entries; 1 with at least one correction." in page
    assert cells(page, "Enforcement") == ["1", "50.0%"]
    assert cells(page, "Outcome") == ["0", "0.0%"]
    assert cells(page, "Risk flags present") == ["1", "50.0%", "1", "0", "0"]
    for secret in ("Sam Reed", "boiler", "X100001", "olivia"):
        assert secret not in page.split("<main")[1]
    assert 'href="/accuracy"' in page  # in the supervisor's navigation


async def test_since_narrows_and_a_bad_date_is_explained(client, db):
    approved(db, "olivia", "sue", "X100001", NOTE, changed(**WARNED), day="2026-03-01")
    approved(db, "olivia", "sue", "X100001", NOTE, day="2026-06-01")
    await sign_in(client, "sue")
    page = await (await client.get("/accuracy?since=2026-05-01")).text()
    assert "1 approved entry; 0 with at least one correction." in page
    resp = await client.get("/accuracy?since=last+week")
    page = await resp.text()
    assert resp.status == 400
    assert "<title>Error: " in page and "govuk-error-summary" in page
    assert 'href="#since"' in page and "Enter a date as year-month-day" in page
    assert 'value="last week"' in page
    assert "2 approved entries" in page  # the whole team's, not nothing


async def test_with_nothing_approved_the_page_says_so_instead_of_showing_zero_rates(client, db):
    approved(db, "olivia", "sue", "X100001", NOTE, day="2026-03-01")
    await sign_in(client, "sue")
    page = await (await client.get("/accuracy?since=2026-05-01")).text()
    assert "No approved entries on or after 2026-05-01 yet, so there is nothing to measure." in page
    assert "govuk-table" not in page and "0.0%" not in page


async def test_officers_and_admins_are_refused(client, db):
    for name in ("olivia", "adam"):
        client.session.cookie_jar.clear()
        await sign_in(client, name)
        resp = await client.get("/accuracy", allow_redirects=False)
        assert resp.status == 403, name
        if name == "olivia":
            home = await (await client.get("/")).text()
            assert 'href="/accuracy"' not in home
