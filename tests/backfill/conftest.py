"""Fixtures for backfill tests: generated notes of our own and a small config file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.backfill_notes import generate, write_jsonl


@pytest.fixture
def notes_file(tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    """Fourteen generated notes as batch JSONL, one of them repeated (same id) at the end."""
    notes = generate(13, people=4)
    notes.append(dict(notes[2]))
    return write_jsonl(notes, tmp_path / "notes.jsonl"), notes
