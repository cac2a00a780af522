"""Round trips to PostgreSQL made by whole requests: a chat turn and the pages read most.

Counted over every connection the app's pool has open (reader, writer and count threads),
from libpq's protocol trace (tests/pgtrace.py), once the pool is warm: the cost a request
pays on a running service. On a loaded machine each round trip waits for the database
process to be scheduled, so these numbers, not the SQL, decide how far a chat turn on
PostgreSQL trails SQLite (docs/scaling.md). A change that adds round trips fails here.
"""

from __future__ import annotations

import uuid

import pytest

from tests.pgtrace import AppTrips
from tests.web.conftest import sign_in

only_postgres = pytest.mark.parametrize("db_backend", ["postgresql"], indirect=True)

CHAT_TURN_TRIPS = 14
PAGE_TRIPS = {"/": 8, "/drafts": 5, "/cases/X100001": 5, "/entries/{id}": 5}


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> AppTrips:
    """Every connection the app opens from now on, ready to be counted."""
    watched = AppTrips()
    watched.watch(monkeypatch)
    return watched


async def _chat(client, csrf: str, text: str) -> dict:
    headers = {"X-CSRF-Token": csrf, "Idempotency-Key": str(uuid.uuid4())}
    resp = await client.post("/api/v1/chat", json={"text": text}, headers=headers)
    assert resp.status == 200, await resp.text()
    return await resp.json()


@only_postgres
async def test_a_chat_turn_recording_a_note_makes_few_round_trips(trips, client) -> None:
    csrf = await sign_in(client, "olivia")
    await _chat(client, csrf, "Sam Reed attended a home visit. He is in a hostel.")  # warm
    with trips.counting() as sent:
        answer = await _chat(client, csrf, "Sam Reed phoned to say the hostel room is secure.")
    payload = answer["messages"][-1]["payload"]
    assert payload["kind"] == "entry" and payload["version"] == 1
    assert sent.count <= CHAT_TURN_TRIPS, sent.count


@only_postgres
@pytest.mark.parametrize("page", list(PAGE_TRIPS))
async def test_the_pages_read_most_make_few_round_trips(trips, client, page: str) -> None:
    csrf = await sign_in(client, "olivia")
    answer = await _chat(client, csrf, "Sam Reed attended a home visit. He is in a hostel.")
    path = page.replace("{id}", str(answer["messages"][-1]["payload"]["entry_id"]))
    for _ in range(8):  # warm every connection: its first audit write, its prepares
        assert (await client.get(path)).status == 200
    # The page's steady cost: the fewest of five views. One view can pay for work that is
    # not the page's (a session's periodic touch), landing on whichever view comes then.
    # psycopg's one-off prepares are left out of every count (tests/pgtrace.py): which view
    # pays for one depends on which pooled reader a read lands on.
    counts = []
    for _ in range(5):
        with trips.counting() as sent:
            resp = await client.get(path)
        assert resp.status == 200
        counts.append(sent.count)
    assert min(counts) <= PAGE_TRIPS[page], counts


async def _steady_trips(trips, client, path: str) -> int:
    """The fewest round trips of five views of a warmed page (as above)."""
    for _ in range(8):
        assert (await client.get(path)).status == 200
    counts = []
    for _ in range(5):
        with trips.counting() as sent:
            assert (await client.get(path)).status == 200
        counts.append(sent.count)
    return min(counts)


@only_postgres
async def test_the_chat_page_reads_its_cards_together(trips, client) -> None:
    """Each entry card on the chat page used to be its own read: a conversation of many
    notes cost one more round trip per card. Now more cards cost no more trips."""
    csrf = await sign_in(client, "olivia")
    await _chat(client, csrf, "Sam Reed attended a home visit. He is in a hostel.")
    one_card = await _steady_trips(trips, client, "/")
    for text in (
        "Sam Reed phoned about his benefits claim.",
        "Sam Reed attended the office and was on time.",
        "Sam Reed missed his appointment at the jobcentre.",
    ):
        await _chat(client, csrf, text)
    assert await _steady_trips(trips, client, "/") == one_card
