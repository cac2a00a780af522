"""Route × role matrix with exact statuses, sessions that expire, CSRF, sign-in lockout."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storage import accounts, entries
from tests.web.conftest import PASSWORD, post_login, sign_in
from tests.web.test_access_writes import caller

NOTE = "Sam Reed attended. Living in a hostel."


@pytest.fixture
def entry_id(db) -> int:
    """A draft for X100001 (olivia's, team North), already read."""
    user = accounts.get_user_by_username(db, "olivia")
    entry = entries.create_draft(db, user, "X100001", NOTE, "2026-11-21")
    entries.set_extraction(db, entry.id, {"contact": {"type": "office_visit"}, "summary": "s"})
    return entry.id


# path template → status for: nobody, olivia (own officer), sue (team supervisor),
# adam (admin), oscar (other team's officer)
MATRIX = [
    ("/", 303, 200, 200, 303, 200),  # an administrator lands on the audit log
    ("/drafts", 303, 200, 200, 403, 200),
    ("/search?q=hostel", 303, 200, 200, 403, 200),
    ("/cases/X100001", 303, 200, 200, 404, 404),
    ("/cases/X100001/export.csv", 303, 200, 200, 404, 404),
    ("/entries/{id}", 303, 200, 200, 404, 404),
    ("/entries/{id}/edit/outcome", 303, 200, 200, 404, 404),
    ("/entries/{id}/export.txt", 303, 200, 200, 404, 404),
    ("/entries/{id}/export.json", 303, 200, 200, 404, 404),
    ("/review", 303, 403, 200, 403, 403),
    ("/review/{id}", 303, 404, 200, 404, 404),
    ("/admin/audit", 303, 403, 403, 200, 403),
    ("/api/v1/cases", 401, 200, 200, 403, 200),
    ("/api/v1/cases/X100001", 401, 200, 200, 404, 404),
    ("/api/v1/entries/{id}", 401, 200, 200, 404, 404),
    ("/api/v1/entries", 401, 200, 200, 403, 200),
    ("/healthz", 200, 200, 200, 200, 200),
    ("/favicon.ico", 301, 301, 301, 301, 301),
    ("/login", 200, 303, 303, 303, 303),
    ("/api/v1/openapi.json", 200, 200, 200, 200, 200),
    ("/no-such-page", 303, 404, 404, 404, 404),
]
# An expired session and a disabled user's session count as nobody, on every route.
WHO = ["nobody", "olivia", "sue", "adam", "oscar", "expired", "disabled"]


@pytest.mark.parametrize("row", MATRIX, ids=[r[0] for r in MATRIX])
async def test_route_role_matrix(client, db, settings, entry_id, row):
    path, *expected = row
    expected += [expected[0], expected[0]]
    for who, status in zip(WHO, expected, strict=True):
        client.session.cookie_jar.clear()
        await caller(client, db, settings, who)
        resp = await client.get(path.format(id=entry_id), allow_redirects=False)
        assert resp.status == status, (who, path)
        if status == 303 and expected[0] == 303 and who in ("expired", "disabled"):
            assert resp.headers["Location"].startswith("/login")


async def test_disabled_user_cannot_sign_in(client):
    resp = await post_login(
        client, {"username": "dora", "password": PASSWORD}, allow_redirects=False
    )
    assert resp.status == 401
    assert "Enter a correct username and password" in await resp.text()


async def test_disabling_ends_a_live_session(client, db):
    await sign_in(client, "olivia")
    accounts.disable_user(db, "olivia")
    resp = await client.get("/", allow_redirects=False)
    assert resp.status == 303


async def test_idle_session_expires(client, db):
    await sign_in(client, "olivia")
    db.execute(
        "UPDATE sessions SET last_seen_at = ?",
        [(datetime.now(UTC) - timedelta(hours=2)).isoformat(timespec="microseconds")],
    )
    resp = await client.get("/", allow_redirects=False)
    assert resp.status == 303


async def test_same_message_for_unknown_user_and_wrong_password(client):
    a = await post_login(client, {"username": "nobody", "password": "x" * 10})
    b = await post_login(client, {"username": "olivia", "password": "x" * 10})
    assert a.status == b.status == 401
    assert "Enter a correct username and password" in await a.text()
    assert "Enter a correct username and password" in await b.text()


async def test_lockout_after_repeated_failures(client, settings):
    for _ in range(settings.auth.max_failed_logins):
        await post_login(client, {"username": "olivia", "password": "wrong-password"})
    resp = await post_login(
        client, {"username": "olivia", "password": PASSWORD}, allow_redirects=False
    )
    assert resp.status == 401


async def test_new_session_id_at_sign_in_and_cookie_flags(client):
    client.session.cookie_jar.update_cookies({"casenotes_session": "attacker-chosen"})
    resp = await post_login(
        client, {"username": "olivia", "password": PASSWORD}, allow_redirects=False
    )
    cookie = resp.cookies["casenotes_session"]
    assert cookie.value != "attacker-chosen"
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


async def test_sign_out_ends_session(client):
    csrf = await sign_in(client, "olivia")
    resp = await client.post("/logout", data={"csrf_token": csrf}, allow_redirects=False)
    assert resp.status == 303
    assert (await client.get("/", allow_redirects=False)).status == 303


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/logout",
        "/chat/new",
        "/chat/person",
        "/entries/{id}/submit",
        "/entries/{id}/edit/outcome",
        "/review/{id}",
        "/api/v1/interpret",
    ],
)
async def test_csrf_refused_without_token(client, entry_id, path):
    await sign_in(client, "sue")
    resp = await client.post(
        path.format(id=entry_id), data={"text": "help", "version": "1"}, allow_redirects=False
    )
    assert resp.status == 403
    wrong = await client.post(
        path.format(id=entry_id), data={"csrf_token": "nope", "text": "help"}, allow_redirects=False
    )
    assert wrong.status == 403


async def test_cross_site_origin_refused(client):
    resp = await post_login(
        client,
        {"username": "olivia", "password": PASSWORD},
        headers={"Origin": "https://evil.example"},
        allow_redirects=False,
    )
    assert resp.status == 403


async def test_open_redirect_refused(client):
    resp = await post_login(
        client,
        {"username": "olivia", "password": PASSWORD, "next": "//evil.example/"},
        allow_redirects=False,
    )
    assert resp.headers["Location"] == "/"


async def test_stale_form_version_is_409(client, entry_id):
    csrf = await sign_in(client, "olivia")
    url = f"/entries/{entry_id}/edit/outcome"
    ok = await client.post(
        url,
        data={"csrf_token": csrf, "version": "1", "value": "attended_complied"},
        allow_redirects=False,
    )
    assert ok.status == 303
    stale = await client.post(
        url,
        data={"csrf_token": csrf, "version": "1", "value": "failed_to_attend"},
        allow_redirects=False,
    )
    assert stale.status == 409
    assert "changed" in await stale.text()


async def test_bad_field_value_shows_error_summary(client, entry_id):
    csrf = await sign_in(client, "olivia")
    resp = await client.post(
        f"/entries/{entry_id}/edit/location",
        data={"csrf_token": csrf, "version": "1", "value": "x" * 201},
    )
    assert resp.status == 400
    page = await resp.text()
    assert "There is a problem" in page and 'href="#value"' in page


async def test_review_journey(client, db, entry_id):
    csrf = await sign_in(client, "olivia")
    await client.post(
        f"/entries/{entry_id}/edit/outcome",
        data={"csrf_token": csrf, "version": "1", "value": "rescheduled"},
    )
    await client.post(f"/entries/{entry_id}/submit", data={"csrf_token": csrf, "version": "2"})
    client.session.cookie_jar.clear()
    csrf = await sign_in(client, "sue")
    queue = await (await client.get("/review")).text()
    assert f"/review/{entry_id}" in queue
    screen = await (await client.get(f"/review/{entry_id}")).text()
    assert "Outcome changed from" in screen and "to Rescheduled by the officer" in screen
    assert "contact.outcome" not in screen
    resp = await client.post(
        f"/review/{entry_id}",
        data={"csrf_token": csrf, "version": "2", "decision": "return", "comment": ""},
    )
    assert resp.status == 400
    await client.post(
        f"/review/{entry_id}",
        data={
            "csrf_token": csrf,
            "version": "2",
            "decision": "return",
            "comment": "<b>Add the time</b>",
        },
    )
    client.session.cookie_jar.clear()
    csrf = await sign_in(client, "olivia")
    page = await (await client.get(f"/entries/{entry_id}")).text()
    assert "&lt;b&gt;Add the time&lt;/b&gt;" in page
    await client.post(f"/entries/{entry_id}/submit", data={"csrf_token": csrf, "version": "2"})
    client.session.cookie_jar.clear()
    csrf = await sign_in(client, "sue")
    await client.post(
        f"/review/{entry_id}", data={"csrf_token": csrf, "version": "2", "decision": "approve"}
    )
    user = accounts.get_user_by_username(db, "sue")
    assert entries.get_entry_for(db, user, entry_id).status == "approved"


async def test_failed_sign_ins_are_slowed(aiohttp_client, settings, db, pool):
    import dataclasses
    import time

    from assistant.app import create_app

    auth = dataclasses.replace(settings.auth, failed_sign_in_delay_s=0.5)
    client = await aiohttp_client(
        create_app(dataclasses.replace(settings, auth=auth), extraction=pool)
    )
    for username in ("olivia", "nobody"):
        began = time.monotonic()
        resp = await post_login(client, {"username": username, "password": "wrong-one"})
        assert resp.status == 401 and time.monotonic() - began >= 0.5
    began = time.monotonic()
    resp = await post_login(
        client, {"username": "olivia", "password": PASSWORD}, allow_redirects=False
    )
    assert resp.status == 303 and time.monotonic() - began < 0.3


async def test_an_administrator_signing_in_lands_on_the_audit_log(client):
    await sign_in(client, "adam")
    resp = await client.get("/", allow_redirects=False)
    assert resp.status == 303 and resp.headers["Location"] == "/admin/audit"
    assert (await client.get("/")).url.path == "/admin/audit"
