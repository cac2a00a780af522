"""Floors on end-to-end accuracy, so a change cannot quietly make extraction worse.

The project's own labelled notes are scored here with the same measures as the shared
evaluation script; where ../shared exists, its script is run too (CI has it).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from extraction_scoring import composite

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests/fixtures"

pytestmark = pytest.mark.slow


def _score(extractor, caseload, path: Path) -> tuple[float, dict]:  # type: ignore[no-untyped-def]
    lines = path.read_text(encoding="utf-8").splitlines()
    notes = [json.loads(line) for line in lines if line.strip()]
    got = {
        n["id"]: extractor.extract(n["text"], n["reference_date"], caseload).to_json()
        for n in notes
    }
    return composite(notes, got)


@pytest.mark.parametrize(
    ("name", "floor"),
    [("notes.jsonl", 0.95), ("notes_b.jsonl", 0.93), ("notes_c.jsonl", 0.88)],
)
def test_own_labelled_notes_floor(extractor, caseload, name: str, floor: float) -> None:  # type: ignore[no-untyped-def]
    """Three sets by three annotators, all read while building; notes_c (rich in negated,
    historical and others' risk mentions) arrived last and is fixed least."""
    score, parts = _score(extractor, caseload, FIXTURES / name)
    assert score >= floor, {k: v for k, v in parts.items() if not k.startswith("_")}
    assert parts["crn_wrong_person"] == 0


def test_notes_g_floor(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    """notes_g: thirty notes in voices no earlier set had, labelled and scored blind before
    any fix (0.864). The floor sits under the first reading, so it catches a collapse, not
    a dip, and leaves room for a judgement field to move."""
    score, parts = _score(extractor, caseload, FIXTURES / "notes_g.jsonl")
    assert score >= 0.85, {k: v for k, v in parts.items() if not k.startswith("_")}
    assert parts["crn_wrong_person"] == 0


def test_held_out_notes_floor(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    path = FIXTURES / "holdout_notes.jsonl"
    if not path.exists():
        pytest.skip("no held-out notes yet")
    score, parts = _score(extractor, caseload, path)
    # Written by an annotator who never saw the extractor, and read by us only as totals.
    assert score >= 0.88, {k: v for k, v in parts.items() if not k.startswith("_")}
    assert parts["crn_wrong_person"] == 0


def test_shared_evaluation_floor(shared_dir: Path) -> None:
    """The shared script scores its examples here, or a larger hidden set where CI has one;
    the floor is below the targets (0.90) so that it catches a collapse, not a dip."""
    run = subprocess.run(
        [
            sys.executable,
            str(shared_dir / "eval-dev/score.py"),
            "--project",
            str(ROOT),
            "--min",
            "0.85",
            "--min-prompts",
            "0.85",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
