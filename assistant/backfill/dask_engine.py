"""The Dask engine: partitions as tasks on a cluster, the extractor built once per worker.

A worker plugin loads the pipeline when each worker starts (and again on a worker that
replaces a lost one); tasks call the same `extract_chunk` as the local engine. When a worker
dies mid-task the scheduler runs its tasks elsewhere; a task that keeps killing workers comes
back as failed and its partition is left for a rerun.
"""

from __future__ import annotations

import multiprocessing
import os
import uuid
from collections.abc import Iterator
from itertools import islice
from typing import Any

# Dask logs every worker start and stop at INFO on stderr, over the progress bar and summary;
# set before distributed is imported (and inherited by a LocalCluster's worker processes).
os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")
# Each worker samples its task thread's stack every 10 ms for the dashboard's profile; on
# spaCy's deep stacks that cost about a third more CPU per note here, for a page nobody opens.
os.environ.setdefault("DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED", "False")

import dask  # noqa: E402
from distributed import Client, LocalCluster, as_completed, get_worker  # noqa: E402
from distributed.diagnostics.plugin import WorkerPlugin  # noqa: E402
from distributed.utils import get_mp_context  # noqa: E402

from assistant import cli_nlp  # noqa: E402
from assistant.backfill.engines import Item, OnFailure, OnResult, Partition  # noqa: E402

PLUGIN_NAME = "casenotes-extractor"


class ExtractorPlugin(WorkerPlugin):
    """A Dask worker plugin: builds the extractor once when the worker starts."""

    name = PLUGIN_NAME

    def __init__(self, settings: Any, caseload: Any) -> None:
        self.settings = settings
        self.caseload = caseload
        self.extractor: Any = None

    def setup(self, worker: Any) -> None:
        """Load the pipeline (seconds, once per worker, not per note)."""
        import nlp

        self.extractor = nlp.load(self.settings)

    def teardown(self, worker: Any) -> None:
        """Nothing to release: the worker's memory goes with it."""


# Where a LocalCluster's scheduler serves HTTP: loopback only, any free port.
LOCAL_HTTP = "127.0.0.1:0"


def extract_on_worker(chunk: list[Item]) -> list[Item]:
    """One partition on a Dask worker, through the worker's own extractor."""
    plugin: Any = get_worker().plugins[PLUGIN_NAME]
    return cli_nlp.extract_chunk(plugin.extractor, plugin.caseload, chunk)


# Imported once in the fork server rather than by every worker process it starts.
WORKER_PRELOAD = ["distributed", "numpy", "spacy", "thinc", "nlp.extractor", __name__]


def _fork_local_workers_from_a_preloaded_server() -> None:
    """Start this run's LocalCluster workers by forking a server that has already imported
    distributed, spaCy and our extraction code, instead of spawning fresh interpreters that
    each import them again (seconds of CPU per worker, also for a replacement worker).

    Fork server, not plain fork: the client's event loop thread is running, and forking a
    process with running threads is unsafe; the server is forked before any of them. Set
    for this process only (a real cluster's workers are started by `dask worker`).
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return
    dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"})
    get_mp_context()  # Dask sets its own preload list on first use; ours replaces it
    multiprocessing.get_context("forkserver").set_forkserver_preload(WORKER_PRELOAD)


def run_dask(
    parts: Iterator[Partition],
    on_result: OnResult,
    on_failure: OnFailure,
    *,
    scheduler: str | None,
    workers: int,
    settings: Any,
    caseload: Any,
    connect_timeout_s: float = 30.0,
) -> None:
    """Extract partitions on the Dask cluster at `scheduler`, or on a LocalCluster."""
    plugin = ExtractorPlugin(settings, caseload)
    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout=f"{connect_timeout_s}s")
        except (OSError, TimeoutError, ValueError) as exc:
            message = f"cannot reach the Dask scheduler at {scheduler}: {exc}"
            raise cli_nlp.InputError(message) from None
    else:
        _fork_local_workers_from_a_preloaded_server()
        # The scheduler always serves HTTP (health, metrics); with no address it takes
        # port 8787 on every interface, so two runs on one machine collided. Loopback and
        # a free port instead: nothing of a local run is offered to the network.
        cluster = LocalCluster(
            n_workers=max(1, workers), threads_per_worker=1, dashboard_address=LOCAL_HTTP
        )
        client = Client(cluster)
    try:
        client.register_plugin(plugin)
        slots = max(1, sum(client.nthreads().values()))
        running: dict[str, Partition] = {}
        # Keys unique to this run: two backfills sharing a long-lived scheduler must not
        # pick up each other's partitions.
        run = uuid.uuid4().hex[:12]
        futures = as_completed()

        def submit(batch: list[Partition]) -> None:
            for number, chunk in batch:
                key = f"casenotes-backfill-{run}-{number}"
                running[key] = (number, chunk)
                futures.add(client.submit(extract_on_worker, chunk, key=key, pure=False))

        submit(list(islice(parts, 2 * slots)))
        for future in futures:
            number, chunk = running.pop(future.key)
            try:
                results = future.result()
            except Exception as exc:  # a worker lost for good (KilledWorker) or a bug
                on_failure(number, exc)
            else:
                on_result(number, chunk, results)
            future.release()
            submit(list(islice(parts, 1)))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
