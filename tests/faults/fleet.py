"""Officers writing to a running server from threads, and a ledger of what was acknowledged.

Every write a client sees acknowledged (a 2xx answer) goes into the `Ledger`; fault tests
then check the database against it after killing, filling or copying the server's database.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from tests.faults.server import Officer

# What a dead or dying server looks like to a client: no answer was acknowledged.
CONNECTION_ERRORS = (urllib.error.URLError, ConnectionError, http.client.HTTPException, OSError)


def call(
    base: str,
    method: str,
    path: str,
    token: str,
    body: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, Any]]:
    """One API request; (status, JSON body) for any HTTP answer, raising only if there is none."""
    req = urllib.request.Request(
        base + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            **(headers or {}),
        },
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.load(resp)
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, json.loads(exc.read() or b"{}")


def note_text(key: str) -> str:
    """The note sent under an idempotency key: unique, so duplicates can be counted."""
    return f"Attended the office on time. Living in a hostel. Reference {key}."


def create_entry(base: str, officer: Officer, key: str) -> tuple[int, dict[str, Any]]:
    """POST the note for `key` as a new entry, under `key` as its idempotency key."""
    return call(
        base,
        "POST",
        "/api/v1/entries",
        officer.token,
        {"text": note_text(key), "crn": officer.crn},
        {"Idempotency-Key": key},
    )


def chat_text(key: str, crn: str) -> str:
    """A note sent as a chat turn, naming the person by CRN."""
    return f"{crn} attended the office. Living in a hostel. Reference {key}."


def chat_turn(base: str, officer: Officer, key: str) -> tuple[int, dict[str, Any]]:
    """One chat turn through the API with an Idempotency-Key."""
    return call(
        base,
        "POST",
        "/api/v1/chat",
        officer.token,
        {"text": chat_text(key, officer.crn)},
        {"Idempotency-Key": key},
    )


@dataclass
class Ledger:
    """What clients sent and what the server acknowledged."""

    attempted: dict[str, Officer] = field(default_factory=dict)  # key -> who sent it
    created: dict[str, int] = field(default_factory=dict)  # key -> entry id, acknowledged
    patched: dict[int, int] = field(default_factory=dict)  # entry id -> version acknowledged
    unanswered_patches: dict[int, int] = field(default_factory=dict)  # id -> version sent
    chat_attempted: dict[str, Officer] = field(default_factory=dict)  # turn key -> who
    chat_created: dict[str, int] = field(default_factory=dict)  # turn key -> entry id
    http_errors: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def snapshot(self) -> dict[str, int]:
        """The creations acknowledged so far."""
        with self.lock:
            return dict(self.created)


class Fleet:
    """Threads that each create an entry (with an Idempotency-Key) then correct it, in a loop."""

    def __init__(
        self, base: str, officers: list[Officer], threads_each: int = 1, chat: bool = False
    ) -> None:
        self.base = base
        self.ledger = Ledger()
        self.stopping = threading.Event()  # set before a kill: failures after it are expected
        self._threads = [
            threading.Thread(target=self._run, args=(o, f"{o.username}-t{t}"), daemon=True)
            for o in officers
            for t in range(threads_each)
        ]
        if chat:  # and each officer chatting notes in, as in the web chat
            self._threads += [
                threading.Thread(target=self._chat, args=(o, f"{o.username}-chat"), daemon=True)
                for o in officers
            ]

    def start(self) -> Fleet:
        """Start every client thread."""
        for thread in self._threads:
            thread.start()
        return self

    def wait_for(self, created: int, timeout_s: float = 30.0) -> None:
        """Block until at least `created` creations have been acknowledged."""
        deadline = time.monotonic() + timeout_s
        while len(self.ledger.created) < created:
            if time.monotonic() > deadline:
                raise AssertionError(f"only {len(self.ledger.created)} writes acknowledged")
            if self.ledger.http_errors:
                raise AssertionError(f"the server refused writes: {self.ledger.http_errors[:3]}")
            time.sleep(0.01)

    def stop(self) -> None:
        """Tell the clients to stop and wait for them."""
        self.stopping.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def _lost(self, exc: BaseException) -> None:
        if not self.stopping.is_set():  # a connection lost while nobody was killing the server
            self.ledger.http_errors.append((0, {"error": type(exc).__name__}))

    def _run(self, officer: Officer, name: str) -> None:
        ledger, n = self.ledger, 0
        while not self.stopping.is_set():
            n += 1
            key = f"{name}-{n}"
            with ledger.lock:
                ledger.attempted[key] = officer
            try:
                status, entry = create_entry(self.base, officer, key)
            except CONNECTION_ERRORS as exc:
                self._lost(exc)  # the server is gone: this write was never acknowledged
                return
            if status != 201:
                ledger.http_errors.append((status, entry))
                return
            with ledger.lock:
                ledger.created[key] = entry["id"]
            version = entry["current_version"]
            try:
                with ledger.lock:
                    ledger.unanswered_patches[entry["id"]] = version
                status, changed = call(
                    self.base,
                    "PATCH",
                    f"/api/v1/entries/{entry['id']}",
                    officer.token,
                    {"version": version, "fields": {"outcome": "rescheduled"}},
                )
            except CONNECTION_ERRORS as exc:
                self._lost(exc)
                return
            if status != 200:
                ledger.http_errors.append((status, changed))
                return
            with ledger.lock:
                del ledger.unanswered_patches[entry["id"]]
                ledger.patched[entry["id"]] = changed["current_version"]

    def _chat(self, officer: Officer, name: str) -> None:
        ledger, n = self.ledger, 0
        while not self.stopping.is_set():
            n += 1
            key = f"{name}-{n}"
            with ledger.lock:
                ledger.chat_attempted[key] = officer
            try:
                status, answer = chat_turn(self.base, officer, key)
            except CONNECTION_ERRORS as exc:
                self._lost(exc)
                return
            reply = (answer.get("messages") or [{}])[-1].get("payload") or {}
            if status != 200 or reply.get("kind") != "entry":
                ledger.http_errors.append((status, answer))
                return
            with ledger.lock:
                ledger.chat_created[key] = reply["entry_id"]
