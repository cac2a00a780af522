"""The Teams bot end to end through /api/messages and /api/teams/webhook: a note becomes the
same draft as in the web chat, its card's Confirm / Edit / Save / Submit use the web's
checks and storage steps, stale cards save nothing, and the webhook answers once."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from assistant.teams import bot, cards
from assistant.typedefs import db_key, limiter_key
from storage import accounts, entries, teams_links
from storage.errors import StorageFull
from tests.teams.conftest import AAD_ID, PUBLIC_URL, TENANT_ID, post_activity, post_webhook
from tests.web.conftest import sign_in

SCHEMA = Path(__file__).resolve().parent.parent / "fixtures" / "adaptive-card-1.5.json"
NOTE = "Sam Reed attended a home visit, still at the hostel."
SAVED_BRIEF = (
    "Done: the entry is saved in casenotes. Open it there to check it. "
    "The details are not shown in this conversation."
)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft6Validator:
    return jsonschema.Draft6Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def link(db, username: str, aad: str = AAD_ID):
    """Link a Teams user to an account, as the link page does."""
    user = accounts.get_user_by_username(db, username)
    teams_links.link(db, user, teams_links.issue_code(db, TENANT_ID, aad, "Officer", 15))
    return user


def link_then_disable(db, username: str, aad: str):
    """An account linked while it was active, disabled since."""
    accounts.set_disabled(db, username, False)
    link(db, username, aad)
    return accounts.disable_user(db, username)


@pytest.fixture
def olivia(db):
    return link(db, "olivia")


class Teams:
    """Sends activities as Teams would and returns the card each answer carries."""

    def __init__(self, client, microsoft, make_token, make_activity, validator) -> None:
        self.client, self.microsoft = client, microsoft
        self.make_token, self.make_activity, self.validator = make_token, make_activity, validator

    def check(self, card: dict[str, Any]) -> dict[str, Any]:
        assert list(self.validator.iter_errors(card)) == []
        return card

    async def say(self, text: str, **fields: Any) -> dict[str, Any] | None:
        """Send a message; the card posted back through the connector (None: no reply)."""
        before = len(self.microsoft.replies)
        resp = await post_activity(
            self.client, self.make_activity(text, **fields), self.make_token()
        )
        assert resp.status == 200, await resp.text()
        posted = self.microsoft.replies[before:]
        if not posted:
            return None
        [reply] = posted
        [attachment] = reply["activity"]["attachments"]
        assert attachment["contentType"] == cards.CARD_TYPE
        return self.check(attachment["content"])

    async def press(self, verb: str, data: dict[str, Any], **fields: Any) -> dict[str, Any]:
        """Press an Action.Execute button; the card that replaces it."""
        value = {"action": {"type": "Action.Execute", "verb": verb, "data": data}}
        activity = self.make_activity(
            None, type="invoke", name="adaptiveCard/action", value=value, **fields
        )
        resp = await post_activity(self.client, activity, self.make_token())
        assert resp.status == 200, await resp.text()
        body = await resp.json()
        assert (body["statusCode"], body["type"]) == (200, cards.CARD_TYPE)
        return self.check(body["value"])


@pytest.fixture
def teams(teams_client, microsoft, make_token, make_activity, validator) -> Teams:
    return Teams(teams_client, microsoft, make_token, make_activity, validator)


def texts(card: dict[str, Any]) -> list[str]:
    """Every text a card shows."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("TextBlock", "TextRun"):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return found


def action(card: dict[str, Any], verb: str) -> dict[str, Any]:
    return next(a for a in cards.actions_in(card) if a.get("verb") == verb)


def only_entry(db, username: str = "olivia"):
    [entry] = entries.list_drafts(db, accounts.get_user_by_username(db, username))
    return entry


async def test_a_note_in_teams_makes_the_same_draft_as_the_web_chat(teams, olivia, db):
    card = await teams.say(NOTE)
    assert card is not None
    entry = only_entry(db)
    assert (entry.crn, entry.author_id, entry.note_text) == ("X100001", olivia.id, NOTE)
    assert entry.data["contact"]["type"] == "home_visit"
    shown = texts(card)
    assert "Sam Reed (X100001)" in shown and "Home visit" in shown
    assert "From the note: “home visit”" in shown
    assert "• Accommodation: need" in shown
    assert [a["title"] for a in cards.actions_in(card)] == [
        "Confirm",
        "Edit",
        "Submit for review",
        "Open in casenotes",
    ]
    # The same words typed on the chat page: first a warning that a draft holds them, then,
    # asked for, another draft with the same data.
    token = await sign_in(teams.client, "olivia")
    resp = await teams.client.post("/", data={"csrf_token": token, "text": NOTE})
    assert resp.status == 200 and "This note is already in a draft" in await resp.text()
    asked = db.execute("SELECT max(id) FROM messages WHERE role = 'user'").fetchone()[0]
    resp = await teams.client.post(
        "/chat/duplicate", data={"csrf_token": token, "pending": str(asked)}
    )
    assert resp.status == 200
    web_entry = entries.list_drafts(db, olivia)[0]
    assert web_entry.id != entry.id and web_entry.data == entry.data


async def test_a_repeated_delivery_is_one_turn(teams, olivia, db, make_activity, make_token):
    activity = make_activity(NOTE)
    for _ in range(2):
        resp = await post_activity(teams.client, activity, make_token())
        assert resp.status == 200
    assert len(entries.list_drafts(db, olivia)) == 1
    [reply] = teams.microsoft.replies  # answered once: the officer sees one card
    assert reply["activity"]["replyToId"] == activity["id"]


async def test_confirm_records_acceptance_without_changing_the_entry(teams, olivia, db):
    card = await teams.say(NOTE)
    confirm = action(card, "confirm")
    confirmed = await teams.press("confirm", confirm["data"])
    assert any(t.startswith("You confirmed version 1") for t in texts(confirmed))
    assert "confirm" not in [a.get("verb") for a in cards.actions_in(confirmed)]
    entry = only_entry(db)
    assert (entry.current_version, entry.status) == (1, "draft")
    row = next(db.query("SELECT * FROM audit_log WHERE action = 'confirmed'"))
    assert (row["user_id"], row["record_id"]) == (olivia.id, str(entry.id))


async def test_edit_and_save_use_the_field_checks_of_the_web(teams, olivia, db):
    card = await teams.say(NOTE)
    here = action(card, "edit")["data"]
    edit = await teams.press("edit", here)
    assert "Correct the entry" in texts(edit)
    bad = await teams.press(
        "save", {**here, "f_start_time": "25:99", "f_outcome": "failed_to_attend"}
    )
    assert "Start time must be a 24-hour time, like 14:30" in texts(bad)
    kept = [i for i in bad["body"] if i.get("id") == "f_start_time"]
    assert kept[0]["value"] == "25:99"
    assert only_entry(db).current_version == 1  # nothing saved
    saved = await teams.press(
        "save", {**here, "f_start_time": "9:05", "f_outcome": "failed_to_attend"}
    )
    entry = only_entry(db)
    assert entry.current_version == 2
    assert entry.data["contact"]["start_time"] == "09:05"
    assert entry.data["contact"]["outcome"] == "failed_to_attend"
    assert "Saved as version 2: changed start time, outcome." in texts(saved)
    [latest] = [v for v in entries.versions(db, olivia, entry.id) if v.version == 2]
    assert latest.user_id == olivia.id and latest.reason == "teams"


async def test_saving_the_edit_card_as_shown_changes_nothing(teams, olivia, db):
    card = await teams.say(NOTE)
    entry = only_entry(db)
    messy = {**entry.data, "summary": "  Seen at home.\nAll well.  "}
    entries.update_entry(db, olivia, entry.id, messy, entry.current_version, "form")
    edit = await teams.press("edit", {"entry_id": entry.id})
    shown = {
        i["id"]: i.get("value", "").replace("\n", "\r\n")  # as a Windows client sends it
        for i in edit["body"]
        if i["type"].startswith("Input.")
    }
    assert len(shown) == 13
    same = await teams.press("save", {**action(edit, "save")["data"], **shown})
    assert "Nothing was changed." in texts(same)
    assert only_entry(db).current_version == 2
    assert card is not None


async def test_a_stale_card_is_merged_like_the_web_and_a_real_conflict_saves_nothing(
    teams, olivia, db
):
    card = await teams.say(NOTE)
    old = action(card, "edit")["data"]
    entry = only_entry(db)
    changed = {**entry.data, "summary": "Changed on the web."}
    entries.update_entry(db, olivia, entry.id, changed, entry.current_version, "form")
    # The same field as the web changed: nothing saved, the card names who changed it.
    clash = await teams.press("save", {**old, "f_summary": "Typed in Teams."})
    assert any("You changed contact record in another window" in t for t in texts(clash))
    assert "Changed on the web." in texts(clash)  # the entry as it is now
    # A submit from the old card saves nothing either.
    stale = await teams.press("submit", old)
    assert any("Nothing was saved: this entry has changed" in t for t in texts(stale))
    assert only_entry(db).current_version == 2 and only_entry(db).status == "draft"
    # Another field: applied on top of the web's change, as the web form does.
    merged = await teams.press("save", {**old, "f_outcome": "failed_to_attend"})
    assert any("Saved as version 3: changed outcome." in t for t in texts(merged))
    entry = only_entry(db)
    assert entry.data["contact"]["outcome"] == "failed_to_attend"
    assert entry.data["summary"] == "Changed on the web."


async def test_submit_sends_the_entry_for_review_and_notifies_the_channel(
    teams, olivia, db, monkeypatch
):
    monkeypatch.setenv("CASENOTES_TEAMS_NOTIFY_URL", teams.microsoft.notify_url)
    card = await teams.say(NOTE)
    done = await teams.press("submit", action(card, "submit")["data"])
    assert "Submitted to your supervisor for review." in texts(done)
    assert [a.get("verb") for a in cards.actions_in(done)] == ["edit", None]
    [entry] = entries.review_queue(db, accounts.get_user_by_username(db, "sue"))
    assert entry.status == "submitted"
    for _ in range(100):
        if teams.microsoft.notifications:
            break
        await asyncio.sleep(0.02)
    assert len(teams.microsoft.notifications) == 1
    again = await teams.press("submit", action(done, "edit")["data"])
    assert "This entry is submitted: there is nothing to submit." in texts(again)


async def test_a_returned_entry_shows_the_comment_and_can_be_resubmitted(teams, olivia, db):
    card = await teams.say(NOTE)
    entry = only_entry(db)
    entries.submit(db, olivia, entry.id)
    sue = accounts.get_user_by_username(db, "sue")
    entries.return_entry(db, sue, entry.id, 'Add the "drug test" result.')
    shown = await teams.press("show", {"entry_id": entry.id})
    assert "Returned by your supervisor" in texts(shown)
    assert 'Add the "drug test" result.' in texts(shown)
    resubmit = action(shown, "submit")
    assert resubmit["title"] == "Resubmit for review"
    await teams.press("submit", resubmit["data"])
    assert entries.get_entry_for(db, olivia, entry.id).status == "submitted"
    assert card is not None


async def test_an_ambiguous_name_is_asked_about_and_the_choice_records_the_note(teams, olivia, db):
    card = await teams.say("Reed attended the office today.")
    assert entries.list_drafts(db, olivia) == []
    [choice] = [i for i in card["body"] if i["type"] == "Input.ChoiceSet"]
    assert {c["value"] for c in choice["choices"]} == {"X100001", "X100002"}
    chosen = await teams.press("choose", {**action(card, "choose")["data"], "crn": "X100002"})
    entry = only_entry(db)
    assert (entry.crn, entry.note_text) == ("X100002", "Reed attended the office today.")
    assert "Jo Reed (X100002)" in texts(chosen)


async def test_cards_follow_the_web_access_rules(teams, olivia, db):
    oscar = accounts.get_user_by_username(db, "oscar")
    theirs = entries.create_draft(db, oscar, "X200001", "Tom Bell attended.", "2026-11-21")
    theirs = entries.set_extraction(db, theirs.id, {"contact": {"type": "office_visit"}})
    for verb in ("show", "edit", "save", "confirm", "submit"):
        card = await teams.press(verb, {"entry_id": theirs.id, "version": 1})
        assert texts(card) == ["That is not a record you can see."]
    assert entries.get_entry_for(db, oscar, theirs.id).status == "draft"
    assert await teams.say("show X200001") is not None
    assert not list(db.query("SELECT * FROM audit_log WHERE action = 'confirmed'"))


async def test_an_unlinked_user_gets_only_the_link_card(teams, db):
    card = await teams.say(NOTE)
    assert "Link your Teams account to casenotes" in texts(card)
    assert [a["url"] for a in cards.actions_in(card)] == [f"{PUBLIC_URL}/teams/link"]
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == 0
    pressed = await teams.press("submit", {"entry_id": 1, "version": 1})
    assert "Link your Teams account to casenotes" in texts(pressed)


async def test_a_disabled_account_gets_nothing(teams, db):
    link(db, "olivia")
    dora = link_then_disable(db, "dora", "aad-dora")
    assert await teams.say(NOTE) is not None  # olivia, linked and active, is answered
    before = len(teams.microsoft.replies)
    activity = teams.make_activity(NOTE, aad_object_id="aad-dora")
    resp = await post_activity(teams.client, activity, teams.make_token())
    assert resp.status == 200 and await resp.read() == b""
    assert len(teams.microsoft.replies) == before
    assert teams_links.linked_user(db, TENANT_ID, "aad-dora") == dora
    invoke = teams.make_activity(
        None,
        type="invoke",
        name="adaptiveCard/action",
        aad_object_id="aad-dora",
        value={"action": {"type": "Action.Execute", "verb": "show", "data": {"entry_id": 1}}},
    )
    resp = await post_activity(teams.client, invoke, teams.make_token())
    assert resp.status == 200 and await resp.read() == b""


async def test_other_activities_get_no_reply(teams, olivia, make_activity, make_token):
    for activity in (
        make_activity(None, type="conversationUpdate"),
        make_activity(None, type="typing"),
        make_activity(None, type="invoke", name="composeExtension/query", value={}),
    ):
        resp = await post_activity(teams.client, activity, make_token())
        assert resp.status == 200 and await resp.read() == b""
    assert teams.microsoft.replies == []


def webhook_activity(text: str, activity_id: str = "1712", aad: str = AAD_ID) -> dict:
    """An outgoing-webhook message as Teams posts it: HTML text with the bot's mention."""
    return {
        "type": "message",
        "id": activity_id,
        "text": text,
        "textFormat": "plain",
        "from": {"id": "29:x", "name": "Officer", "aadObjectId": aad},
        "conversation": {"id": "19:channel@thread.skype;messageid=1712"},
        "channelData": {"tenant": {"id": TENANT_ID}},
        "channelId": "msteams",
    }


async def webhook_card(client, activity: dict, validator) -> dict[str, Any]:
    resp = await post_webhook(client, activity)
    assert resp.status == 200, await resp.text()
    reply = await resp.json()
    [attachment] = reply["attachments"]
    card = attachment["content"]
    assert list(validator.iter_errors(card)) == []
    assert {a["type"] for a in cards.actions_in(card)} == {"Action.OpenUrl"}
    return card


async def test_the_webhook_answers_with_a_link_to_the_entry_and_no_detail(
    teams_client, olivia, db, validator
):
    html = "<at>casenotes</at>&nbsp;Sam Reed attended a <b>home visit</b>, still at the hostel."
    card = await webhook_card(teams_client, webhook_activity(html), validator)
    entry = only_entry(db)
    assert entry.note_text == NOTE
    shown = texts(card)
    # The channel reads this: what happened and a link; no CRN, no values, no quotes.
    assert shown == [SAVED_BRIEF]
    urls = [a["url"] for a in cards.actions_in(card)]
    assert urls == [f"{PUBLIC_URL}/entries/{entry.id}"]


async def test_webhook_questions_and_lists_name_nobody_in_the_channel(
    teams_client, olivia, db, validator
):
    asked = await webhook_card(teams_client, webhook_activity("Reed attended.", "1700"), validator)
    assert not any("Sam" in t or "Jo Reed" in t or "X1000" in t for t in texts(asked))
    assert [a["url"] for a in cards.actions_in(asked)] == [f"{PUBLIC_URL}/"]
    await webhook_card(teams_client, webhook_activity(NOTE, "1701"), validator)
    drafts = await webhook_card(teams_client, webhook_activity("my drafts", "1702"), validator)
    assert texts(drafts) == ["You have 1 entries not yet submitted or returned to you."]
    assert [a["url"] for a in cards.actions_in(drafts)] == [f"{PUBLIC_URL}/drafts"]


async def test_a_repeated_webhook_delivery_is_answered_once(teams_client, olivia, db, validator):
    activity = webhook_activity(f"<at>casenotes</at> {NOTE}", activity_id="1800")
    first = await post_webhook(teams_client, activity)
    second = await post_webhook(teams_client, activity)
    assert await first.json() == await second.json()
    assert len(entries.list_drafts(db, olivia)) == 1
    racing = webhook_activity(f"<at>casenotes</at> {NOTE}", activity_id="1802")
    both = await asyncio.gather(*(post_webhook(teams_client, racing) for _ in range(2)))
    one, two = [await r.json() for r in both]
    # Another delivery of the same note is a new message: it is warned about, not recorded
    # again (the channel is told only that a draft holds it).
    shown = texts(one["attachments"][0]["content"])
    assert one == two and shown == [
        "casenotes has answered. The details are not shown in this conversation."
    ]
    assert not any("Sam" in t for t in shown)
    assert len(entries.list_drafts(db, olivia)) == 1
    other = await webhook_card(teams_client, webhook_activity(NOTE, activity_id="1801"), validator)
    assert len(entries.list_drafts(db, olivia)) == 1 and other


async def test_a_delivery_whose_answer_was_not_kept_is_answered_when_repeated(
    teams_client, olivia, db, monkeypatch
):
    real = teams_links.store_reply

    def full_once(*args: Any) -> Any:
        monkeypatch.setattr(teams_links, "store_reply", real)
        raise StorageFull()

    monkeypatch.setattr(teams_links, "store_reply", full_once)
    activity = webhook_activity(f"<at>casenotes</at> {NOTE}", activity_id="1850")
    failed = await post_webhook(teams_client, activity)
    assert failed.status == 507
    again = await post_webhook(teams_client, activity)
    assert again.status == 200
    assert texts((await again.json())["attachments"][0]["content"]) == [SAVED_BRIEF]
    assert len(entries.list_drafts(db, olivia)) == 1


async def test_the_webhook_tells_an_unknown_user_how_to_link_and_ignores_a_disabled_one(
    teams_client, db, validator
):
    card = await webhook_card(teams_client, webhook_activity(NOTE), validator)
    assert any("direct (1:1) message" in t for t in texts(card))  # no code in a channel
    assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM teams_link_codes").fetchone()[0] == 0
    link_then_disable(db, "dora", "aad-dora")
    resp = await post_webhook(teams_client, webhook_activity(NOTE, "1900", aad="aad-dora"))
    assert await resp.json() == {
        "type": "message",
        "text": "casenotes cannot answer for this account.",
    }
    assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == 0


async def test_a_slow_webhook_turn_gets_the_short_answer_and_still_finishes(
    make_teams_client, olivia, db, validator
):
    client = await make_teams_client(webhook_reply_s=0.001)  # far less than any turn takes
    card = await webhook_card(client, webhook_activity(f"<at>casenotes</at> {NOTE}"), validator)
    assert any(t.startswith("casenotes is still working on that.") for t in texts(card)), texts(
        card
    )
    assert [a["url"] for a in cards.actions_in(card)] == [f"{PUBLIC_URL}/"]
    for _ in range(200):
        drafts = entries.list_drafts(db, olivia)
        if drafts and drafts[0].current_version == 1:
            break
        await asyncio.sleep(0.02)
    assert drafts[0].data["contact"]["type"] == "home_visit"


@pytest.mark.parametrize(
    "html, words",
    [
        ("<at>casenotes</at>&nbsp;my drafts", "my drafts"),
        (
            "<p><at>case<b>notes</b></at> Sam Reed</p><p>attended &amp; &lt;3 ok</p>",
            "Sam Reed\nattended & <3 ok",
        ),
        ("score <3 and 2 < 4", "score <3 and 2 < 4"),
        ("<div>line one<br>line   two</div>", "line one\nline two"),
    ],
)
def test_webhook_text_is_the_words_without_the_mention(html: str, words: str) -> None:
    assert bot.webhook_text(html) == words


async def test_a_mention_in_a_group_chat_is_not_part_of_the_message(teams, olivia, db):
    card = await teams.say("<at>casenotes</at> my drafts")
    assert texts(card)[0] == "You have no drafts."


async def test_my_drafts_lists_each_entry_with_a_show_button(teams, olivia, db):
    await teams.say(NOTE)
    entry = only_entry(db)
    card = await teams.say("my drafts")
    said, item = texts(card)
    assert said == "You have 1 entries not yet submitted or returned to you."
    assert item.startswith("Sam Reed (X100001) · ") and item.endswith(" · Draft")
    assert action(card, "show")["data"] == {"entry_id": entry.id}


async def test_a_note_over_the_limit_is_refused_clearly_and_stores_nothing(teams, olivia, db):
    card = await teams.say("Sam Reed attended. " + "word " * 3000)
    assert any("the limit is 12,000" in t for t in texts(card)), texts(card)
    assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == 0


async def test_teams_messages_count_towards_the_per_user_rate_limit(teams, olivia, db):
    limiter = teams.client.app[limiter_key]
    for _ in range(limiter.per_minute):
        await limiter.check(
            teams.client.app[db_key], olivia.id
        )  # the officer has used the minute's requests on the web
    card = await teams.say("help")
    assert any("requests in a minute" in t for t in texts(card)), texts(card)


async def test_a_correction_in_teams_says_what_changed(teams, olivia, db):
    """A Teams message is a chat turn: the same correction commands, the same answers."""
    await teams.say(NOTE)
    card = await teams.say("add flag weapons")
    assert any("Added the Weapons flag: present" in t for t in texts(card)), texts(card)
    card = await teams.say("no next appointment")
    assert any("next appointment" in t.lower() for t in texts(card))
    entry = only_entry(db)
    assert [f["code"] for f in entry.data["risk_flags"]] == ["weapons"]
    assert entry.data["risk_flags"][0]["source"] == "officer"


async def test_prose_changes_in_teams_are_asked_about_with_a_link(teams, olivia, db):
    """Part commands, part words: asked, as on the web; the buttons are in casenotes."""
    await teams.say(NOTE)
    card = await teams.say("she has moved out of the hostel, accommodation is no need now")
    shown = " ".join(texts(card))
    assert "This reads like changes to entry" in shown
    assert "Not understood: “she has moved out of the hostel”" in shown
    assert any(a["title"] == "Open casenotes" for a in cards.actions_in(card))
    entry = only_entry(db)  # nothing changed, no second draft
    assert entry.current_version == 1


async def test_questions_about_the_record_are_answered_in_teams_as_on_the_web(teams, olivia, db):
    await teams.say(NOTE)
    card = await teams.say("when did I last see Sam Reed?")
    shown = " ".join(texts(card))
    assert "The last contact recorded with Sam Reed (X100001) was on" in shown
    token = await sign_in(teams.client, "olivia")
    resp = await teams.client.post(
        "/",
        data={"csrf_token": token, "text": "when did I last see Sam Reed?"},
        headers={"X-Requested-With": "casenotes"},
    )
    web = (await resp.json())["html"]
    said = shown[shown.index("The last contact") :].split(".")[0]
    assert said in web
