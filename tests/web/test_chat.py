"""The chat page: every intent, ambiguity, bad input, idempotent retries, hostile text."""

from __future__ import annotations

import re

from storage import conversations, entries
from storage.models import User
from tests.web.conftest import sign_in

NOTE = "Sam Reed attended the office today. He is living in a hostel and looking for work."


async def send(client, csrf, text, key=None, js=False):
    data = {"csrf_token": csrf, "text": text}
    if key:
        data["turn_key"] = key
    headers = {"X-Requested-With": "casenotes"} if js else {}
    return await client.post("/", data=data, headers=headers, allow_redirects=False)


def olivia(db) -> User:
    from storage.accounts import get_user_by_username

    return get_user_by_username(db, "olivia")


async def test_note_becomes_an_entry_with_evidence(client, db):
    csrf = await sign_in(client, "olivia")
    resp = await send(client, csrf, NOTE)
    assert resp.status == 303 and resp.headers["Location"] == "/#latest"
    drafts = entries.list_drafts(db, olivia(db))
    assert len(drafts) == 1 and drafts[0].crn == "X100001"
    assert drafts[0].note_text == NOTE
    page = await (await client.get(f"/entries/{drafts[0].id}")).text()
    assert "<mark>hostel</mark>" in page
    assert f'href="/entries/{drafts[0].id}/edit/outcome"' in page
    assert f'href="/entries/{drafts[0].id}/edit/summary"' in page  # the autosaved field
    chat = await (await client.get("/")).text()
    assert "Attended – complied" in chat


async def test_js_send_returns_fragment(client, db):
    csrf = await sign_in(client, "olivia")
    resp = await send(client, csrf, "help", js=True)
    assert resp.status == 200
    body = await resp.json()
    assert "Name a person" in body["html"]


async def test_ambiguous_name_asks_with_candidates_and_never_guesses(client, db):
    csrf = await sign_in(client, "olivia")
    await send(client, csrf, "Reed attended and was fine, nothing new to report today.")
    assert entries.list_drafts(db, olivia(db)) == []
    page = await (await client.get("/")).text()
    assert 'value="X100001"' in page and 'value="X100002"' in page
    pending = re.search(r'name="pending" value="(\d+)"', page).group(1)
    resp = await client.post(
        "/chat/person",
        data={"csrf_token": csrf, "crn": "X100002", "pending": pending},
        allow_redirects=False,
    )
    assert resp.status == 303
    drafts = entries.list_drafts(db, olivia(db))
    assert [d.crn for d in drafts] == ["X100002"]


async def test_set_field_by_chat_then_submit(client, db):
    csrf = await sign_in(client, "olivia")
    await send(client, csrf, NOTE)
    await send(client, csrf, "outcome acceptable absence")
    (entry,) = entries.list_drafts(db, olivia(db))
    assert entry.data["contact"]["outcome"] == "acceptable_absence"
    assert entry.current_version == 2
    await send(client, csrf, "next appt friday 10am")
    entry = entries.get_entry_for(db, olivia(db), entry.id)
    assert entry.data["next_appointment"]["time"] == "10:00"
    await send(client, csrf, "submit")
    entry = entries.get_entry_for(db, olivia(db), entry.id)
    assert entry.status == "submitted"


async def test_other_intents_answer(client, db):
    csrf = await sign_in(client, "olivia")
    await send(client, csrf, NOTE)
    for text, expected in [
        ("my drafts", "not yet submitted"),
        ("show X100003", "/cases/X100003"),
        ("find hostel", "1 entry found"),
        ("new contact for Priya Natt", "New contact for Priya Natt (X100003)"),
        ("help", "Name a person"),
    ]:
        resp = await send(client, csrf, text, js=True)
        assert expected in (await resp.json())["html"], text


async def test_set_field_without_entry_explains(client, db):
    csrf = await sign_in(client, "olivia")
    resp = await send(client, csrf, "outcome attended complied", js=True)
    assert "no entry in this conversation" in (await resp.json())["html"]


async def test_empty_and_overlong_notes_are_refused_and_kept(client, settings):
    csrf = await sign_in(client, "olivia")
    resp = await send(client, csrf, "   ")
    assert resp.status == 400
    assert "the note is empty" in await resp.text()
    long = "word " * (settings.nlp.max_note_chars // 5 + 1)
    resp = await send(client, csrf, long[: settings.server.max_body_bytes // 2])
    assert resp.status == 400
    assert "the limit is" in await resp.text()


async def test_duplicate_turn_key_returns_first_result(client, db):
    csrf = await sign_in(client, "olivia")
    first = await send(client, csrf, NOTE, key="k-1", js=True)
    again = await send(client, csrf, NOTE, key="k-1", js=True)
    assert (await first.json()) == (await again.json())
    assert len(entries.list_drafts(db, olivia(db))) == 1
    conv = conversations.list_conversations(db, olivia(db))[0]
    assert len(conversations.list_messages(db, olivia(db), conv.id)) == 2


async def test_hostile_text_is_shown_as_text(client, db):
    csrf = await sign_in(client, "olivia")
    hostile = "Sam Reed said <script>alert(1)</script> {{ 7*7 }} '; DROP TABLE entries; --"
    await send(client, csrf, hostile)
    page = await (await client.get("/")).text()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # The template text stands as written, unevaluated (a bare "49" could be the clock).
    assert "&lt;/script&gt; {{ 7*7 }} &#39;; DROP TABLE" in page or (
        "&lt;/script&gt; {{ 7*7 }} &#x27;; DROP TABLE" in page
    )
    (entry,) = entries.list_drafts(db, olivia(db))
    assert entry.note_text == hostile


async def test_a_prompt_the_extractor_refuses_gets_its_message_as_the_answer(client, db):
    csrf = await sign_in(client, "olivia")
    resp = await send(client, csrf, "refuse", js=True)  # the stand-in refuses this one
    assert resp.status == 200
    assert "the note is empty" in (await resp.json())["html"]
    resp = await send(client, csrf, "help", js=True)  # and the workers are still there
    assert "Name a person" in (await resp.json())["html"]


async def test_a_send_answers_whom_the_conversation_is_now_about(client, db):
    csrf = await sign_in(client, "olivia")
    first = await (await send(client, csrf, NOTE, js=True)).json()
    assert first["person"] == {"crn": "X100001", "name": "Sam Reed"}
    other = "Priya Natt came to the office and talked about her benefits claim today."
    second = await (await send(client, csrf, other, js=True)).json()
    assert second["person"] == {"crn": "X100003", "name": "Priya Natt"}
    page = await (await client.get("/")).text()
    assert 'id="working-on-link" href="/cases/X100003"' in page


async def test_working_on_is_in_the_page_but_hidden_before_anyone_is_chosen(client):
    await sign_in(client, "olivia")
    page = await (await client.get("/")).text()
    assert '<p class="govuk-body" id="working-on" hidden>' in page
