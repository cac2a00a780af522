"""The server `bench.chat` measures: a fresh temporary database, seeded accounts, the real
`assistant serve` (real extractor) on a free loopback port, and its memory watched from /proc.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from argon2 import PasswordHasher

from storage import accounts, people
from storage.db import open_db

ROOT = Path(__file__).resolve().parent.parent
# Invented names, unlike ordinary English words, so a note names its person unambiguously.
FORENAMES = (
    "Orla Bram Ines Tobiah Wren Cosmo Elspeth Ravi Mireille Dashiell "
    "Niamh Leopold Saoirse Florian Imelda"
).split()
SURNAMES = (
    "Quenby Athersmith Vellacott Pengelly Tredinnick Rushbrooke Hollinrake "
    "Scarisbrick Fothergill Ashdown"
).split()
PEOPLE_PER_OFFICER = 3


@dataclass
class Officer:
    """A seeded officer: their API token and the names on their caseload."""

    username: str
    token: str
    names: list[str] = field(default_factory=list)


def free_port() -> int:
    """A loopback port nothing is listening on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def seed(database: Path | str, officers: int) -> list[Officer]:
    """Officers in one team, each with a token and a caseload of invented people (in a
    SQLite file, or the PostgreSQL database a URL names)."""
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)  # tokens sign in here
    db = open_db(database)
    seeded = []
    try:
        for i in range(officers):
            user = accounts.create_user(db, f"bench{i:02d}", "not-used-1", "officer", "Bench",
                                        hasher=cheap)  # fmt: skip
            officer = Officer(user.username, accounts.create_token(db, user)[1])
            for j in range(PEOPLE_PER_OFFICER):
                n = i * PEOPLE_PER_OFFICER + j
                # Names repeat across officers past 50 (each sees only their own caseload);
                # the three on one caseload always have different forenames.
                surname = SURNAMES[(n // len(FORENAMES)) % len(SURNAMES)]
                name = f"{FORENAMES[n % len(FORENAMES)]} {surname}"
                crn = f"B{n:06d}"
                people.upsert_person(db, crn, name, team_id=user.team_id, dob="1990-01-01")
                people.assign_caseload(db, crn, user.username)
                officer.names.append(name)
            seeded.append(officer)
    finally:
        db.conn.close()
    return seeded


def write_config(tmp: Path, workers: int | None) -> Path:
    """config.toml for the bench: the project's defaults, a temporary database.

    The per-user request limit is raised: one bench officer sends far faster than a person
    types, and this measures latency, not the limit (which is still checked on every request).
    """
    lines = ["[server]", 'extractor = "nlp:load"']
    if workers:
        lines.append(f"workers = {workers}")
    lines += ["[storage]", f'database = "{tmp / "casenotes.db"}"']
    lines += ["[auth]", "requests_per_minute = 100000"]
    config = tmp / "config.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def start(config: Path, port: int, log: Path, timeout_s: float = 120.0) -> subprocess.Popen:
    """`assistant serve` as a subprocess, returned once /healthz answers."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "--config", str(config), "serve",
             "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return proc
        except OSError:
            time.sleep(0.2)
    stop(proc)
    raise SystemExit(f"server did not answer within {timeout_s:.0f}s; see {log}")


def stop(proc: subprocess.Popen) -> None:
    """Ask the server to stop (it stops its workers), then make sure it has."""
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = Path(entry.path, "stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _cpu_s(pid: int) -> float:
    """User plus system CPU seconds a process has used so far."""
    with contextlib.suppress(OSError, IndexError, ValueError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


def machine_busy_s() -> float:
    """CPU seconds all processes on the machine have used since boot (all cores)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _status_kb(pid: int, key: str) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


class ProcessWatch:
    """Samples the memory and CPU time of the server and every process it started."""

    def __init__(self, pid: int, every_s: float = 0.1) -> None:
        self.pid = pid
        self.peak_total_kb = 0
        self.peak_server_kb = 0
        self.sum_of_peaks_kb = 0
        self._cpu: dict[int, float] = {}
        self._lock = threading.Lock()
        self._every = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def tree(self) -> list[int]:
        """The server's pid and its descendants' (the warm extraction workers)."""
        children, found, todo = _children(), [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    def sample(self) -> None:
        """Record one reading (VmHWM catches peaks between samples for each process)."""
        with self._lock:
            self._sample()

    def _sample(self) -> None:
        pids = self.tree()
        self.peak_total_kb = max(self.peak_total_kb, sum(_status_kb(p, "VmRSS") for p in pids))
        self.peak_server_kb = max(self.peak_server_kb, _status_kb(self.pid, "VmHWM"))
        self.sum_of_peaks_kb = sum(_status_kb(p, "VmHWM") for p in pids)
        for pid in pids:
            self._cpu[pid] = max(self._cpu.get(pid, 0.0), _cpu_s(pid))

    def cpu_s(self) -> tuple[float, float]:
        """CPU seconds used so far by (the server process, its workers)."""
        self.sample()
        server = self._cpu.get(self.pid, 0.0)
        return server, sum(self._cpu.values()) - server

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            self.sample()

    def __enter__(self) -> ProcessWatch:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()
