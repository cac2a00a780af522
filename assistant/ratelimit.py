"""Requests per user per minute (`auth.requests_per_minute`): the counts behind the one
middleware that enforces them (`middlewares.rate_limit`).

A sliding window: a user may make at most N requests in any 60 seconds; the next one is
answered 429 with `Retry-After` saying when one becomes free. Counted per signed-in user
(session, API token or linked Teams account, whose messages count in `teams.bot`), so one
officer's script cannot slow everyone else's service.
Static assets are not counted. Failed sign-ins are counted per client address
(`FailureCounter`) as well as per account (the lockout). Both counts live in the database
(`storage.throttles`), so several app instances behind a load balancer enforce one limit.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

from assistant.dbpool import DbPool
from storage import throttles
from storage.errors import StorageFull

log = logging.getLogger(__name__)

WINDOW_S = 60.0


class RateLimiter:
    """Sliding-window counts of requests per key, kept in the database so that every app
    instance on it counts the same requests (`storage.throttles`)."""

    scope = "requests"

    def __init__(
        self,
        per_minute: int,
        clock: Callable[[], float] = time.time,
        window_s: float = WINDOW_S,
    ) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self.window_s = window_s

    async def check(self, db: DbPool, key: int | str) -> float | None:
        """Count a request for `key`: None if allowed, else seconds until one is allowed."""
        if self.per_minute <= 0:
            return None
        now = self.clock()
        try:
            return await db.count(
                throttles.hit, self.scope, key, now, self.per_minute, self.window_s
            )
        except StorageFull:
            # A full disk must not stop reads (nothing is lost by reading); the request goes
            # uncounted, and writes are refused where they are made.
            log.warning("rate limit not counted: the database's disk is full")
            return None


class FailureCounter:
    """Failures per key (a client address) in a sliding window, in the database."""

    scope = "signin-address"

    def __init__(self, limit: int, window_s: float, clock: Callable[[], float] = time.time) -> None:
        self.limit, self.window_s, self.clock = limit, window_s, clock

    async def wait(self, db: DbPool, key: str) -> float | None:
        """Seconds until `key` may try again, or None if it may now."""
        if self.limit <= 0:
            return None
        return await db.read(throttles.wait, self.scope, key, self.clock(), self.limit)

    async def record(self, db: DbPool, key: str) -> None:
        """Count one failure for `key`."""
        if self.limit > 0:
            try:
                await db.write(throttles.record, self.scope, key, self.clock(), self.window_s)
            except StorageFull:  # the sign-in is refused anyway; its count cannot be kept
                log.warning("failed sign-in not counted: the database's disk is full")


def slow_down(per_minute: int, wait: float) -> tuple[int, str]:
    """Whole seconds to wait and the message saying so, for a user over the limit."""
    seconds = max(1, math.ceil(wait))
    return seconds, (
        f"You have made more than {per_minute} requests in a minute. "
        f"Wait {seconds} {'second' if seconds == 1 else 'seconds'} and try again. "
        "Nothing you saved has been lost."
    )
