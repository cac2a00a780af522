"""How long pre-filling an assessment takes for a long history: `python -m bench.assessment`.

Builds a person with 200 contacts from our labelled notes (dates two days apart) and times
the assessment cold (every note read) and warm (notes already read in this process, as on a
second page view). Prints one line; no target is asserted here.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

from nlp.assessment import Note, assess

SETS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "assessment"
CONTACTS = 200


def history() -> list[Note]:
    """200 contacts cycling through our labelled notes, each made unique by its number."""
    texts = [
        n["text"]
        for name in ("people.json", "holdout.json")
        for p in json.loads((SETS / name).read_text("utf-8"))["people"]
        for n in p["notes"]
    ]
    start = dt.date(2025, 1, 1)
    return [
        Note(
            i + 1,
            (start + dt.timedelta(days=2 * i)).isoformat(),
            f"{texts[i % len(texts)]} ({i})",
            {},
        )
        for i in range(CONTACTS)
    ]


def main() -> None:
    """Time one cold and one warm assessment of a 200-contact history."""
    notes, today, person = history(), dt.date(2026, 6, 1), {"crn": "X000000", "name": "A Person"}
    assess(person, notes[:1], today)  # load the pipeline and rules outside the timing
    began = time.perf_counter()
    assess(person, notes, today)
    cold = time.perf_counter() - began
    began = time.perf_counter()
    assess(person, notes, today)
    warm = time.perf_counter() - began
    print(
        f"assessment of {CONTACTS} contacts: cold {cold * 1000:.0f} ms, warm {warm * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
