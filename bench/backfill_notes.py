"""Generated historical contact notes (invented people and sentences) for backfill tests
and `make bench-backfill`: deterministic for a seed, shaped as batch input or nDelius CSV."""

from __future__ import annotations

import csv
import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

FIRST = "Aled Bea Cyrus Dana Eamon Fern Gus Hana Ivo Jude Kit Lorna Milo Nell Omar Pip".split()
LAST = "Abbot Brindle Cole Dunmore Ebb Farrow Gale Hollis Ince Jory Kemble Lusk".split()
OPENINGS = [
    "Office appointment with {name} today.",
    "Home visit to {name} this afternoon.",
    "{name} phoned in as arranged.",
    "Saw {name} at the probation office.",
]
BODIES = [
    "{he} is sofa surfing at a cousin's flat and has nowhere settled to live.",
    "{he} has kept up the tenancy and the rent is paid.",
    "{he} told me {he2} has been drinking heavily at weekends again.",
    "{he} admitted using cannabis most evenings to help with sleep.",
    "{he} started a warehouse job on Monday and is enjoying the shifts.",
    "{he} is still out of work and has an appointment at the job centre.",
    "{he} said {he2} feels low and is waiting to see the GP about {his} mood.",
    "{he} is getting on better with {his} sister and sees the children at weekends.",
    "{he} owes money on a payday loan and is behind with the electricity bill.",
    "{he} denied any contact with the co-defendant.",
    "There were no concerns raised about the address.",
    "{he} completed the alcohol awareness session with the recovery service.",
]
CLOSINGS = [
    "Next appointment in two weeks.",
    "Reminded {him} of the licence conditions.",
    "Referral to the housing officer to be made.",
    "Warning letter to be sent for the missed appointment last week.",
    "",
]
TYPES = ["COAP", "CHVS", "CTOA", "COPT"]


def person(rng: random.Random, number: int) -> dict[str, str]:
    """An invented person with a CRN."""
    return {
        "crn": f"Z{100000 + number:06d}",
        "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "pronoun": rng.choice(["he", "she"]),
    }


def note(rng: random.Random, who: dict[str, str], sentences: int) -> str:
    """One note of an opening, `sentences` body sentences and perhaps a closing."""
    he = who["pronoun"]
    words = {
        "name": who["name"] if rng.random() < 0.5 else who["name"].split()[0],
        "he": he.capitalize(),
        "he2": he,
        "his": "his" if he == "he" else "her",
        "him": "him" if he == "he" else "her",
    }
    parts = [rng.choice(OPENINGS)] + rng.sample(BODIES, sentences) + [rng.choice(CLOSINGS)]
    return " ".join(p.format(**words) for p in parts if p)


def generate(count: int, *, people: int = 50, seed: int = 15) -> list[dict[str, Any]]:
    """`count` notes over `people` invented people, spread over five years."""
    rng = random.Random(seed)
    caseload = [person(rng, n) for n in range(people)]
    start = date(2020, 1, 6)
    notes = []
    for n in range(count):
        who = rng.choice(caseload)
        notes.append(
            {
                "id": f"N{n:07d}",
                "crn": who["crn"],
                "reference_date": (start + timedelta(days=rng.randrange(5 * 365))).isoformat(),
                "contact_type": rng.choice(TYPES),
                "text": note(rng, who, rng.randint(1, 3)),
            }
        )
    return notes


def write_jsonl(notes: list[dict[str, Any]], path: Path) -> Path:
    """The notes as `extract --batch` input lines."""
    path.write_text("".join(json.dumps(n) + "\n" for n in notes), encoding="utf-8")
    return path


def write_csv(notes: list[dict[str, Any]], path: Path) -> Path:
    """The notes as an nDelius contact export (UK dates, capitalised columns)."""
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["CONTACT_ID", "CRN", "CONTACT_DATE", "CONTACT_TYPE_CODE", "NOTES"])
        for n in notes:
            day = date.fromisoformat(n["reference_date"])
            out.writerow([n["id"], n["crn"], day.strftime("%d/%m/%Y"), n["contact_type"],
                          n["text"]])  # fmt: skip
    return path
