"""A client that retries before its first request has finished gets the same entry, once."""

from __future__ import annotations

import asyncio

import pytest

from storage import accounts

pytestmark = pytest.mark.fault

NOTE = "Sam Reed attended the office. Living in a hostel."


async def test_the_same_request_sent_three_times_at_once_makes_one_entry(client, db):
    token = accounts.create_token(db, accounts.get_user_by_username(db, "olivia"))[1]
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "retry-while-waiting"}

    async def create():  # type: ignore[no-untyped-def]
        resp = await client.post(
            "/api/v1/entries", json={"text": NOTE, "crn": "X100001"}, headers=headers
        )
        return resp.status, await resp.json()

    answers = await asyncio.gather(create(), create(), create())
    assert {status for status, _ in answers} <= {200, 201}, answers
    assert len({body["id"] for _, body in answers}) == 1
    assert all(body["current_version"] == 1 for _, body in answers)
    rows = db.execute("SELECT count(*) FROM entries WHERE note_text = ?", [NOTE]).fetchone()
    versions = db.execute("SELECT count(*) FROM entry_versions").fetchone()
    assert (rows[0], versions[0]) == (1, 1)
