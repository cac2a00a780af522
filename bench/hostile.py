"""`make bench`: the worst extraction time found on hostile notes, against a normal note.

Each hostile pattern is repeated to the size limit (`nlp.max_note_chars`) and timed through
the library, best of `--repeat`, beside ordinary prose of the same length (the fixture notes
joined and cut to size). The issue's target: no note under the limit costs more than about
4 times a normal note of its length. Appends the figures to bench/results/hostile.tsv.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from pathlib import Path

import nlp
from bench.results import append_row
from nlp.errors import NlpError
from nlp.extractor import Extractor
from nlp.people.caseload import Caseload
from nlp.settings import NlpSettings

ROOT = Path(__file__).resolve().parent.parent
# Patterns found by trying: long runs of one mark (the tokenizer's affix search was quadratic,
# 28 s for 12,000 "!"), marks between letters, one-letter words, one word a line, repeated cues
# and names (many matches for context and people), emoji.
PATTERNS = {
    "bang": "!",
    "open_paren": "(",
    "emoji": "\U0001f600",
    "word_bangs": "word!!!!!!!!!! ",
    "mixed_marks": ".,;:!?-()",
    "letter_dot": "a.",
    "letter_hyphen": "-a",
    "digit_slash": "1/",
    "url_like": "a/",
    "letter_space": "a ",
    "letter_line": "a\n",
    "letter_stop": "A. ",
    "cue_words": "no drugs, homeless, breach, relapse, arrested, suicidal. ",
    "negated_cue": "not heroin. ",
    "name": "John Mercer ",
    "dates": "see him tomorrow at 3pm on Friday 2/3. ",
}


def normal_text(length: int) -> str:
    """Ordinary notes joined and cut to `length` characters."""
    lines = (ROOT / "tests/fixtures/notes.jsonl").read_text(encoding="utf-8").splitlines()
    text = " ".join(json.loads(line)["text"] for line in lines if line.strip())
    while len(text) < length:
        text += " " + text
    return text[:length]


def timed(extractor: Extractor, text: str, caseload: Caseload, repeat: int) -> float:
    """Best of `repeat` extraction times in seconds (a refused note counts as its refusal)."""
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        # A note of nothing but marks is refused as empty: quickly, which counts too.
        with contextlib.suppress(NlpError):
            extractor.extract(text, "2026-11-21", caseload)
        best = min(best, time.perf_counter() - began)
    return best


def main() -> int:
    """Time every pattern at the size limit and print the ratios to a normal note."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--chars", type=int, help="note length (default: the size limit)")
    args = parser.parse_args()
    settings = NlpSettings()
    length = args.chars or settings.max_note_chars
    extractor = nlp.load(settings)
    caseload = Caseload.from_csv(ROOT / "tests/fixtures/caseload.csv")
    extractor.extract("Warm up. Seen in the office.", "2026-11-21", caseload)
    normal = timed(extractor, normal_text(length), caseload, args.repeat)
    print(f"normal note, {length:,} characters: {normal:.2f} s")
    worst_name, worst = "", 0.0
    for name, unit in PATTERNS.items():
        text = (unit * (length // len(unit) + 1))[:length]
        took = timed(extractor, text, caseload, args.repeat)
        print(f"  {name:<14} {took:6.2f} s  {took / normal:4.1f}x")
        if took > worst:
            worst_name, worst = name, took
    print(f"worst: {worst_name}, {worst / normal:.1f} times a normal note (target: at most 4)")
    append_row(
        "hostile",
        {
            "chars": length,
            "normal_s": normal,
            "worst_pattern": worst_name,
            "worst_s": worst,
            "ratio": worst / normal,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
