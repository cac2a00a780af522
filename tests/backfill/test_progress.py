"""The progress bar: notes per second and time left, and nothing at all when disabled."""

from __future__ import annotations

import io

from assistant.backfill.progress import Progress, duration


def test_the_bar_shows_rate_and_time_left_and_counts_resumed_notes_as_done() -> None:
    out = io.StringIO()
    bar = Progress(out, 1000, enabled=True, already=200)
    bar.started -= 10  # ten seconds in
    bar.advance(100)
    bar.close()
    text = out.getvalue()
    assert "300/1,000 notes" in text
    assert "10.0 notes/s" in text  # 100 read in this run over 10 s; the 200 resumed do not count
    assert "1m10s left" in text  # 700 to go at 10 a second


def test_a_disabled_bar_writes_nothing() -> None:
    out = io.StringIO()
    bar = Progress(out, 10, enabled=False)
    bar.advance(5)
    bar.close()
    assert out.getvalue() == ""


def test_durations_read_shortly() -> None:
    assert [duration(s) for s in (5, 185, 7620)] == ["5s", "3m05s", "2h07m"]
