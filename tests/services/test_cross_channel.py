"""Every service operation through the web pages, the JSON API and Teams gives the same
stored result and the same audit rows (apart from the channel named in `via`).

Each operation runs once per channel on an entry of its own, in the same starting state;
what is compared has ids, times and the channel taken out.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from assistant import services
from storage import accounts, audit, drafts, entries
from tests.teams.conftest import (  # noqa: F401 - Teams fixtures reused here
    make_activity,
    make_teams_client,
    make_token,
    microsoft,
    post_activity,
    rsa_key,
    settings,
    teams_client,
    teams_env,
    teams_settings,
)
from tests.teams.test_bot import link
from tests.web.conftest import sign_in

NOTE = "Sam Reed attended a home visit, still at the hostel."
CHANNELS = ("web", "api", "teams")
TODAY = date.today()
AAD = {"olivia": "aad-olivia-x", "sue": "aad-sue-x", "oscar": "aad-oscar-x"}


class Channels:
    """Drives one operation through one channel, as each channel's users would."""

    def __init__(self, client, db, token_maker, activity_maker) -> None:
        self.client, self.db = client, db
        self.make_token, self.make_activity = token_maker, activity_maker
        self.signed_in: str | None = None
        self.csrf = ""
        self.tokens = {}
        for name, aad in AAD.items():
            link(db, name, aad)
            self.tokens[name] = accounts.create_token(db, self.user(name))[1]

    def user(self, name: str):
        return accounts.get_user_by_username(self.db, name)

    async def web(self, name: str) -> str:
        if self.signed_in != name:
            self.client.session.cookie_jar.clear()
            self.csrf = await sign_in(self.client, name)
            self.signed_in = name
        return self.csrf

    def bearer(self, name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[name]}"}

    async def say(self, name: str, text: str) -> dict[str, Any]:
        activity = self.make_activity(text, aad_object_id=AAD[name])
        assert (await post_activity(self.client, activity, self.make_token())).status == 200
        return activity

    async def press(self, name: str, verb: str, data: dict[str, Any]) -> dict[str, Any]:
        value = {"action": {"type": "Action.Execute", "verb": verb, "data": data}}
        activity = self.make_activity(
            None, type="invoke", name="adaptiveCard/action", value=value, aad_object_id=AAD[name]
        )
        resp = await post_activity(self.client, activity, self.make_token())
        assert resp.status == 200, await resp.text()
        return (await resp.json())["value"]

    async def create(self, channel: str) -> int:
        before = {e.id for e in entries.list_drafts(self.db, self.user("olivia"))}
        if channel == "web":
            data = {"csrf_token": await self.web("olivia"), "text": NOTE}
            assert (await self.client.post("/", data=data, allow_redirects=False)).status == 303
        elif channel == "api":
            body = {"crn": "X100001", "text": NOTE}
            resp = await self.client.post(
                "/api/v1/entries", json=body, headers=self.bearer("olivia")
            )
            assert resp.status == 201, await resp.text()
        else:
            await self.say("olivia", NOTE)
        [new] = {e.id for e in entries.list_drafts(self.db, self.user("olivia"))} - before
        return new

    async def correct(self, channel: str, entry_id: int, version: int, outcome: str) -> str:
        """Change the outcome from `version`; the words of any refusal."""
        if channel == "web":
            data = {"csrf_token": await self.web("olivia"), "version": version, "value": outcome}
            url = f"/entries/{entry_id}/edit/outcome"
            resp = await self.client.post(url, data=data, allow_redirects=False)
            return "" if resp.status == 303 else await resp.text()
        if channel == "api":
            body = {"version": version, "fields": {"outcome": outcome}}
            resp = await self.client.patch(
                f"/api/v1/entries/{entry_id}", json=body, headers=self.bearer("olivia")
            )
            return "" if resp.status == 200 else (await resp.json())["error"]
        data = {"entry_id": entry_id, "version": version, "f_outcome": outcome}
        card = await self.press("olivia", "save", data)
        return "" if "Saved as version" in json.dumps(card) else json.dumps(card)

    async def submit(self, channel: str, entry_id: int, version: int) -> None:
        if channel == "web":
            data = {"csrf_token": await self.web("olivia"), "version": version}
            url = f"/entries/{entry_id}/submit"
            assert (await self.client.post(url, data=data, allow_redirects=False)).status == 303
        elif channel == "api":
            resp = await self.client.post(
                f"/api/v1/entries/{entry_id}/submit",
                json={"version": version},
                headers=self.bearer("olivia"),
            )
            assert resp.status == 200, await resp.text()
        else:
            await self.press("olivia", "submit", {"entry_id": entry_id, "version": version})

    async def review(self, channel: str, entry_id: int, decision: str, comment: str) -> None:
        if channel == "web":
            data = {
                "csrf_token": await self.web("sue"),
                "version": 1,
                "decision": decision,
                "comment": comment,
            }
            url = f"/review/{entry_id}"
            assert (await self.client.post(url, data=data, allow_redirects=False)).status == 303
        elif channel == "api":
            body = {"version": 1, "decision": decision, "comment": comment}
            resp = await self.client.post(
                f"/api/v1/entries/{entry_id}/review", json=body, headers=self.bearer("sue")
            )
            assert resp.status == 200, await resp.text()
        else:
            data = {"entry_id": entry_id, "version": 1, "comment": comment}
            await self.press("sue", decision, data)

    async def read(self, channel: str, name: str, entry_id: int) -> int:
        """Read one entry as `name`; the HTTP status (Teams: 200, or 404 when refused)."""
        if channel == "web":
            await self.web(name)
            return (await self.client.get(f"/entries/{entry_id}")).status
        if channel == "api":
            resp = await self.client.get(f"/api/v1/entries/{entry_id}", headers=self.bearer(name))
            return resp.status
        card = await self.press(name, "show", {"entry_id": entry_id})
        return 404 if "not a record you can see" in json.dumps(card) else 200

    async def search(self, channel: str, words: str) -> None:
        if channel == "web":
            await self.web("olivia")
            assert (await self.client.get("/search", params={"q": words})).status == 200
        elif channel == "api":
            resp = await self.client.get(
                "/api/v1/search", params={"q": words}, headers=self.bearer("olivia")
            )
            assert resp.status == 200
        else:
            await self.say("olivia", f"find {words}")

    async def drafts(self, channel: str) -> None:
        if channel == "web":
            await self.web("olivia")
            assert (await self.client.get("/drafts")).status == 200
        elif channel == "api":
            resp = await self.client.get("/api/v1/drafts", headers=self.bearer("olivia"))
            assert resp.status == 200
        else:
            await self.say("olivia", "my drafts")


@pytest.fixture
def channels(teams_client, db, make_token, make_activity) -> Channels:  # noqa: F811
    return Channels(teams_client, db, make_token, make_activity)


def stored(db, entry_id: int) -> dict[str, Any]:
    """The entry and its versions, without ids, times or the channel."""
    row = dict(next(db.query("SELECT * FROM entries WHERE id = ?", [entry_id])))
    kept = ("crn", "author_id", "status", "current_version", "note_text", "reference_date")
    kept += ("data", "extraction", "review_comment", "approved_by", "approved_version")
    versions = [
        (v["version"], v["data"], v["changed_fields"], v["user_id"])
        for v in db.query(
            "SELECT * FROM entry_versions WHERE entry_id = ? ORDER BY version", [entry_id]
        )
    ]
    return {**{k: row[k] for k in kept}, "versions": versions}


def rows_since(db, start: int, entry_ids: dict[int, str]) -> list[dict[str, Any]]:
    """Audit rows after `start`, ids of the entries named by placeholders, `via` left out."""

    def name(value: Any) -> Any:
        if isinstance(value, int | str) and str(value).isdigit() and int(value) in entry_ids:
            return entry_ids[int(value)]
        return value

    found = []
    for r in db.query("SELECT * FROM audit_log WHERE id > ? ORDER BY id", [start]):
        if r["action"] == "signed_in":  # the web test client signing in, not the operation
            continue
        detail = json.loads(r["detail"] or "{}")
        detail.pop("via", None)
        if "ids" in detail:
            detail["ids"] = [name(i) for i in detail["ids"]]
        found.append(
            {
                "user_id": r["user_id"],
                "action": r["action"],
                "record_type": r["record_type"],
                "record_id": name(r["record_id"]),
                "detail": detail,
            }
        )
    return found


def vias_since(db, start: int) -> set[str]:
    rows = db.query("SELECT detail FROM audit_log WHERE id > ?", [start])
    return {json.loads(r["detail"] or "{}").get("via") for r in rows} - {None}


async def test_create_is_the_same_on_every_channel(channels, db) -> None:
    made = {}
    for channel in CHANNELS:
        start = audit.head(db)[0]
        entry_id = await channels.create(channel)
        made[channel] = (stored(db, entry_id), rows_since(db, start, {entry_id: "E"}))
        # The same note again in a chat would be warned about as a duplicate (on every chat
        # channel alike): set this one aside so the next channel records it afresh.
        drafts.discard_entry(db, channels.user("olivia"), entry_id)
    assert made["web"] == made["api"] == made["teams"]
    assert [r["action"] for r in made["web"][1]] == ["created", "extracted"]


@pytest.fixture
async def three(channels, db) -> dict[str, int]:
    """One fresh entry (version 1, draft) per channel, made the same way."""
    olivia = channels.user("olivia")
    found = {}
    for channel in CHANNELS:
        app = channels.client.server.app
        made = await services.create_note(app, olivia, "X100001", NOTE, TODAY, None, "web")
        found[channel] = made.entry.id
    return found


async def _compare(db, three: dict[str, int], op) -> dict[str, Any]:
    """Run `op(channel, entry_id)` per channel; assert the same stored entry and audit rows."""
    seen = {}
    for channel in CHANNELS:
        entry_id = three[channel]
        start = audit.head(db)[0]
        answer = await op(channel, entry_id)
        assert vias_since(db, start) <= {channel}
        seen[channel] = (answer, stored(db, entry_id), rows_since(db, start, {entry_id: "E"}))
    assert seen["web"] == seen["api"] == seen["teams"]
    return seen["web"]


async def test_correct_is_the_same_on_every_channel(channels, db, three) -> None:
    answer, entry, rows = await _compare(
        db, three, lambda ch, i: channels.correct(ch, i, 1, "failed_to_attend")
    )
    assert answer == "" and entry["current_version"] == 2
    # The contact record follows the corrected outcome (issue 10), so it changed too.
    assert [(r["action"], r["detail"]["fields"]) for r in rows] == [
        ("changed", ["contact.outcome", "summary"])
    ]


async def test_a_real_conflict_gets_the_same_words_on_every_channel(channels, db, three) -> None:
    sue = channels.user("sue")
    app = channels.client.server.app
    for entry_id in three.values():
        change = [services.field_change("outcome", "rescheduled")]
        await services.correct(app, sue, entry_id, change, 1, "web")
    words = "sue changed outcome after you opened this page."
    for channel, entry_id in three.items():
        refusal = await channels.correct(channel, entry_id, 1, "failed_to_attend")
        assert words in refusal, channel
        assert stored(db, entry_id)["data"] == stored(db, three["web"])["data"]


async def test_a_stale_but_separate_change_is_merged_on_every_channel(channels, db, three):
    sue = channels.user("sue")
    app = channels.client.server.app
    for entry_id in three.values():
        change = [services.field_change("location", "Library")]
        await services.correct(app, sue, entry_id, change, 1, "web")
    answer, entry, _ = await _compare(
        db, three, lambda ch, i: channels.correct(ch, i, 1, "failed_to_attend")
    )
    assert answer == "" and entry["current_version"] == 3


async def test_submit_is_the_same_on_every_channel(channels, db, three) -> None:
    _, entry, rows = await _compare(db, three, lambda ch, i: channels.submit(ch, i, 1))
    assert entry["status"] == "submitted"
    assert [(r["action"], r["detail"]) for r in rows] == [("submitted", {"version": 1})]


@pytest.mark.parametrize(("decision", "comment"), [("approve", ""), ("return", "Add the time.")])
async def test_review_is_the_same_on_every_channel(channels, db, three, decision, comment):
    app = channels.client.server.app
    for entry_id in three.values():
        await services.submit(app, channels.user("olivia"), entry_id, 1, "web")
    _, entry, rows = await _compare(
        db, three, lambda ch, i: channels.review(ch, i, decision, comment)
    )
    assert entry["status"] == {"approve": "approved", "return": "returned"}[decision]
    assert [r["action"] for r in rows] == [{"approve": "approved", "return": "returned"}[decision]]


async def test_read_is_audited_the_same_on_every_channel(channels, db, three) -> None:
    status, _, rows = await _compare(db, three, lambda ch, i: channels.read(ch, "olivia", i))
    assert status == 200
    assert [(r["action"], r["record_id"]) for r in rows] == [("viewed", "E")]


async def test_a_refused_read_is_audited_the_same_on_every_channel(channels, db, three) -> None:
    status, _, rows = await _compare(db, three, lambda ch, i: channels.read(ch, "oscar", i))
    oscar = channels.user("oscar")
    assert status == 404
    assert rows == [
        {
            "user_id": oscar.id,
            "action": "refused",
            "record_type": "entry",
            "record_id": "E",
            "detail": {},
        }
    ]


async def test_search_and_drafts_are_audited_the_same_on_every_channel(channels, db, three):
    ids = {i: "E" for i in three.values()}
    for op in (lambda ch: channels.search(ch, "hostel"), channels.drafts):
        seen = {}
        for channel in CHANNELS:
            start = audit.head(db)[0]
            await op(channel)
            assert vias_since(db, start) == {channel}
            seen[channel] = rows_since(db, start, ids)
        assert seen["web"] == seen["api"] == seen["teams"]
        [row] = seen["web"]
        assert row["detail"]["count"] == 3 and row["detail"]["ids"] == ["E", "E", "E"]
