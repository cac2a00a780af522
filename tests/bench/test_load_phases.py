"""`bench.load_phases`: a phase's figures are the difference of two readings, per second
and per note."""

from __future__ import annotations

import pytest

from bench.load_phases import Reading, phase


def _reading(at_s: float, scale: float) -> Reading:
    return Reading(
        at_s=at_s,
        app_cpu_s=2.0 * scale,
        workers_cpu_s=4.0 * scale,
        database_cpu_s=1.0 * scale,
        machine_busy_s=10.0 * scale,
        client_cpu_s=0.5 * scale,
        commits=int(100 * scale),
        wal_syncs=int(20 * scale),
        wal_fpi=int(3 * scale),
        wal_bytes=int(4096 * scale),
    )


def test_a_phase_is_the_difference_of_its_readings() -> None:
    start, end = _reading(100.0, 1.0), _reading(110.0, 3.0)
    got = phase("steady", start, end, notes=10)
    assert got["steady_s"] == pytest.approx(10.0)
    assert got["steady_notes"] == 10
    assert got["steady_app_cores"] == pytest.approx(0.4)  # 4 s of CPU over 10 s
    assert got["steady_workers_cores"] == pytest.approx(0.8)
    assert got["steady_database_cores"] == pytest.approx(0.2)
    # The machine used 20 s, of which ours were 4 + 8 + 2 + 1: 5 s of other work.
    assert got["steady_other_cores"] == pytest.approx(0.5)
    assert got["steady_app_ms_per_note"] == pytest.approx(400.0)
    assert got["steady_database_ms_per_note"] == pytest.approx(200.0)
    assert got["steady_commits_per_note"] == pytest.approx(20.0)
    assert got["steady_wal_syncs_per_note"] == pytest.approx(4.0)
    assert got["steady_wal_fpi"] == 6 and got["steady_wal_kb"] == pytest.approx(8.0)


def test_a_phase_without_notes_is_not_divided_by_zero() -> None:
    got = phase("sign_ins", _reading(0.0, 1.0), _reading(5.0, 2.0), notes=0)
    assert got["sign_ins_notes"] == 0
    assert got["sign_ins_commits_per_note"] == pytest.approx(100.0)  # per one, not infinite
