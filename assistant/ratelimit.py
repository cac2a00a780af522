"""Requests per user per minute (`auth.requests_per_minute`): the counts behind the one
middleware that enforces them (`middlewares.rate_limit`).

A sliding window: a user may make at most N requests in any 60 seconds; the next one is
answered 429 with `Retry-After` saying when one becomes free. Counted per signed-in user
(session, API token or linked Teams account, whose messages count in `teams.bot`), so one
officer's script cannot slow everyone else's service.
Static assets are not counted. Failed sign-ins are counted per client address
(`FailureCounter`) as well as per account (the lockout).
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

WINDOW_S = 60.0


class RateLimiter:
    """Sliding-window counts of requests per key; memory is bounded by keys seen recently."""

    def __init__(
        self,
        per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        window_s: float = WINDOW_S,
    ) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self.window_s = window_s
        self._seen: dict[int | str, deque[float]] = {}
        self._next_prune = 0.0

    def check(self, key: int | str) -> float | None:
        """Count a request for `key`: None if allowed, else seconds until one is allowed."""
        if self.per_minute <= 0:
            return None
        now = self.clock()
        self._prune(now)
        times = self._seen.setdefault(key, deque(maxlen=self.per_minute))
        while times and times[0] <= now - self.window_s:
            times.popleft()
        if len(times) >= self.per_minute:
            return times[0] + self.window_s - now
        times.append(now)
        return None

    def _prune(self, now: float) -> None:
        """Forget keys idle for a whole window, at most once a window."""
        if now < self._next_prune:
            return
        self._next_prune = now + self.window_s
        idle = [
            k for k, times in self._seen.items() if not times or times[-1] <= now - self.window_s
        ]
        for key in idle:
            del self._seen[key]


class FailureCounter:
    """Failures per key (a client address) in a sliding window; memory bounded per key."""

    def __init__(
        self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit, self.window_s, self.clock = limit, window_s, clock
        self._seen: dict[str, deque[float]] = {}

    def wait(self, key: str) -> float | None:
        """Seconds until `key` may try again, or None if it may now."""
        if self.limit <= 0:
            return None
        now = self.clock()
        self._prune(now)
        times = self._seen.get(key)
        while times and times[0] <= now - self.window_s:
            times.popleft()
        if not times:
            return None
        return times[0] + self.window_s - now if len(times) >= self.limit else None

    def record(self, key: str) -> None:
        """Count one failure for `key`."""
        if self.limit > 0:
            self._seen.setdefault(key, deque(maxlen=self.limit)).append(self.clock())

    def _prune(self, now: float) -> None:
        if len(self._seen) > 10_000:  # only under a spread-out attack: drop idle addresses
            for key in [k for k, t in self._seen.items() if not t or t[-1] <= now - self.window_s]:
                del self._seen[key]


def slow_down(per_minute: int, wait: float) -> tuple[int, str]:
    """Whole seconds to wait and the message saying so, for a user over the limit."""
    seconds = max(1, math.ceil(wait))
    return seconds, (
        f"You have made more than {per_minute} requests in a minute. "
        f"Wait {seconds} {'second' if seconds == 1 else 'seconds'} and try again. "
        "Nothing you saved has been lost."
    )
