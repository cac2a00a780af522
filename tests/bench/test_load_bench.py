"""`make bench-load`'s machinery on a tiny fleet (three officers, the stand-in extractor):
the real server, the web sign-in, every step, and the database check, which must catch a
lost, duplicated or altered write when one is injected."""

from __future__ import annotations

import copy
import shutil
import sqlite3
from pathlib import Path

import pytest

from bench.load import Fleet, parse_args, run_fleet
from bench.load_officer import STEPS, Sent
from bench.load_report import figures, table
from bench.load_verify import verify

pytestmark = pytest.mark.slow  # runs `assistant serve` as a subprocess
FAKE = "tests.web.fake_nlp:load"
OFFICERS, NOTES = 3, 2


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Fleet, Path]:
    """One finished run and its stopped server's database."""
    tmp = tmp_path_factory.mktemp("load")
    args = parse_args(
        ["--fleets", str(OFFICERS), "--turns", str(NOTES), "--think-s", "0",
         "--arrivals-per-s", "0", "--deadline-s", "60", "--extractor", FAKE, "--no-save"]
    )  # fmt: skip
    return run_fleet(OFFICERS, args, tmp), tmp / "casenotes.db"


def _tampered(fleet: tuple[Fleet, Path], tmp_path: Path, *sql: str) -> Path:
    """A copy of the run's database with `sql` applied (ids from the acknowledged notes)."""
    database = tmp_path / "copy.db"
    shutil.copy(fleet[1], database)
    conn = sqlite3.connect(database)
    with conn:
        for statement in sql:
            conn.execute(statement)
    conn.close()
    return database


def _first(fleet: tuple[Fleet, Path]) -> Sent:
    return fleet[0].ledger.sent[0]


def test_every_officer_signs_in_and_every_step_is_acknowledged(fleet):
    run, _ = fleet
    assert run.ledger.signed_in == OFFICERS
    assert not run.ledger.errors, run.ledger.errors
    assert not run.cut_off and not +run.ledger.in_flight
    counts = {step: len(run.ledger.latencies[step]) for step in STEPS}
    assert counts == {"sign_in": OFFICERS} | {s: OFFICERS * NOTES for s in STEPS[1:]}
    assert all(n.entry_id and n.location and n.submitted for n in run.ledger.sent)
    # sign-in is 3 requests, each note 4 (chat turn, read, correct, submit)
    assert run.ledger.requests == OFFICERS * 3 + OFFICERS * NOTES * 4


def test_notes_are_realistic_and_name_the_officers_own_people(fleet):
    sent = fleet[0].ledger.sent
    assert all(150 <= len(n.text.split()) <= 350 for n in sent)
    assert len({n.text for n in sent}) == len(sent)
    assert all(n.text.startswith(f"Saw {n.name} ") for n in sent)


def test_a_clean_run_verifies(fleet):
    verdict = fleet[0].verdict
    assert verdict.ok, verdict.summary()
    assert verdict.acknowledged == OFFICERS * NOTES
    assert verdict.unacknowledged_stored == verdict.no_entry == 0


def test_a_lost_entry_is_caught(fleet, tmp_path):
    gone = _first(fleet).entry_id
    database = _tampered(
        fleet, tmp_path, f"DELETE FROM entry_versions WHERE entry_id = {gone}",
        f"DELETE FROM entries WHERE id = {gone}",
    )  # fmt: skip
    verdict = verify(database, fleet[0].ledger.sent)
    assert not verdict.ok
    assert verdict.lost == 1 and verdict.duplicated == 0


def test_a_duplicated_entry_is_caught(fleet, tmp_path):
    columns = "crn, author_id, status, current_version, note_text, reference_date, extraction, "
    columns += "data, created_at, updated_at"
    database = _tampered(
        fleet, tmp_path,
        f"INSERT INTO entries ({columns}) SELECT {columns} FROM entries "
        f"WHERE id = {_first(fleet).entry_id}",
    )  # fmt: skip
    verdict = verify(database, fleet[0].ledger.sent)
    assert not verdict.ok
    assert verdict.duplicated == 1 and verdict.lost == 0


def test_a_duplicated_chat_message_is_caught(fleet, tmp_path):
    database = _tampered(
        fleet, tmp_path,
        "INSERT INTO messages (conversation_id, role, text, created_at) SELECT conversation_id, "
        f"role, text, created_at FROM messages WHERE id = {_first(fleet).message_id}",
    )  # fmt: skip
    verdict = verify(database, fleet[0].ledger.sent)
    assert verdict.duplicated == 1 and not verdict.ok


@pytest.mark.parametrize(
    ("change", "what"),
    [
        ("status = 'draft'", "status"),
        ("data = json_set(data, '$.contact.location', 'Elsewhere')", "location"),
        ("crn = (SELECT crn FROM people WHERE name != (SELECT name FROM people p JOIN entries e "
         "ON e.crn = p.crn WHERE e.id = {id}) LIMIT 1)", "person"),
    ],
)  # fmt: skip
def test_an_altered_entry_is_caught(fleet, tmp_path, change, what):
    entry_id = _first(fleet).entry_id
    sql = f"UPDATE entries SET {change.format(id=entry_id)} WHERE id = {entry_id}"
    verdict = verify(_tampered(fleet, tmp_path, sql), fleet[0].ledger.sent)
    assert dict(verdict.wrong) == {what: 1}
    assert not verdict.ok


def test_altered_note_text_is_wrong_and_a_phantom(fleet, tmp_path):
    entry_id = _first(fleet).entry_id
    sql = f"UPDATE entries SET note_text = note_text || ' (edited)' WHERE id = {entry_id}"
    verdict = verify(_tampered(fleet, tmp_path, sql), fleet[0].ledger.sent)
    assert dict(verdict.wrong) == {"text": 1} and verdict.phantom == 1


def test_an_entry_for_a_note_cut_off_unanswered_is_allowed_once(fleet):
    sent = copy.deepcopy(fleet[0].ledger.sent)
    cut = sent[0]
    cut.answered, cut.message_id, cut.entry_id, cut.location, cut.submitted = (
        False, None, None, None, False,
    )  # fmt: skip
    verdict = verify(fleet[1], sent)
    assert verdict.ok, verdict.summary()
    assert verdict.no_entry == 1 and verdict.unacknowledged_stored == 1


def test_figures_and_table(fleet):
    args = parse_args(["--think-s", "0", "--turns", str(NOTES)])
    values = figures(fleet[0], args)
    assert values["officers"] == OFFICERS and values["errors"] == 0
    assert values["lost"] == values["duplicated"] == 0
    assert values["note_p50_ms"] <= values["note_p95_ms"] <= values["note_p99_ms"]
    assert values["peak_rss_mb"] > 0
    lines = table([values]).splitlines()
    assert len(lines) == 3 and lines[2].startswith(f"| {OFFICERS} | 0 |")
