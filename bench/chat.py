"""`make bench` (chat): chat turn latency through the real server, and the server's memory.

Starts `assistant serve` with the real extractor on a free loopback port, on a fresh
temporary database with seeded officers (each with an API token and three invented people),
and sends chat turns to POST /api/v1/chat, each a note of 300 words naming one of the
officer's people, so each turn stores the note, interprets it, extracts the entry and answers
with it. Measures the latency from sending to the whole answer read:

- one officer sending turns one after another;
- 50 officers at once: each sends a turn, waits for the answer, and sends the next straight
  away, all starting together, so 50 turns are in flight for the whole phase;
- 50 officers at a working pace: the same, with a random pause (mean `--think-s`) between an
  answer and the officer's next turn.

The server's peak resident memory (with its extraction workers) is sampled from /proc. The
run is bounded (`--turns`, `--deadline-s`), stops the server itself, prints the figures and
appends them to bench/results/chat.tsv.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

import aiohttp

from assistant.settings import load_settings
from bench.chat_server import (
    Officer,
    ProcessWatch,
    free_port,
    machine_busy_s,
    seed,
    start,
    stop,
    write_config,
)
from bench.extract import load_notes, percentile
from bench.results import append_row

ROOT = Path(__file__).resolve().parent.parent
NOTE_WORDS = 300


def source_words() -> list[str]:
    """The words of the project's fixture notes, which the bench notes are cut from."""
    return " ".join(n["text"] for n in load_notes(60)).split()


def notes_for(
    officer: Officer,
    count: int,
    words: list[str],
    rng: random.Random,
    lengths: tuple[int, int] = (NOTE_WORDS, NOTE_WORDS),
) -> list[str]:
    """`count` notes of `lengths` words (300 by default), each opening with one of the
    officer's people."""
    notes = []
    for _ in range(count):
        name = rng.choice(officer.names)
        opening = f"Saw {name} at the office today.".split()
        size = lengths[0] if lengths[0] == lengths[1] else rng.randint(*lengths)
        start = rng.randrange(0, len(words) - size)
        notes.append(" ".join(opening + words[start : start + size - len(opening)]))
    return notes


class Turns:
    """Sends chat turns and keeps each one's latency and what the assistant answered."""

    def __init__(self, session: aiohttp.ClientSession, base: str, words: list[str]) -> None:
        self.session = session
        self.base = base
        self.words = words
        self.latencies: list[float] = []
        self.kinds: Counter[str] = Counter()
        self.cpu_ms = (0.0, 0.0)
        """CPU milliseconds per turn used by the server process and by its workers."""
        self.others_cores = 0.0
        """Cores' worth of CPU that other work on the machine used during the phase."""

    async def send(self, officer: Officer, text: str) -> None:
        """One turn; the latency counts until the whole answer has been read."""
        headers = {"Authorization": f"Bearer {officer.token}", "Idempotency-Key": str(uuid.uuid4())}
        began = time.perf_counter()
        async with self.session.post(
            f"{self.base}/api/v1/chat", json={"text": text}, headers=headers
        ) as resp:
            body = await resp.json()
        self.latencies.append((time.perf_counter() - began) * 1000)
        if resp.status != 200:
            self.kinds[f"http_{resp.status}"] += 1
            return
        answer = body["messages"][-1]
        self.kinds[(answer.get("payload") or {}).get("kind") or "none"] += 1


async def officer_loop(
    turns: Turns, officer: Officer, count: int, think_s: float, rng: random.Random
) -> None:
    """One officer's turns, each sent when the last was answered and a pause has passed
    (with pauses, the first turn waits one too, so officers do not all start together)."""
    for text in notes_for(officer, count, turns.words, rng):
        if think_s:
            await asyncio.sleep(rng.expovariate(1 / think_s))
        await turns.send(officer, text)


async def run(
    base: str, officers: list[Officer], watch: ProcessWatch, args: argparse.Namespace
) -> dict[str, Turns]:
    """Warm up, then the three phases; returns each phase's turns."""
    rng = random.Random(20261121)
    words = source_words()
    timeout = aiohttp.ClientTimeout(total=120)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        await officer_loop(Turns(session, base, words), officers[0], 5, 0, rng)  # warm caches
        phases = {
            "one": (officers[:1], args.solo_turns, 0.0),
            "at_once": (officers, args.turns, 0.0),
            "paced": (officers, args.turns, args.think_s),
        }
        results = {}
        for name, (who, count, think_s) in phases.items():
            turns = results[name] = Turns(session, base, words)
            began, cpu, busy, mine = time.perf_counter(), watch.cpu_s(), machine_busy_s(), _own()
            await asyncio.gather(*(officer_loop(turns, o, count, think_s, rng) for o in who))
            elapsed, after = time.perf_counter() - began, watch.cpu_s()
            used = [b - a for a, b in zip(cpu, after, strict=True)]
            turns.cpu_ms = (
                used[0] * 1000 / len(turns.latencies),
                used[1] * 1000 / len(turns.latencies),
            )
            others = machine_busy_s() - busy - sum(used) - (_own() - mine)
            turns.others_cores = max(0.0, others / elapsed)
            print(f"  {name}: {len(turns.latencies)} turns in {elapsed:.1f}s")
    return results


def _own() -> float:
    t = os.times()
    return t.user + t.system


def figures(
    results: dict[str, Turns], watch: ProcessWatch, officers: int, workers: int
) -> dict[str, object]:
    """The numbers printed and appended to chat.tsv."""
    out: dict[str, object] = {"officers": officers, "workers": workers}
    for name, turns in results.items():
        out[f"{name}_turns"] = len(turns.latencies)
        out[f"{name}_p50_ms"] = statistics.median(turns.latencies)
        out[f"{name}_p95_ms"] = percentile(turns.latencies, 95)
    out["other_work_cores"] = max(t.others_cores for t in results.values())
    out["cpu_ms_per_turn_server"], out["cpu_ms_per_turn_workers"] = results["at_once"].cpu_ms
    out["peak_rss_mb"] = watch.peak_total_kb / 1024
    out["server_peak_rss_mb"] = watch.peak_server_kb / 1024
    out["sum_of_peaks_mb"] = watch.sum_of_peaks_kb / 1024
    return out


def main() -> int:
    """Seed, start, measure, stop; print and record the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officers", type=int, default=50)
    parser.add_argument("--turns", type=int, default=4, help="turns per officer in each phase")
    parser.add_argument("--solo-turns", type=int, default=40)
    parser.add_argument("--think-s", type=float, default=10.0, help="mean pause when paced")
    parser.add_argument("--workers", type=int, help="extraction workers (default: config.toml)")
    parser.add_argument("--no-save", action="store_true", help="do not append to chat.tsv")
    parser.add_argument("--deadline-s", type=float, default=600.0, help="give up after this")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="casenotes-bench-") as tmp_name:
        tmp = Path(tmp_name)
        officers = seed(tmp / "casenotes.db", args.officers)
        config = write_config(tmp, args.workers)
        workers = load_settings(config).server.workers  # what the server runs with
        port = free_port()
        proc = start(config, port, tmp / "server.log")
        try:
            with ProcessWatch(proc.pid) as watch:
                results = asyncio.run(
                    asyncio.wait_for(run(f"http://127.0.0.1:{port}", officers, watch, args),
                                     args.deadline_s)
                )  # fmt: skip
        except TimeoutError:
            print(f"bench: stopped after {args.deadline_s:.0f}s", file=sys.stderr)
            return 1
        finally:
            stop(proc)
    values = figures(results, watch, args.officers, workers)
    answered = sum((t.kinds for t in results.values()), Counter())
    print(f"answers {dict(answered)}")
    for key, value in values.items():
        print(f"{key:22s} {value:10.1f}" if isinstance(value, float) else f"{key:22s} {value:>10}")
    if not args.no_save:
        append_row("chat", values, digits=1)
    if set(answered) != {"entry"}:
        print("bench: some turns did not produce an entry (see answers)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
