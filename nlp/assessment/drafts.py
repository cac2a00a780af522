"""Each area's section written as an assessor writes it, every sentence linked to its note.

Sentences are chosen, never invented: the newest sentence behind each answer (the current
situation), then risks and protective factors, then actions. Each is rewritten into the
third person (`rewrite`), kept only when whole, and said once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from nlp.assessment.answers import Answer
from nlp.assessment.findings import Evidence, Note
from nlp.assessment.questions import Area, Catalogue
from nlp.assessment.rewrite import is_whole, name_first, third_person
from nlp.assessment.sources import (
    action_evidence,
    flag_evidence,
    need_evidence,
    substance_evidence,
)

GROUPS = ("situation", "risks", "actions")
MAX_PER_GROUP = 6
SAME_FACT = 0.75  # word overlap above which two sentences say the same thing
_WORD = re.compile(r"[a-z0-9']+")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a draft, its group and the note sentence it came from."""

    text: str
    group: str
    evidence: Evidence

    def to_json(self) -> dict[str, Any]:
        """The sentence object of the assessment JSON."""
        return {"text": self.text, "group": self.group, "evidence": self.evidence.to_json()}


def words(text: str) -> set[str]:
    """The lower-case words of a text (for the same-fact test)."""
    return set(_WORD.findall(text.lower()))


def same_fact(a: str, b: str) -> bool:
    """Whether two sentences say the same thing (most of their words shared)."""
    wa, wb = words(a), words(b)
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= SAME_FACT


def _answer_evidence(area: Area, answers: dict[str, Answer]) -> list[Evidence]:
    found: list[Evidence] = []
    codes = [q.code for q in area.questions]
    codes += sorted(
        c for c in answers if c.startswith("drug_last_used_") and area.area == "drug_use"
    )
    for code in codes:
        answer = answers.get(code)
        if answer is not None and answer.value not in (None, []):
            # One sentence per answer, or per option of a multi answer.
            per_value = len(answer.value) if isinstance(answer.value, list) else 1
            found.extend(answer.evidence[:per_value])
    return found


def candidates(
    area: Area, answers: dict[str, Answer], notes: list[Note], cat: Catalogue
) -> dict[str, list[Evidence]]:
    """The note sentences each group of the section could use, in order."""
    flags = {c for c, a in cat.links["flags"].items() if a == area.area}
    actions = {c for c, a in cat.links["actions"].items() if a == area.area}
    situation = _answer_evidence(area, answers)
    if area.area == "drug_use":
        situation += substance_evidence(notes)
    situation += need_evidence(notes, area.area, ("need", "no_need"))
    risks = [ev for _, _, ev in flag_evidence(notes, flags)]
    risks += need_evidence(notes, area.area, ("strength",))
    return {"situation": situation, "risks": risks, "actions": action_evidence(notes, actions)}


def draft(
    area: Area, answers: dict[str, Answer], notes: list[Note], cat: Catalogue, name: str
) -> list[Sentence]:
    """The section's sentences: whole, third person, each fact once, in group order."""
    chosen: list[Sentence] = []
    used: set[tuple[int, int]] = set()
    for group, evidences in candidates(area, answers, notes, cat).items():
        count = 0
        for ev in evidences:
            key = (ev.entry_id, ev.start)
            if key in used or count >= MAX_PER_GROUP or not is_whole(ev.text):
                continue
            text = third_person(ev.text, name)
            if not chosen:
                text = name_first(text, name)
            if any(same_fact(text, s.text) for s in chosen):
                continue
            used.add(key)
            chosen.append(Sentence(text, group, ev))
            count += 1
    return chosen
