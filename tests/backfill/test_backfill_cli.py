"""`assistant backfill` refusing what it cannot use, with one clear line and status 2."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from backfill_helpers import write_config

from assistant.cli import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Exit status and stderr of one in-process command."""
    status = main(args)
    return status, capsys.readouterr().err


def test_unusable_input_and_options_are_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "entries.jsonl")
    notes = tmp_path / "notes.jsonl"
    notes.write_text('{"id": "a", "text": "Seen today."}\n')
    cases = {
        "no such file": [str(tmp_path / "missing.jsonl"), "--out", out],
        "must be .jsonl, .csv or .parquet": [str(tmp_path / "notes.txt"), "--out", out],
        "--scheduler needs --engine dask": [str(notes), "--out", out, "--scheduler", "tcp://x:1"],
        "--workers must be at least 1": [str(notes), "--out", out, "--workers", "0"],
    }
    (tmp_path / "notes.txt").write_text("hello")
    for message, args in cases.items():
        status, err = run(["backfill", *args], capsys)
        assert status == 2 and err.count("\n") == 1 and message in err, err


def test_an_unreachable_scheduler_is_given_up_on_after_the_configured_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.jsonl"
    notes.write_text('{"id": "a", "text": "Seen today."}\n')
    config = write_config(tmp_path / "c.toml", 4, 1, "scheduler_timeout_s = 1.0\n")
    start = time.monotonic()
    status, err = run(
        ["--config", str(config), "backfill", str(notes), "--out", str(tmp_path / "e.jsonl"),
         "--engine", "dask", "--scheduler", "tcp://127.0.0.1:18801"],
        capsys,
    )  # fmt: skip
    assert status == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:18801" in err
    assert time.monotonic() - start < 20  # 1 s of trying, not the default 30
