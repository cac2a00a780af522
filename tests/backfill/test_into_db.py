"""`backfill --into-db` end to end: real extraction into historical entries, section drafts
rebuilt from each person's whole history, and a rerun storing nothing twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher
from backfill_helpers import write_config

from assistant.cli import main
from bench.backfill_notes import generate, write_csv
from storage import accounts, people
from storage.db import loads, open_db

pytestmark = pytest.mark.slow
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def test_into_db_stores_history_by_crn_and_rebuilds_each_persons_sections(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = generate(16, people=3, seed=3)
    crns = sorted({n["crn"] for n in notes})
    database = tmp_path / "casenotes.db"
    db = open_db(database)
    accounts.create_user(db, "olivia", "correct horse battery", "officer", "North", hasher=CHEAP)
    for crn in crns[:2]:  # the third person is not on this caseload
        people.upsert_person(db, crn, f"Person {crn}", team_id=1)
        people.assign_caseload(db, crn, "olivia")
    db.close()
    config = write_config(tmp_path / "config.toml", 5, 1, f'[storage]\ndatabase = "{database}"\n')
    command = ["--config", str(config), "backfill", str(write_csv(notes, tmp_path / "n.csv")),
               "--out", str(tmp_path / "entries.jsonl"), "--into-db"]  # fmt: skip

    assert main(command) == 0
    ours = [n for n in notes if n["crn"] in crns[:2]]
    err = capsys.readouterr().err
    assert f"{len(ours)} stored, 0 already there, {len(notes) - len(ours)} with no such" in err
    assert "section drafts rebuilt for 2 people" in err

    db = open_db(database)
    stored = {r["source_id"]: r for r in db.query("SELECT * FROM entries")}
    assert sorted(stored) == sorted(n["id"] for n in ours)
    assert {r["status"] for r in stored.values()} == {"historical"}
    by_id = {r["id"]: r for r in stored.values()}
    drafts = list(db.query("SELECT * FROM section_drafts"))
    assert drafts and {d["crn"] for d in drafts} == set(crns[:2])
    for draft in drafts:
        sentences = loads(draft["sentences"])
        assert all(by_id[s["entry_id"]]["crn"] == draft["crn"] for s in sentences)
        dates = [s["date"] for s in sentences]
        assert dates == sorted(dates, reverse=True)  # newest evidence first
    db.close()

    assert main(command) == 0
    assert f"0 stored, {len(ours)} already there" in capsys.readouterr().err
    db = open_db(database)
    assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == len(ours)
    db.close()
