"""API tokens expire and can be listed and revoked; passwords can be set and changed."""

from __future__ import annotations

import argparse
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assistant import cli_admin
from storage import accounts
from storage.db import open_db
from tests.web.conftest import CHEAP, PASSWORD, sign_in


class Cli:
    """Admin subcommands in-process against a config naming a temporary database."""

    def __init__(self, config: Path, capsys, monkeypatch) -> None:
        self.config, self.capsys, self.monkeypatch = config, capsys, monkeypatch
        parser = argparse.ArgumentParser(prog="assistant")
        parser.add_argument("--config")
        cli_admin.register(parser.add_subparsers(dest="command", required=True))
        self.parser = parser

    def __call__(self, *argv: str, stdin: str = "") -> tuple[int, str, str]:
        self.monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        args = self.parser.parse_args(["--config", str(self.config), *argv])
        code = args.func(args)
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "data" / "casenotes.db"


def _cli(tmp_path, database, capsys, monkeypatch, extra: str = "") -> Cli:
    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\ndatabase = "{database.as_posix()}"\n{extra}')
    monkeypatch.setattr(accounts, "DEFAULT_HASHER", CHEAP)
    cli = Cli(config, capsys, monkeypatch)
    for name in ("ofa", "ofb"):
        assert cli("user", "add", name, "--role", "officer", "--team", "N", stdin=PASSWORD)[0] == 0
    return cli


@pytest.fixture
def cli(tmp_path, database, capsys, monkeypatch) -> Cli:
    return _cli(tmp_path, database, capsys, monkeypatch)


def test_a_token_expires_after_the_default_90_days(cli, database):
    token = cli("token", "create", "ofa")[1].strip()
    with open_db(database) as db:
        soon = datetime.now(UTC) + timedelta(days=89)
        later = datetime.now(UTC) + timedelta(days=90, minutes=1)
        assert accounts.verify_token(db, token, now=soon) is not None
        assert accounts.verify_token(db, token, now=later) is None


def test_token_days_setting_sets_the_expiry(tmp_path, database, capsys, monkeypatch):
    cli = _cli(tmp_path, database, capsys, monkeypatch, "[auth]\ntoken_days = 7\n")
    code, out, err = cli("token", "create", "ofa")
    assert code == 0 and "valid 7 days" in err
    with open_db(database) as db:
        in_8_days = datetime.now(UTC) + timedelta(days=8)
        assert accounts.verify_token(db, out.strip(), now=in_8_days) is None
        assert accounts.verify_token(db, out.strip()) is not None


def test_token_list_shows_every_token_but_never_the_token(cli):
    first = cli("token", "create", "ofa")[1].strip()
    cli("token", "create", "ofb", "--days", "1")
    assert cli("token", "revoke", "1")[0] == 0
    code, out, _ = cli("token", "list")
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 3
    assert lines[1].startswith("2\tofb") and lines[1].endswith("active")
    assert lines[2].startswith("1\tofa") and lines[2].endswith("revoked")
    assert first not in out and "cn_" not in out
    only = cli("token", "list", "ofb")[1].strip().splitlines()
    assert len(only) == 2 and only[1].startswith("2\tofb")


def test_user_password_from_stdin_ends_sessions(cli, database):
    new = "a new long passphrase"
    with open_db(database) as db:
        user = accounts.get_user_by_username(db, "ofa")
        accounts.create_session(db, user, _auth())
    code, out, _ = cli("user", "password", "ofa", stdin=new + "\n")
    assert code == 0 and "password changed" in out
    with open_db(database) as db:
        assert accounts.password_matches(db, "ofa", new, hasher=CHEAP)
        assert not accounts.password_matches(db, "ofa", PASSWORD, hasher=CHEAP)
        assert db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0
    code, _, err = cli("user", "password", "ofa", stdin="short\n")
    assert code == 1 and "at least" in err


def _auth():
    from assistant.settings import AuthSettings

    return AuthSettings()


async def test_change_password_page_needs_the_current_password(client, db):
    csrf = await sign_in(client, "olivia")
    page = await client.get("/account/password")
    assert page.status == 200 and 'name="current_password"' in await page.text()
    form = {"csrf_token": csrf, "new_password": "another long one", "confirm_password": ""}
    wrong = await client.post(
        "/account/password", data={**form, "current_password": "not it at all"}
    )
    text = await wrong.text()
    assert (
        wrong.status == 400 and "There is a problem" in text and 'href="#current_password"' in text
    )
    assert accounts.password_matches(db, "olivia", PASSWORD, hasher=CHEAP)


async def test_change_password_needs_csrf(client, db):
    await sign_in(client, "olivia")
    form = {"current_password": PASSWORD, "new_password": "x" * 12, "confirm_password": "x" * 12}
    resp = await client.post("/account/password", data=form)
    assert resp.status == 403
    assert accounts.password_matches(db, "olivia", PASSWORD, hasher=CHEAP)


async def test_change_password_sets_it_and_ends_other_sessions(client, db, aiohttp_client):
    other = await aiohttp_client(client.server)  # a second browser, signed in too
    await sign_in(other, "olivia")
    csrf = await sign_in(client, "olivia")
    new = "a brand new passphrase"
    form = {"csrf_token": csrf, "current_password": PASSWORD, "new_password": new}
    mismatch = await client.post("/account/password", data={**form, "confirm_password": "no"})
    assert mismatch.status == 400
    resp = await client.post(
        "/account/password", data={**form, "confirm_password": new}, allow_redirects=False
    )
    assert resp.status == 303
    assert accounts.password_matches(db, "olivia", new, hasher=CHEAP)
    assert (await client.get("/", allow_redirects=False)).status == 200  # this browser stays
    assert (await other.get("/", allow_redirects=False)).status == 303  # the other is out
