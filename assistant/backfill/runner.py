"""One backfill run: read, partition, skip what is finished, extract, record, merge, sum up."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.backfill.checkpoint import Checkpoint, fingerprint
from assistant.backfill.engines import Item, Partition, run_local
from assistant.backfill.progress import Progress
from assistant.backfill.sources import count_notes, read_notes
from assistant.cli_nlp import InputError

# Stores one finished partition elsewhere too (the database, for --into-db): called before
# the partition is recorded as finished, so a crash in between repeats it, idempotently.
Store = Callable[[list[Item], list[Item]], None]


@dataclass
class Options:
    """What to read, where to write and how to run."""

    notes: str
    out: str
    engine: str = "local"
    scheduler: str | None = None
    workers: int = 2
    partition_notes: int = 256
    config: str | None = None
    caseload: str | None = None
    scheduler_timeout_s: float = 30.0


@dataclass
class Summary:
    """What a run did, for the closing lines on stderr."""

    partitions: int = 0
    resumed: int = 0
    failed: list[int] = field(default_factory=list)
    notes_read: int = 0
    entries: int = 0
    errors: int = 0
    duplicates: int = 0
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """The summary as a JSON-able dict."""
        return asdict(self)

    def lines(self) -> list[str]:
        """The summary as sentences."""
        rate = self.notes_read / self.seconds if self.seconds else 0.0
        out = [
            f"backfill: {self.entries:,} entries, {self.errors:,} error lines, "
            f"{self.duplicates:,} repeated note ids skipped",
            f"backfill: read {self.notes_read:,} notes in {self.seconds:.1f} s "
            f"({rate:,.1f} notes/s); {self.partitions} partitions this run, "
            f"{self.resumed} finished earlier",
        ]
        if self.failed:
            out.append(
                f"backfill: {len(self.failed)} partitions failed (first: {self.failed[0]}); "
                "run the same command again to finish them"
            )
        return out


def with_ids(items: Iterator[Item]) -> Iterator[Item]:
    """Items with an id each: a note without one gets an id from its content, the same on
    every run, so reruns and repeats are recognised."""
    for item in items:
        if item.get("id") is None and "error" not in item:
            body = json.dumps([item.get("crn"), item.get("reference_date"), item.get("text")])
            item["id"] = "sha-" + hashlib.sha256(body.encode()).hexdigest()[:16]
        yield item


def partitions(items: Iterator[Item], size: int) -> Iterator[Partition]:
    """Numbered runs of `size` items in input order (the same numbering on every run)."""
    chunk: list[Item] = []
    number = 0
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield number, chunk
            number, chunk = number + 1, []
    if chunk:
        yield number, chunk


def run_backfill(
    opts: Options,
    *,
    progress_stream: Any = None,
    store: Store | None = None,
    on_partition: Callable[[int], None] | None = None,
) -> Summary:
    """Extract every unfinished partition of `opts.notes` and write `opts.out`."""
    if opts.partition_notes < 1:
        raise ValueError("partition_notes must be at least 1")
    items = read_notes(opts.notes)  # refuses a kind of file it cannot read, before any work
    checkpoint = Checkpoint(Path(opts.out), opts.partition_notes)
    finished = checkpoint.open(_fingerprint(opts.notes))
    summary = Summary(resumed=len(finished))
    progress = Progress(
        progress_stream,
        count_notes(opts.notes),
        enabled=progress_stream is not None,
        already=len(finished) * opts.partition_notes,
    )
    todo = (p for p in partitions(with_ids(items), opts.partition_notes) if p[0] not in finished)

    def on_result(number: int, chunk: list[Item], results: list[Item]) -> None:
        if store is not None:
            store(chunk, results)
        checkpoint.save(number, results)
        summary.partitions += 1
        summary.notes_read += len(chunk)
        progress.advance(len(chunk))
        if on_partition is not None:
            on_partition(number)

    def on_failure(number: int, exc: BaseException) -> None:
        summary.failed.append(number)

    started = time.monotonic()
    try:
        if opts.engine == "dask":
            _dask(opts, todo, on_result, on_failure)
        else:
            run_local(
                todo,
                on_result,
                workers=opts.workers,
                config=opts.config,
                caseload_path=opts.caseload,
            )
    finally:
        progress.close()
        summary.seconds = time.monotonic() - started
    counts = checkpoint.merge()
    summary.entries, summary.errors = counts["entries"], counts["errors"]
    summary.duplicates = counts["duplicates"]
    if not summary.failed:
        checkpoint.discard()
    return summary


def _fingerprint(path: str) -> dict[str, Any]:
    try:
        return fingerprint(path)
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None


def _dask(opts: Options, todo: Iterator[Partition], on_result: Any, on_failure: Any) -> None:
    from assistant.backfill.dask_engine import run_dask
    from assistant.cli_nlp import read_caseload
    from assistant.settings import load_settings

    # Workers get the settings and caseload as objects, so they need no copy of the files.
    run_dask(
        todo,
        on_result,
        on_failure,
        scheduler=opts.scheduler,
        workers=opts.workers,
        settings=load_settings(opts.config).nlp,
        caseload=read_caseload(opts.caseload, opts.config),
        connect_timeout_s=opts.scheduler_timeout_s,
    )
