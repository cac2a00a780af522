"""The local engine: the same entries as `extract --batch`, each note id once, resumable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from backfill_helpers import read_entries, write_config

from assistant import cli_nlp
from assistant.backfill import engines
from assistant.backfill.runner import Options, run_backfill
from assistant.cli import main
from bench.backfill_notes import generate, write_jsonl

pytestmark = pytest.mark.slow


def expected(extractor: Any, notes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What `extract --batch` gives for these notes, each id once."""
    first = {}
    for n in notes:
        first.setdefault(n["id"], n)
    unique = list(first.values())
    return cli_nlp.extract_chunk(extractor, None, [dict(n) for n in unique])


class Interrupt:
    """Raise KeyboardInterrupt (as Ctrl+C does) once `after` partitions have finished."""

    def __init__(self, after: int) -> None:
        self.after, self.seen = after, 0

    def __call__(self, number: int) -> None:
        self.seen += 1
        if self.seen == self.after:
            raise KeyboardInterrupt


def test_an_interrupted_run_resumes_and_every_note_is_in_the_output_once(
    tmp_path: Path, notes_file: tuple[Path, list[dict[str, Any]]], extractor: Any
) -> None:
    path, notes = notes_file
    opts = Options(notes=str(path), out=str(tmp_path / "entries.jsonl"), workers=1,
                   partition_notes=4)  # fmt: skip
    with pytest.raises(KeyboardInterrupt):
        run_backfill(opts, on_partition=Interrupt(after=2))
    assert not Path(opts.out).exists()

    summary = run_backfill(opts)
    assert (summary.resumed, summary.partitions) == (2, 2)  # 14 notes in 4 partitions
    assert summary.notes_read == 6
    assert read_entries(Path(opts.out)) == expected(extractor, notes)
    assert (summary.entries, summary.duplicates, summary.errors) == (13, 1, 0)
    assert not Path(opts.out + ".parts").exists()


def test_partition_size_and_workers_come_from_config(
    tmp_path: Path,
    notes_file: tuple[Path, list[dict[str, Any]]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, _ = notes_file
    out = tmp_path / "entries.jsonl"

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("workers = 1 reads in this process")

    monkeypatch.setattr(engines, "ProcessPoolExecutor", no_pool)
    config = write_config(tmp_path / "one.toml", partition_notes=3, workers=1)
    assert main(["--config", str(config), "backfill", str(path), "--out", str(out)]) == 0
    assert "5 partitions this run" in capsys.readouterr().err  # 14 notes, 3 a partition

    pools: list[int] = []

    def count_pool(workers: int, **kwargs: object) -> None:
        pools.append(workers)
        raise RuntimeError("pool counted")

    monkeypatch.setattr(engines, "ProcessPoolExecutor", count_pool)
    config = write_config(tmp_path / "three.toml", partition_notes=3, workers=3)
    with pytest.raises(RuntimeError, match="pool counted"):
        main(["--config", str(config), "backfill", str(path), "--out", str(tmp_path / "b.jsonl")])
    assert pools == [3]


def _as_in_a_terminal() -> None:
    """Ctrl+C as a terminal delivers it: a test runner started in the background (as CI
    may start it) passes on an ignored SIGINT, and an ignored SIGINT never interrupts."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_on_a_process_pool_run_then_a_rerun_finishes_the_rest(
    tmp_path: Path, extractor: Any
) -> None:
    # Many partitions, so the run is still going when the first one lands.
    notes = generate(160, people=6)
    path = write_jsonl(notes, tmp_path / "notes.jsonl")
    out = tmp_path / "entries.jsonl"
    config = write_config(tmp_path / "config.toml", partition_notes=4, workers=2)
    command = [sys.executable, "-m", "assistant.cli", "--config", str(config), "backfill",
               str(path), "--out", str(out)]  # fmt: skip
    run = subprocess.Popen(
        command,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_as_in_a_terminal,
    )
    parts = Path(str(out) + ".parts")
    deadline = time.monotonic() + 120
    while not list(parts.glob("part-*.jsonl")) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGINT)  # what Ctrl+C in a terminal does
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130, err
    finished = len(list(parts.glob("part-*.jsonl")))
    assert 1 <= finished < 40 and not out.exists()

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{finished} finished earlier" in rerun.stderr
    assert "progress" not in rerun.stderr and "notes/s  " not in rerun.stderr  # no bar: no TTY
    assert read_entries(out) == expected(extractor, notes)


def test_pool_workers_share_the_model_loaded_once_in_the_command_process(
    tmp_path: Path,
    notes_file: tuple[Path, list[dict[str, Any]]],
    monkeypatch: pytest.MonkeyPatch,
    extractor: Any,
) -> None:
    path, notes = notes_file
    loads = tmp_path / "loads.txt"
    real_load = cli_nlp.load_worker

    def recorded_load(config: str | None, caseload_path: str | None) -> None:
        with loads.open("a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
        real_load(config, caseload_path)

    monkeypatch.setattr(cli_nlp, "load_worker", recorded_load)
    opts = Options(notes=str(path), out=str(tmp_path / "entries.jsonl"), workers=2,
                   partition_notes=3)  # fmt: skip
    summary = run_backfill(opts)
    assert summary.partitions == 5
    assert loads.read_text(encoding="utf-8").split() == [str(os.getpid())]
    assert read_entries(Path(opts.out)) == expected(extractor, notes)
