"""`assistant extract | interpret | context` as a user runs them: real processes, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[2]
EXE = Path(sys.executable).with_name("assistant")
CASELOAD = ROOT / "tests/fixtures/caseload.csv"
ENTRY = json.loads((ROOT / "nlp/schemas/case-entry.schema.json").read_text())
INTERP = json.loads((ROOT / "nlp/schemas/interpretation.schema.json").read_text())
CONTEXT = json.loads((ROOT / "nlp/schemas/context-result.schema.json").read_text())

pytestmark = pytest.mark.slow


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(EXE), *args], input=stdin, capture_output=True, timeout=120, cwd=ROOT
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode()
    )


NOTE = (
    "Grant Dempsey attended his office appointment at 10am, 15 minutes late. UA negative. "
    "Next appt Monday 8 June at 2pm."
)


def test_extract_a_file_as_json(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    out = run("extract", "--caseload", str(CASELOAD), "--reference-date", "2026-06-03", str(note))
    assert out.returncode == 0, out.stderr
    entry = json.loads(out.stdout)
    jsonschema.validate(entry, ENTRY)
    assert entry["person"]["crn"] == "G415528"
    assert entry["contact"]["late_minutes"] == 15
    assert entry["next_appointment"]["date"] == "2026-06-08"


def test_extract_stdin_as_text_for_an_officer() -> None:
    out = run(
        "extract", "--format", "text", "--reference-date", "2026-06-03", "-", stdin=NOTE.encode()
    )
    assert out.returncode == 0, out.stderr
    assert "Outcome: Attended - complied (15 minutes late)" in out.stdout
    assert "Next appointment: Monday 8 June 2026 at 2pm" in out.stdout
    assert not out.stdout.lstrip().startswith("{")
    assert "Check:" not in out.stdout


def test_text_output_says_when_the_next_appointment_date_needs_checking() -> None:
    note = b"Office visit today, on time. Next appt Thurs 14th at 10am."
    out = run("extract", "--format", "text", "--reference-date", "2026-12-07", "-", stdin=note)
    assert out.returncode == 0, out.stderr
    assert "Next appointment: Thursday 14 January 2027 at 10am" in out.stdout
    assert "Check: 14 December is a Monday" in out.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the note is empty"),
        (b"   \n", "the note is empty"),
        (b"x" * 12_001, "limit is 12,000"),
        (b"Attended \xff\xfe today", "not valid UTF-8"),
    ],
)
def test_bad_notes_get_one_clear_line(tmp_path: Path, content: bytes, message: str) -> None:
    note = tmp_path / "note.txt"
    note.write_bytes(content)
    out = run("extract", str(note))
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


def test_missing_file_and_bad_caseload(tmp_path: Path) -> None:
    out = run("extract", str(tmp_path / "nope.txt"))
    assert out.returncode == 2 and "no such file" in out.stderr
    bad = tmp_path / "caseload.csv"
    bad.write_text("id,fullname\nX1,Someone\n", encoding="utf-8")
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    out = run("extract", "--caseload", str(bad), str(note))
    assert out.returncode == 2
    assert "crn" in out.stderr and "name" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_batch_goes_on_past_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": NOTE, "reference_date": "2026-06-03"}),
        "{not json",
        json.dumps({"id": "b", "text": ""}),
        json.dumps({"id": "c", "text": "x" * 12_001}),
        json.dumps({"id": "d", "text": NOTE, "reference_date": "03/06/2026"}),
        json.dumps(
            {"id": "e", "text": "TC with Owen Nye today, all fine.", "reference_date": "2026-06-03"}
        ),
    ]
    batch = tmp_path / "notes.jsonl"
    batch.write_bytes(("\n".join(lines) + "\n").encode() + b'{"id": "f", "text": "\xff"}\n')
    out = run("extract", "--batch", str(batch), "--caseload", str(CASELOAD))
    assert out.returncode == 1
    results = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r.get("id") for r in results] == ["a", None, "b", "c", "d", "e", None]
    errors = {i: r["error"] for i, r in enumerate(results) if "error" in r}
    assert set(errors) == {1, 2, 3, 4, 6}
    assert "not valid JSON" in errors[1]
    assert "empty" in errors[2]
    assert "12,000" in errors[3]
    assert "YYYY-MM-DD" in errors[4]
    assert "UTF-8" in errors[6]
    for i in (0, 5):
        jsonschema.validate({k: v for k, v in results[i].items() if k != "id"}, ENTRY)
    assert results[5]["person"]["crn"] == "R781166"


def test_batch_with_workers_keeps_input_order(tmp_path: Path) -> None:
    batch = tmp_path / "notes.jsonl"
    texts = [f"Office visit {i}. Attended. Next appt Monday at {1 + i % 5}pm." for i in range(70)]
    batch.write_text(
        "".join(
            json.dumps({"id": str(i), "text": t, "reference_date": "2026-06-03"}) + "\n"
            for i, t in enumerate(texts)
        )
    )
    out = run("extract", "--batch", str(batch), "--workers", "2")
    assert out.returncode == 0, out.stderr
    results = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["id"] for r in results] == [str(i) for i in range(70)]
    assert [r["next_appointment"]["time"] for r in results[:5]] == [
        "13:00",
        "14:00",
        "15:00",
        "16:00",
        "17:00",
    ]


def test_interpret_text_and_batch(tmp_path: Path) -> None:
    out = run(
        "interpret",
        "--caseload",
        str(CASELOAD),
        "--reference-date",
        "2026-06-03",
        "show",
        "me",
        "Grant",
        "Dempsey's",
        "record",
    )
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    jsonschema.validate(got, INTERP)
    assert (got["intent"], got["crn"]) == ("show_case", "G415528")
    batch = tmp_path / "prompts.jsonl"
    batch.write_text(json.dumps({"id": "1", "text": "my drafts"}) + "\n[1,2]\n")
    out = run("interpret", "--batch", str(batch))
    assert out.returncode == 1
    first, second = (json.loads(line) for line in out.stdout.splitlines())
    assert first["intent"] == "list_drafts" and first["id"] == "1"
    assert "not a JSON object" in second["error"]


def test_context_explains_its_decision(tmp_path: Path) -> None:
    text = "The patient denies chest pain but reports a cough."
    out = run("context", "--target", "chest  PAIN", text)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    jsonschema.validate(got, CONTEXT)
    assert got["status"] == "negated"
    assert [text[t["start"] : t["end"]] for t in got["triggers"]] == ["denies"]
    batch = tmp_path / "items.jsonl"
    batch.write_text(
        json.dumps({"id": "x", "text": text, "target": "cough"})
        + "\n"
        + json.dumps({"id": "y", "text": text, "target": "fever"})
        + "\n"
    )
    out = run("context", "--batch", str(batch))
    assert out.returncode == 1
    x, y = (json.loads(line) for line in out.stdout.splitlines())
    assert (x["id"], x["status"]) == ("x", "present")
    assert y["id"] == "y" and "error" in y
