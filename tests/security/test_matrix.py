"""The authorization matrix, generated from the app's route table.

Every route the app serves must have a rule below (a new route without one fails
`test_every_route_has_a_rule`), and every rule is run for every caller: nobody, an officer,
a supervisor, an admin, and an officer of another team; routes that name a record are run
on a record of the first officer's team and on one of the other team's. The expected answer
comes from the rule, written here by hand, not from the handlers' own role markers:

- PUBLIC: anyone gets an answer (never 401/403/404 or a trip to sign-in).
- CASE: officers and supervisors, on records their team holds; an admin is refused (403, or
  404 where the route names a record), a record of another team is 404.
- REVIEW: supervisors only, same record rule. ADMIN: admins only (a record an admin acts on,
  a discarded draft, is no team's: any admin may, everyone else gets 404). ACCOUNT: any
  signed-in role. TEAMS: self-authenticated; a session is no credential there (401 for everyone).
- AUTHOR: as CASE, but only the entry's author may act; a teammate who can see it gets 403.
- A Teams link or a dictation is its owner's alone: anyone else gets 404.
Signed-out callers are sent to sign-in (pages) or get 401 (API). Writes carry a valid CSRF
token, so only the access rules decide.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest

from assistant.api_speech import dictations_key
from assistant.app import create_app
from storage import accounts, drafts, entries, teams_links

PUBLIC, CASE, REVIEW, ADMIN, ACCOUNT, TEAMS, LOGOUT, SIGNIN, AUTHOR = (
    "public",
    "case",
    "review",
    "admin",
    "account",
    "teams",
    "logout",
    "signin",
    "author",
)
CALLERS = ["nobody", "olivia", "sue", "adam", "oscar"]
TEAM_OF = {"olivia": "A", "sue": "A", "oscar": "B"}  # whose records each caller may see
OWNER = {"A": "olivia", "B": "oscar"}  # who wrote each side's entries, owns its link, dictation
OWNED = ("link", "dictation")  # records that are one user's, not their team's
NOTE = "Seen at the office. All fine."


@dataclass(frozen=True)
class Rule:
    """How to call a route and which policy it follows."""

    policy: str
    record: str | None = None
    """"draft", "submitted", "discarded" (entry ids), "crn", a Teams "link" or a "dictation"."""
    body: dict | bytes | None = None  # bytes are sent as they are (audio)
    path: str | None = None  # a concrete path when the template needs more than a record


RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/healthz"): Rule(PUBLIC),
    ("GET", "/readyz"): Rule(PUBLIC),
    ("GET", "/login"): Rule(PUBLIC),
    ("POST", "/login"): Rule(SIGNIN, body={"username": "olivia", "password": "x"}),
    ("POST", "/logout"): Rule(LOGOUT, body={}),
    ("GET", "/api/v1/openapi.json"): Rule(PUBLIC),
    ("GET", "/assets"): Rule(PUBLIC, path="/assets/app.js"),
    ("GET", "/favicon.ico"): Rule(PUBLIC),
    # Every role may ask for the home page: officers and supervisors get the chat, an
    # administrator (who sees no case records) is sent on to the audit log.
    ("GET", "/"): Rule(ACCOUNT),
    ("POST", "/"): Rule(CASE, body={"text": "help"}),
    ("POST", "/chat/person"): Rule(CASE, record="crn", body={"crn": "{crn}"}),
    ("POST", "/chat/new"): Rule(CASE, body={}),
    ("GET", "/entries/{id}"): Rule(CASE, record="draft"),
    ("GET", "/entries/{id}/edit/{field}"): Rule(
        CASE, record="draft", path="/entries/{id}/edit/outcome"
    ),
    ("POST", "/entries/{id}/edit/{field}"): Rule(
        CASE,
        record="draft",
        path="/entries/{id}/edit/outcome",
        body={"version": "1", "value": "rescheduled"},
    ),
    ("POST", "/entries/{id}/submit"): Rule(CASE, record="draft", body={"version": "1"}),
    ("POST", "/entries/{id}/extract"): Rule(CASE, record="draft", body={}),
    ("GET", "/drafts"): Rule(CASE),
    ("GET", "/cases/{crn}"): Rule(CASE, record="crn"),
    ("GET", "/review"): Rule(REVIEW),
    ("GET", "/review/{id}"): Rule(REVIEW, record="submitted"),
    ("POST", "/review/{id}"): Rule(
        REVIEW, record="submitted", body={"version": "1", "decision": "approve"}
    ),
    ("GET", "/accuracy"): Rule(REVIEW, path="/accuracy?since=2026-01-01"),
    ("GET", "/search"): Rule(CASE, path="/search?q=office"),
    ("GET", "/admin/audit"): Rule(ADMIN),
    ("GET", "/entries/{id}/export.txt"): Rule(CASE, record="draft"),
    ("GET", "/entries/{id}/export.json"): Rule(CASE, record="draft"),
    ("GET", "/cases/{crn}/export.csv"): Rule(CASE, record="crn"),
    ("POST", "/api/v1/extract"): Rule(CASE, body={"text": NOTE}),
    ("POST", "/api/v1/interpret"): Rule(CASE, body={"text": "help"}),
    ("POST", "/api/v1/chat"): Rule(CASE, body={"text": "help"}),
    ("GET", "/api/v1/entries"): Rule(CASE),
    ("POST", "/api/v1/entries"): Rule(CASE, record="crn", body={"text": NOTE, "crn": "{crn}"}),
    ("GET", "/api/v1/entries/{id}"): Rule(CASE, record="draft"),
    ("PATCH", "/api/v1/entries/{id}"): Rule(
        CASE, record="draft", body={"version": 1, "fields": {"outcome": "rescheduled"}}
    ),
    ("POST", "/api/v1/entries/{id}/submit"): Rule(CASE, record="draft", body={"version": 1}),
    ("GET", "/api/v1/cases"): Rule(CASE),
    ("GET", "/api/v1/cases/{crn}"): Rule(CASE, record="crn"),
    ("GET", "/api/v1/search"): Rule(CASE, path="/api/v1/search?q=office"),
    ("POST", "/api/messages"): Rule(TEAMS, body={"type": "message", "text": "help"}),
    ("POST", "/api/teams/webhook"): Rule(TEAMS, body={"type": "message", "text": "help"}),
    ("GET", "/teams/link"): Rule(CASE),
    ("POST", "/teams/link"): Rule(CASE, body={"code": "000000"}),
    ("POST", "/teams/link/confirm"): Rule(CASE, body={"code": "000000"}),
    ("POST", "/teams/unlink"): Rule(CASE, record="link", body={"link": "{link}"}),
    ("GET", "/account/password"): Rule(ACCOUNT),
    ("POST", "/account/password"): Rule(ACCOUNT, body={"current_password": "not it"}),
    ("POST", "/chat/duplicate"): Rule(CASE, body={"pending": "1"}),
    ("POST", "/chat/changes"): Rule(CASE, body={"pending": "1"}),
    ("GET", "/api/v1/drafts"): Rule(CASE),
    ("GET", "/entries/{id}/person"): Rule(AUTHOR, record="draft"),
    ("POST", "/entries/{id}/person"): Rule(
        AUTHOR, record="draft", body={"version": "1", "crn": "{crn}"}
    ),
    ("POST", "/api/v1/entries/{id}/person"): Rule(
        AUTHOR, record="draft", body={"version": 1, "crn": "{crn}"}
    ),
    ("GET", "/entries/{id}/discard"): Rule(AUTHOR, record="draft"),
    ("POST", "/entries/{id}/discard"): Rule(AUTHOR, record="draft", body={"version": "1"}),
    ("GET", "/admin/discarded"): Rule(ADMIN),
    ("POST", "/admin/discarded/{id}/restore"): Rule(ADMIN, record="discarded", body={}),
    ("POST", "/api/v1/entries/{id}/review"): Rule(
        REVIEW, record="submitted", body={"version": 1, "decision": "approve"}
    ),
    ("GET", "/entries/{id}/change/{group}"): Rule(
        CASE, record="draft", path="/entries/{id}/change/contact"
    ),
    ("POST", "/entries/{id}/change/{group}"): Rule(
        CASE, record="draft", path="/entries/{id}/change/contact", body={"version": "1"}
    ),
    ("POST", "/entries/{id}/record/rebuild"): Rule(CASE, record="draft", body={"version": "1"}),
    ("GET", "/cases/{crn}/assessment"): Rule(CASE, record="crn"),
    ("GET", "/cases/{crn}/assessment.txt"): Rule(CASE, record="crn"),
    ("GET", "/api/v1/cases/{crn}/assessment"): Rule(CASE, record="crn"),
    ("POST", "/cases/{crn}/assessment/{area}"): Rule(
        CASE, record="crn", path="/cases/{crn}/assessment/accommodation", body={}
    ),
    ("POST", "/api/v1/transcribe"): Rule(CASE, body=b""),  # no audio: 400, past the rules
    ("POST", "/api/v1/dictations"): Rule(CASE, body={}),
    ("POST", "/api/v1/dictations/{key}/audio"): Rule(CASE, record="dictation", body=b"\0" * 64),
    ("POST", "/api/v1/dictations/{key}/finish"): Rule(CASE, record="dictation", body={}),
    ("DELETE", "/api/v1/dictations/{key}"): Rule(CASE, record="dictation"),
}


def route_table(app) -> set[tuple[str, str]]:
    """(method, path template) for every route; HEAD is aiohttp's twin of each GET."""
    found = set()
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource is not None else {}
        path = info.get("path") or info.get("formatter") or info.get("prefix")
        if route.method != "HEAD":
            found.add((route.method, path))
    return found


@pytest.fixture
def app_settings(settings, monkeypatch):
    """Teams configured (bot and webhook), so its routes check their own credentials."""
    monkeypatch.setenv("CASENOTES_TEAMS_WEBHOOK_SECRET", "c2VjcmV0LWZvci10ZXN0cw==")
    teams = dataclasses.replace(settings.teams, app_id="matrix-test-app")
    return dataclasses.replace(settings, teams=teams)


def test_every_route_has_a_rule(app_settings):
    routes = route_table(create_app(app_settings))
    missing = sorted(routes - RULES.keys())
    assert not missing, f"routes without an access rule in {__name__}: {missing}"
    stale = sorted(RULES.keys() - routes)
    assert not stale, f"rules for routes that no longer exist: {stale}"


def _records(db, app) -> dict[str, dict[str, str]]:
    """A fresh draft, submitted and discarded entry on each team's side, each side's CRN, a
    Teams link and a dictation in progress of the side's officer."""
    out = {}
    for side, (officer, crn, crn2) in {
        "A": ("olivia", "X100001", "X100002"),
        "B": ("oscar", "X200001", "X200001"),
    }.items():
        user = accounts.get_user_by_username(db, officer)
        draft = entries.create_draft(db, user, crn, NOTE, "2026-11-21")
        entries.set_extraction(db, draft.id, {"contact": {"outcome": "attended_complied"}})
        sub = entries.create_draft(db, user, crn2, NOTE, "2026-11-21")
        entries.set_extraction(db, sub.id, {"contact": {"outcome": "attended_complied"}})
        entries.submit(db, user, sub.id)
        code = teams_links.issue_code(db, "tenant", f"aad-{side}-{draft.id}", "T", 15)
        link = teams_links.link(db, user, code)
        gone = entries.create_draft(db, user, crn, NOTE, "2026-11-21")
        drafts.discard_entry(db, user, gone.id)
        out[side] = {
            "draft": str(draft.id),
            "submitted": str(sub.id),
            "discarded": str(gone.id),
            "crn": crn,
            "link": str(link.id),
            "key": app[dictations_key].start(user.id, []),
        }
    return out


def _session(client, db, settings, caller: str) -> str:
    """Give the client a session for `caller` (made directly: sign-in has its own tests);
    its CSRF token, or "" for nobody."""
    if caller == "nobody":
        return ""
    user = accounts.get_user_by_username(db, caller)
    token, session = accounts.create_session(db, user, settings.auth)
    client.session.cookie_jar.update_cookies({"casenotes_session": token})
    return session.csrf_token


def expected(rule: Rule, template: str, caller: str, side: str | None, api: bool) -> str:
    """'allowed', 'login', or the refusal status as text."""
    if rule.policy == PUBLIC:
        return "allowed"
    if rule.policy == LOGOUT:
        return "login"
    if rule.policy == SIGNIN:
        return "403"  # no pre-session token: refused whoever asks
    if rule.policy == TEAMS:
        return "401"
    if caller == "nobody":
        return "401" if api else "login"
    role = {"olivia": "officer", "oscar": "officer", "sue": "supervisor", "adam": "admin"}[caller]
    allowed_roles = {
        CASE: ("officer", "supervisor"),
        AUTHOR: ("officer", "supervisor"),
        REVIEW: ("supervisor",),
        ADMIN: ("admin",),
        ACCOUNT: ("officer", "supervisor", "admin"),
    }
    if role not in allowed_roles[rule.policy]:
        # A record named in the path is hidden (404); a role refusal elsewhere is 403.
        return "404" if "{" in (rule.path or template) else "403"
    if rule.record in OWNED:
        return "allowed" if OWNER[side] == caller else "404"
    if rule.record and rule.policy != ADMIN and TEAM_OF[caller] != side:
        return "404"
    if rule.policy == AUTHOR and OWNER[side] != caller:
        return "403"  # a teammate sees the entry but may not act as its author
    return "allowed"


def outcome(status: int, location: str) -> str:
    """What a response amounts to, in the terms `expected` uses."""
    if status in (301, 302, 303) and location.startswith("/login"):
        return "login"
    if status in (401, 403, 404):
        return str(status)
    assert status < 500, f"server error {status}"
    return "allowed"


@pytest.mark.parametrize("key", sorted(RULES), ids=[f"{m} {p}" for m, p in sorted(RULES)])
async def test_route_for_every_caller_and_record(aiohttp_client, app_settings, db, pool, key):
    method, template = key
    rule = RULES[key]
    client = await aiohttp_client(create_app(app_settings, extraction=pool))
    api = template.startswith("/api/")
    sides = ["A", "B"] if rule.record else [None]
    # A read changes nothing, so its records are made once; a write gets fresh ones each call.
    shared = _records(db, client.server.app) if method == "GET" and rule.record else None
    for caller in CALLERS:
        client.session.cookie_jar.clear()
        csrf = _session(client, db, app_settings, caller)
        for side in sides:
            ids = dict((shared or _records(db, client.server.app))[side]) if side else {}
            if rule.record in ("draft", "submitted", "discarded"):
                ids["id"] = ids[rule.record]
            path = (rule.path or template).format(**ids)
            kwargs: dict = {"allow_redirects": False}
            if api:  # an API client sends its token on every write, with a body or without
                kwargs["headers"] = {"X-CSRF-Token": csrf}
            if isinstance(rule.body, bytes):
                kwargs["data"] = rule.body
            elif rule.body is not None:
                body = {
                    k: v.format(**ids) if isinstance(v, str) else v for k, v in rule.body.items()
                }
                if api:
                    kwargs["json"] = body
                else:
                    kwargs["data"] = {"csrf_token": csrf, **body}
            resp = await client.request(method, path, **kwargs)
            got = outcome(resp.status, resp.headers.get("Location", ""))
            want = expected(rule, template, caller, side, api)
            assert got == want, (method, path, caller, side, resp.status)
            if got == "login" and rule.policy == LOGOUT:
                csrf = _session(client, db, app_settings, caller)  # signed out: a new session
