"""`make bench-journey`: the recording time an officer spends after the meeting.

Chromium (the system package, driven by Playwright) signs in to the real server, started on a
free port with a fresh database, and for each labelled note of bench/journey_notes.jsonl:
sends it, corrects every value that differs from its labels, submits, and checks the stored
entry. Pass "page" corrects on the edit pages (a click on the Change link and on each choice,
Enter to save); pass "chat" only types correction commands. Per note it prints the values
wrong, the clicks and keystrokes spent beyond sending the note, page loads, seconds, and the
values it could not correct; medians at the end; a row per pass in bench/results/journey.tsv.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from argon2 import PasswordHasher

from bench.chat_server import free_port, start, stop, write_config
from bench.journey_plan import Wrong, command, differences, expected, values
from bench.journey_steps import fix_on_page
from storage import accounts, people
from storage.db import open_db

HERE = Path(__file__).resolve().parent
NOTES = HERE / "journey_notes.jsonl"
RESULTS = HERE / "results" / "journey.tsv"
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "journey bench password"


@dataclass
class Run:
    """What one note cost."""

    note: str
    wrong: list[Wrong]
    actions: int = 0
    loads: int = 0
    seconds: float = 0.0
    left: list[Wrong] = field(default_factory=list)
    submitted: bool = False


def seed(database: Path, notes: list[dict]) -> None:
    """One officer with every labelled note's person on the caseload."""
    db = open_db(database)
    try:
        hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        user = accounts.create_user(db, "journey", PASSWORD, "officer", "Bench", hasher=hasher)
        for note in notes:
            people.upsert_person(db, note["crn"], note["name"], team_id=user.team_id)
            people.assign_caseload(db, note["crn"], "journey")
    finally:
        db.conn.close()


def run_pass(kind: str, notes: list[dict], browser) -> list[Run]:  # type: ignore[no-untyped-def]
    """One pass on its own server and fresh database (so no note is a repeat)."""
    with tempfile.TemporaryDirectory(prefix="journey-") as tmp:
        config = write_config(Path(tmp), workers=1)
        seed(Path(tmp) / "casenotes.db", notes)
        port = free_port()
        server = start(config, port, Path(tmp) / "server.log")
        base = f"http://127.0.0.1:{port}"
        try:
            page = browser.new_page()
            loads = [0]
            page.on("load", lambda _: loads.__setitem__(0, loads[0] + 1))
            page.goto(f"{base}/login")
            page.fill("#username", "journey")
            page.fill("#password", PASSWORD)
            page.click("button:has-text('Sign in')")
            return [_one(kind, page, base, note, loads) for note in notes]
        finally:
            stop(server)


def _one(kind: str, page, base: str, note: dict, loads: list[int]) -> Run:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/")
    _say(page, f"new contact for {note['name']}")
    _say(page, note["text"])
    link = page.locator("a:has-text('Open entry')").last.get_attribute("href") or ""
    entry_id = link.rsplit("/", 1)[-1]
    want = expected(note["labels"], dt.date.today())

    def stored() -> dict:
        return page.request.get(f"{base}/entries/{entry_id}/export.json").json()

    read = lambda: values(stored()["data"])  # noqa: E731
    run = Run(note["id"], differences(want, read()))
    started, loads[0] = time.monotonic(), 0
    if kind == "page":
        page.click(f"a[href='/entries/{entry_id}']")
        run.actions += 1
        run.actions += fix_on_page(page, entry_id, run.wrong)
        page.click("button:has-text('Submit to supervisor')")
        run.actions += 1
    else:
        for wrong in run.wrong:
            said = command(wrong)
            if said:
                run.actions += _say(page, said)
        run.actions += _say(page, "submit")
    page.wait_for_load_state()
    run.seconds, run.loads = time.monotonic() - started, loads[0]
    run.left = differences(want, read())
    run.submitted = stored()["status"] == "submitted"
    return run


def _say(page, text: str) -> int:  # type: ignore[no-untyped-def]
    """Type a chat message and send it, wait for the answer; the keystrokes and click spent."""
    answers = page.locator(".app-chat__turn--assistant")
    before = answers.count()
    page.fill("#text", text)
    page.click("#send")
    page.wait_for_function(
        "n => document.querySelectorAll('.app-chat__turn--assistant').length > n", arg=before
    )
    return len(text) + 1


def report(kind: str, runs: list[Run]) -> dict[str, float]:
    """Print one pass's table and medians; the medians."""
    print(f"\n{kind} pass: note, values wrong, actions, page loads, seconds, not corrected")
    for r in runs:
        left = "; ".join(str(w) for w in r.left) or "-"
        if not r.submitted:
            left += " (NOT SUBMITTED)"
        print(f"  {r.note:4} {len(r.wrong):3} {r.actions:5} {r.loads:4} {r.seconds:7.1f}  {left}")
        for w in r.wrong:
            print(f"         wrong: {w}")
    medians = {
        "wrong": statistics.median(len(r.wrong) for r in runs),
        "actions": statistics.median(r.actions for r in runs),
        "loads": statistics.median(r.loads for r in runs),
        "seconds": statistics.median(r.seconds for r in runs),
        "not_corrected": sum(len(r.left) for r in runs),
    }
    print("  median " + ", ".join(f"{k} {v:g}" for k, v in medians.items()))
    return medians


def main() -> None:
    """Both passes over the labelled notes."""
    from playwright.sync_api import sync_playwright

    notes = [json.loads(line) for line in NOTES.read_text(encoding="utf-8").splitlines() if line]
    if len(sys.argv) > 1:
        notes = [n for n in notes if n["id"] in sys.argv[1:]]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        try:
            results = {
                kind: report(kind, run_pass(kind, notes, browser)) for kind in ("page", "chat")
            }
        finally:
            browser.close()
    RESULTS.parent.mkdir(exist_ok=True)
    new = not RESULTS.exists()
    with RESULTS.open("a", encoding="utf-8") as out:
        if new:
            out.write("when\tpass\tnotes\twrong\tactions\tloads\tseconds\tnot_corrected\n")
        stamp = dt.datetime.now().isoformat(timespec="seconds")
        for kind, m in results.items():
            out.write(
                f"{stamp}\t{kind}\t{len(notes)}\t" + "\t".join(f"{v:g}" for v in m.values()) + "\n"
            )


if __name__ == "__main__":
    main()
