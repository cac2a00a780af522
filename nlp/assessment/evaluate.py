"""Scoring pre-filled answers against a labelled set, and checking every draft it produces.

Precision: of the answers we give, how many equal the label (an answer where the label is
blank is wrong). Coverage: of the labelled answers, how many we give, rightly. Both per area.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlp.assessment.build import assess
from nlp.assessment.checks import HasVerb, problems, text_problems
from nlp.assessment.findings import Note
from nlp.assessment.questions import catalogue

Extract = Callable[[str, str], dict[str, Any]]


@dataclass
class AreaScore:
    """Counts for one area."""

    given: int = 0
    right: int = 0
    labelled: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        """Right answers over answers given (None when none given)."""
        return self.right / self.given if self.given else None

    @property
    def coverage(self) -> float | None:
        """Right answers over labelled answers (None when nothing labelled)."""
        return self.right / self.labelled if self.labelled else None


@dataclass
class Report:
    """The scores per area and every draft problem found."""

    areas: dict[str, AreaScore]
    draft_problems: list[str]
    sentences: int

    def total(self) -> AreaScore:
        """All areas together."""
        out = AreaScore()
        for s in self.areas.values():
            out.given, out.right = out.given + s.given, out.right + s.right
            out.labelled, out.wrong = out.labelled + s.labelled, out.wrong + s.wrong
            out.missed += s.missed
        return out


def _same(given: Any, label: Any) -> bool:
    if isinstance(given, list) or isinstance(label, list):
        return sorted(given or []) == sorted(label or [])
    return bool(given == label)


def load_people(path: Path) -> list[dict[str, Any]]:
    """The labelled people of a set."""
    return list(json.loads(path.read_text("utf-8"))["people"])


def evaluate(
    people: list[dict[str, Any]], extract: Extract, has_verb: HasVerb | None = None
) -> Report:
    """Assess every labelled person (their notes extracted by `extract`) and score it."""
    cat = catalogue()
    areas = {a.area: AreaScore() for a in cat.areas}
    issues: list[str] = []
    sentences = 0
    for person in people:
        notes = [
            Note(i + 1, n["date"], n["text"], extract(n["text"], n["date"]))
            for i, n in enumerate(person["notes"])
        ]
        result = assess(person, notes, dt.date.fromisoformat(person["as_of"]), cat)
        labels = person["answers"]
        for code, answer in result["answers"].items():
            if "_practitioner_analysis_" in code:
                continue  # drafts for the officer's judgement, not scored as answers
            area = _area_of(result, code)
            value, label = answer["value"], labels.get(code)
            given = value not in (None, [])
            if label is not None:
                areas[area].labelled += 1
                if not given:
                    areas[area].missed.append(f"{person['crn']} {code}: blank (label {label})")
            if given:
                areas[area].given += 1
                if _same(value, label):
                    areas[area].right += 1
                else:
                    areas[area].wrong.append(f"{person['crn']} {code}: {value} (label {label})")
        for code, label in labels.items():
            if code not in result["answers"]:
                area = cat.question(_template(code)).area
                areas[area].labelled += 1
                areas[area].wrong.append(f"{person['crn']} {code}: blank (label {label})")
        for n in notes:
            for area, text in (n.data.get("sections") or {}).items():
                sentences += len(text.split(". "))
                issues += [
                    f"{person['crn']} entry {n.entry_id} {area}: {p}"
                    for p in text_problems(text, has_verb)
                ]
        texts = {n.entry_id: n.text for n in notes}
        for section in result["sections"]:
            sentences += len(section["sentences"])
            issues += [
                f"{person['crn']} {section['area']}: {p}"
                for p in problems(section, texts, has_verb)
            ]
    return Report(areas, issues, sentences)


def _template(code: str) -> str:
    return "drug_last_used" if code.startswith("drug_last_used_") else code


def _area_of(result: dict[str, Any], code: str) -> str:
    return next(s["area"] for s in result["sections"] if code in s["codes"])
