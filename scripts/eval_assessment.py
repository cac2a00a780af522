"""`make eval`: pre-filled SAN answers scored per area on our labelled set, drafts checked.

Usage: .venv/bin/python scripts/eval_assessment.py [PEOPLE.json ...] [--show-wrong]
(default: every set in tests/fixtures/assessment: people, holdout, blind2-11)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SETS = ROOT / "tests" / "fixtures" / "assessment"
# Every labelled set in the folder: a new set is scored (and held to the floors by
# tests/assessment/test_eval.py) by adding its file, with no list to keep in step.
DEFAULT = sorted(SETS.glob("*.json"))


def _pct(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.1%}"


def main(argv: list[str]) -> int:
    """Print the table; exit 1 when any draft has a problem."""
    import spacy

    import nlp
    from nlp.assessment.evaluate import evaluate, load_people
    from nlp.settings import NlpSettings

    paths = [Path(a) for a in argv if not a.startswith("--")] or DEFAULT
    extractor = nlp.load(NlpSettings())
    tagger = spacy.load(NlpSettings().model, exclude=["ner", "lemmatizer"])

    def has_verb(text: str) -> bool:
        # The phrases our rewriting puts in are noun phrases; the small tagger sometimes
        # reads the verb after them as a noun ("The person on probation works"), so it is
        # shown a pronoun in their place.
        plain = re.sub(r"(?i)\bthe (?:person on probation|probation officer)\b", "He", text)
        # and hyphenated verbs joined: it reads "self-harmed" as an adjective.
        for variant in (plain, re.sub(r"(?<=\w)-(?=\w)", "", plain)):
            if any(t.pos_ in ("VERB", "AUX") for t in tagger(variant)):
                return True
        return False

    def extract(text: str, date: str) -> dict:
        return extractor.extract(text, date).to_json()

    problems = 0
    for path in paths:
        report = evaluate(load_people(path), extract, has_verb)
        print(f"\n{path.name}")
        print(
            f"{'area':32} {'given':>5} {'right':>5} {'label':>5} {'precision':>9} {'coverage':>8}"
        )
        for area, s in [*report.areas.items(), ("all", report.total())]:
            print(
                f"{area:32} {s.given:5} {s.right:5} {s.labelled:5} "
                f"{_pct(s.precision):>9} {_pct(s.coverage):>8}"
            )
        print(f"draft sentences: {report.sentences}; problems: {len(report.draft_problems)}")
        for problem in report.draft_problems:
            print("  " + problem)
        if "--show-wrong" in argv:
            for line in report.total().wrong:
                print("  wrong: " + line)
            for line in report.total().missed:
                print("  missed: " + line)
        problems += len(report.draft_problems)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
