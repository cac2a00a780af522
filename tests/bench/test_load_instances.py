"""`make bench-load --instances N`: officers spread over several servers on one database,
carrying on through the others when one is killed; and the failover rules on their own."""

from __future__ import annotations

import random

import aiohttp
import pytest
from aiohttp import web

from bench.load import Fleet, parse_args, run_fleet
from bench.load_officer import Ledger, Pace, Route, SimulatedOfficer, StepFailed
from bench.load_report import figures

FAKE = "tests.web.fake_nlp:load"
OFFICERS, NOTES = 4, 2


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fleet(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Fleet:
    """Two instances on one database of each kind, the first killed (SIGKILL) before any
    officer arrives. The PostgreSQL server is the bench's own (tests/pgserver.py)."""
    args = parse_args(
        ["--fleets", str(OFFICERS), "--turns", str(NOTES), "--think-s", "0",
         "--arrivals-per-s", "0", "--deadline-s", "90", "--extractor", FAKE, "--no-save",
         "--instances", "2", "--kill-at-s", "0", "--database", request.param]
    )  # fmt: skip
    tmp = tmp_path_factory.mktemp("load-instances")
    return run_fleet(OFFICERS, args, tmp, on_ready=lambda instances: instances.kill(0, 0.0))


@pytest.mark.slow
def test_the_killed_instances_officers_carry_on_through_the_other(fleet):
    ledger = fleet.ledger
    assert not ledger.errors, ledger.errors
    assert ledger.signed_in == OFFICERS
    assert all(n.entry_id and n.location and n.submitted for n in ledger.sent)
    assert len(ledger.sent) == OFFICERS * NOTES
    # Officers 0 and 2 were sent to instance 0: each was refused once, then stayed on 1.
    assert ledger.by_instance[0]["failovers"] == OFFICERS // 2
    assert ledger.by_instance[0]["answered"] == 0
    assert ledger.by_instance[1]["answered"] == ledger.requests
    assert ledger.killed == [(0, 0.0)]


@pytest.mark.slow
def test_the_shared_database_verifies_and_so_does_the_audit_chain(fleet):
    assert fleet.verdict.ok, fleet.verdict.summary()
    assert fleet.verdict.acknowledged == OFFICERS * NOTES
    assert fleet.audit_ok is True


@pytest.mark.slow
def test_figures_are_given_per_instance(fleet):
    args = parse_args(["--instances", "2", "--turns", str(NOTES), "--database", "sqlite"])
    values = figures(fleet, args)
    assert values["instances"] == 2 and values["killed"] == "0@0.0s"
    assert values["failovers"] == OFFICERS // 2 and values["audit_verifies"] == "yes"
    first, second = values["per_instance"].split("; ")
    assert first.startswith("#0 killed at 0.0 s: 0 answered")
    assert second.startswith(f"#1: {fleet.ledger.requests} answered")


@pytest.mark.slow
def test_the_postgresql_servers_cpu_is_counted(fleet, request):
    """The database's CPU shares the cores with the app: counted on PostgreSQL (its backends
    served every request), not on SQLite, whose work is inside the app's own."""
    values = figures(fleet, parse_args(["--instances", "2"]))
    if request.node.callspec.params["fleet"] == "postgresql":
        assert fleet.database_cpu_s is not None and fleet.database_cpu_s > 0
        assert values["database_cpu_s"] == fleet.database_cpu_s
    else:
        assert fleet.database_cpu_s is None and values["database_cpu_s"] == "-"


def test_a_route_moves_round_the_instances() -> None:
    route = Route(["http://a", "http://b", "http://c"], home=4)
    assert route.base == "http://b"
    route.fail_over()
    route.fail_over()
    assert route.base == "http://a"


@pytest.fixture
async def dying_and_live(aiohttp_server):
    """Instance 0 drops every connection mid-request; instance 1 answers, noting the keys."""
    seen: list[str | None] = []

    async def drop(request: web.Request) -> web.Response:
        await request.read()
        assert request.transport is not None
        request.transport.close()
        return web.Response()

    async def answer(request: web.Request) -> web.Response:
        seen.append(request.headers.get("Idempotency-Key"))
        return web.json_response({"ok": True})

    dying, live = web.Application(), web.Application()
    dying.router.add_route("*", "/{tail:.*}", drop)
    live.router.add_route("*", "/{tail:.*}", answer)
    servers = [await aiohttp_server(dying), await aiohttp_server(live)]
    return [str(s.make_url("")).rstrip("/") for s in servers], seen


async def _officer(bases: list[str]) -> tuple[SimulatedOfficer, Ledger, aiohttp.ClientSession]:
    ledger = Ledger()
    http = aiohttp.ClientSession()
    officer = SimulatedOfficer(http, ledger, Pace(0, 0), random.Random(1), Route(bases, 0))
    return officer, ledger, http


async def test_a_chat_turn_cut_off_is_sent_again_elsewhere_with_its_key(dying_and_live):
    bases, seen = dying_and_live
    officer, ledger, http = await _officer(bases)
    async with http:
        headers = {"Idempotency-Key": "turn-1"}
        body = await officer._call("note", "POST", "/api/v1/chat", 200, json={}, headers=headers)
    assert body == {"ok": True} and seen == ["turn-1"]
    assert ledger.by_instance[0]["failovers"] == 1 and officer.answered_by == 1


async def test_a_sign_in_cut_off_is_tried_again_elsewhere(dying_and_live):
    bases, seen = dying_and_live
    officer, ledger, http = await _officer(bases)
    async with http:
        await officer._call("sign_in", "POST", "/login", 200, data={"username": "bench00"})
    assert seen == [None] and officer.answered_by == 1 and not ledger.errors


async def test_a_correction_cut_off_is_not_repeated(dying_and_live):
    bases, seen = dying_and_live
    officer, ledger, http = await _officer(bases)
    async with http:
        with pytest.raises(StepFailed):
            await officer._call("correct", "PATCH", "/api/v1/entries/1", 200, json={})
    assert seen == []  # it may have been applied: sending it again could apply it twice
    assert dict(ledger.errors) == {"correct:ServerDisconnectedError": 1}
    assert ledger.by_instance[0]["errors"] == 1


async def test_every_instance_refusing_is_one_error(unused_tcp_port_factory):
    bases = [f"http://127.0.0.1:{unused_tcp_port_factory()}" for _ in range(2)]
    officer, ledger, http = await _officer(bases)
    async with http:
        with pytest.raises(StepFailed):
            await officer._call("view", "GET", "/api/v1/entries/1", 200)
    assert dict(ledger.errors) == {"view:no_instance_answered": 1}
    assert sum(c["failovers"] for c in ledger.by_instance.values()) == 2


@pytest.mark.slow
def test_the_fleet_is_split_at_the_last_sign_in(fleet, request):
    """Every note falls in one phase, and on PostgreSQL the server's commits and WAL
    flushes are counted (none on SQLite, whose are the app's own)."""
    phases = fleet.phases
    notes = len(fleet.ledger.latencies["note"])
    assert phases["sign_ins_notes"] + phases["steady_notes"] == notes > 0
    assert phases["sign_ins_s"] > 0 and phases["steady_s"] > 0
    values = figures(fleet, parse_args(["--instances", "2"]))
    assert all(values[k] == v for k, v in phases.items())

    def whole_run(what: str) -> float:
        return sum(phases[f"{p}_{what}_per_note"] * max(phases[f"{p}_notes"], 1)
                   for p in ("sign_ins", "steady"))  # fmt: skip

    if request.node.callspec.params["fleet"] == "postgresql":
        assert whole_run("commits") >= notes  # a note is several transactions
        assert whole_run("wal_syncs") > 0  # its saves were flushed durably
    else:
        assert whole_run("commits") == whole_run("wal_syncs") == 0
