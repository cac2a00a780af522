"""The Dask engine on a LocalCluster inside the test: the same entries as the local engine,
a worker killed mid-run, and the client stopped mid-run and run again."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from backfill_helpers import read_entries

from assistant import cli_nlp
from assistant.backfill.runner import Options, run_backfill
from bench.backfill_notes import generate, write_jsonl

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """Two single-threaded worker processes, as on a small machine (started once)."""
    from distributed import LocalCluster

    from assistant.backfill.dask_engine import LOCAL_HTTP

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=LOCAL_HTTP
    ) as local:
        yield local


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """Forty generated notes."""
    notes = generate(40, people=5, seed=7)
    return write_jsonl(notes, tmp_path_factory.mktemp("dask") / "notes.jsonl"), notes


def expected(extractor: Any, notes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What `extract --batch` gives for these notes."""
    return cli_nlp.extract_chunk(extractor, None, [dict(n) for n in notes])


def options(cluster: Any, notes: Path, out: Path) -> Options:
    """A Dask run against the test's cluster, four notes a partition."""
    return Options(notes=str(notes), out=str(out), engine="dask",
                   scheduler=cluster.scheduler_address, partition_notes=4)  # fmt: skip


def test_dask_gives_the_entries_the_local_engine_gives(
    cluster: Any, notes: tuple[Path, list[dict[str, Any]]], extractor: Any, tmp_path: Path
) -> None:
    path, items = notes
    summary = run_backfill(options(cluster, path, tmp_path / "entries.jsonl"))
    assert read_entries(tmp_path / "entries.jsonl") == expected(extractor, items)
    assert (summary.partitions, summary.failed, summary.errors) == (10, [], 0)


def test_a_worker_killed_mid_run_loses_no_note_and_repeats_none(
    cluster: Any, notes: tuple[Path, list[dict[str, Any]]], extractor: Any, tmp_path: Path
) -> None:
    from distributed import Client

    with Client(cluster.scheduler_address) as client:
        pids = client.run(os.getpid)
    victim = sorted(pids.values())[0]

    def kill_once(number: int) -> None:
        nonlocal victim
        if victim:
            os.kill(victim, signal.SIGKILL)  # the nanny starts a new worker; tasks move
            victim = 0

    path, items = notes
    out = tmp_path / "entries.jsonl"
    summary = run_backfill(options(cluster, path, out), on_partition=kill_once)
    assert victim == 0
    assert summary.failed == []
    assert read_entries(out) == expected(extractor, items)


def test_a_client_stopped_mid_run_then_run_again_does_only_the_rest(
    cluster: Any, notes: tuple[Path, list[dict[str, Any]]], extractor: Any, tmp_path: Path
) -> None:
    seen = []

    def stop_after_three(number: int) -> None:
        seen.append(number)
        if len(seen) == 3:
            raise KeyboardInterrupt

    path, items = notes
    out = tmp_path / "entries.jsonl"
    with pytest.raises(KeyboardInterrupt):
        run_backfill(options(cluster, path, out), on_partition=stop_after_three)
    assert not out.exists()

    again: list[int] = []
    summary = run_backfill(options(cluster, path, out), on_partition=again.append)
    assert summary.resumed == 3 and summary.partitions == 7
    assert sorted(seen + again) == list(range(10))  # no partition done twice
    assert read_entries(out) == expected(extractor, items)


def test_a_local_cluster_runs_beside_anything_on_dasks_usual_port(
    notes: tuple[Path, list[dict[str, Any]]], extractor: Any, tmp_path: Path
) -> None:
    """With no scheduler named, the engine starts its own LocalCluster. Its scheduler serves
    HTTP on loopback and a free port, so Dask's usual 8787 being taken (another run, a
    dashboard) does not stop it."""
    import contextlib
    import socket

    path, items = notes
    with socket.socket() as held:
        with contextlib.suppress(OSError):  # already taken by something else: same test
            held.bind(("127.0.0.1", 8787))
            held.listen()
        out = tmp_path / "entries.jsonl"
        summary = run_backfill(
            Options(notes=str(path), out=str(out), engine="dask", partition_notes=20, workers=1)
        )
    assert summary.failed == []
    assert read_entries(out) == expected(extractor, items)
