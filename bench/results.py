"""Dated benchmark tables under bench/results/, one row per run."""

from __future__ import annotations

import datetime as dt
import os
import platform
from collections.abc import Mapping
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def append_row(name: str, values: Mapping[str, object], digits: int = 2) -> Path:
    """Add a dated row to bench/results/NAME.tsv, writing the header when the file is new or
    its columns have changed since the last header (so every row sits under its own names)."""
    path = RESULTS_DIR / f"{name}.tsv"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "date\tmachine\t" + "\t".join(values)
    with path.open("a", encoding="utf-8") as f:
        if _last_header(path) != header:
            f.write(header + "\n")
        f.write(f"{dt.datetime.now():%Y-%m-%d %H:%M}\t{platform.machine()} {os.cpu_count()} cpu\t")
        cells = (f"{v:.{digits}f}" if isinstance(v, float) else str(v) for v in values.values())
        f.write("\t".join(cells))
        f.write("\n")
    return path


def _last_header(path: Path) -> str | None:
    """The latest header line of a results table, or None when it has none yet."""
    if not path.exists():
        return None
    headers = [
        line.rstrip("\n")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("date\t")
    ]
    return headers[-1] if headers else None
