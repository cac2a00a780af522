"""Finished partitions on disk: all or nothing, merged once per note id, tied to their input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.backfill.checkpoint import Checkpoint, fingerprint
from assistant.cli_nlp import InputError


def test_a_rerun_sees_the_finished_partitions_and_merge_writes_each_id_once(
    tmp_path: Path,
) -> None:
    source = tmp_path / "notes.jsonl"
    source.write_text('{"id": "a", "text": "x"}\n')
    out = tmp_path / "entries.jsonl"
    first = Checkpoint(out, 2)
    assert first.open(fingerprint(str(source))) == set()
    first.save(1, [{"id": "c", "schema": "s"}, {"id": "a", "schema": "again"}])
    first.save(0, [{"id": "a", "schema": "s"}, {"id": "b", "error": "bad"}])

    again = Checkpoint(out, 2)
    assert again.open(fingerprint(str(source))) == {0, 1}
    counts = again.merge()
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x["id"] for x in lines] == ["a", "b", "c"]
    assert lines[0]["schema"] == "s"  # partition order decides, not the order saved
    assert counts == {"entries": 2, "errors": 1, "duplicates": 1}


def test_parts_of_another_input_or_partition_size_are_not_resumed(tmp_path: Path) -> None:
    source = tmp_path / "notes.jsonl"
    source.write_text("one\n")
    out = tmp_path / "entries.jsonl"
    Checkpoint(out, 2).open(fingerprint(str(source)))
    with pytest.raises(InputError, match="different input or partition size"):
        Checkpoint(out, 3).open(fingerprint(str(source)))
    source.write_text("two\n")
    with pytest.raises(InputError, match="different input"):
        Checkpoint(out, 2).open(fingerprint(str(source)))


def test_a_partition_left_half_written_is_not_counted_as_finished(tmp_path: Path) -> None:
    out = tmp_path / "entries.jsonl"
    cp = Checkpoint(out, 2)
    cp.open({"bytes": 1, "sha256": "x"})
    cp.save(0, [{"id": "a"}])
    (cp.folder / "part-0000001.jsonl.tmp").write_text('{"id": "b"')  # killed mid-write
    assert cp.finished() == {0}


def test_entries_can_be_written_as_parquet(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "entries.parquet"
    cp = Checkpoint(out, 2)
    cp.open({"bytes": 1, "sha256": "x"})
    cp.save(0, [{"id": "a", "schema": "case-entry/1", "needs": []}, {"id": "b", "error": "no"}])
    cp.merge()
    rows = pq.read_table(out).to_pylist()
    assert rows[0]["id"] == "a" and json.loads(rows[0]["entry"]) == {
        "schema": "case-entry/1",
        "needs": [],
    }
    assert rows[1] == {"id": "b", "error": "no", "entry": None}
