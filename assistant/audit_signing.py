"""The server signs the audit chain's head (`storage.audit_head`) every few minutes into the
database, where every instance and `audit verify` on any host find the same one, and into the
file beside the database on this host; it logs it once a day. The file and the logs are the
copies outside the database, which whoever rewrites the database does not also control.

Before each new signature the chain is checked against the last one: a chain that no longer
extends it is reported (ERROR) and never signed, so the server cannot be used to bless a
rewritten chain. Without the key (`storage.audit_key_env` unset) nothing is signed and the
server says so once at start-up.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import AsyncIterator

from aiohttp import web

from assistant.settings import Settings
from assistant.typedefs import db_key, settings_key
from storage import audit_head
from storage.db import transaction

log = logging.getLogger(__name__)

SIGN_EVERY_S = 300.0
LOG_EVERY_S = 86400.0


def audit_key(settings: Settings) -> bytes | None:
    """The HMAC key from the environment variable `storage.audit_key_env`, if set."""
    value = os.environ.get(settings.storage.audit_key_env, "").strip()
    return value.encode("utf-8") if value else None


def sign_now(settings: Settings, db, key: bytes) -> audit_head.SignedHead | None:  # noqa: ANN001
    """Check the chain against the heads signed before (the database's and this host's file)
    and, if it still extends both, sign it anew into both. Opens its own write transaction."""
    path = audit_head.head_path(settings.database_path)
    earlier = [("the database", audit_head.stored(db)), (str(path), audit_head.load(path))]
    for where, previous in earlier:
        if previous is None:
            continue
        problems = audit_head.check(db, previous, key, where)
        if problems:
            for problem in problems:
                log.error("audit chain does not match its signed head: %s", problem)
            return None
    with transaction(db):
        signed = audit_head.sign(db, key)
        audit_head.store(db, signed)
    audit_head.save(path, signed)
    return signed


async def audit_signing(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx: sign at start-up, every `SIGN_EVERY_S`, and at shutdown; log daily."""
    settings = app[settings_key]
    key = audit_key(settings)
    if key is None:
        log.warning(
            "audit head not signed: set %s to anchor the audit chain outside the database",
            settings.storage.audit_key_env,
        )
        yield
        return
    await _sign(app, key, announce=True)
    task = asyncio.create_task(_loop(app, key))
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    await _sign(app, key, announce=False)


async def _sign(app: web.Application, key: bytes, *, announce: bool) -> None:
    settings = app[settings_key]
    try:
        signed = await app[db_key].write(lambda db: sign_now(settings, db, key))
    except (OSError, ValueError) as exc:
        log.error("audit head not signed: %s", exc)
        return
    except Exception as exc:  # the database went away (a restart, a lost connection)
        log.error("audit head not signed: the database could not be read (%s)", type(exc).__name__)
        return
    if signed is not None and announce:
        log.info("%s", signed.line())


async def _loop(app: web.Application, key: bytes) -> None:
    last_logged = time.monotonic()  # logged at start-up
    while True:
        await asyncio.sleep(SIGN_EVERY_S)
        now = time.monotonic()
        announce = now - last_logged >= LOG_EVERY_S
        await _sign(app, key, announce=announce)
        if announce:
            last_logged = now
