"""`make bench-backfill`: notes per second for the local pool and for Dask (a LocalCluster)
over the same generated notes, against bare `nlp.pipe` runs on one core: of the pipeline every
note goes through (sentences and NER: issue 15's baseline), and of the full trained pipeline
with its tagger and parser on every sentence (issue 11's batch baseline, as in `make bench`).

Each engine is timed from the command's point of view, start-up included (pool or cluster,
model loading in every worker, reading, writing and merging the entries). A second
baseline, the whole extraction in one process, separates the engine's overhead from the
extraction's own work after spaCy. Appends a row to
bench/results/backfill.tsv. `--notes 500` for a quick try; the default is 10,000.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")

from assistant.backfill.runner import Options, run_backfill  # noqa: E402
from assistant.settings import load_settings  # noqa: E402
from bench.backfill_notes import generate, write_jsonl  # noqa: E402
from bench.results import append_row  # noqa: E402


def bare_pipe_seconds(texts: list[str]) -> tuple[float, float]:
    """One process, the trained pipeline alone (sentences and NER), no extraction."""
    from nlp.extractor import trained_pipeline
    from nlp.text.clean import clean

    nlp = trained_pipeline(load_settings().nlp)
    cleaned = [clean(t).text for t in texts]
    start, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(cleaned, batch_size=32):
        pass
    return time.perf_counter() - start, time.process_time() - cpu


def bare_full_pipe_seconds(texts: list[str]) -> tuple[float, float]:
    """One process, the full trained pipeline (tok2vec, tagger, attribute ruler, parser and
    NER over every sentence; the lemmatizer left out, as extraction never reads it), no
    extraction: the baseline of issue 11's batch target (`make bench` builds the same one).
    The extraction parses only the sentences its rules read, so against this baseline it
    can cost less than a bare pipe; against `bare_pipe_seconds` (sentences and NER, the
    part every note goes through) its own rules and parses show in full."""
    from nlp.extractor import SYNTAX_COMPONENTS, trained_pipeline
    from nlp.text.clean import clean

    nlp = trained_pipeline(load_settings().nlp)
    for name in SYNTAX_COMPONENTS:
        nlp.enable_pipe(name)
    cleaned = [clean(t).text for t in texts]
    start, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(cleaned, batch_size=32):
        pass
    return time.perf_counter() - start, time.process_time() - cpu


def serial_extract_seconds(notes: list[dict[str, Any]]) -> tuple[float, float]:
    """One process, the whole extraction (`extract_chunk`, what both engines run on each
    partition) with the model already loaded: the floor for an engine per core. The gap
    between it and the bare pipe is the extraction's own work after spaCy, not the engine's."""
    from assistant import cli_nlp

    extractor = nlp_load()
    cli_nlp.extract_chunk(extractor, None, [dict(n) for n in notes[:32]])  # warm caches
    start, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(notes), 256):
        cli_nlp.extract_chunk(extractor, None, [dict(n) for n in notes[i : i + 256]])
    return time.perf_counter() - start, time.process_time() - cpu


def nlp_load() -> Any:
    """The extractor as a worker builds it."""
    import nlp

    return nlp.load(load_settings().nlp)


class ProcessTreeCpu:
    """CPU seconds of this process and every process below it while a run lasts.

    Sampled every 0.2 s, because not every worker is this process's waited-for child (Dask's
    LocalCluster forks its workers from a fork server), so `RUSAGE_CHILDREN` misses them; a
    process that is not our child and exits may lose its last 0.2 s, a few per cent at most.
    Our own children that have exited and been waited for (the pool's workers) count exactly,
    from `RUSAGE_CHILDREN`. The sampling thread's own CPU is not counted: on a busy machine
    each sample reads every process's /proc entry to find our children (about 2 ms), 1-3%
    of the run's CPU that belonged to the measurement, not to the engine.
    """

    def __init__(self) -> None:
        import psutil  # installed with distributed

        self.me = psutil.Process()
        self.seen: dict[tuple[int, float], float] = {}
        self.ours: set[tuple[int, float]] = set()  # direct children, reaped by us when they end
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.sampler_cpu = 0.0

    def _sample(self) -> None:
        while not self.stop.wait(0.2):
            self._record()
        self.sampler_cpu = time.thread_time()

    def _record(self) -> None:
        import psutil

        for proc in [self.me, *self.me.children(recursive=True)]:
            try:
                times = proc.cpu_times()
                key = (proc.pid, proc.create_time())
                if proc.ppid() == self.me.pid:
                    self.ours.add(key)
            except psutil.Error:
                continue
            self.seen[key] = times.user + times.system

    def __enter__(self) -> ProcessTreeCpu:
        self._record()
        self.before = dict(self.seen)
        self.children_before = _cpu(resource.RUSAGE_CHILDREN)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        self._record()
        me = (self.me.pid, self.me.create_time())
        self.seen[me] = _cpu(resource.RUSAGE_SELF) - self.sampler_cpu
        alive = {(p.pid, p.create_time()) for p in self.me.children(recursive=True)}
        reaped = self.ours - alive  # an exited child not yet waited for is still listed
        sampled = sum(v - self.before.get(k, 0.0) for k, v in self.seen.items() if k not in reaped)
        self.seconds = sampled + _cpu(resource.RUSAGE_CHILDREN) - self.children_before


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def engine_seconds(engine: str, notes: Path, out: Path, workers: int) -> tuple[float, float]:
    """One whole backfill run, start-up included: wall-clock and CPU seconds of every process
    it used (pool workers, Dask's fork server, nannies' workers)."""
    start = time.perf_counter()
    with ProcessTreeCpu() as cpu:
        summary = run_backfill(Options(notes=str(notes), out=str(out), engine=engine,
                                       workers=workers))  # fmt: skip
    seconds = time.perf_counter() - start
    assert summary.errors == 0 and not summary.failed, summary.lines()
    return seconds, cpu.seconds


def main() -> int:
    """Run the three measurements and print and record them."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    notes = generate(args.notes, people=200)
    words = sum(len(n["text"].split()) for n in notes)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_jsonl(notes, Path(tmp) / "notes.jsonl")
        bare, bare_cpu = bare_pipe_seconds([n["text"] for n in notes])
        full, full_cpu = bare_full_pipe_seconds([n["text"] for n in notes])
        serial, serial_cpu = serial_extract_seconds(notes)
        local, local_cpu = engine_seconds("local", path, Path(tmp) / "l.jsonl", args.workers)
        dask, dask_cpu = engine_seconds("dask", path, Path(tmp) / "d.jsonl", args.workers)
        same = (Path(tmp) / "l.jsonl").read_bytes() == (Path(tmp) / "d.jsonl").read_bytes()
    figures = {
        "notes": args.notes,
        "words_per_note": round(words / args.notes, 1),
        "workers": args.workers,
        "bare_pipe_1core_s": bare,
        "local_s": local,
        "dask_s": dask,
        "local_notes_per_s": args.notes / local,
        "dask_notes_per_s": args.notes / dask,
        "dask_over_local": dask / local,
        "local_cpu_s": local_cpu,
        "dask_cpu_s": dask_cpu,
        "dask_over_local_cpu": dask_cpu / local_cpu,
        "load_average": os.getloadavg()[0],
        "local_over_bare_per_core": local / (bare / args.workers),
        "bare_pipe_cpu_s": bare_cpu,
        "local_over_bare_cpu": local_cpu / bare_cpu,
        "serial_extract_1core_s": serial,
        "serial_extract_cpu_s": serial_cpu,
        "extract_over_bare_cpu": serial_cpu / bare_cpu,
        "local_over_extract_per_core": local / (serial / args.workers),
        "local_over_extract_cpu": local_cpu / serial_cpu,
        "bare_full_pipe_1core_s": full,
        "bare_full_pipe_cpu_s": full_cpu,
        "extract_over_bare_full_cpu": serial_cpu / full_cpu,
        "local_over_bare_full_cpu": local_cpu / full_cpu,
        "same_entries": "yes" if same else "NO",
    }
    for key, value in figures.items():
        print(f"{key:26s} {value:10.2f}" if isinstance(value, float) else f"{key:26s} {value:>10}")
    append_row("backfill", figures)
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
