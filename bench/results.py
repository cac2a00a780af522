"""Dated benchmark tables under bench/results/, one row per run."""

from __future__ import annotations

import datetime as dt
import os
import platform
from collections.abc import Mapping
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def append_row(name: str, values: Mapping[str, object], digits: int = 2) -> Path:
    """Add a dated row to bench/results/NAME.tsv, writing the header when the file is new."""
    path = RESULTS_DIR / f"{name}.tsv"
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists()
    with path.open("a", encoding="utf-8") as f:
        if new:
            f.write("date\tmachine\t" + "\t".join(values) + "\n")
        f.write(f"{dt.datetime.now():%Y-%m-%d %H:%M}\t{platform.machine()} {os.cpu_count()} cpu\t")
        cells = (f"{v:.{digits}f}" if isinstance(v, float) else str(v) for v in values.values())
        f.write("\t".join(cells))
        f.write("\n")
    return path
