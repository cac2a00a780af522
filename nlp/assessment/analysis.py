"""Drafts of SAN's practitioner analysis for an area, each with the evidence behind it.

Strengths are offered as YES when an answer is a protective factor; serious harm as YES when
a harm flag is recorded now. Whether a need is linked to reoffending is the officer's
judgement: we gather the evidence and leave the answer blank.
"""

from __future__ import annotations

from typing import Any

from nlp.assessment.answers import Answer
from nlp.assessment.findings import Evidence, Note
from nlp.assessment.questions import Area, Catalogue
from nlp.assessment.rewrite import is_whole, third_person
from nlp.assessment.sources import flag_evidence, need_evidence


def _unique(evidence: list[Evidence]) -> list[Evidence]:
    seen: dict[tuple[int, int], Evidence] = {}
    for ev in evidence:
        seen.setdefault((ev.entry_id, ev.start), ev)
    return list(seen.values())


def _details(evidence: list[Evidence], name: str) -> str:
    return " ".join(third_person(ev.text, name) for ev in evidence if is_whole(ev.text))


def _protective(area: Area, answers: dict[str, Answer], cat: Catalogue) -> list[Evidence]:
    found: list[Evidence] = []
    for q in area.questions:
        answer, wanted = answers.get(q.code), cat.links["protective"].get(q.code, [])
        if answer is None or answer.status != "answered":
            continue
        values = answer.value if isinstance(answer.value, list) else [answer.value]
        if any(v in wanted for v in values):
            whole = [e for e in answer.evidence if is_whole(e.text)]
            found.extend(whole[:1] or answer.evidence[:1])
    return found


def analyse(
    area: Area, answers: dict[str, Answer], notes: list[Note], cat: Catalogue, name: str
) -> dict[str, dict[str, Any]]:
    """The three practitioner analysis drafts of an area, keyed by SAN code."""
    strengths = _unique(
        _protective(area, answers, cat) + need_evidence(notes, area.area, ("strength",))
    )
    harm_codes = {c for c in cat.links["harm_flags"] if cat.links["flags"].get(c) == area.area}
    harm = _unique([ev for _, _, ev in flag_evidence(notes, harm_codes, ("present",))])
    needs = _unique(need_evidence(notes, area.area, ("need",)))
    drafts = {
        "strengths_or_protective_factors": ("YES" if strengths else None, strengths),
        "risk_of_serious_harm": ("YES" if harm else None, harm),
        "risk_of_reoffending": (None, needs),
    }
    return {
        area.analysis_code(suffix): {
            "value": value,
            "status": "draft" if value else "blank",
            "details": _details(evidence, name),
            "evidence": [ev.to_json() for ev in evidence],
        }
        for suffix, (value, evidence) in drafts.items()
    }
