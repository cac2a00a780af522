"""A real `assistant serve` in its own process group, on a database seeded with officers."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.chat_server import free_port
from storage import accounts, people
from storage.db import open_db
from tests.web.conftest import CHEAP, PASSWORD

ROOT = Path(__file__).resolve().parents[2]
FAKE_LOADER = "tests.web.fake_nlp:load"


@dataclass(frozen=True)
class Officer:
    """An officer account with an API token and one person on their caseload."""

    username: str
    token: str
    crn: str


def seed(database: Path, count: int) -> list[Officer]:
    """`count` officers in one team, each with an API token and a person of their own."""
    db = open_db(database)
    officers = []
    try:
        for n in range(count):
            user = accounts.create_user(
                db, f"officer{n}", PASSWORD, "officer", "North", hasher=CHEAP
            )
            crn = f"X{300000 + n}"
            people.upsert_person(db, crn, f"Person {n} Test", team_id=user.team_id)
            people.assign_caseload(db, crn, user.username)
            officers.append(Officer(user.username, accounts.create_token(db, user)[1], crn))
    finally:
        db.conn.close()
    return officers


class Server:
    """`assistant serve` on a free port, started in a new session so SIGKILL takes it all."""

    def __init__(
        self,
        tmp: Path,
        *,
        workers: int = 1,
        extractor: str = FAKE_LOADER,
        database: Path | None = None,
    ) -> None:
        self.database = database or tmp / "casenotes.db"
        self.config = tmp / "config.toml"
        self.config.write_text(
            f'[server]\nworkers = {workers}\nextractor = "{extractor}"\n'
            f'[storage]\ndatabase = "{self.database}"\n'
            "[auth]\nrequests_per_minute = 1000000\n"
        )
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        """The base URL."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start the server and wait until /healthz answers."""
        self.starts += 1
        log = self.config.with_name(f"server-{self.starts}.log")
        with log.open("wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "assistant.cli", "--config", str(self.config), "serve"]
                + ["--port", str(self.port)],
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1):
                    return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.1)
        self.kill()
        raise AssertionError(f"the server did not start:\n{log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL the server and its extraction workers at once, as a power cut would."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.proc = None

    def stop(self) -> None:
        """Stop the server cleanly (SIGTERM), then make sure nothing of it is left."""
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        finally:
            self.kill()

    def cli(self, *argv: str, config: Path | None = None) -> subprocess.CompletedProcess[str]:
        """Run `assistant --config CONFIG ARGV...` as its own process."""
        return subprocess.run(
            [sys.executable, "-m", "assistant.cli", "--config", str(config or self.config), *argv],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
