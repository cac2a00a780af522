"""`assistant seed-demo`: one account of each role, a fictional caseload, how to sign in."""

from __future__ import annotations

from assistant.cli import main
from assistant.settings import AuthSettings
from storage import accounts, people
from storage.db import open_db


def test_seed_demo_once_with_every_role(tmp_path, monkeypatch, capsys):
    database = tmp_path / "demo.db"
    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\ndatabase = "{database}"\n', encoding="utf-8")
    monkeypatch.setenv("CASENOTES_DEMO_PASSWORD", "demo pass phrase")
    assert main(["--config", str(config), "seed-demo", "--if-empty"]) == 0
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8080/login" in out and "demo pass phrase" in out
    for username, role in [
        ("demo.officer", "officer"),
        ("demo.supervisor", "supervisor"),
        ("demo.admin", "admin"),
    ]:
        assert f"{username}" in out and f"({role})" in out
    db = open_db(database)
    try:
        users = {u.username: u for u in accounts.list_users(db)}
        assert {u.role for u in users.values()} == {"officer", "supervisor", "admin"}
        user = accounts.verify_password(db, "demo.officer", "demo pass phrase", AuthSettings())
        assert len(people.list_people_for(db, user)) >= 3
        assert main(["--config", str(config), "seed-demo", "--if-empty"]) == 0
        assert "already exist" in capsys.readouterr().out
        assert len(accounts.list_users(db)) == len(users)
    finally:
        db.conn.close()
