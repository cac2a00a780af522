"""The admin CLI: each subcommand's effect, output, and one-line errors with exit status."""

from __future__ import annotations

import argparse
import io
import json
import stat
from pathlib import Path

import pytest
from storage_helpers import PASSWORD

from assistant import cli_admin
from storage import accounts, people
from storage.db import open_db


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'[storage]\ndatabase = "{(tmp_path / "data" / "casenotes.db").as_posix()}"\n')
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "casenotes.db"


class Cli:
    """Runs admin subcommands in-process against the test config."""

    def __init__(
        self, config: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ):
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
def cli(config: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(config, capsys, monkeypatch)


@pytest.fixture
def staffed(cli: Cli, tmp_path: Path) -> Cli:
    """Two officers and a supervisor in one team, and a caseload imported for one officer."""
    for name, role in (("ofa", "officer"), ("ofb", "officer"), ("sup", "supervisor")):
        assert cli("user", "add", name, "--role", role, "--team", "North", stdin=PASSWORD)[0] == 0
    csv_file = tmp_path / "caseload.csv"
    csv_file.write_text(
        "crn,name,aliases,dob\nA000001,Ann Example,Annie;A. Example,1990-01-02\n"
        "A000002,Bob Example,,\n",
        encoding="utf-8",
    )
    assert cli("caseload", "import", str(csv_file), "--team", "North", "--officer", "ofa")[0] == 0
    return cli


def assert_one_line_error(result: tuple[int, str, str], text: str) -> None:
    code, _, err = result
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("assistant: error: ")
    assert text in err


def test_user_add_reads_password_from_stdin(cli: Cli, db_path: Path) -> None:
    code, out, _ = cli(
        "user",
        "add",
        "Jo",
        "--role",
        "officer",
        "--team",
        "North",
        "--name",
        "Jo Bloggs",
        stdin=PASSWORD + "\n",
    )
    assert code == 0 and "added officer jo" in out
    with open_db(db_path) as db:
        user = accounts.get_user_by_username(db, "jo")
        assert user.display_name == "Jo Bloggs"
        assert PASSWORD not in str(list(db.query("SELECT * FROM users")))


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["user", "add", "jo", "--role", "officer", "--team", "N"], "", "at least 8"),
        (["user", "add", "jo smith", "--role", "officer", "--team", "N"], PASSWORD, "username"),
        (["user", "disable", "nobody"], "", "no such user"),
        (["caseload", "assign", "A000001", "nobody"], "", "no such user"),
        (["token", "create", "nobody"], "", "no such user"),
        (["export-person", "Z999999"], "", "no such person"),
        (["restore", "/nonexistent/backup.db"], "", "no backup"),
    ],
)
def test_errors_are_one_line(cli: Cli, argv: list[str], stdin: str, message: str) -> None:
    assert_one_line_error(cli(*argv, stdin=stdin), message)


def test_duplicate_user(cli: Cli) -> None:
    cli("user", "add", "jo", "--role", "officer", "--team", "N", stdin=PASSWORD)
    result = cli("user", "add", "JO", "--role", "admin", "--team", "N", stdin=PASSWORD)
    assert_one_line_error(result, "already taken")


@pytest.mark.parametrize(
    "argv",
    [
        ["user", "add", "jo", "--role", "superuser", "--team", "N"],
        ["user", "add", "jo", "--role", "officer"],
        ["purge"],
        ["purge", "--dry-run", "--yes"],
    ],
)
def test_usage_errors_exit_2(cli: Cli, argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli(*argv)
    assert exit_.value.code == 2


def test_caseload_import_and_assign(staffed: Cli, db_path: Path) -> None:
    with open_db(db_path) as db:
        ofa = accounts.get_user_by_username(db, "ofa")
        ofb = accounts.get_user_by_username(db, "ofb")
        ann = people.get_person(db, "A000001")
        assert (ann.officer_id, ann.aliases, ann.dob) == (
            ofa.id,
            ["Annie", "A. Example"],
            "1990-01-02",
        )
    code, out, _ = staffed("caseload", "assign", "a000002", "OFB")
    assert code == 0 and "A000002" in out
    with open_db(db_path) as db:
        assert people.get_person(db, "A000002").officer_id == ofb.id


def test_caseload_import_reports_bad_rows(staffed: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("crn,name\nB000001,Good Row\nnot-a-crn,Bad Row\n")
    assert_one_line_error(staffed("caseload", "import", str(bad), "--team", "North"), "row 2")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("id,fullname\n1,x\n")
    assert_one_line_error(staffed("caseload", "import", str(wrong), "--team", "North"), "crn,name")


def test_token_create_prints_a_working_token(staffed: Cli, db_path: Path) -> None:
    code, out, err = staffed("token", "create", "ofa")
    token = out.strip()
    assert code == 0 and token.startswith("cn_") and "shown once" in err
    with open_db(db_path) as db:
        assert accounts.verify_token(db, token) is not None
    assert staffed("token", "revoke", "1")[0] == 0
    with open_db(db_path) as db:
        assert accounts.verify_token(db, token) is None


def test_user_disable_and_enable(staffed: Cli, db_path: Path) -> None:
    assert staffed("user", "disable", "ofa")[1] == "disabled ofa\n"
    assert_one_line_error(staffed("token", "create", "ofa"), "disabled")
    assert staffed("user", "enable", "ofa")[0] == 0
    with open_db(db_path) as db:
        assert not accounts.get_user_by_username(db, "ofa").disabled


def test_audit_verify(staffed: Cli, db_path: Path) -> None:
    code, out, _ = staffed("audit", "verify")
    assert code == 0 and out.startswith("audit log intact")
    with open_db(db_path) as db:
        db.execute("DROP TRIGGER audit_log_no_update")
        db.execute("DROP TRIGGER audit_log_no_delete")
        db.execute("UPDATE audit_log SET user_id = 99 WHERE id = 2")
        db.execute("DELETE FROM audit_log WHERE id = 4")
    code, out, err = staffed("audit", "verify")
    assert code == 1
    lines = out.splitlines()
    assert "row 2: contents do not match its hash (edited)" in lines
    assert "rows 4-4: missing (deleted)" in lines
    assert "FAILED" in err


def test_export_person(staffed: Cli, tmp_path: Path) -> None:
    code, out, _ = staffed("export-person", "A000001")
    document = json.loads(out)
    assert code == 0
    assert document["schema"] == "person-export/1"
    assert document["person"]["name"] == "Ann Example"
    target = tmp_path / "sar.json"
    code, out, err = staffed("export-person", "A000001", "--output", str(target))
    assert code == 0 and out == "" and str(target) in err
    assert json.loads(target.read_text())["person"]["crn"] == "A000001"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_purge_dry_run(staffed: Cli) -> None:
    code, out, _ = staffed("purge", "--dry-run")
    assert code == 0
    assert "entries: would remove 0" in out
    code, out, _ = staffed("purge", "--yes")
    assert code == 0 and "entries: removed 0" in out


def test_backup_and_restore(staffed: Cli, tmp_path: Path, db_path: Path) -> None:
    copy = tmp_path / "backups" / "copy.db"
    code, out, _ = staffed("backup", str(copy))
    assert code == 0 and copy.is_file()
    assert_one_line_error(staffed("backup", str(copy)), "already exists")
    staffed("user", "add", "late", "--role", "officer", "--team", "North", stdin=PASSWORD)
    code, out, _ = staffed("restore", str(copy))
    assert code == 0 and "kept at" in out
    with open_db(db_path) as db:
        assert [u.username for u in accounts.list_users(db)] == ["ofa", "ofb", "sup"]
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 100)
    assert_one_line_error(staffed("restore", str(garbage)), "not a usable casenotes database")


def test_registered_in_the_assistant_command(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant.cli import main

    assert main(["--config", str(config), "audit", "verify"]) == 0
    assert "audit log intact" in capsys.readouterr().out


@pytest.mark.parametrize("db_backend", ["postgresql"], indirect=True)
def test_on_postgresql_the_commands_work_and_backup_names_pg_dump(
    db_backend, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "pg.toml"
    config.write_text(f'[storage]\ndatabase = "{db_backend.url}"\n')
    cli = Cli(config, capsys, monkeypatch)
    assert cli("user", "add", "ofa", "--role", "officer", "--team", "North", stdin=PASSWORD)[0] == 0
    code, out, _ = cli("audit", "verify")
    assert code == 0 and "audit log intact" in out
    dump = tmp_path / "casenotes.dump"
    assert_one_line_error(cli("backup", str(dump)), "pg_dump --format=custom")
    assert_one_line_error(cli("restore", str(dump)), "pg_restore --clean")
    assert not dump.exists()
