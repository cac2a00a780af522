"""Finished partitions on disk, so a rerun after a crash or Ctrl+C does only the rest.

Beside ENTRIES sits `ENTRIES.parts/`: a manifest naming the input (its size and SHA-256)
and the partition size, and one file per finished partition, written to a temporary name
and renamed, so a partition is either wholly there or not at all. `merge` writes ENTRIES
from the parts in input order, each note id once.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.cli_nlp import InputError

MANIFEST = "manifest.json"


def fingerprint(path: str) -> dict[str, Any]:
    """What identifies the input: its size and SHA-256 (a rename or copy keeps them)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return {"bytes": Path(path).stat().st_size, "sha256": digest.hexdigest()}


@dataclass
class Checkpoint:
    """The parts folder of one output file."""

    out: Path
    partition_notes: int
    folder: Path = field(init=False)

    def __post_init__(self) -> None:
        self.folder = self.out.with_name(self.out.name + ".parts")

    def open(self, source: dict[str, Any]) -> set[int]:
        """Start or resume: the finished partitions (none when starting afresh)."""
        manifest = {"input": source, "partition_notes": self.partition_notes}
        path = self.folder / MANIFEST
        if path.exists():
            old = json.loads(path.read_text())
            if old.get("input") != source or old.get("partition_notes") != self.partition_notes:
                raise InputError(
                    f"{self.folder} belongs to a different input or partition size: delete it "
                    "to start again, or rerun with the same notes and settings"
                )
            return self.finished()
        self.folder.mkdir(parents=True, exist_ok=True)
        _atomic_write(path, json.dumps(manifest))
        return set()

    def finished(self) -> set[int]:
        """Partition numbers whose results are on disk."""
        return {int(p.stem.split("-")[1]) for p in self.folder.glob("part-*.jsonl")}

    def _part(self, number: int) -> Path:
        return self.folder / f"part-{number:07d}.jsonl"

    def save(self, number: int, results: list[dict[str, Any]]) -> None:
        """Record one finished partition, all or nothing."""
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results)
        _atomic_write(self._part(number), body)

    def results(self) -> Iterator[dict[str, Any]]:
        """Every saved result, in partition order."""
        for number in sorted(self.finished()):
            with self._part(number).open(encoding="utf-8") as f:
                for line in f:
                    yield json.loads(line)

    def merge(self) -> dict[str, int]:
        """Write ENTRIES from the parts, each note id once; counts of what was written."""
        counts = {"entries": 0, "errors": 0, "duplicates": 0}
        seen: set[str] = set()
        tmp = self.out.with_name(self.out.name + ".tmp")
        writer = _writer(self.out, tmp)
        for obj in self.results():
            key = obj.get("id")
            if key is not None:
                if key in seen:
                    counts["duplicates"] += 1
                    continue
                seen.add(key)
            counts["errors" if "error" in obj else "entries"] += 1
            writer.write(obj)
        writer.close()
        os.replace(tmp, self.out)
        return counts

    def discard(self) -> None:
        """Remove the parts once ENTRIES is written."""
        shutil.rmtree(self.folder, ignore_errors=True)


class _JsonlWriter:
    def __init__(self, path: Path) -> None:
        self.file = path.open("w", encoding="utf-8")

    def write(self, obj: dict[str, Any]) -> None:
        self.file.write(json.dumps(obj, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()


class _ParquetWriter:
    """ENTRIES as Parquet: id, error, and the entry as JSON text (its shape is the contract's,
    nested and optional, which a flat table would lose)."""

    ROWS = 8192

    def __init__(self, path: Path) -> None:
        from assistant.backfill.sources import _parquet

        self.pq = _parquet()
        import pyarrow as pa

        self.pa = pa
        self.schema = pa.schema(
            [("id", pa.string()), ("error", pa.string()), ("entry", pa.string())]
        )
        self.writer = self.pq.ParquetWriter(str(path), self.schema)
        self.rows: list[dict[str, Any]] = []

    def write(self, obj: dict[str, Any]) -> None:
        entry = {k: v for k, v in obj.items() if k not in ("id", "error")}
        self.rows.append(
            {
                "id": None if obj.get("id") is None else str(obj["id"]),
                "error": obj.get("error"),
                "entry": None if "error" in obj else json.dumps(entry, ensure_ascii=False),
            }
        )
        if len(self.rows) >= self.ROWS:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            self.writer.write_table(self.pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self._flush()
        self.writer.close()


def _writer(out: Path, tmp: Path) -> _JsonlWriter | _ParquetWriter:
    return _ParquetWriter(tmp) if out.suffix.lower() == ".parquet" else _JsonlWriter(tmp)


def _atomic_write(path: Path, body: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        f.write(body)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
