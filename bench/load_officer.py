"""One simulated officer of `bench.load`, and the ledger of what the whole fleet did.

An officer signs in through the web form (GET /login, POST /login, then the chat page, whose
form carries the session's CSRF token), then for each note: sends it as a chat turn
(POST /api/v1/chat), reads the entry (GET /api/v1/entries/ID), corrects its location
(PATCH with the version read) and submits it (POST /api/v1/entries/ID/submit), pausing to
think before each step. Every answer the server acknowledges is written down, so the
database can be checked against it once the server has stopped.

With several app instances each officer has a home instance (`Route`) and moves on to the
next one, as a load balancer does, when a connection is refused; a request cut off by a
dying instance is sent again on the next one when repeating it is safe (a read, or a chat
turn, which carries its Idempotency-Key). Answers and failovers are counted per instance.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import re
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NoReturn

import aiohttp

STEPS = ("sign_in", "note", "view", "correct", "submit")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Sent:
    """One note an officer sent, and what the server acknowledged about it."""

    username: str
    name: str
    """The caseload person the note names."""
    text: str
    answered: bool = False
    """The chat turn was answered 2xx (the note itself is then stored, as a message)."""
    message_id: int | None = None
    entry_id: int | None = None
    """The entry the answer showed: acknowledged as stored."""
    location: str | None = None
    """The corrected location, once the PATCH was answered 2xx."""
    submitted: bool = False


@dataclass
class Ledger:
    """Everything the fleet did: latencies per step, errors by kind, the notes sent."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in STEPS})
    errors: Counter[str] = field(default_factory=Counter)
    in_flight: Counter[str] = field(default_factory=Counter)
    """Steps waiting for an answer; what is left at the deadline was cut off there."""
    sent: list[Sent] = field(default_factory=list)
    requests: int = 0
    signed_in: int = 0
    t0: float = field(default_factory=time.perf_counter)
    timeline: list[tuple[str, float, float]] = field(default_factory=list)
    """(step, when it began in seconds from t0, milliseconds it took) for each answered step."""
    by_instance: dict[int, Counter[str]] = field(default_factory=dict)
    """Per instance: requests sent, answered, failed (by kind) and failovers away from it."""
    note_by_instance: dict[int, list[float]] = field(default_factory=dict)
    """Chat-turn latencies by the instance that answered them."""
    killed: list[tuple[int, float]] = field(default_factory=list)
    """(instance, seconds from t0) for each instance killed during the run."""
    officers: int = 0
    """How many officers the fleet has (for `when_all_signed_in`)."""
    when_all_signed_in: Callable[[], None] | None = None
    """Called once, as the last officer's sign-in is answered."""

    def sign_in_answered(self) -> None:
        """One more officer signed in; the last one calls `when_all_signed_in`."""
        self.signed_in += 1
        if self.signed_in == self.officers and self.when_all_signed_in is not None:
            self.when_all_signed_in()

    def count(self, instance: int, what: str) -> None:
        """One more `what` for `instance`."""
        self.by_instance.setdefault(instance, Counter())[what] += 1

    def steady(self, step: str) -> list[float]:
        """Latencies of `step` begun after the last sign-in was answered."""
        signed = [t + ms / 1000 for s, t, ms in self.timeline if s == "sign_in"]
        after = max(signed, default=0.0)
        return [ms for s, t, ms in self.timeline if s == step and t >= after]


@dataclass(frozen=True)
class Pace:
    """How an officer paces their work."""

    think_s: float
    """Mean pause before each step (exponential, capped at 4x); 0 is flat out."""
    arrivals_per_s: float
    """Officers arrive (and sign in) at this rate, evenly spaced; 0 is all at once."""


class Route:
    """Where one officer's requests go: their home instance, then the next ones in turn."""

    def __init__(self, bases: list[str], home: int) -> None:
        self.bases = bases
        self.current = home % len(bases)

    @property
    def base(self) -> str:
        """The instance requests go to now."""
        return self.bases[self.current]

    def fail_over(self) -> None:
        """Move on to the next instance, as a load balancer does when one stops answering."""
        self.current = (self.current + 1) % len(self.bases)


# A refused connection never reached a server: the load balancer tries the next one.
REFUSED = (aiohttp.ClientConnectorError,)
# A connection dropped mid-request may have been served: sent again only where repeating is safe.
DROPPED = (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)


class StepFailed(Exception):
    """A step got no usable answer; its kind is already counted in the ledger."""


class SimulatedOfficer:
    """One officer's session: its own cookie jar and connection, like one browser."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        ledger: Ledger,
        pace: Pace,
        rng: random.Random,
        route: Route,
    ) -> None:
        self.http = session
        self.ledger = ledger
        self.pace = pace
        self.rng = rng
        self.route = route
        self.csrf = ""
        self.answered_by = route.current
        """The instance that answered the last request."""

    async def think(self) -> None:
        """Pause as an officer would before the next step."""
        if self.pace.think_s > 0:
            pause = min(self.rng.expovariate(1 / self.pace.think_s), 4 * self.pace.think_s)
            await asyncio.sleep(pause)

    async def _call(self, step: str, method: str, path: str, ok: int, **kw: Any) -> Any:
        """One request; the answer's body (JSON, or text for pages), or StepFailed."""
        self.ledger.requests += 1
        # A sign-in makes nothing but a session, so a person whose sign-in was cut off signs
        # in again; a chat turn carries its key; a correction or a submit is not repeated.
        repeatable = (
            method == "GET" or path == "/login" or "Idempotency-Key" in kw.get("headers", {})
        )
        for _ in range(len(self.route.bases)):
            instance = self.route.current
            self.ledger.count(instance, "requests")
            try:
                resp, body = await self._send(method, path, **kw)
            except REFUSED:
                self._fail_over(instance)
                continue
            except DROPPED as exc:
                if repeatable and len(self.route.bases) > 1:
                    self._fail_over(instance)
                    continue
                self._failed(instance, f"{step}:{type(exc).__name__}")
            except (aiohttp.ClientError, TimeoutError) as exc:
                self._failed(instance, f"{step}:{type(exc).__name__}")
            self.answered_by = instance
            if resp.status != ok:
                self._failed(instance, f"{step}:http_{resp.status}")
            self.ledger.count(instance, "answered")
            return body
        self._failed(self.route.current, f"{step}:no_instance_answered")

    async def _send(self, method: str, path: str, **kw: Any) -> tuple[Any, Any]:
        """One request to the current instance: (the response, its body)."""
        url = self.route.base + path
        headers = kw.get("headers") or {}
        if "Origin" in headers:  # behind one proxy every instance has the same origin
            kw = {**kw, "headers": {**headers, "Origin": self.route.base}}
        async with self.http.request(method, url, allow_redirects=False, **kw) as resp:
            is_json = resp.content_type == "application/json"
            return resp, await (resp.json() if is_json else resp.text())

    def _fail_over(self, instance: int) -> None:
        self.ledger.count(instance, "failovers")
        self.route.fail_over()

    def _failed(self, instance: int, kind: str) -> NoReturn:
        self.ledger.errors[kind] += 1
        self.ledger.count(instance, "errors")
        raise StepFailed()

    async def _step(self, step: str, *calls: tuple[str, str, int, dict[str, Any]]) -> Any:
        """Requests making up one step, timed together; the last one's body."""
        self.ledger.in_flight[step] += 1
        began = time.perf_counter()
        body = None
        try:
            for method, path, ok, kw in calls:
                body = await self._call(step, method, path, ok, **kw)
        except StepFailed:
            self.ledger.in_flight[step] -= 1
            raise
        # A step cancelled at the deadline stays counted in flight.
        self.ledger.in_flight[step] -= 1
        took = (time.perf_counter() - began) * 1000
        self.ledger.latencies[step].append(took)
        if step == "note":
            self.ledger.note_by_instance.setdefault(self.answered_by, []).append(took)
        self.ledger.timeline.append((step, began - self.ledger.t0, took))
        return body

    def _headers(self, **extra: str) -> dict[str, str]:
        return {"X-CSRF-Token": self.csrf, **extra}

    async def sign_in(self, username: str, password: str) -> None:
        """The web form: the sign-in page, the password, then the chat page it sends you to."""
        # The sign-in page first (untimed): its pre-session token goes back with the form,
        # and a browser's Origin with the POST, or sign-in refuses it (login CSRF).
        login = await self._call("sign_in", "GET", "/login", 200)
        token = CSRF.search(login or "")
        form = {"username": username, "password": password, "next": "/"}
        form["csrf_token"] = token[1] if token else ""
        origin = {"Origin": self.route.base}
        page = await self._step(
            "sign_in",
            ("POST", "/login", 303, {"data": form, "headers": origin}),
            ("GET", "/", 200, {}),
        )
        found = CSRF.search(page or "")
        if not found:
            self.ledger.errors["sign_in:no_csrf_token"] += 1
            raise StepFailed()
        self.csrf = found[1]
        self.ledger.sign_in_answered()

    async def note(self, sent: Sent) -> int:
        """Send the note as a chat turn; the id of the entry the answer shows."""
        headers = self._headers(**{"Idempotency-Key": str(uuid.uuid4())})
        body = await self._step(
            "note", ("POST", "/api/v1/chat", 200, {"json": {"text": sent.text}, "headers": headers})
        )
        sent.answered = True
        messages = body["messages"]
        sent.message_id = next((m["id"] for m in messages if m["role"] == "user"), None)
        payload = messages[-1].get("payload") or {}
        if payload.get("kind") != "entry" or not payload.get("entry_id"):
            self.ledger.errors[f"note:reply_{payload.get('kind') or 'none'}"] += 1
            raise StepFailed()
        sent.entry_id = int(payload["entry_id"])
        return sent.entry_id

    async def view(self, entry_id: int) -> int:
        """Read the entry as the page shows it; its version."""
        entry = await self._step("view", ("GET", f"/api/v1/entries/{entry_id}", 200, {}))
        if entry["current_version"] == 0:
            self.ledger.errors["note:not_extracted"] += 1  # stored, but the reading failed
        return int(entry["current_version"])

    async def correct(self, sent: Sent, entry_id: int, version: int, location: str) -> None:
        """Correct one field, sending the version read."""
        change = {"version": version, "fields": {"location": location}}
        path = f"/api/v1/entries/{entry_id}"
        opts = {"json": change, "headers": self._headers()}
        entry = await self._step("correct", ("PATCH", path, 200, opts))
        if (entry.get("data") or {}).get("contact", {}).get("location") != location:
            self.ledger.errors["correct:not_applied"] += 1
            raise StepFailed()
        sent.location = location

    async def submit(self, sent: Sent, entry_id: int) -> None:
        """Submit the entry for review."""
        path = f"/api/v1/entries/{entry_id}/submit"
        entry = await self._step("submit", ("POST", path, 200, {"headers": self._headers()}))
        if entry.get("status") != "submitted":
            self.ledger.errors[f"submit:status_{entry.get('status')}"] += 1
            raise StepFailed()
        sent.submitted = True

    async def work(self, username: str, password: str, notes: list[tuple[str, str]]) -> None:
        """Sign in, then note, read, correct and submit each of `notes` (name, text)."""
        await self.think()
        await self.sign_in(username, password)
        for turn, (name, text) in enumerate(notes):
            sent = Sent(username, name, text)
            self.ledger.sent.append(sent)
            try:
                await self.think()
                entry_id = await self.note(sent)
                await self.think()
                version = await self.view(entry_id)
                await self.think()
                room = f"Interview room {turn + 1}, {username}"  # one value per entry
                await self.correct(sent, entry_id, version, room)
                await self.think()
                await self.submit(sent, entry_id)
            except StepFailed:
                continue  # the officer moves on to their next note


async def run_officer(
    route: Route,
    ledger: Ledger,
    pace: Pace,
    login: tuple[str, str],
    notes: list[tuple[str, str]],
    start_s: float,
    timeout_s: float,
    seed: int,
) -> None:
    """One officer from arrival (`start_s` into the run) to their last note."""
    await asyncio.sleep(start_s)
    timeout = aiohttp.ClientTimeout(total=timeout_s)
    jar = aiohttp.CookieJar(unsafe=True)  # cookies for 127.0.0.1, as a browser keeps them
    async with aiohttp.ClientSession(timeout=timeout, cookie_jar=jar) as session:
        officer = SimulatedOfficer(session, ledger, pace, random.Random(seed), route)
        with contextlib.suppress(StepFailed):  # could not sign in: counted, nothing more to do
            await officer.work(*login, notes)
