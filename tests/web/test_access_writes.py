"""Every state-changing route × every kind of caller, with the exact status for each.

Callers: nobody, the person's own officer, the team's supervisor, an admin, another team's
officer, an expired session and a disabled user's session. Each case runs on a fresh
database (a write changes what the next caller would meet), with a valid CSRF token
wherever the caller has a live session, so only the access rules decide the answer.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storage import accounts, entries
from tests.web.conftest import sign_in

NOTE = "Sam Reed attended. Living in a hostel."
WHO = ["nobody", "olivia", "sue", "adam", "oscar", "expired", "disabled"]
LOGIN = "login"  # 303 to the sign-in page
# (method, path, form or JSON body) → status for each of WHO. {draft}/{submitted} are the ids
# of olivia's entries for X100001 in those states; pages post forms, the API posts JSON.
ROUTES = [
    ("post", "/", {"text": "help"}, [LOGIN, 303, 303, 403, 303, LOGIN, LOGIN]),
    ("post", "/chat/new", {}, [LOGIN, 303, 303, 403, 303, LOGIN, LOGIN]),
    ("post", "/chat/person", {"crn": "X100001"}, [LOGIN, 303, 303, 403, 404, LOGIN, LOGIN]),
    (
        "post",
        "/entries/{draft}/edit/outcome",
        {"version": "1", "value": "rescheduled"},
        [LOGIN, 303, 303, 404, 404, LOGIN, LOGIN],
    ),
    (
        "post",
        "/entries/{draft}/submit",
        {"version": "1"},
        [LOGIN, 303, 303, 404, 404, LOGIN, LOGIN],
    ),
    ("post", "/entries/{draft}/extract", {}, [LOGIN, 303, 303, 404, 404, LOGIN, LOGIN]),
    (
        "post",
        "/review/{submitted}",
        {"version": "1", "decision": "approve"},
        [LOGIN, 404, 303, 404, 404, LOGIN, LOGIN],
    ),
    ("post", "/logout", {}, [LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN]),
    ("post", "/api/v1/extract", {"text": NOTE}, [401, 200, 200, 403, 200, 401, 401]),
    ("post", "/api/v1/interpret", {"text": "help"}, [401, 200, 200, 403, 200, 401, 401]),
    ("post", "/api/v1/chat", {"text": "help"}, [401, 200, 200, 403, 200, 401, 401]),
    (
        "post",
        "/api/v1/entries",
        {"text": NOTE, "crn": "X100001"},
        [401, 201, 201, 403, 404, 401, 401],
    ),
    (
        "patch",
        "/api/v1/entries/{draft}",
        {"version": 1, "fields": {"outcome": "rescheduled"}},
        [401, 200, 200, 404, 404, 401, 401],
    ),
    ("post", "/api/v1/entries/{draft}/submit", {}, [401, 200, 200, 404, 404, 401, 401]),
]
CASES = [
    pytest.param(method, path, body, who, status, id=f"{method} {path} {who}")
    for method, path, body, statuses in ROUTES
    for who, status in zip(WHO, statuses, strict=True)
]


@pytest.fixture
def ids(db) -> dict[str, int]:
    """A draft and a submitted entry of olivia's, both read by the machine (version 1)."""
    user = accounts.get_user_by_username(db, "olivia")
    found = {}
    for name in ("draft", "submitted"):
        entry = entries.create_draft(db, user, "X100001", NOTE, "2026-11-21")
        entries.set_extraction(db, entry.id, {"contact": {"type": "office_visit"}})
        found[name] = entry.id
    entries.submit(db, user, found["submitted"])
    return found


async def caller(client, db, settings, who: str) -> str | None:
    """Give the client `who`'s session (or none); the CSRF token when the session is live."""
    if who in ("olivia", "sue", "adam", "oscar"):
        return await sign_in(client, who)
    if who == "nobody":
        return None
    username = "olivia" if who == "expired" else "dora"  # dora is disabled
    user = accounts.get_user_by_username(db, username)
    long_ago = datetime.now(UTC) - timedelta(minutes=settings.auth.session_idle_minutes + 1)
    token, _ = accounts.create_session(
        db, user, settings.auth, now=long_ago if who == "expired" else None
    )
    client.session.cookie_jar.update_cookies({"casenotes_session": token})
    return None


@pytest.mark.parametrize(("method", "path", "body", "who", "expected"), CASES)
async def test_write_route_matrix(client, db, settings, ids, method, path, body, who, expected):
    csrf = await caller(client, db, settings, who)
    url = path.format(**ids)
    if url.startswith("/api/"):
        headers = {"X-CSRF-Token": csrf} if csrf else {}
        resp = await getattr(client, method)(url, json=body, headers=headers)
    else:
        form = {**body, "csrf_token": csrf} if csrf else body
        resp = await getattr(client, method)(url, data=form, allow_redirects=False)
    if expected == LOGIN:
        assert (resp.status, resp.headers["Location"].split("?")[0]) == (303, "/login")
    else:
        assert resp.status == expected, await resp.text()
        if resp.status == 303:
            assert not resp.headers["Location"].startswith("/login")
