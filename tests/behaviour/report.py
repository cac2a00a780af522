"""`make eval`: the behavioural suite's pass rate per capability (loads the model once)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from suite import cases, failures, people, run  # noqa: E402

import nlp  # noqa: E402
from nlp.people.caseload import Caseload, CaseloadPerson  # noqa: E402


def caseload() -> Caseload:
    """The suite's fictional caseload."""
    return Caseload.from_people([CaseloadPerson(p["crn"], p["name"]) for p in people()])


def main() -> int:
    """Print the pass rate per capability and overall; with --failures, the failing texts."""
    start = time.perf_counter()
    extractor = nlp.load()
    suite = cases()
    scores = run(extractor, caseload(), suite)
    width = max(len(c) for c in scores)
    for cap, (passed, total) in sorted(scores.items()):
        print(f"{cap:<{width}}  {passed / total:6.3f}  ({passed}/{total})")
    passed = sum(p for p, _ in scores.values())
    total = sum(n for _, n in scores.values())
    print(f"{'overall':<{width}}  {passed / total:6.3f}  ({passed}/{total})")
    print(f"{time.perf_counter() - start:.1f}s", file=sys.stderr)
    if "--failures" in sys.argv:
        for case in failures(extractor, caseload(), suite):
            print(f"FAIL [{case.capability}] {' || '.join(case.texts)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
