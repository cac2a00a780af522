"""Where partitions are extracted: a local process pool or a Dask cluster.

Both call the one extraction function `assistant.cli_nlp.extract_chunk` (the same path as
`extract --batch`) with an extractor built once per worker: by the pool's initializer, or
by a Dask worker plugin. Each partition's results go to `on_result` as they finish, in any
order; a partition whose worker failed for good goes to `on_failure` and is left for a rerun.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import islice
from typing import Any

from assistant import cli_nlp

Item = dict[str, Any]
Partition = tuple[int, list[Item]]
OnResult = Callable[[int, list[Item], list[Item]], None]
OnFailure = Callable[[int, BaseException], None]


def run_local(
    parts: Iterator[Partition],
    on_result: OnResult,
    *,
    workers: int,
    config: str | None,
    caseload_path: str | None,
) -> None:
    """Extract partitions in this process (one worker) or a pool of processes forked from it."""
    cli_nlp.load_worker(config, caseload_path)
    if workers <= 1:
        for number, chunk in parts:
            on_result(number, chunk, cli_nlp.extract_in_worker(chunk))
        return
    pool = _forked_pool(workers, config, caseload_path)
    try:
        # A bounded window of partitions in flight keeps memory flat however long the input.
        running: dict[Future[list[Item]], Partition] = {}

        def top_up() -> None:
            for number, chunk in islice(parts, 2 * workers - len(running)):
                running[pool.submit(cli_nlp.extract_in_worker, chunk)] = (number, chunk)

        top_up()
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                number, chunk = running.pop(future)
                on_result(number, chunk, future.result())
            top_up()
    finally:
        # On Ctrl+C, partitions not yet finished are dropped, not waited for: a rerun does them.
        pool.shutdown(wait=True, cancel_futures=True)


def _forked_pool(
    workers: int, config: str | None, caseload_path: str | None
) -> ProcessPoolExecutor:
    """A pool of forked workers that inherit the extractor this process has just loaded.

    Loading the pipeline costs 1.5 CPU seconds or more; forked after the load, the workers
    share it copy-on-write instead of each loading its own, and start extracting at once.
    Where fork is not available (not Linux), each worker loads it in its initializer.
    """
    if "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        return ProcessPoolExecutor(workers, mp_context=context, initializer=_ignore_sigint)
    return ProcessPoolExecutor(workers, initializer=_pool_init, initargs=(config, caseload_path))


def _ignore_sigint() -> None:
    # Ctrl+C reaches the whole process group; the parent alone decides what stops, so a
    # worker does not die mid-note with a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _pool_init(config: str | None, caseload_path: str | None) -> None:
    _ignore_sigint()
    cli_nlp.load_worker(config, caseload_path)
