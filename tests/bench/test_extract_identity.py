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
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    runs = dict(identity.runs([tmp_path], scratch))
    sets = ("ctx", "notes", "notes__no_caseload", "notes__backfill", "p")
    assert set(runs) == {"generated__backfill"} | {f"{tmp_path.name}__{n}" for n in sets}
    assert "--caseload" in runs[f"{tmp_path.name}__notes"]
    assert "--caseload" not in runs[f"{tmp_path.name}__notes__no_caseload"]
    assert "--caseload" not in runs[f"{tmp_path.name}__ctx"]
    backfill = runs[f"{tmp_path.name}__notes__backfill"]
    assert backfill[backfill.index("--workers") + 1] == "2" and "--caseload" in backfill
    config = Path(backfill[backfill.index("--config") + 1]).read_text(encoding="utf-8")
    assert "partition_notes = 16" in config  # several partitions even for a small set
    generated_run = runs["generated__backfill"]
    generated = Path(generated_run[generated_run.index("backfill") + 1])
    assert len(generated.read_text(encoding="utf-8").splitlines()) == 1000


def test_a_backfill_output_is_the_entries_file_it_wrote(tmp_path: Path) -> None:
    # A stand-in command that writes its --out file as the real backfill does.
    script = tmp_path / "fake.py"
    script.write_text(
        "import sys\n"
        "out = sys.argv[sys.argv.index('--out') + 1]\n"
        "open(out, 'w').write('{\"id\": \"a\"}\\n')\n"
        "sys.exit(1)\n",
        encoding="utf-8",
    )
    cmd = [identity.sys.executable, str(script), "backfill", "x.jsonl"]
    assert identity.output(cmd) == '{"id": "a"}\nexit 1\n'


def test_compare_names_a_set_whose_output_moved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    printed = {"one": '{"a": 1}\nexit 0\n', "two": '{"b": 2}\nexit 0\n'}
    monkeypatch.setattr(identity, "runs", lambda dirs, scratch: [(n, [n]) for n in printed])
    monkeypatch.setattr(identity, "output", lambda cmd: printed[cmd[0]])
    assert identity.record(tmp_path, []) == 0
    assert identity.compare(tmp_path, []) == 0
    printed["two"] = '{"b": 3}\nexit 0\n'
    assert identity.compare(tmp_path, []) == 1
    out = capsys.readouterr().out
    assert "one: identical" in out and "two: DIFFERS" in out and '+{"b": 3}' in out
