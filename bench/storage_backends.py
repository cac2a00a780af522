"""The storage work of one chat turn on SQLite and on PostgreSQL, timed in one process.

A chat turn's storage is a throttle count, the draft written, its extraction stored (a
version, section drafts rebuilt, audit rows) and the case record read back; a search and a
list follow now and then. This times that sequence on a SQLite file (synchronous=FULL) and
on a PostgreSQL database, one after the other in the same process, so the ratio holds on a
loaded machine even when the absolute times do not. The HTTP, extraction and thread hops a
real turn adds are the same on both and left out: `make bench-load` measures the whole.

    python -m bench.storage_backends --database postgresql://user@host:5432/db [--turns 300]

The PostgreSQL database should be empty (a fresh `createdb`): the run adds its rows.
Say whether the server runs with fsync on: the comparison is fair only if it does.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher

from bench.results import append_row
from storage import accounts, entries, people, search, throttles
from storage.db import open_db
from storage.entry_queries import case_record

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
EXTRACTION = {
    "schema": "case-entry/1",
    "contact": {"date": "2026-11-21", "type": "office_visit", "outcome": "attended_complied"},
    "needs": [],
    "sections": {"accommodation": "Living with his sister, the tenancy is secure."},
    "summary": "Attended the office and reported a stable week.",
}
NOTES = [
    "Seen in the office; reported a stable week at his sister's and is looking for work.",
    "Phone contact: missed the drug test on Tuesday, rebooked for next Monday at 10.",
    "Home visit, tenancy secure, engaging well with the accommodation officer.",
]


def _world(db: Any, officers: int) -> list[tuple[Any, str]]:
    pairs = []
    for n in range(officers):
        user = accounts.create_user(db, f"bench{n}", "bench pass phrase", "officer", "North",
                                    hasher=CHEAP)  # fmt: skip
        crn = f"B{n:06d}"
        people.upsert_person(db, crn, f"Person {n}", team_id=user.team_id, officer_id=user.id)
        pairs.append((user, crn))
    return pairs


def _turn(db: Any, user: Any, crn: str, n: int) -> None:
    throttles.hit(db, "rpm", user.id, time.time(), 1000, 60.0)
    entry = entries.create_draft(db, user, crn, NOTES[n % len(NOTES)], "2026-11-21")
    entries.set_extraction(db, entry.id, EXTRACTION)
    case_record(db, user, crn)
    if n % 5 == 0:
        search.search_notes(db, user, "tenancy sec")


def _time(db: Any, turns: int, officers: int) -> list[float]:
    world = _world(db, officers)
    times = []
    for n in range(turns):
        user, crn = world[n % len(world)]
        start = time.perf_counter()
        _turn(db, user, crn, n)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "mean_ms": statistics.fmean(ordered),
        "p50_ms": ordered[len(ordered) // 2],
        "p95_ms": ordered[int(len(ordered) * 0.95) - 1],
    }


def run(database: str, turns: int, officers: int, opener: Callable[[Any], Any] = open_db) -> dict:
    """Time `turns` turns on a fresh SQLite file, then on `database`; both summaries."""
    with tempfile.TemporaryDirectory() as folder:
        sqlite = opener(Path(folder) / "bench.db")
        try:
            lite = _summary(_time(sqlite, turns, officers))
        finally:
            sqlite.close()
    postgres = opener(database)
    try:
        pg = _summary(_time(postgres, turns, officers))
    finally:
        postgres.close()
    return {"sqlite": lite, "postgresql": pg}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="postgresql:// URL of an empty database")
    parser.add_argument("--turns", type=int, default=300)
    parser.add_argument("--officers", type=int, default=50)
    args = parser.parse_args()
    result = run(args.database, args.turns, args.officers)
    for name, figures in result.items():
        print(f"{name:11} " + "  ".join(f"{k} {v:7.2f}" for k, v in figures.items()))
    ratio = result["postgresql"]["p95_ms"] / result["sqlite"]["p95_ms"]
    print(f"p95 PostgreSQL / SQLite: {ratio:.2f}")
    append_row(
        "storage_backends",
        {
            "turns": args.turns,
            **{f"sqlite_{k}": v for k, v in result["sqlite"].items()},
            **{f"pg_{k}": v for k, v in result["postgresql"].items()},
            "p95_ratio": ratio,
        },
    )


if __name__ == "__main__":
    main()
