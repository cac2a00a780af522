"""What dictation costs extraction: notes read aloud, transcribed, extracted, compared.

`python -m bench.speech_extract [-v]` reads bench/speech/notes/notes.jsonl (ten short
contact notes written for this bench, people from its own caseload.csv), transcribes each
note's espeak-ng recording as `assistant transcribe` does (caseload in the prompt, names
respelled), runs extraction on the typed text and on the transcript, and counts the
contract fields whose values differ. The share of differing fields is an estimate of the
composite lost to dictation (a field the text got right and the transcript got wrong costs
one field's score; the issue's target is a loss of at most 0.05). Synthetic speech: a
smoke test, not real officers' voices.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from assistant import cli_nlp
from assistant.settings import load_settings
from bench.results import append_row
from bench.speech_words import wer
from nlp.people.caseload_csv import read_caseload_csv
from speech import SpeechEngine
from speech.prompt import initial_prompt
from speech.wording import for_officer

NOTES = Path(__file__).resolve().parent / "speech" / "notes"


def fields(entry: dict[str, Any]) -> dict[str, Any]:
    """The contract fields the scorer compares, as plain values and sorted lists."""

    def get(*keys: str) -> Any:
        node: Any = entry
        for key in keys:
            node = node.get(key) if isinstance(node, dict) else None
        return node

    test = entry.get("drug_test") or {}
    current = {s.get("name") for s in entry.get("substances") or [] if s.get("status") == "current"}
    if test.get("result") == "positive":
        current |= set(test.get("substances") or [])
    needs = entry.get("needs") or []
    return {
        "crn": get("person", "crn"),
        "contact_date": get("contact", "date"),
        "contact_type": get("contact", "type"),
        "outcome": get("contact", "outcome"),
        "late_minutes": get("contact", "late_minutes"),
        "next_date": get("next_appointment", "date"),
        "next_time": get("next_appointment", "time"),
        "drug_test": test.get("result"),
        "enforcement": entry.get("enforcement") or "none",
        "substances_current": sorted(s for s in current if s),
        "needs_discussed": sorted({n.get("area") for n in needs}),
        "needs_need": sorted({n.get("area") for n in needs if n.get("status") == "need"}),
        "flags_present": sorted(
            {f.get("code") for f in entry.get("risk_flags") or [] if f.get("status") == "present"}
        ),
        "actions": sorted({a.get("code") for a in entry.get("actions") or []}),
    }


def differences(typed: dict[str, Any], spoken: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Fields whose value from the transcript is not the value from the typed text."""
    a, b = fields(typed), fields(spoken)
    return {k: (a[k], b[k]) for k in a if a[k] != b[k]}


def main(argv: list[str]) -> int:
    """Print differing fields (all with -v), the share that differ, and the word error rate."""
    notes = [json.loads(line) for line in (NOTES / "notes.jsonl").read_text().splitlines()]
    caseload_csv = NOTES / "caseload.csv"
    names = [row[1] for row in read_caseload_csv(caseload_csv)]
    settings = load_settings().speech
    if "--lead-silence" in argv:
        lead = float(argv[argv.index("--lead-silence") + 1])
        settings = dataclasses.replace(settings, lead_silence_s=lead)
    engine = SpeechEngine(settings)
    prompt = initial_prompt(names)
    heard = [
        for_officer(engine.transcribe(NOTES / f"{n['id']}.ogg", prompt), names).text for n in notes
    ]
    cli_nlp.load_worker(None, str(caseload_csv))
    typed = cli_nlp.extract_in_worker(notes)
    spoken = cli_nlp.extract_in_worker(
        [n | {"text": text} for n, text in zip(notes, heard, strict=True)]
    )
    total = differing = 0
    for note, text, a, b in zip(notes, heard, typed, spoken, strict=True):
        diff = differences(a, b)
        total += len(fields(a))
        differing += len(diff)
        if diff or "-v" in argv:
            print(f"{note['id']} ({note['voice']}): {len(diff)} field(s) differ")
            if "-v" in argv:
                print(f"  heard: {text}")
            for key, (was, now) in diff.items():
                print(f"  {key}: typed {was!r}, dictated {now!r}")
    row = {
        "notes": len(notes),
        "wer": wer([n["text"] for n in notes], heard),
        "fields": total,
        "fields_differing": differing,
        "share_differing": differing / max(1, total),
        "lead_silence_s": settings.lead_silence_s,
    }
    for key, value in row.items():
        print(f"{key:>17}: {value:.3f}" if isinstance(value, float) else f"{key:>17}: {value}")
    print(f"appended to {append_row('speech_extract', row, digits=3)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
