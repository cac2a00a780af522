"""The audit chain's head is signed outside the database: a rewrite without the key shows."""

from __future__ import annotations

import argparse
import io
import json
import logging
from pathlib import Path

import pytest

from assistant import cli_admin
from assistant.app import create_app
from assistant.audit_signing import sign_now
from storage import accounts, audit, audit_head
from storage.db import open_db
from tests.web.conftest import CHEAP, PASSWORD

KEY_ENV = "CASENOTES_TEST_AUDIT_KEY"


@pytest.fixture
def database(tmp_path, monkeypatch) -> Path:
    """A database with a few audit rows; the signing key in a custom environment variable."""
    monkeypatch.setenv(KEY_ENV, "a long random signing key for tests")
    path = tmp_path / "data" / "casenotes.db"
    with open_db(path) as db:
        for name in ("ofa", "ofb", "ofc"):
            accounts.create_user(db, name, PASSWORD, "officer", "North", hasher=CHEAP)
    return path


@pytest.fixture
def run(tmp_path, database, capsys, monkeypatch):
    """Run an admin subcommand against a config naming the key variable; (code, out, err)."""
    config = tmp_path / "config.toml"
    config.write_text(
        f'[storage]\ndatabase = "{database.as_posix()}"\naudit_key_env = "{KEY_ENV}"\n'
    )
    parser = argparse.ArgumentParser()
    parser.add_argument("--config")
    cli_admin.register(parser.add_subparsers(dest="command", required=True))

    def call(*argv: str) -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        args = parser.parse_args(["--config", str(config), *argv])
        code = args.func(args)
        out, err = capsys.readouterr()
        return code, out, err

    return call


def rewrite_whole_chain(path: Path) -> None:
    """What someone with write access to the file but not the key can do: change a row,
    recompute every hash after it, and move the recorded head."""
    with open_db(path) as db:
        db.execute("DROP TRIGGER audit_log_no_update")
        db.execute("DROP TRIGGER audit_log_no_delete")
        db.execute("UPDATE audit_log SET detail = ? WHERE id = 1", [json.dumps({"x": 1})])
        previous = audit.GENESIS
        for row in list(db.query("SELECT * FROM audit_log ORDER BY id")):
            row["prev_hash"] = previous
            row["hash"] = audit.row_hash(row)
            db.execute(
                "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?",
                [row["prev_hash"], row["hash"], row["id"]],
            )
            previous = row["hash"]
        audit._set_meta_pair(db, "head", row["id"], previous)
        db.execute(
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'no'); END"
        )
        db.execute(
            "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'no'); END"
        )
        assert audit.verify(db) == []  # the chain alone cannot show it


def test_a_full_rewrite_without_the_key_is_detected(run, database):
    code, out, _ = run("audit", "sign")
    assert code == 0 and out.startswith("audit head ")
    assert run("audit", "verify")[0] == 0
    rewrite_whole_chain(database)
    code, out, _ = run("audit", "verify")
    assert code == 1 and "rewritten" in out


def test_cutting_the_tail_is_detected(run, database):
    assert run("audit", "sign")[0] == 0
    with open_db(database) as db:
        db.execute("DROP TRIGGER audit_log_no_delete")
        last, _ = audit.head(db)
        db.execute("DELETE FROM audit_log WHERE id = ?", [last])
        row = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        audit._set_meta_pair(db, "head", row[0], row[1])
    code, out, _ = run("audit", "verify")
    assert code == 1 and "cut back" in out


def test_an_altered_or_missing_signed_head_file_is_detected(run, database):
    assert run("audit", "sign")[0] == 0
    path = audit_head.head_path(database)
    saved = json.loads(path.read_text())
    path.write_text(json.dumps({**saved, "row_id": saved["row_id"] - 1}))
    code, out, _ = run("audit", "verify")
    assert code == 1 and "HMAC" in out and str(path) in out
    # The file is an optional anchor: without it the database's signed head is checked.
    path.unlink()
    code, out, err = run("audit", "verify")
    assert code == 0 and "no signed head file" in err


def _set_stored(database: Path, value: str | None) -> None:
    with open_db(database) as db:
        if value is None:
            db.execute("DELETE FROM audit_meta WHERE key = ?", [audit_head.META_KEY])
        else:
            db.execute(
                "UPDATE audit_meta SET value = ? WHERE key = ?", [value, audit_head.META_KEY]
            )


def test_an_altered_or_deleted_signed_head_in_the_database_is_detected(run, database):
    assert run("audit", "sign")[0] == 0
    with open_db(database) as db:
        saved = audit_head.stored(db)
    assert saved is not None
    _set_stored(database, json.dumps({**saved.__dict__, "row_id": saved.row_id - 1}))
    code, out, _ = run("audit", "verify")
    assert code == 1 and "HMAC" in out and "the database was altered" in out
    _set_stored(database, None)
    code, out, _ = run("audit", "verify")
    assert code == 1 and "no signed audit head in the database" in out


def test_a_rewrite_shows_against_the_database_head_with_no_file(run, database):
    """Another host's view: the head file is not here, only the shared database's head."""
    assert run("audit", "sign")[0] == 0
    audit_head.head_path(database).unlink()
    rewrite_whole_chain(database)
    code, out, _ = run("audit", "verify")
    assert code == 1 and "rewritten" in out and "the database" in out


def test_a_rollback_to_an_older_signed_head_shows_only_against_the_file(run, database):
    """The limit of the database's head, and why the file is kept: someone with database
    access who kept an older signed head can cut the chain back to it and put it back."""
    assert run("audit", "sign")[0] == 0
    with open_db(database) as db:
        old_value = db.execute(
            "SELECT value FROM audit_meta WHERE key = ?", [audit_head.META_KEY]
        ).fetchone()[0]
        old_id, old_hash = audit.head(db)
        accounts.create_user(db, "late", PASSWORD, "officer", "North", hasher=CHEAP)
    assert run("audit", "sign")[0] == 0
    with open_db(database) as db:
        db.execute("INSERT INTO audit_meta (key, value) VALUES ('purging', '1')")
        db.execute("DELETE FROM audit_log WHERE id > ?", [old_id])
        db.execute("DELETE FROM audit_meta WHERE key = 'purging'")
        audit._set_meta_pair(db, "head", old_id, old_hash)
        db.execute(
            "UPDATE audit_meta SET value = ? WHERE key = ?", [old_value, audit_head.META_KEY]
        )
        assert audit.verify(db) == []
    code, out, _ = run("audit", "verify")
    assert code == 1 and "cut back" in out and str(audit_head.head_path(database)) in out
    audit_head.head_path(database).unlink()
    assert run("audit", "verify")[0] == 0  # the database alone cannot show it


def test_appending_after_signing_is_fine(run, database):
    assert run("audit", "sign")[0] == 0
    with open_db(database) as db:
        accounts.create_user(db, "late", PASSWORD, "officer", "North", hasher=CHEAP)
    assert run("audit", "verify")[0] == 0


def test_the_key_comes_from_the_variable_config_names(run, database, monkeypatch):
    assert run("audit", "sign")[0] == 0
    monkeypatch.setenv(KEY_ENV, "some other key")
    code, out, _ = run("audit", "verify")
    assert code == 1 and "HMAC" in out
    monkeypatch.delenv(KEY_ENV)
    code, _, err = run("audit", "verify")
    assert code == 0 and f"{KEY_ENV} is not set" in err


async def test_the_server_signs_and_logs_the_head(
    aiohttp_client, settings, db, pool, caplog, monkeypatch
):
    caplog.set_level(logging.INFO)
    monkeypatch.setenv(settings.storage.audit_key_env, "server test key")
    client = await aiohttp_client(create_app(settings, extraction=pool))
    assert (await client.get("/healthz")).status == 200
    path = audit_head.head_path(settings.database_path)
    signed = audit_head.load(path)
    assert signed is not None and signed.row_id == audit.head(db)[0]
    assert audit_head.stored(db) == signed  # in the database too, for the other instances
    assert any(r.getMessage().startswith("audit head ") for r in caplog.records)
    if settings.uses_postgres:
        return  # the tampering below is done through the SQLite file
    # A rewritten chain is reported and never signed again.
    rewrite_whole_chain(settings.database_path)
    caplog.clear()
    assert sign_now(settings, db, b"server test key") is None
    assert any(r.levelno == logging.ERROR for r in caplog.records)
    assert audit_head.load(path) == signed
