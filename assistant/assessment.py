"""A person's pre-filled assessment for the page, the API and the CLI: read, assess, overlay.

The web and the API read the record through `assistant.services.read_case` (access rules,
audit row); the command line, which has no running app, reads it here and audits the same
way. The officer's saved decisions are laid over the pre-filled answers.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlite_utils import Database

from assistant.fields import uk_date
from nlp.assessment import Note, assess
from nlp.assessment.questions import catalogue
from nlp.render import environment
from storage import assessments, audit
from storage.entry_queries import case_record
from storage.models import Entry, User

YES_NO = [("YES", "Yes"), ("NO", "No")]


def notes_of(found: list[Entry]) -> list[Note]:
    """The entries that have been read, as notes dated by their contact."""
    notes = []
    for entry in found:
        data = entry.data or entry.extraction
        if not data:
            continue
        date = (data.get("contact") or {}).get("date") or entry.reference_date
        try:
            dt.date.fromisoformat(str(date))
        except ValueError:
            date = entry.reference_date
        notes.append(Note(entry.id, str(date), entry.note_text, data))
    return notes


def read_record(db: Database, user: User, crn: str) -> dict[str, Any]:
    """Person, notes and decisions in one read, for the command line (audit with
    `audit_view`)."""
    person, found = case_record(db, user, crn)
    decisions = assessments.decisions_for(db, user, person.crn)
    return {"person": person, "notes": notes_of(found), "decisions": decisions}


def audit_view(db: Database, user: User, crn: str, via: str) -> None:
    """Record that the user read this person's record (as the service layer does)."""
    audit.append(db, user.id, "viewed", "person", crn, {"via": via})


def build(record: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """The assessment JSON keyed by SAN codes, each answer with the officer's decision."""
    person = record["person"]
    result = assess({"crn": person.crn, "name": person.name}, record["notes"], today)
    decisions: dict[str, assessments.Decision] = record["decisions"]
    for code, answer in result["answers"].items():
        decision = decisions.get(code)
        answer["decision"] = decision.to_json() if decision else None
    return result


def offered(answer: dict[str, Any]) -> Any:
    """What the page offered for a question (analysis answers carry their details)."""
    if "details" in answer:
        return {"value": answer["value"], "details": answer["details"]}
    return answer["value"]


def _options(code: str) -> list[tuple[str, str]]:
    cat = catalogue()
    if "_practitioner_analysis_" in code:
        return YES_NO
    template = "drug_last_used" if code.startswith("drug_last_used_") else code
    return list(cat.question(template).options.items())


def _question(code: str, answer: dict[str, Any]) -> dict[str, Any]:
    decision = answer.get("decision")
    current: Any = decision["value"] if decision else offered(answer)
    details = None
    if isinstance(current, dict):
        current, details = current.get("value"), str(current.get("details") or "")
    labels = dict(_options(code))
    return {
        "code": code,
        "label": answer["question"],
        "kind": answer["kind"],
        "analysis": "details" in answer,
        "options": _options(code),
        "answer": answer,
        "current": current,
        "details": details,
        "offered_label": _label(answer["value"], labels),
        "current_label": _label(current, labels),
        "conflicts": _older(answer.get("conflicts", []), labels),
        "history": _older(answer.get("history", []), labels),
        "evidence": [_ev(e) for e in answer.get("evidence", [])],
    }


def _older(items: list[dict[str, Any]], labels: dict[str, str]) -> list[dict[str, Any]]:
    """Conflicts or history with labels and UK dates, as the page shows them."""
    return [
        {**c, "label": _label(c["value"], labels), "evidence": [_ev(e) for e in c["evidence"]]}
        for c in items
    ]


def _label(value: Any, labels: dict[str, str]) -> str:
    if value in (None, []):
        return "No answer"
    values = value if isinstance(value, list) else [value]
    return ", ".join(labels.get(str(v), str(v)) for v in values)


def _ev(evidence: dict[str, Any]) -> dict[str, Any]:
    return {**evidence, "uk_date": uk_date(evidence["date"])}


def _applies(questions: list[dict[str, Any]]) -> None:
    """Mark each question SAN would ask given the answers now (a settled home's kind is not
    asked of someone sleeping rough); the text export leaves the others out."""
    current = {q["code"]: q["current"] for q in questions}
    index = catalogue().index
    for q in questions:
        depends = index[q["code"]].depends if q["code"] in index else None
        if depends is None:
            q["applies"] = True
            continue
        parent, wanted = depends
        value = current.get(parent)
        q["applies"] = wanted in value if isinstance(value, list) else value == wanted


def view_model(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each area with its draft and its questions in SAN's order."""
    areas = []
    for section in result["sections"]:
        questions = [_question(c, result["answers"][c]) for c in section["codes"]]
        _applies(questions)
        sentences = [{**s, "evidence": _ev(s["evidence"])} for s in section["sentences"]]
        areas.append({**section, "sentences": sentences, "questions": questions})
    return areas


def text_export(result: dict[str, Any]) -> str:
    """The assessment as plain text (templates/text/assessment.txt.j2), areas in SAN's order."""
    template = environment().get_template("assessment.txt.j2")
    text = template.render(result=result, areas=view_model(result))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
