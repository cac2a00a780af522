"""`assistant transcribe`: one file, a batch with bad lines, clear errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant.cli import main

CLIPS = Path(__file__).resolve().parent.parent / "fixtures" / "speech"
pytestmark = pytest.mark.slow


def test_one_file_prints_its_text_spelling_caseload_names(tmp_path, capsys):
    caseload = tmp_path / "people.csv"
    caseload.write_text("crn,name\nX100001,Aisha Mirza\n", encoding="utf-8")
    assert main(["transcribe", "--caseload", str(caseload), str(CLIPS / "late.ogg")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Aisha Mirza arrived late") and "cancelled" in out


def test_a_batch_loads_once_and_marks_bad_lines(tmp_path, capsys, monkeypatch):
    import speech

    loads = []
    real = speech.SpeechEngine
    monkeypatch.setattr(speech, "SpeechEngine", lambda s: loads.append(1) or real(s))
    shutil.copy(CLIPS / "visit.ogg", tmp_path / "one.ogg")
    batch = tmp_path / "batch.jsonl"
    lines = [
        {"id": "one", "audio": "one.ogg"},
        "not json",
        {"id": "two", "audio": str(CLIPS / "late.ogg")},
        {"id": "gone", "audio": "gone.ogg"},
    ]
    batch.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines))
    assert main(["transcribe", "--batch", str(batch)]) == 1
    captured = capsys.readouterr()
    out = [json.loads(line) for line in captured.out.splitlines()]
    assert [o.get("id") for o in out] == ["one", None, "two", "gone"]
    assert "tuesday" in out[0]["text"].lower() and "cancelled" in out[2]["text"]
    assert out[1] == {"line": 2, "error": 'not a JSON object with an "audio" path'}
    assert "No such audio file" in out[3]["error"]
    assert "2 line(s)" in captured.err and loads == [1]


def test_asks_for_one_input(capsys):
    assert main(["transcribe"]) == 2
    assert "one audio file" in capsys.readouterr().err


def test_config_speech_table_reaches_the_engine(tmp_path, capsys):
    config = tmp_path / "config.toml"
    config.write_text('[speech]\nmodel_sha256 = "' + "ab" * 32 + '"\n', encoding="utf-8")
    assert main(["--config", str(config), "transcribe", str(CLIPS / "late.ogg")]) == 2
    assert "model_sha256" in capsys.readouterr().err
