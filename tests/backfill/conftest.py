"""Fixtures for backfill tests: generated notes of our own and a small config file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench.backfill_notes import generate, write_jsonl


@pytest.fixture
def notes_file(tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    """Fourteen generated notes as batch JSONL, one of them repeated (same id) at the end."""
    notes = generate(13, people=4)
    notes.append(dict(notes[2]))
    return write_jsonl(notes, tmp_path / "notes.jsonl"), notes


def read_entries(path: Path) -> list[dict[str, Any]]:
    """The lines of an ENTRIES file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_config(path: Path, partition_notes: int, workers: int, extra: str = "") -> Path:
    """A config.toml with a [backfill] table (other settings at their defaults)."""
    path.write_text(
        f"[backfill]\npartition_notes = {partition_notes}\nworkers = {workers}\n{extra}",
        encoding="utf-8",
    )
    return path
