"""`make bench-negex`: the context classifier on the public NegEx/ConText annotation set.

The set (Chapman et al., chapmanbe/negex on GitHub, genConText/rsAnnotations-1-120-random.txt)
is 2,376 sentences from clinical reports, each with one annotated finding and its negation
(Affirmed / Negated), temporality (Recent / Historical / Not particular) and experiencer
(Patient / Other / Family member). It is not probation text: it checks that our trigger rules
are general, not tuned to our own notes. The set is not copied into this repository: give its
path (`python -m bench.negex FILE`, or NEGEX_ANNOTATIONS=FILE), or have a clone of the
repository at NEGEX_REPO (a bare git directory is enough; default
/work/.mirror/chapmanbe+negex/repo); when neither is found the bench says so and skips.

Each annotated finding is passed to the classifier as `assistant context --target` does (the
sentence alone, through the same blank pipeline, the finding's tokens as the mention span), but
at the occurrence the set marks in capitals rather than the first. One status comes
back, so a finding annotated both negated and historical counts as historical only when the
classifier says historical; both figures are printed. Prints precision, recall and F1 for
negated, historical, hypothetical (Not particular) and other_person, and appends them to
bench/results/negex.tsv (not with `--no-record`); then the best historical F1 one status per
finding allows (`ceiling`), and with `--errors [STATUS]` the misses grouped by kind.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from assistant.settings import load_settings
from bench.results import append_row
from nlp.context.assertion import (
    Assertion,
    ContextRules,
    _occurrences,
    _token_span,
    assert_span,
    make_context_nlp,
)

DEFAULT_REPO = Path("/work/.mirror/chapmanbe+negex/repo")
ANNOTATIONS = "genConText/rsAnnotations-1-120-random.txt"
TARGETS = {"negated": 0.95, "historical": 0.75, "historical_not_negated": 0.75}


@dataclass(frozen=True)
class Annotated:
    """One annotated sentence: the finding, and its gold status on each axis."""

    sentence: str
    target: str
    negated: bool
    historical: bool
    hypothetical: bool
    other_person: bool


def parse(text: str) -> list[Annotated]:
    """Rows of the tab-separated annotation file (id, report, finding, sentence, negation,
    temporality, experiencer); lines of another shape are skipped."""
    rows = []
    for line in text.splitlines():
        cells = line.split("\t")
        if len(cells) < 7 or not cells[0].strip().isdigit():
            continue
        target, sentence, negation, time, who = (c.strip() for c in cells[2:7])
        rows.append(
            Annotated(
                sentence=sentence,
                target=" ".join(target.split()),
                negated=negation == "Negated",
                historical=time == "Historical",
                hypothetical=time in ("Hypothetical", "Not particular"),
                other_person=who != "Patient",
            )
        )
    return rows


def read_annotations(path: str | None) -> str | None:
    """The annotation file's text from a path, or from the repository clone, or None."""
    path = path or os.environ.get("NEGEX_ANNOTATIONS")
    if path:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    repo = Path(os.environ.get("NEGEX_REPO", DEFAULT_REPO))
    if not repo.exists():
        return None
    worktree_file = repo / ANNOTATIONS
    if worktree_file.exists():
        return worktree_file.read_text(encoding="utf-8", errors="replace")
    shown = subprocess.run(
        ["git", "--git-dir", str(repo), "show", f"HEAD:{ANNOTATIONS}"],
        capture_output=True,
    )
    return shown.stdout.decode("utf-8", errors="replace") if shown.returncode == 0 else None


def f1(pairs: list[tuple[bool, bool]]) -> tuple[float, float, float, int]:
    """Precision, recall, F1 and gold count over (gold, predicted) pairs."""
    counts = Counter(pairs)
    tp, fp, fn = counts[(True, True)], counts[(False, True)], counts[(True, False)]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, score, tp + fn


def annotated_occurrence(sentence: str, target: str) -> tuple[int, int] | None:
    """Characters of the annotated finding: the set writes it in capitals within the sentence
    ("Schizophrenia: a long history of SCHIZOPHRENIA"), so the capitalised occurrence is the
    one meant; else the first, as `assistant context` takes it."""
    found = _occurrences(sentence, target)
    marked = [(s, e) for s, e in found if sentence[s:e] == sentence[s:e].upper()]
    return (marked or found or [None])[0]


def assess(rows: list[Annotated], window: int) -> list[Assertion | None]:
    """Our assertion for each annotated finding (None when the finding is not in its
    sentence): the finding's tokens are the mention span, classified in the sentence alone."""
    nlp, rules = make_context_nlp(), ContextRules.load(window=window)
    out: list[Assertion | None] = []
    for row in rows:
        where = annotated_occurrence(row.sentence, row.target)
        doc = nlp(row.sentence)
        span = _token_span(doc, [where]) if where is not None else None
        out.append(assert_span(doc, *span, rules) if span is not None else None)
    return out


def classify(rows: list[Annotated], window: int) -> list[str | None]:
    """Our status for each annotated finding (None when the finding is not in its sentence)."""
    return [a.status if a is not None else None for a in assess(rows, window)]


def dimension_scores(rows: list[Annotated], found: list[Assertion | None]) -> dict[str, tuple]:
    """Precision, recall, F1 and gold count on ConText's own axes, from the added dimensions:
    a finding may be negated and historical at once, as the set annotates it. Not the
    status-based figures the issue's target is set on."""
    pairs = [(r, a) for r, a in zip(rows, found, strict=True) if a is not None]
    return {
        "negated_dimension": f1([(r.negated, bool(a.negated)) for r, a in pairs]),
        "historical_dimension": f1(
            [(r.historical, a.temporality == "historical") for r, a in pairs]
        ),
    }


def scores(rows: list[Annotated], statuses: list[str | None]) -> dict[str, tuple]:
    """Precision, recall, F1 and gold count per status, over the findings found."""
    found = [(r, s) for r, s in zip(rows, statuses, strict=True) if s is not None]
    axes = {
        "negated": lambda r: r.negated,
        "historical": lambda r: r.historical,
        "hypothetical": lambda r: r.hypothetical,
        "other_person": lambda r: r.other_person,
    }
    out = {name: f1([(gold(r), s == name) for r, s in found]) for name, gold in axes.items()}
    # Findings both negated and past in the gold set can only get one status from us.
    out["historical_not_negated"] = f1(
        [(r.historical, s == "historical") for r, s in found if not r.negated]
    )
    return out


def bare_line(row: Annotated) -> bool:
    """Whether the sentence is the finding alone ("HYPERTENSION."): nothing in it can say when,
    so a finding the set calls historical there is historical only by a heading it left out."""
    words = re.findall(r"[a-z0-9]+", row.sentence.lower())
    return words == re.findall(r"[a-z0-9]+", row.target.lower())


def negation_room(tp: int, fp: int, fn: int, floor: float = TARGETS["negated"]) -> int:
    """How many negated findings could be called something else (moving each from a true
    positive to a false negative) before negation F1 falls below the floor."""
    k = 0
    while k < tp and 2 * (tp - k - 1) / (2 * (tp - k - 1) + fp + fn + k + 1) >= floor:
        k += 1
    return k


def ceiling(rows: list[Annotated], statuses: list[str | None]) -> dict[str, float]:
    """The best historical F1 one status per finding allows, at perfect precision.

    Unreachable from the sentence: findings also negated (one status; negation is kept, as
    probation needs it) and bare list lines. `with_negation_room` lets as many of the
    negated ones be called historical as negation F1 can lose before it falls below 0.95.
    """
    found = [(r, s) for r, s in zip(rows, statuses, strict=True) if s is not None]
    gold = [r for r, _ in found if r.historical]
    both = sum(r.negated for r in gold)
    bare = sum(bare_line(r) and not r.negated for r in gold)
    negation = Counter((r.negated, s == "negated") for r, s in found)
    room = negation_room(negation[(True, True)], negation[(False, True)], negation[(True, False)])

    def best(missed: int) -> float:
        hits = len(gold) - missed
        return 2 * hits / (len(gold) + hits) if gold else 0.0

    return {
        "gold": len(gold),
        "also_negated": both,
        "bare_lines": bare,
        "negation_room": room,
        "status_ceiling": best(both + bare),
        "with_negation_room": best(max(both - room, 0) + bare),
    }


def error_kind(row: Annotated, status: str) -> str | None:
    """The kind of a miss, named "gold -> ours" ("historical -> present"), or None when right.

    Gold can hold two statuses at once (negated and historical); a row is right when ours is
    one of them, and a row of both that we call one of them is kept apart as "both", since one
    status cannot hold two.
    """
    gold = [
        name
        for name, held in (
            ("negated", row.negated),
            ("historical", row.historical),
            ("hypothetical", row.hypothetical),
            ("other_person", row.other_person),
        )
        if held
    ] or ["present"]
    if status in gold:
        return f"both: {'+'.join(gold)} -> {status}" if len(gold) > 1 else None
    return f"{'+'.join(gold)} -> {status}"


def print_errors(rows: list[Annotated], statuses: list[str | None], only: str = "") -> None:
    """The misses grouped by kind, largest group first, each with its sentence and finding;
    `only` keeps the kinds that name that status (on either side)."""
    groups: dict[str, list[Annotated]] = {}
    for row, status in zip(rows, statuses, strict=True):
        kind = "finding not located" if status is None else error_kind(row, status)
        if kind is not None and only in kind:
            groups.setdefault(kind, []).append(row)
    for kind, members in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print(f"\n== {kind} ({len(members)})")
        for row in members:
            print(f"  [{row.target}]  {' '.join(row.sentence.split())}")


def main(argv: list[str] | None = None) -> int:
    """Score the classifier and print one line per status; 0 also when the set is absent."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("annotations", nargs="?", help=f"the file {ANNOTATIONS}")
    parser.add_argument(
        "--errors",
        nargs="?",
        const="",
        metavar="STATUS",
        help="print the misses grouped by kind (only kinds naming STATUS when given)",
    )
    parser.add_argument(
        "--no-record", action="store_true", help="do not append a row to bench/results"
    )
    args = parser.parse_args(argv)
    text = read_annotations(args.annotations)
    if text is None:
        print(
            "bench-negex skipped: the NegEx annotation set is not here. Give its path "
            f"(python -m bench.negex FILE or NEGEX_ANNOTATIONS=FILE), or set NEGEX_REPO to a "
            f"clone of chapmanbe/negex (reads {ANNOTATIONS} from it)."
        )
        return 0
    rows = parse(text)
    found = assess(rows, load_settings().nlp.context_window)
    statuses = [a.status if a is not None else None for a in found]
    missing = sum(s is None for s in statuses)
    print(f"sentences {len(rows)}  finding not located {missing}")
    figures: dict[str, object] = {"sentences": len(rows)}
    every = scores(rows, statuses) | dimension_scores(rows, found)
    for name, (p, r, score, gold) in every.items():
        target = TARGETS.get(name)
        mark = "" if target is None else f"  target >= {target:.2f}"
        mark += "" if target is None else ("  ok" if score >= target else "  BELOW")
        print(f"{name:24s} P {p:.3f}  R {r:.3f}  F1 {score:.3f}  (gold {gold}){mark}")
        figures[f"{name}_f1"] = score
    top = ceiling(rows, statuses)
    print(
        f"historical ceiling, one status: {top['status_ceiling']:.3f} "
        f"(of {top['gold']} gold, {top['also_negated']} also negated, "
        f"{top['bare_lines']} bare list lines); "
        f"{top['with_negation_room']:.3f} if {top['negation_room']} negated ones were called "
        "historical, as far as negation F1 >= 0.95 allows"
    )
    if args.errors is not None:
        print_errors(rows, statuses, args.errors)
    if not args.no_record:
        append_row("negex", figures, digits=3)
    return 0


if __name__ == "__main__":
    sys.exit(main())
