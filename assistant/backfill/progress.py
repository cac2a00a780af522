"""A one-line progress bar on stderr: notes done, notes per second and time left."""

from __future__ import annotations

import time
from typing import TextIO

WIDTH = 24


def duration(seconds: float) -> str:
    """A short human duration: 45s, 3m05s, 2h07m."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


class Progress:
    """Redrawn in place at most a few times a second; silent when disabled."""

    def __init__(
        self, stream: TextIO, total: int | None, *, enabled: bool, already: int = 0
    ) -> None:
        self.stream = stream
        self.total = total
        self.enabled = enabled
        self.done = already
        self.already = already  # resumed notes count toward done, not toward speed
        self.started = time.monotonic()
        self._drawn = 0.0

    def rate(self) -> float:
        """Notes per second read in this run."""
        elapsed = time.monotonic() - self.started
        return (self.done - self.already) / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        """The bar as text."""
        rate = self.rate()
        if self.total:
            share = min(1.0, self.done / self.total)
            bar = "#" * round(WIDTH * share)
            left = (self.total - self.done) / rate if rate > 0 else None
            eta = duration(left) if left is not None else "?"
            return (
                f"[{bar:<{WIDTH}}] {self.done:,}/{self.total:,} notes  "
                f"{rate:,.1f} notes/s  {eta} left"
            )
        return f"{self.done:,} notes  {rate:,.1f} notes/s"

    def advance(self, notes: int) -> None:
        """Count finished notes and redraw if a moment has passed."""
        self.done += notes
        now = time.monotonic()
        if self.enabled and now - self._drawn >= 0.2:
            self._drawn = now
            self.stream.write("\r" + self.line() + "\x1b[K")
            self.stream.flush()

    def close(self) -> None:
        """Leave the last state on its own line."""
        if self.enabled:
            self.stream.write("\r" + self.line() + "\x1b[K\n")
            self.stream.flush()
