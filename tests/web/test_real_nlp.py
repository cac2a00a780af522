"""The web service with the real extractor (`nlp:load`) in its worker pool.

The other web tests use a rule-based stand-in where only the web layer is under test; these
check that every chat intent, the evidence marks and the extract/interpret endpoints do what
they say on what the real extractor makes of real sentences.
"""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest

from assistant.app import create_app
from assistant.workers import ExtractionPool
from storage import accounts, conversations, entries
from tests.web.conftest import sign_in

pytestmark = pytest.mark.slow
NOTE = (
    "Home visit to Sam Reed today. He was in and engaged well. He is living in a hostel and "
    "is worried about rent arrears. Next appointment Friday 10am."
)


@pytest.fixture(scope="module")
def real_pool():
    pool = ExtractionPool(None, workers=1, timeout_s=60.0, loader="nlp:load")
    yield pool
    pool.close()


@pytest.fixture
async def real(aiohttp_client, settings, db, real_pool):
    return await aiohttp_client(create_app(settings, extraction=real_pool))


@pytest.fixture
def auth(db) -> dict[str, str]:
    token = accounts.create_token(db, accounts.get_user_by_username(db, "olivia"))[1]
    return {"Authorization": f"Bearer {token}"}


def olivia(db):
    return accounts.get_user_by_username(db, "olivia")


def next_friday(today: date) -> date:
    return today + timedelta(days=(4 - today.weekday()) % 7 or 7)


def evidence(data: dict) -> list[dict]:
    """Every evidence span in a case entry."""
    found = list(data["contact"]["evidence"].values())
    found += [data["next_appointment"]["evidence"]] if data.get("next_appointment") else []
    for need in data["needs"]:
        found += need["evidence"]
    for key in ("substances", "risk_flags", "actions"):
        found += [item["evidence"] for item in data[key]]
    return found


async def chat(client, auth: dict[str, str], text: str) -> dict:
    """One chat turn through the API; the new messages."""
    resp = await client.post("/api/v1/chat", json={"text": text}, headers=auth)
    assert resp.status == 200, await resp.text()
    return await resp.json()


async def test_every_chat_intent(real, db, auth):
    async def say(text: str) -> dict:
        user, answer = (await chat(real, auth, text))["messages"]
        assert user["text"] == text
        return answer

    answer = await say("help")
    assert answer["payload"]["kind"] == "help" and "Name a person" in answer["text"]

    answer = await say("new contact for Reed")
    assert answer["payload"]["kind"] == "choose_person"
    assert {c["crn"] for c in answer["payload"]["candidates"]} == {"X100001", "X100002"}
    assert entries.list_drafts(db, olivia(db)) == []

    answer = await say("new contact for Sam Reed")
    assert answer["payload"] == {"kind": "person", "crn": "X100001"}

    answer = await say(NOTE)
    assert answer["payload"]["kind"] == "entry"
    (entry,) = entries.list_drafts(db, olivia(db))
    assert (entry.id, entry.crn, entry.note_text) == (
        answer["payload"]["entry_id"],
        "X100001",
        NOTE,
    )
    contact = entry.data["contact"]
    assert (contact["type"], contact["outcome"]) == ("home_visit", "attended_complied")
    assert entry.data["next_appointment"]["date"] == next_friday(date.today()).isoformat()
    needs = {n["area"] for n in entry.data["needs"] if n["status"] == "need"}
    assert needs == {"accommodation", "finance"}  # a hostel; rent arrears

    answer = await say("outcome was an acceptable absence")
    assert answer["payload"]["changed"][0].startswith("Outcome is now Acceptable absence")
    assert answer["text"].startswith("Outcome is now Acceptable absence (was attended")
    answer = await say("next appt friday 2pm")
    assert answer["payload"]["kind"] == "entry"
    entry = entries.get_entry_for(db, olivia(db), entry.id)
    assert entry.data["contact"]["outcome"] == "acceptable_absence"
    assert entry.data["next_appointment"]["time"] == "14:00"
    assert entry.current_version == 3

    answer = await say("what have I not submitted")
    assert answer["payload"] == {"kind": "drafts", "entry_ids": [entry.id]}

    answer = await say("show me Priya Natt's record")
    assert answer["payload"] == {"kind": "case", "crn": "X100003"}
    # Another officer's person is never shown. (The interpreter does not yet say that a name
    # was not found, so this shows the conversation's own person, X100001.)
    answer = await say("show me Tom Bell's record")
    assert "X200001" not in str(answer)

    answer = await say("find notes mentioning arrears")
    assert answer["payload"]["kind"] == "search"
    assert answer["payload"]["entry_ids"] == [entry.id]
    answer = await say("find notes about arrears for Priya Natt")  # only hers: none
    assert (answer["payload"]["query"], answer["payload"]["entry_ids"]) == ("arrears", [])
    answer = await say("find notes about arrears for Sam Reed")
    assert answer["payload"]["entry_ids"] == [entry.id]

    answer = await say("submit")
    submitted = entries.get_entry_for(db, olivia(db), entry.id)
    assert submitted.status == "submitted"
    # The reply names the version it shows, so a later chat correction is based on it.
    assert answer["payload"] == {
        "kind": "entry",
        "entry_id": entry.id,
        "version": submitted.current_version,
    }


async def test_chat_page_turns_and_ambiguity_in_place(real, db):
    csrf = await sign_in(real, "olivia")

    async def send(text: str) -> str:
        resp = await real.post(
            "/", data={"csrf_token": csrf, "text": text}, headers={"X-Requested-With": "casenotes"}
        )
        assert resp.status == 200, await resp.text()
        return (await resp.json())["html"]

    fragment = await send("Reed attended the office today and was fine.")
    assert "More than one person" in fragment
    pending = re.search(r'name="pending" value="(\d+)"', fragment).group(1)
    resp = await real.post(
        "/chat/person", data={"csrf_token": csrf, "crn": "X100002", "pending": pending}
    )
    assert resp.status == 200
    (entry,) = entries.list_drafts(db, olivia(db))
    assert entry.crn == "X100002" and entry.data["contact"]["type"] == "office_visit"
    conversation = conversations.list_conversations(db, olivia(db))[0]
    assert conversation.crn == "X100002"


async def test_entry_and_review_pages_mark_words_of_the_note(real, db, auth):
    body = {"text": NOTE, "crn": "X100001", "reference_date": "2026-11-21"}
    resp = await real.post("/api/v1/entries", json=body, headers=auth)
    assert resp.status == 201
    entry = await resp.json()
    await sign_in(real, "olivia")
    page = await (await real.get(f"/entries/{entry['id']}")).text()
    note_html = re.search(r'<p class="app-note">(.*?)</p>', page, re.S).group(1)
    labels = re.findall(r'<span class="app-mark-for[^"]*"> \[(.*?)\]</span>', note_html)
    assert "Contact type" in labels and any("Accommodation need" in x for x in labels)
    note_html = re.sub(r'<span class="app-mark-for[^"]*">.*?</span>', "", note_html)
    assert html.unescape(re.sub(r"</?mark>", "", note_html)) == NOTE
    marked = [html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", note_html, re.S)]
    assert marked and all(m in NOTE for m in marked)
    assert any("Home visit" in m for m in marked) and any("hostel" in m for m in marked)
    assert "From the note: <mark>Home visit</mark>" in page
    assert "Home visit" in page and "Attended – complied" in page

    await real.post(f"/entries/{entry['id']}/submit", headers=auth)
    real.session.cookie_jar.clear()
    await sign_in(real, "sue")
    review = await (await real.get(f"/review/{entry['id']}")).text()
    assert "<mark>Home visit</mark>" in review


async def test_api_extract_and_interpret(real, auth):
    resp = await real.post(
        "/api/v1/extract", json={"text": NOTE, "reference_date": "2026-11-21"}, headers=auth
    )
    assert resp.status == 200
    data = await resp.json()
    assert data["schema"] == "case-entry/1"
    assert data["person"]["crn"] == "X100001"
    assert data["contact"]["type"] == "home_visit"
    assert data["contact"]["outcome"] == "attended_complied"
    assert data["next_appointment"]["date"] == "2026-11-27"
    assert data["next_appointment"]["time"] == "10:00"
    for span in evidence(data):
        assert NOTE[span["start"] : span["end"]] == span["text"]

    async def interpret(text: str) -> dict:
        resp = await real.post(
            "/api/v1/interpret", json={"text": text, "reference_date": "2026-11-21"}, headers=auth
        )
        assert resp.status == 200
        return await resp.json()

    shown = await interpret("show me Priya Natt's record")
    assert (shown["intent"], shown["crn"]) == ("show_case", "X100003")
    asked = await interpret("new contact for Reed fri")
    assert asked["intent"] == "new_contact" and asked["crn"] is None
    assert {c["crn"] for c in asked["slots"]["person"]["candidates"]} == {"X100001", "X100002"}
    other = await interpret("show me Tom Bell's record")  # not on this officer's caseload
    assert other["crn"] is None
    # Invisible marks only: no note to read (400), and as a prompt, nothing but help.
    resp = await real.post("/api/v1/extract", json={"text": " \u200b "}, headers=auth)
    assert resp.status == 400 and "empty" in (await resp.json())["error"]
    assert (await interpret("\u200b\u200b"))["intent"] == "help"
    answer = (await chat(real, auth, "\u200b\u200b"))["messages"][-1]
    assert answer["payload"]["kind"] == "help"


async def test_a_name_off_the_caseload_is_asked_about_not_filed(real, db):
    """'Sam Bell' is not the caseload's Sam Reed: the note waits for the officer to say who,
    even in a conversation that already has a person."""
    csrf = await sign_in(real, "olivia")
    await real.post("/", data={"csrf_token": csrf, "text": "new contact for Sam Reed"})
    before = len(entries.list_drafts(db, olivia(db)))
    await real.post(
        "/", data={"csrf_token": csrf, "text": "Sam Bell attended the office today, all fine."}
    )
    assert len(entries.list_drafts(db, olivia(db))) == before
    page = html.unescape(await (await real.get("/")).text())
    assert "“Sam Bell” is not on your caseload" in page
    # A prompt naming someone with no known forename or surname is asked about too.
    await real.post("/", data={"csrf_token": csrf, "text": "show me Zak Smith"})
    page = html.unescape(await (await real.get("/")).text())
    assert "“Zak Smith” is not on your caseload" in page


async def test_a_stranger_named_in_a_note_never_changes_the_draft_being_worked_on(real, db, auth):
    """A note about someone whose first name is on nobody's caseload, typed while a draft is
    open, had become a correction of that draft's next appointment (and read "today" as the
    date). It is asked about, the person being worked on offered, and nothing is changed."""
    await chat(real, auth, "new contact for Sam Reed")
    await chat(real, auth, NOTE)
    (entry,) = entries.list_drafts(db, olivia(db))
    note = "Office visit with Jonny Smithers today, all fine, next appt Fri 10am."
    answer = (await chat(real, auth, note))["messages"][1]
    assert answer["text"] == "“Jonny Smithers” is not on your caseload. Who is this about?"
    assert answer["payload"]["kind"] == "choose_person"
    assert "X100001" in {c["crn"] for c in answer["payload"]["candidates"]}
    (after,) = entries.list_drafts(db, olivia(db))
    assert (after.id, after.current_version) == (entry.id, entry.current_version)


async def test_chat_corrections_say_what_changed_and_the_record_follows(real, db, auth):
    """Plain correction commands after a draft: each a correction of that draft, never a new
    note, answered with what changed; the contact record is rebuilt each time."""
    await chat(real, auth, "new contact for Sam Reed")
    await chat(real, auth, NOTE)
    (entry,) = entries.list_drafts(db, olivia(db))

    async def say(text: str) -> str:
        answer = (await chat(real, auth, text))["messages"][1]
        assert answer["payload"]["kind"] == "entry", answer["text"]
        assert answer["payload"]["entry_id"] == entry.id
        return answer["text"]

    assert (await say("drug test negative")).startswith("Drug test is now negative")
    assert (await say("add flag condition breach")).startswith(
        "Added the Condition breach flag: present"
    )
    assert (await say("remove condition breach")).startswith("Removed the Condition breach flag")
    assert (await say("finance is a strength")).startswith(
        "The Finance need area is now a strength"
    )
    assert (await say("no next appointment")).startswith("Removed the next appointment")
    assert (await say("enforcement recall")).startswith("Enforcement is now Recall")
    assert (await say("not cannabis")).startswith("Cannabis was not recorded")
    data = entries.get_entry_for(db, olivia(db), entry.id).data
    assert len(entries.list_drafts(db, olivia(db))) == 1  # no command became a note
    assert data["drug_test"]["result"] == "negative"
    assert data["next_appointment"] is None and data["enforcement"] == "recall"
    assert (
        "finance (strength)" in data["summary"] and "Next appointment: not set." in data["summary"]
    )
    assert "Enforcement: Recall requested." in data["summary"]
    assert data["summary"].startswith("Home visit with Sam Reed (X100001)")
