"""scripts/extract_identity.py: which CLI reads each set, and a moved output is named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripts import extract_identity as identity


def _jsonl(path: Path, row: dict) -> Path:
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    return path


def test_each_set_goes_to_the_command_that_reads_it(tmp_path: Path) -> None:
    notes = _jsonl(tmp_path / "notes.jsonl", {"id": "a", "text": "Seen today.", "gold": {}})
    context = _jsonl(tmp_path / "ctx.jsonl", {"text": "No knife.", "target": "knife"})
    prompts = _jsonl(tmp_path / "p.jsonl", {"text": "my drafts", "gold": {"intent": "x"}})
    assert identity.kind_of(notes) == "extract"
    assert identity.kind_of(context) == "context"
    assert identity.kind_of(prompts) == "interpret"
    (tmp_path / "caseload.csv").write_text("crn,name\n", encoding="utf-8")
    runs = dict(identity.runs([tmp_path]))
    assert set(runs) == {
        f"{tmp_path.name}__{n}" for n in ("ctx", "notes", "notes__no_caseload", "p")
    }
    assert "--caseload" in runs[f"{tmp_path.name}__notes"]
    assert "--caseload" not in runs[f"{tmp_path.name}__notes__no_caseload"]
    assert "--caseload" not in runs[f"{tmp_path.name}__ctx"]


def test_compare_names_a_set_whose_output_moved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    printed = {"one": '{"a": 1}\nexit 0\n', "two": '{"b": 2}\nexit 0\n'}
    monkeypatch.setattr(identity, "runs", lambda dirs: [(n, [n]) for n in printed])
    monkeypatch.setattr(identity, "output", lambda cmd: printed[cmd[0]])
    assert identity.record(tmp_path, []) == 0
    assert identity.compare(tmp_path, []) == 0
    printed["two"] = '{"b": 3}\nexit 0\n'
    assert identity.compare(tmp_path, []) == 1
    out = capsys.readouterr().out
    assert "one: identical" in out and "two: DIFFERS" in out and '+{"b": 3}' in out
