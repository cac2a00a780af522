"""`assistant accuracy`: counts and rates over approved entries, and the owner-gated export."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from assistant import cli
from storage import audit, entries
from storage.db import open_db
from tests.accuracy.seed import approved, changed, seed_teams, user

NOTE = "Met Ann Fell at the office; she is staying with her sister for now."


@pytest.fixture
def env(tmp_path: Path):
    """A seeded database and a config file naming it; yields (config path, db)."""
    database = tmp_path / "casenotes.db"
    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\ndatabase = "{database}"\n')
    db = open_db(database)
    seed_teams(db)
    yield config, db
    db.conn.close()


def allow_export(config: Path) -> None:
    config.write_text(config.read_text() + "[accuracy]\nexport_allowed = true\n")


def run(capsys, config: Path, *args: str) -> tuple[int, str, str]:
    code = cli.main(["--config", str(config), "accuracy", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_report_counts_approved_entries_only_and_shows_no_text(env, capsys):
    config, db = env
    flagged = [{"code": "self_harm", "status": "present", "evidence": []}]
    approved(db, "olivia", "sue", "N100001", NOTE, changed(risk_flags=flagged))
    approved(db, "olivia", "sue", "N100001", NOTE)
    approved(db, "oscar", "sam", "S200001", NOTE, changed(enforcement="warning"))
    waiting = entries.create_draft(db, user(db, "olivia"), "N100001", NOTE, "2026-05-05")
    entries.set_extraction(db, waiting.id, changed(enforcement="breach"))
    entries.submit(db, user(db, "olivia"), waiting.id)  # submitted: not reviewed yet

    code, out, _ = run(capsys, config, "--json")
    assert code == 0
    result = json.loads(out)
    assert (result["reviewed"], result["corrected_entries"]) == (3, 2)
    rows = {r["key"]: r for r in result["fields"] + result["families"]}
    assert rows["enforcement"]["corrected"] == 1
    assert rows["flags_present"] == {
        "key": "flags_present", "label": "Risk flags present", "corrected": 1, "reviewed": 3,
        "added": 1, "removed": 0, "kept": 0, "rate": 1 / 3,
    }  # fmt: skip

    code, out, _ = run(capsys, config, "--team", "North")
    assert code == 0
    assert "Approved entries reviewed: 2 (statuses counted: approved)" in out
    assert "Risk flags present" in out and "50.0%" in out
    for secret in ("Ann Fell", "sister", "N100001", "olivia"):
        assert secret not in out


def test_since_counts_entries_approved_from_that_day(env, capsys):
    config, db = env
    approved(db, "olivia", "sue", "N100001", NOTE, changed(enforcement="warning"), day="2026-04-01")
    approved(db, "olivia", "sue", "N100001", NOTE, day="2026-06-01")
    _, out, _ = run(capsys, config, "--json", "--since", "2026-05-01")
    result = json.loads(out)
    assert (result["reviewed"], result["corrected_entries"]) == (1, 0)


def test_unknown_team_and_bad_date_get_a_clear_error(env, capsys):
    config, _ = env
    code, _, err = run(capsys, config, "--team", "East")
    assert code == 1 and "no team 'East' (teams: North, South)" in err
    with pytest.raises(SystemExit) as stop:
        run(capsys, config, "--since", "yesterday")
    assert stop.value.code == 2 and "invalid fromisoformat value" in capsys.readouterr().err


def test_export_is_refused_unless_the_owner_allows_it(env, capsys, tmp_path):
    config, db = env
    approved(db, "olivia", "sue", "N100001", NOTE, changed(enforcement="warning"))
    target = tmp_path / "grown.jsonl"
    code, _, err = run(capsys, config, "--export", str(target))
    assert code == 1 and "export_allowed = true" in err
    assert not target.exists()
    assert not [r for r in audit.list_audit(db) if r.action == "accuracy_export"]


def test_export_writes_corrected_entries_as_labelled_notes_and_is_audited(env, capsys, tmp_path):
    config, db = env
    allow_export(config)
    corrected = approved(
        db, "olivia", "sue", "N100001", NOTE,
        changed(actions=[{"code": "refer_housing", "evidence": []}]),
    )  # fmt: skip
    approved(db, "olivia", "sue", "N100001", "Nothing to change here.")
    approved(db, "oscar", "sam", "S200001", NOTE, changed(enforcement="warning"))
    target = tmp_path / "grown.jsonl"

    code, _, err = run(capsys, config, "--export", str(target), "--team", "North")
    assert code == 0 and "wrote 1 corrected entries" in err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    (line,) = [json.loads(x) for x in target.read_text().splitlines()]
    assert line["id"] == f"entry-{corrected}" and line["text"] == NOTE
    assert line["reference_date"] == "2026-05-04"
    assert line["gold"]["actions"] == ["refer_housing"] and line["machine"]["actions"] == []
    assert line["corrected"] == ["actions"]
    (row,) = [r for r in audit.list_audit(db) if r.action == "accuracy_export"]
    assert row.detail == {
        "entries": 1,
        "team": user(db, "olivia").team_id,
        "since": "all",
        "via": "cli",
    }


def test_export_to_an_unwritable_place_fails_clearly_and_is_not_audited(env, capsys, tmp_path):
    config, db = env
    allow_export(config)
    approved(db, "olivia", "sue", "N100001", NOTE, changed(enforcement="warning"))
    code, _, err = run(capsys, config, "--export", str(tmp_path / "missing" / "grown.jsonl"))
    assert code == 1 and err.startswith("assistant: error:") and "No such file" in err
    assert not [r for r in audit.list_audit(db) if r.action == "accuracy_export"]
