"""Helpers shared by the backfill tests (a uniquely named module: every test folder has a
conftest, and the whole suite imports them side by side)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


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
