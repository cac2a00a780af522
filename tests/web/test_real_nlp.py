"""The chat page with the real extractor in the worker pool (loads the spaCy model)."""

from __future__ import annotations

import pytest

from assistant.app import create_app
from assistant.workers import ExtractionPool
from storage import accounts, entries
from tests.web.conftest import sign_in

pytestmark = pytest.mark.slow
nlp = pytest.importorskip("nlp.extractor")


@pytest.fixture(scope="module")
def real_pool():
    pool = ExtractionPool(None, workers=1, timeout_s=60.0, loader="nlp:load")
    yield pool
    pool.close()


async def test_real_chat_turns(aiohttp_client, settings, db, real_pool):
    client = await aiohttp_client(create_app(settings, extraction=real_pool))
    csrf = await sign_in(client, "olivia")

    async def send(text):
        resp = await client.post(
            "/", data={"csrf_token": csrf, "text": text}, headers={"X-Requested-With": "casenotes"}
        )
        assert resp.status == 200, await resp.text()
        return (await resp.json())["html"]

    assert "More than one person" in await send("new contact for Reed")
    html = await send("Sam Reed attended the office today. He is living in a hostel.")
    assert "Open entry" in html
    await send("outcome acceptable absence")
    user = accounts.get_user_by_username(db, "olivia")
    (entry,) = entries.list_drafts(db, user)
    assert entry.crn == "X100001"
    assert entry.data["contact"]["outcome"] == "acceptable_absence"
    assert entry.extraction["schema"] == "case-entry/1"
