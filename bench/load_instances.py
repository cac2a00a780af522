"""Several `assistant serve` processes over one database for `bench.load --instances N`:
started together, each on its own loopback port, one killed with SIGKILL mid-run (as a
container or host dies: the server and its extraction workers at once), the rest stopped
cleanly at the end, and the audit chain checked by `assistant audit verify` afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench.chat_server import ROOT, ProcessWatch, free_port, stop

READY_TIMEOUT_S = 240.0


@dataclass
class Instance:
    """One app process: where it listens, its log, and whether the bench killed it."""

    index: int
    port: int
    log: Path
    proc: subprocess.Popen
    killed_at_s: float | None = None

    @property
    def base(self) -> str:
        """Its URL, as the load balancer knows it."""
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Instances:
    """The app processes of one fleet, and a watch on each one's memory and CPU."""

    members: list[Instance]
    watches: list[ProcessWatch] = field(default_factory=list)

    @property
    def bases(self) -> list[str]:
        """Every instance's URL, in order."""
        return [m.base for m in self.members]

    def __enter__(self) -> Instances:
        self.watches = [ProcessWatch(m.proc.pid) for m in self.members]
        for watch in self.watches:
            watch.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        for watch in self.watches:
            watch.__exit__()

    def kill(self, index: int, at_s: float) -> None:
        """SIGKILL the instance's server and its workers at once, as a dying host would."""
        member = self.members[index]
        for pid in reversed(self.watches[index].tree() if self.watches else [member.proc.pid]):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        member.proc.wait()
        member.killed_at_s = at_s

    def stop(self) -> None:
        """Stop every instance still running (SIGTERM, then SIGKILL after 30 s)."""
        for member in self.members:
            if member.proc.poll() is None:
                stop(member.proc)

    @property
    def peak_total_kb(self) -> int:
        """Peak RSS of all the instances together (each's own peak, summed)."""
        return sum(w.peak_total_kb for w in self.watches)

    def cpu_s(self) -> tuple[float, float]:
        """CPU seconds so far of (the servers, their extraction workers), all instances."""
        parts = [w.cpu_s() for w in self.watches]
        return sum(p[0] for p in parts), sum(p[1] for p in parts)


def launch(config: Path, count: int, tmp: Path) -> Instances:
    """Start `count` servers on one config (so one database), and wait until each is ready."""
    members = []
    for index in range(count):
        port = free_port()
        log = tmp / f"server-{index}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "assistant.cli", "--config", str(config), "serve",
                 "--host", "127.0.0.1", "--port", str(port)],
                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )  # fmt: skip
        members.append(Instance(index, port, log, proc))
    instances = Instances(members)
    try:
        for member in members:
            wait_ready(member)
    except BaseException:
        instances.stop()
        raise
    return instances


def wait_ready(member: Instance, timeout_s: float = READY_TIMEOUT_S) -> None:
    """Return once /readyz says ready (database answering, every worker's model loaded)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if member.proc.poll() is not None:
            raise SystemExit(f"instance {member.index} exited; see {member.log}")
        try:
            with urllib.request.urlopen(f"{member.base}/readyz", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"instance {member.index} not ready within {timeout_s:.0f}s; see {member.log}")


async def kill_later(instances: Instances, index: int, after_s: float, t0: float) -> float:
    """Kill one instance `after_s` into the run; when it was killed, in seconds from t0."""
    await asyncio.sleep(after_s)
    at_s = time.perf_counter() - t0
    await asyncio.to_thread(instances.kill, index, at_s)
    return at_s


def audit_verifies(config: Path) -> bool:
    """`assistant audit verify` on the run's database: the chain is whole and in order."""
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "--config", str(config), "audit", "verify"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    if result.returncode != 0:
        print(result.stdout + result.stderr, file=sys.stderr)
    return result.returncode == 0
