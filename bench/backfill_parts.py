"""Where the local pool's CPU goes beyond the extraction itself, part by part, in one run.

`python -m bench.backfill_parts --notes 2000` measures, in one process and so at one load:
a bare `nlp.pipe` of the sentences-and-NER pipeline; loading the extractor; the extraction
of every partition in this process, cold (straight after the load) and warm; what crosses
processes (pickling the notes in and the entries out); the parent's writing (a partition's
JSON lines) and the merge; the garbage collector's share; then the local pool itself
(`run_backfill`, 2 workers), split into the command's own CPU and its workers' (which are
its waited-for children). Printed, not recorded: `bench.backfill` keeps the rows.
The machine is shared: compare the parts with each other and with the bare pipe of this
run, never with another run's seconds.
"""

from __future__ import annotations

import argparse
import gc
import json
import pickle
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from assistant import cli_nlp
from assistant.backfill.checkpoint import Checkpoint
from assistant.backfill.runner import Options, run_backfill
from bench.backfill import bare_pipe_seconds
from bench.backfill_notes import generate, write_jsonl


def cpu(who: int = resource.RUSAGE_SELF) -> float:
    """CPU seconds (user and system) of this process, or of its waited-for children."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


class GcTime:
    """CPU spent in the garbage collector while it is watched, by generation."""

    def __init__(self) -> None:
        self.seconds = [0.0, 0.0, 0.0]
        self.count = [0, 0, 0]
        self._start = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.process_time()
        else:
            self.seconds[info["generation"]] += time.process_time() - self._start
            self.count[info["generation"]] += 1

    def __enter__(self) -> GcTime:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)


def serial_partitions(notes: list[dict[str, Any]], size: int) -> tuple[list[float], list[Any]]:
    """CPU of each partition extracted in this process, straight after a fresh load."""
    cli_nlp.load_worker(None, None)
    times, results = [], []
    for i in range(0, len(notes), size):
        chunk = [dict(n) for n in notes[i : i + size]]
        start = time.process_time()
        results.append(cli_nlp.extract_in_worker(chunk))
        times.append(time.process_time() - start)
    return times, results


def timed(fn: Any) -> float:
    """CPU seconds of one call."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def pool_parts(notes: list[dict[str, Any]], workers: int, size: int) -> dict[str, Any]:
    """One `run_backfill` with the local pool: the command's own CPU and its workers'."""
    with tempfile.TemporaryDirectory() as tmp:
        path = write_jsonl(notes, Path(tmp) / "notes.jsonl")
        out = Path(tmp) / "pool.jsonl"
        opts = Options(notes=str(path), out=str(out), workers=workers, partition_notes=size)
        own, children = cpu(), cpu(resource.RUSAGE_CHILDREN)
        faults = resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt
        started = time.perf_counter()
        run_backfill(opts)
        return {
            "pool wall-clock": time.perf_counter() - started,
            "pool: the command's process": cpu() - own,
            "pool: its workers": cpu(resource.RUSAGE_CHILDREN) - children,
            "pool: workers' page faults (thousands)": (
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt - faults
            )
            / 1000,
            "entries": [json.loads(line) for line in out.read_text().splitlines()],
        }


def main() -> int:
    """Measure and print the parts."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partition", type=int, default=256)
    args = parser.parse_args()
    notes = generate(args.notes, people=200)
    rows: dict[str, float] = {}
    _, rows["bare pipe (sentences and NER)"] = bare_pipe_seconds([n["text"] for n in notes])
    # The pool first, so its forked workers inherit a heap like the command's own.
    pool = pool_parts(notes, args.workers, args.partition)
    pooled = pool.pop("entries")
    rows["load extractor"] = timed(lambda: cli_nlp.load_worker(None, None))
    with GcTime() as gc_time:
        cold, results = serial_partitions(notes, args.partition)
    again, _ = serial_partitions(notes, args.partition)
    rows["extraction, cold (each partition after a fresh load)"] = sum(cold)
    rows["extraction, warm (second pass)"] = sum(again)
    rows["  of which first partition over the median"] = cold[0] - statistics.median(cold[1:])
    rows["  of which garbage collector (cold pass)"] = sum(gc_time.seconds)
    chunks = [notes[i : i + args.partition] for i in range(0, len(notes), args.partition)]
    rows["pickle notes in (dumps and loads)"] = timed(
        lambda: [pickle.loads(pickle.dumps(c, pickle.HIGHEST_PROTOCOL)) for c in chunks]
    )
    rows["pickle entries out (dumps and loads)"] = timed(
        lambda: [pickle.loads(pickle.dumps(r, pickle.HIGHEST_PROTOCOL)) for r in results]
    )
    with tempfile.TemporaryDirectory() as tmp:
        checkpoint = Checkpoint(Path(tmp) / "e.jsonl", args.partition)
        checkpoint.open({"bytes": 0, "sha256": ""})

        def save_all() -> None:
            for number, entries in enumerate(results):
                checkpoint.save(number, entries)

        rows["write partitions (JSON lines, fsync)"] = timed(save_all)
        rows["merge"] = timed(checkpoint.merge)
    rows.update(pool)
    pool_cpu = rows["pool: the command's process"] + rows["pool: its workers"]
    rows["pool total / warm extraction"] = pool_cpu / rows["extraction, warm (second pass)"]
    rows["pool total / bare pipe"] = pool_cpu / rows["bare pipe (sentences and NER)"]
    for name, value in rows.items():
        print(f"{name:56s} {value:9.3f}")
    same = pooled == [r for part in results for r in part]
    print(f"{'pool entries equal the serial extraction':56s} {'yes' if same else 'NO':>9}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
