"""One note crashes, freezes or overruns its extraction worker while other officers' notes are
being read: that officer is told and keeps the note; everyone else's turn succeeds, and a
worker that is merely slow keeps its warm model."""

from __future__ import annotations

import asyncio

import pytest

from assistant.app import create_app
from assistant.workers import ExtractionPool
from storage import accounts, entries, people
from tests.web.conftest import CHEAP, PASSWORD

pytestmark = [pytest.mark.fault, pytest.mark.slow]

OTHERS = 4
TIMEOUT_S = 3.0


@pytest.fixture
async def fleet(aiohttp_client, settings, db):  # type: ignore[no-untyped-def]
    """A client on an app with two slow-able workers, and officers each with their own person."""
    pool = ExtractionPool(
        None,
        workers=2,
        timeout_s=TIMEOUT_S,
        loader="tests.faults.fake_nlp:load",
        silent_s=2.0,
        beat_s=0.2,
    )
    await pool.warm()
    tokens = []
    for n in range(OTHERS + 1):
        user = accounts.create_user(db, f"worker{n}", PASSWORD, "officer", "North", hasher=CHEAP)
        crn = f"X{400000 + n}"
        people.upsert_person(db, crn, f"Case {n} Person", team_id=user.team_id)
        people.assign_caseload(db, crn, user.username)
        tokens.append((accounts.create_token(db, user)[1], crn))
    try:
        yield await aiohttp_client(create_app(settings, extraction=pool)), tokens, pool
    finally:
        pool.close()


async def say(client, token: str, text: str) -> dict:  # type: ignore[no-untyped-def]
    resp = await client.post(
        "/api/v1/chat", json={"text": text}, headers={"Authorization": f"Bearer {token}"}
    )
    assert resp.status == 200, await resp.text()
    messages = (await resp.json())["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant"]
    return messages[1]


@pytest.mark.parametrize(
    ("bad_note", "others_after_s", "message"),
    [
        # Crashes its worker half a second in, when the others' notes are being read.
        ("Attended. Hostel. This one breaks the reader [slow] [crash]", 0.2, "went wrong"),
        # Stops answering (no heartbeat): at the timeout the workers the others' notes are
        # in are replaced.
        ("Attended. Hostel. This one stops the reader [freeze]", TIMEOUT_S - 0.7, "too long"),
        # Overruns the timeout but its worker is alive: the officer is told, and the reading
        # is left to go on, so the others' notes are never thrown out of their workers.
        ("Attended. Hostel. This one takes for ever [hang]", TIMEOUT_S - 0.7, "too long"),
    ],
    ids=["crash", "freeze", "overrun"],
)
async def test_one_bad_note_leaves_the_other_officers_untouched(
    fleet, db, bad_note, others_after_s, message, caplog
):
    client, officers, pool = fleet
    before = pool.pids()
    for token, crn in officers:
        assert (await say(client, token, f"new contact for {crn}"))["payload"]["kind"] == "person"
    notes = [f"Attended the office. Hostel. Note {n} [slow]" for n in range(OTHERS)]

    async def other(token: str, note: str) -> dict:
        await asyncio.sleep(others_after_s)
        return await say(client, token, note)

    failed, *good = await asyncio.gather(
        say(client, officers[-1][0], bad_note),
        *(other(token, note) for (token, _), note in zip(officers, notes, strict=False)),
    )

    retried = caplog.text.count("a note was in the workers when they stopped; reading it again")
    if "[hang]" in bad_note:
        # Slow, not hung: nothing restarted, nobody's note read twice, the same workers.
        assert (retried, pool.restarts) == (0, 0) and pool.overran >= 1
        assert pool.pids() == before
    else:
        # Others' notes really were in the workers (a crashed note is itself retried once).
        assert retried >= (2 if "crash" in bad_note else 1)
        assert pool.restarts >= 1
    assert message in failed["text"] and "Your note is saved" in failed["text"]
    kept = entries.load_entry(db, failed["payload"]["entry_id"])
    assert (kept.note_text, kept.current_version) == (bad_note, 0)  # stored, waiting to be read
    for note, reply in zip(notes, good, strict=True):
        assert reply["text"].startswith("Filed under "), reply["text"]
        entry = entries.load_entry(db, reply["payload"]["entry_id"])
        assert (entry.note_text, entry.current_version) == (note, 1)
        assert (entry.data or {})["contact"]["outcome"] == "attended_complied"
