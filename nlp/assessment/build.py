"""The whole pre-filled assessment for one person, as JSON keyed by SAN's codes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from nlp.assessment.analysis import analyse
from nlp.assessment.answers import Answer, merge
from nlp.assessment.drafts import draft
from nlp.assessment.findings import Note, findings, person_names
from nlp.assessment.named import name_roles
from nlp.assessment.questions import Area, Catalogue, Question, catalogue

SCHEMA = "assessment/1"


def _codes(area: Area, answers: dict[str, Answer]) -> list[tuple[str, Question]]:
    """The area's question codes in order, a per-drug question for each drug answered."""
    codes = []
    for q in area.questions:
        if q.per_option_of:
            chosen = answers.get(q.per_option_of)
            drugs = chosen.value if chosen and isinstance(chosen.value, list) else []
            codes += [(f"{q.code}_{d.lower()}", q) for d in drugs]
        else:
            codes.append((q.code, q))
    return codes


def _answer_json(code: str, q: Question, answer: Answer | None, title: str) -> dict[str, Any]:
    body = (answer or Answer(code, [] if q.kind == "multi" else None, 0.0)).to_json()
    label = q.label
    if q.per_option_of:
        drug = code.removeprefix(q.code + "_").upper()
        label = f"{q.label}: {catalogue().question(q.per_option_of).option_label(drug)}"
    return {"question": label, "area": title, "kind": q.kind, **body}


def assess(
    person: dict[str, Any], notes: list[Note], today: dt.date, cat: Catalogue | None = None
) -> dict[str, Any]:
    """Pre-fill every question this project can answer for a person from their notes."""
    cat = cat or catalogue()
    names = person_names(person.get("name"))
    roles = name_roles((n.text for n in notes), names)
    found = [f for note in notes for f in findings(note, cat, today, names, roles)]
    answers = merge(found, cat)
    name = str(person.get("name") or "The person on probation")
    all_answers: dict[str, Any] = {}
    sections = []
    for area in cat.areas:
        codes = _codes(area, answers)
        for code, q in codes:
            all_answers[code] = _answer_json(code, q, answers.get(code), area.title)
        analysis = analyse(area, answers, notes, cat, name)
        for code, body in analysis.items():
            all_answers[code] = {
                "question": _analysis_label(area, code),
                "area": area.title,
                "kind": "single",
                **body,
            }
        sentences = draft(area, answers, notes, cat, name)
        sections.append(
            {
                "area": area.area,
                "san_section": area.san_section,
                "title": area.title,
                "codes": [c for c, _ in codes] + list(analysis),
                "draft": " ".join(s.text for s in sentences),
                "sentences": [s.to_json() for s in sentences],
            }
        )
    return {
        "schema": SCHEMA,
        "san_version": cat.version,
        "san_source": cat.source,
        "crn": person.get("crn"),
        "name": person.get("name"),
        "as_of": today.isoformat(),
        "entries": len(notes),
        "answers": all_answers,
        "sections": sections,
    }


def _analysis_label(area: Area, code: str) -> str:
    return next(label for suffix, label in area.analysis if area.analysis_code(suffix) == code)
