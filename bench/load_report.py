"""Figures of a `bench.load` fleet: the row for bench/results/load.tsv, the printout and the
markdown table the README shows."""

from __future__ import annotations

import argparse
from collections import Counter
from typing import TYPE_CHECKING, Any

from bench.extract import percentile
from bench.load_officer import STEPS

if TYPE_CHECKING:
    from bench.load import Fleet


def figures(fleet: Fleet, args: argparse.Namespace) -> dict[str, Any]:
    """One fleet's numbers, in the column order of load.tsv."""
    ledger, verdict = fleet.ledger, fleet.verdict
    notes = max(1, len(ledger.latencies["note"]))
    out: dict[str, Any] = {
        "officers": fleet.size,
        "think_s": float(args.think_s),
        "arrivals_per_s": float(args.arrivals_per_s),
        "notes_per_officer": args.turns,
        "seconds": fleet.elapsed_s,
        "cut_off": "yes" if fleet.cut_off else "no",
        "signed_in": ledger.signed_in,
        "requests": ledger.requests,
        "requests_per_s": ledger.requests / fleet.elapsed_s,
    }
    for step in STEPS:
        times = ledger.latencies[step]
        out[f"{step}_n"] = len(times)
        for q in (50, 95, 99):
            out[f"{step}_p{q}_ms"] = percentile(times, q) if times else float("nan")
    steady = ledger.steady("note")
    out["note_steady_n"] = len(steady)
    out["note_steady_p95_ms"] = percentile(steady, 95) if steady else float("nan")
    out["errors"] = sum(ledger.errors.values())
    out["error_kinds"] = " ".join(f"{k}={v}" for k, v in sorted(ledger.errors.items())) or "-"
    out["in_flight_at_deadline"] = sum(ledger.in_flight.values())
    out["acknowledged_entries"] = verdict.acknowledged
    out["lost"] = verdict.lost
    out["duplicated"] = verdict.duplicated
    out["wrong"] = sum(verdict.wrong.values())
    out["phantom"] = verdict.phantom
    out["unacknowledged_stored"] = verdict.unacknowledged_stored
    out["peak_rss_mb"] = fleet.watch.peak_total_kb / 1024
    out["server_cpu_s"] = fleet.cpu_s[0]
    out["workers_cpu_s"] = fleet.cpu_s[1]
    out["workers_cpu_ms_per_note"] = fleet.cpu_s[1] * 1000 / notes
    out["other_work_cores"] = fleet.others_cores
    out["bench_client_cpu_s"] = fleet.client_cpu_s
    out.update(fleet.phases)
    if len(fleet.watch.members) > 1 or args.database != "sqlite":
        out.update(shared_figures(fleet, args))
    return out


def shared_figures(fleet: Fleet, args: argparse.Namespace) -> dict[str, Any]:
    """The columns of a run on several instances: the kill, failovers, audit, per instance."""
    ledger = fleet.ledger
    return {
        "instances": len(fleet.watch.members),
        "database": args.database,
        "killed": " ".join(f"{i}@{at:.1f}s" for i, at in ledger.killed) or "-",
        "failovers": sum(c["failovers"] for c in ledger.by_instance.values()),
        "audit_verifies": {None: "-", True: "yes", False: "NO"}[fleet.audit_ok],
        "database_cpu_s": "-" if fleet.database_cpu_s is None else fleet.database_cpu_s,
        "per_instance": "; ".join(_instance_line(fleet, i) for i in _indexes(fleet)),
    }


def _indexes(fleet: Fleet) -> range:
    return range(len(fleet.watch.members))


def _instance_line(fleet: Fleet, index: int) -> str:
    """One instance's figures: requests answered, notes, note p50/p95, errors, failovers."""
    counts = fleet.ledger.by_instance.get(index, Counter())
    notes = fleet.ledger.note_by_instance.get(index, [])
    p50, p95 = (percentile(notes, q) if notes else float("nan") for q in (50, 95))
    killed = dict(fleet.ledger.killed).get(index)
    return (
        f"#{index}{'' if killed is None else f' killed at {killed:.1f} s'}: "
        f"{counts['answered']} answered of {counts['requests']} sent, {len(notes)} notes "
        f"p50 {p50:.0f} ms p95 {p95:.0f} ms, errors {counts['errors']}, "
        f"failovers away {counts['failovers']}"
    )


def print_fleet(fleet: Fleet, values: dict[str, Any]) -> None:
    """The fleet's figures, readable in a terminal."""
    v = values
    print(
        f"  {v['officers']} officers, {v['signed_in']} signed in, {v['requests']} requests in "
        f"{v['seconds']:.1f} s = {v['requests_per_s']:.1f} requests/s"
        + (" (cut off at the deadline)" if fleet.cut_off else "")
    )
    for step in STEPS:
        print(
            f"  {step:8s} n={v[f'{step}_n']:<5d} p50 {v[f'{step}_p50_ms']:7.0f} ms   "
            f"p95 {v[f'{step}_p95_ms']:7.0f} ms   p99 {v[f'{step}_p99_ms']:7.0f} ms"
        )
    print(
        f"  note p95 once every officer had signed in: {v['note_steady_p95_ms']:.0f} ms "
        f"(n={v['note_steady_n']})"
    )
    print(f"  errors {v['errors']}: {v['error_kinds']}")
    print(f"  in flight at the deadline: {dict(+fleet.ledger.in_flight) or 0}")
    print(
        f"  peak RSS (server + workers) {v['peak_rss_mb']:.0f} MB; CPU: server "
        f"{v['server_cpu_s']:.1f} s (sign-ins' argon2 included), extraction workers "
        f"{v['workers_cpu_s']:.1f} s = {v['workers_cpu_ms_per_note']:.0f} ms a note; other work "
        f"on the machine {v['other_work_cores']:.2f} cores"
    )
    if fleet.database_cpu_s is not None:
        notes = max(1, v["note_n"])
        print(
            f"  PostgreSQL server CPU {fleet.database_cpu_s:.1f} s = "
            f"{fleet.database_cpu_s * 1000 / notes:.0f} ms a note (on the same cores)"
        )
    for name in ("sign_ins", "steady") if fleet.phases else ():
        print(_phase_line(name, fleet.phases))
    print(f"  database: {fleet.verdict.summary()} -> {'OK' if fleet.verdict.ok else 'FAILED'}")
    if "per_instance" in v:
        print(
            f"  {v['instances']} instances on {v['database']}; killed {v['killed']}; "
            f"failovers {v['failovers']}; audit chain verifies: {v['audit_verifies']}"
        )
        for line in v["per_instance"].split("; "):
            print(f"    instance {line}")


def _phase_line(name: str, p: dict[str, Any]) -> str:
    """One phase: its length, the cores each part used, and per note the database's CPU,
    commits and WAL flushes."""
    label = {"sign_ins": "sign-in burst", "steady": "after sign-ins"}[name]
    return (
        f"  {label}: {p[f'{name}_s']:.1f} s, {p[f'{name}_notes']} notes; cores: app "
        f"{p[f'{name}_app_cores']:.2f}, workers {p[f'{name}_workers_cores']:.2f}, database "
        f"{p[f'{name}_database_cores']:.2f}, other work {p[f'{name}_other_cores']:.2f}; a note: "
        f"app {p[f'{name}_app_ms_per_note']:.0f} ms, database "
        f"{p[f'{name}_database_ms_per_note']:.0f} ms CPU, {p[f'{name}_commits_per_note']:.1f} "
        f"commits, {p[f'{name}_wal_syncs_per_note']:.1f} WAL flushes; WAL "
        f"{p[f'{name}_wal_kb']:.0f} kB, {p[f'{name}_wal_fpi']} full-page images"
    )


def _ms(values: dict[str, Any], step: str) -> str:
    if not values[f"{step}_n"]:
        return "-"
    return " / ".join(f"{values[f'{step}_p{q}_ms']:.0f}" for q in (50, 95, 99))


def table(rows: list[dict[str, Any]]) -> str:
    """A markdown table of the fleets: latencies are p50 / p95 / p99 in ms."""
    head = (
        "| officers | think s | req/s | sign-in | note (chat turn) | note p95 after sign-ins "
        "| view | correct | submit | errors | lost / dup. | peak RSS MB |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for v in rows:
        cells = [str(v["officers"]), f"{v['think_s']:g}", f"{v['requests_per_s']:.1f}"]
        cells += [_ms(v, "sign_in"), _ms(v, "note")]
        cells.append(f"{v['note_steady_p95_ms']:.0f}" if v["note_steady_n"] else "-")
        cells += [_ms(v, s) for s in ("view", "correct", "submit")]
        cells += [str(v["errors"]), f"{v['lost']} / {v['duplicated']}", f"{v['peak_rss_mb']:.0f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
