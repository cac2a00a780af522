"""A burst of sign-ins must not hold up officers who are already signed in.

Found by `make bench-load`: password hashing (argon2id, ~0.3 CPU-s each) ran on the database
reader threads, so 50 officers signing in at once queued every other request's session
lookup behind their hashes, for tens of seconds. Hashing now has threads of its own.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading

import aiohttp
import pytest

from assistant.dbpool import HASHING_NICENESS
from assistant.typedefs import db_key
from storage import accounts
from tests.web.conftest import CSRF, PASSWORD, sign_in

SIGN_INS = 6  # more than the reader threads (2 in the tests' settings) and hashing threads


async def test_reads_go_on_while_sign_ins_are_hashing(client, monkeypatch):
    await sign_in(client, "olivia")
    release, entered, lock = threading.Event(), [0], threading.Lock()
    real = accounts.password_matches

    def slow_hash(db, username, password, **kw):  # type: ignore[no-untyped-def]
        with lock:
            entered[0] += 1
        release.wait(20)
        return real(db, username, password, **kw)

    monkeypatch.setattr(accounts, "password_matches", slow_hash)
    form = {"username": "oscar", "password": PASSWORD}
    origin = {"Origin": str(client.make_url("/")).rstrip("/")}
    # unsafe=True: keep cookies from an IP address (127.0.0.1), as the sign-in form needs.
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as others:
        async with others.get(client.make_url("/login")) as page:
            form["csrf_token"] = CSRF.search(await page.text()).group(1)

        async def sign_in_oscar() -> int:
            async with others.post(client.make_url("/login"), data=form, headers=origin,
                                   allow_redirects=False) as resp:  # fmt: skip
                return resp.status

        burst = [asyncio.create_task(sign_in_oscar()) for _ in range(SIGN_INS)]
        try:
            for _ in range(1000):  # until the hashing threads are all busy (10 s at most)
                if entered[0] >= 2 or all(t.done() for t in burst):
                    break
                await asyncio.sleep(0.01)
            assert entered[0] >= 2, [t.result() for t in burst if t.done()]
            resp = await asyncio.wait_for(client.get("/api/v1/cases"), 5)
            assert resp.status == 200
            assert {c["crn"] for c in (await resp.json())["cases"]} >= {"X100001"}
            assert not any(t.done() for t in burst)  # the sign-ins really were still hashing
        finally:
            release.set()
            statuses = await asyncio.gather(*burst, return_exceptions=True)
    assert statuses == [303] * SIGN_INS


@pytest.mark.skipif(sys.platform != "linux", reason="per-thread niceness is Linux's")
async def test_hashing_yields_the_cpu_to_the_rest_of_the_process(client, monkeypatch):
    """During a burst the hashes take the time the other requests leave: the hashing
    threads run at a lower priority than the threads serving reads and writes."""
    seen: dict[str, int] = {}
    real = accounts.password_matches

    def noting_priority(db, username, password, **kw):  # type: ignore[no-untyped-def]
        seen["hashing"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        return real(db, username, password, **kw)

    monkeypatch.setattr(accounts, "password_matches", noting_priority)
    await sign_in(client, "olivia")
    pool = client.app[db_key]
    seen["reading"] = await pool.read(
        lambda db: os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    )
    base = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert seen["reading"] == base
    assert seen["hashing"] == min(base + HASHING_NICENESS, 19)
