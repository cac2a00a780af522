"""`make bench-load`: fleets of simulated officers against the real server, then a check
that every acknowledged write is in the database exactly once.

For each fleet size (10, 50 and 200 by default) the script seeds a fresh temporary database
(officers with the shipped argon2id password cost, each with three invented people), starts
`assistant serve` with the shipped config.toml settings (only the database path and the
port differ) and the real extractor, and runs the fleet on loopback. Each officer signs in
through the web form, then for each of `--turns` notes (150-350 words, naming one of their
people): sends it as a chat turn, reads the entry, corrects a field (PATCH with the version
read) and submits it, pausing to think before every step (see docs/load.md for why the
default pause is what it is). The run is bounded by `--turns` and `--deadline-s`; the
server is stopped, then the database is opened and checked against everything the server
acknowledged (`bench.load_verify`). Prints requests/s, p50/p95/p99 per step, errors by kind,
peak server RSS (server and extraction workers), the CPU, commits and WAL flushes of the
sign-in burst and of the turns after it (`bench.load_phases`) and a markdown table; appends
one dated row per fleet to bench/results/load.tsv. Exits 1 if any acknowledged write was
lost, duplicated or wrong.

`--instances N` starts N servers on N ports over the one database, spreads the officers over
them round-robin and, unless `--kill-at-s 0`, SIGKILLs the first instance mid-run; its
officers carry on through the others (`load_officer.Route`). Figures are then given per
instance as well, the audit chain is verified, and rows go to load_instances.tsv.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.chat import notes_for, source_words
from bench.chat_server import Officer, ProcessWatch, machine_busy_s, seed
from bench.load_instances import Instances, audit_verifies, kill_later, launch
from bench.load_officer import Ledger, Pace, Route, run_officer
from bench.load_phases import Reading, ServerCounts, phase, take
from bench.load_report import figures, print_fleet, table
from bench.load_verify import Verdict, verify
from bench.results import append_row
from storage import accounts
from storage.db import open_db, transaction

PASSWORD = "bench-load-password"  # noqa: S105 - a throwaway account on a temporary database
NOTE_WORDS = (150, 350)


@dataclass
class Fleet:
    """One fleet's run: what it did, how long it took, what the server used, what is stored."""

    size: int
    ledger: Ledger
    elapsed_s: float
    cut_off: bool
    """The deadline stopped the fleet before every officer had finished."""
    watch: Instances
    """The app instances, with their memory and CPU watched."""
    cpu_s: tuple[float, float]
    """CPU seconds used during the run by (the server process, its extraction workers)."""
    others_cores: float
    """Cores' worth of CPU used meanwhile by other work on the machine (not this bench)."""
    client_cpu_s: float
    verdict: Verdict
    audit_ok: bool | None = None
    """`assistant audit verify` passed afterwards (checked with several instances)."""
    database_cpu_s: float | None = None
    """CPU seconds used during the run by the PostgreSQL server (every backend), which
    shares the cores with the app; None on SQLite, whose work is in the server's own."""
    phases: dict[str, Any] = field(default_factory=dict)
    """Per phase (`sign_ins`, then `steady`): cores used, CPU, commits and WAL flushes a
    note (`bench.load_phases`); not-a-number when not every officer signed in."""


def set_passwords(database: Path | str, password: str) -> None:
    """Give every seeded account `password`, hashed at the shipped (production) argon2 cost.

    One hash serves every account (argon2 verifies against the salt stored in it), so
    seeding 200 officers does not take 200 hashes, while each sign-in still costs a real one.
    """
    hashed = accounts.DEFAULT_HASHER.hash(password)
    db = open_db(database)
    try:
        with transaction(db):
            db.execute("UPDATE users SET password_hash = ?", [hashed])
    finally:
        db.close()


def write_config(tmp: Path, extractor: str | None, database: Path | str) -> Path:
    """config.toml for the run: the shipped defaults but for the database (and a test's
    stand-in extractor). The per-user request limit and sign-in cost are the shipped ones."""
    lines = []
    if extractor:
        lines += ["[server]", f'extractor = "{extractor}"']
    lines += ["[storage]", f'database = "{database}"']
    config = tmp / "config.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


@dataclass(frozen=True)
class SharedDatabase:
    """What every instance opens, and the PostgreSQL server's process to watch, if any."""

    target: Path | str
    server_pid: int | None = None


@contextlib.contextmanager
def shared_database(kind: str, tmp: Path) -> Iterator[SharedDatabase]:
    """The database every instance opens: a SQLite file in `tmp`, or a PostgreSQL server
    started for the fleet as the tests start theirs (tests/pgserver.py), but with fsync on,
    since this measures a server that keeps what it acknowledges."""
    if kind == "sqlite":
        yield SharedDatabase(tmp / "casenotes.db")
        return
    from tests import pgserver

    with pgserver.running(durable=True) as server:
        yield SharedDatabase(server.url, server.pid)


def plan_notes(officers: list[Officer], turns: int, seed_value: int) -> list[list[tuple[str, str]]]:
    """Each officer's notes as (name of the person named, text)."""
    rng = random.Random(seed_value)
    words = source_words()
    plans = []
    for officer in officers:
        texts = notes_for(officer, turns, words, rng, NOTE_WORDS)
        plans.append([(next(n for n in officer.names if t.startswith(f"Saw {n} ")), t)
                      for t in texts])  # fmt: skip
    return plans


async def drive(
    instances: Instances,
    officers: list[Officer],
    args: argparse.Namespace,
    on_all_signed_in: Callable[[], None] | None = None,
) -> tuple[Ledger, float, bool]:
    """Run every officer until all are done or the deadline passes (killing an instance on
    the way if asked); returns the ledger, the seconds taken and whether the deadline cut
    the fleet off. `on_all_signed_in` is called once, when the last officer has signed in."""
    pace = Pace(args.think_s, args.arrivals_per_s)
    plans = plan_notes(officers, args.turns, args.seed)
    spread = 1 / args.arrivals_per_s if args.arrivals_per_s > 0 else 0.0
    ledger = Ledger(officers=len(officers), when_all_signed_in=on_all_signed_in)
    began = ledger.t0 = time.perf_counter()
    killer = None
    if args.kill_at_s > 0 and len(instances.members) > 1:
        killer = asyncio.create_task(kill_later(instances, 0, args.kill_at_s, began))
    tasks = [
        asyncio.create_task(
            run_officer(
                Route(instances.bases, i),
                ledger,
                pace,
                (o.username, args.password),
                plan,
                i * spread,
                args.timeout_s,
                args.seed + i,
            )
        )  # fmt: skip
        for i, (o, plan) in enumerate(zip(officers, plans, strict=True))
    ]
    _, pending = await asyncio.wait(tasks, timeout=args.deadline_s)
    elapsed = time.perf_counter() - began
    for task in pending:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    if killer is not None:
        if not killer.done():  # the fleet finished first: the instance dies now, still counted
            killer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await killer
    ledger.killed = [
        (m.index, m.killed_at_s) for m in instances.members if m.killed_at_s is not None
    ]
    for task in tasks:
        if not task.cancelled() and task.exception() is not None:
            ledger.errors[f"bench:{type(task.exception()).__name__}"] += 1
    return ledger, elapsed, bool(pending)


def run_fleet(
    size: int,
    args: argparse.Namespace,
    tmp: Path,
    on_ready: Callable[[Instances], None] | None = None,
) -> Fleet:
    """Seed, start the servers, drive the fleet, stop the servers, check the database.

    Args:
        on_ready: called once every instance is ready, before the fleet (tests use it to
            kill an instance at a known moment).
    """
    with shared_database(args.database, tmp) as shared:
        return _run_fleet_on(shared, size, args, tmp, on_ready)


def _run_fleet_on(
    shared: SharedDatabase,
    size: int,
    args: argparse.Namespace,
    tmp: Path,
    on_ready: Callable[[Instances], None] | None,
) -> Fleet:
    database = shared.target
    officers = seed(database, size)
    set_passwords(database, args.password)
    config = write_config(tmp, args.extractor, database)
    instances = launch(config, args.instances, tmp)
    counts = ServerCounts(database if isinstance(database, str) else None)
    try:
        if on_ready is not None:
            on_ready(instances)
        with instances as watch:

            def reading(last: bool = False) -> Reading:
                return take(
                    time.perf_counter, watch.cpu_s, lambda: database_cpu_s(shared),
                    machine_busy_s, counts, last=last,
                )  # fmt: skip

            readings = [reading()]
            cpu, busy, mine = watch.cpu_s(), machine_busy_s(), _own_cpu_s()
            db_before = database_cpu_s(shared)
            ledger, elapsed, cut_off = asyncio.run(
                drive(instances, officers, args, lambda: readings.append(reading()))
            )
            after, own = watch.cpu_s(), _own_cpu_s() - mine
            db_after = database_cpu_s(shared)
            readings.append(reading(last=True))
            db_cpu = None if db_after is None or db_before is None else db_after - db_before
            used = (after[0] - cpu[0], after[1] - cpu[1])
            others = machine_busy_s() - busy - sum(used) - own - (db_cpu or 0.0)
    finally:
        counts.close()
        instances.stop()
    verdict = verify(database, ledger.sent)
    audit_ok = audit_verifies(config) if args.instances > 1 else None
    return Fleet(size, ledger, elapsed, cut_off, watch, used, max(0.0, others / elapsed), own,
                 verdict, audit_ok, db_cpu, phases_of(readings, ledger))  # fmt: skip


def phases_of(readings: list[Reading], ledger: Ledger) -> dict[str, Any]:
    """The sign-in burst (start to the last sign-in) and the steady turns (to the end), from
    the three readings; nothing when not every officer signed in (two readings)."""
    if len(readings) != 3:
        return {k: float("nan") for k in phase("sign_ins", readings[0], readings[0], 0)} | {
            k: float("nan") for k in phase("steady", readings[0], readings[0], 0)
        }
    notes = len(ledger.latencies["note"])
    steady = len(ledger.steady("note"))
    start, signed, end = readings
    return phase("sign_ins", start, signed, notes - steady) | phase("steady", signed, end, steady)


def database_cpu_s(shared: SharedDatabase) -> float | None:
    """CPU seconds the PostgreSQL server has used so far, every backend included (those
    that have exited too, through the server's count of its reaped children); None on
    SQLite, whose work is inside the app. The database's share of the same cores, which
    the comparison must count. Read only at a fleet's start and end: sampling /proc
    through the run cost the bench's own client seconds of CPU and slowed what it timed."""
    if shared.server_pid is None:
        return None
    live = ProcessWatch(shared.server_pid).tree()
    return sum(_stat_cpu_s(pid, own=True) for pid in live) + _stat_cpu_s(
        shared.server_pid, own=False
    )


def _stat_cpu_s(pid: int, *, own: bool) -> float:
    """A process's user plus system CPU seconds (`own`), or those of its children that have
    exited and been waited for; 0 if it has gone."""
    first = 11 if own else 13  # utime, stime; then cutime, cstime (after the name's ")")
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[first]) + int(fields[first + 1])) / os.sysconf("SC_CLK_TCK")


def results_name(args: argparse.Namespace) -> str:
    """load.tsv for one instance on SQLite, as ever; load_instances.tsv, whose rows carry
    per-instance columns, otherwise."""
    return "load" if args.instances == 1 and args.database == "sqlite" else "load_instances"


def _own_cpu_s() -> float:
    t = os.times()
    return t.user + t.system


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line; every bound has a flag."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fleets", default="10,50,200", help="fleet sizes, comma-separated")
    parser.add_argument("--turns", type=int, default=3, help="notes per officer")
    parser.add_argument("--think-s", type=float, default=3.0,
                        help="mean pause before each step; 0 is flat out")  # fmt: skip
    parser.add_argument("--arrivals-per-s", type=float, default=4.0,
                        help="officers arriving (signing in) a second; 0: all at once")  # fmt: skip
    parser.add_argument("--deadline-s", type=float, default=100.0,
                        help="each fleet is stopped after this many seconds")  # fmt: skip
    parser.add_argument("--timeout-s", type=float, default=60.0, help="per request")
    parser.add_argument("--extractor", help="module:function (default: config.toml's)")
    parser.add_argument("--password", default=PASSWORD, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument(
        "--instances", type=int, default=1, help="app processes on one database, round-robin"
    )
    parser.add_argument(
        "--database", choices=("sqlite", "postgresql"), default="sqlite",
        help="the database every instance shares",
    )  # fmt: skip
    parser.add_argument(
        "--kill-at-s", type=float,
        help="SIGKILL the first instance this far into each fleet (with --instances above 1; "
        "default a third of --deadline-s; 0: never)",
    )  # fmt: skip
    parser.add_argument("--keep", type=Path, help="keep each fleet's database and log here")
    parser.add_argument("--no-save", action="store_true", help="do not append to load.tsv")
    args = parser.parse_args(argv)
    args.sizes = [int(s) for s in str(args.fleets).split(",") if s.strip()]
    if args.instances < 1:
        parser.error("--instances must be at least 1")
    if args.kill_at_s is None:
        args.kill_at_s = args.deadline_s / 3 if args.instances > 1 else 0.0
    return args


def main(argv: list[str] | None = None) -> int:
    """Run each fleet on a fresh server and database; print, record and check."""
    args = parse_args(argv)
    fleets = []
    for size in args.sizes:
        print(f"{size} officers: {args.turns} notes each, think {args.think_s:g} s ...")
        with tempfile.TemporaryDirectory(prefix="casenotes-load-") as tmp_name:
            tmp = Path(tmp_name)
            fleet = run_fleet(size, args, tmp)
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                logs = [m.log.name for m in fleet.watch.members]
                kept = [*logs, "casenotes.db"] if args.database == "sqlite" else logs
                for name in kept:
                    (args.keep / f"{size}-{name}").write_bytes((tmp / name).read_bytes())
        fleets.append(fleet)
        values = figures(fleet, args)
        print_fleet(fleet, values)
        if not args.no_save:
            append_row(results_name(args), values, digits=1)
    print()
    print(table([figures(f, args) for f in fleets]))
    failed = [f.size for f in fleets if not f.verdict.ok or f.audit_ok is False]
    if failed:
        print(f"bench-load: acknowledged writes lost, duplicated or wrong at {failed}",
              file=sys.stderr)  # fmt: skip
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
