"""bench/backfill.py's CPU count: a pool worker's CPU is counted in full once it has exited."""

from __future__ import annotations

import subprocess
import sys

from bench.backfill import ProcessTreeCpu

BURN = "import time\nwhile time.process_time() < {s}: pass\n"


def test_a_child_that_ends_between_two_samples_is_counted_in_full() -> None:
    # 0.15 s of CPU can start and end between two 0.2 s samples; a waited-for child counts
    # from the kernel's own total for it, not from samples.
    with ProcessTreeCpu() as cpu:
        subprocess.run([sys.executable, "-c", BURN.format(s=0.15)], check=True)
    assert 0.15 <= cpu.seconds < 2.0


def test_a_child_still_running_counts_from_its_samples() -> None:
    with ProcessTreeCpu() as cpu:
        child = subprocess.Popen([sys.executable, "-c", BURN.format(s=0.6) + "input()\n"],
                                 stdin=subprocess.PIPE)  # fmt: skip
        while cpu.seen.get((child.pid, _created(child.pid)), 0.0) < 0.5:
            cpu.stop.wait(0.05)
    child.communicate(b"\n")
    assert 0.5 <= cpu.seconds < 3.0


def _created(pid: int) -> float:
    import psutil

    try:
        return psutil.Process(pid).create_time()
    except psutil.Error:
        return 0.0
