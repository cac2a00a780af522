"""The project's own JSON Schemas say the same as the shared contract's."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[2]


def schema(name: str) -> dict:
    return json.loads((ROOT / "nlp/schemas" / name).read_text(encoding="utf-8"))


def valid(doc: dict, sch: dict) -> bool:
    return jsonschema.Draft202012Validator(sch).is_valid(doc)


EVIDENCE = {"text": "UA neg", "start": 0, "end": 6}
GOOD_ENTRY = {
    "schema": "case-entry/1",
    "reference_date": "2026-06-03",
    "person": {"name": "Owen", "crn": "R781166", "match_score": 97.5},
    "contact": {
        "date": "2026-06-03",
        "start_time": "14:00",
        "duration_minutes": None,
        "type": "office_visit",
        "outcome": "attended_complied",
        "late_minutes": 5,
        "location": None,
    },
    "next_appointment": {"date": "2026-06-10", "time": None, "type": "telephone"},
    "drug_test": {"result": "positive", "substances": ["cannabis"]},
    "substances": [{"name": "cannabis", "status": "current", "evidence": EVIDENCE}],
    "needs": [{"area": "drug_use", "status": "need", "evidence": [EVIDENCE]}],
    "risk_flags": [{"code": "weapons", "status": "negated", "evidence": EVIDENCE}],
    "actions": [
        {"code": "refer_substance_misuse", "owner": "officer", "due": None, "evidence": EVIDENCE}
    ],
    "enforcement": "none",
    "sections": {"drug_use": "text"},
    "summary": "text",
}


def mutations() -> list[tuple[str, dict]]:
    """Documents near the good one, some valid and some not, to compare the schemas on."""
    out = [("good", GOOD_ENTRY)]

    def put(name: str, path: list, value: object) -> None:
        doc = copy.deepcopy(GOOD_ENTRY)
        target = doc
        for key in path[:-1]:
            target = target[key]
        if value is KeyError:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        out.append((name, doc))

    for key in GOOD_ENTRY:
        put(f"no {key}", [key], KeyError)
    put("null person", ["person"], None)
    put("ambiguous person", ["person"], {"name": "Patel", "crn": None, "candidates": []})
    put("bad schema", ["schema"], "case-entry/2")
    put("bad date", ["reference_date"], "03/06/2026")
    put("bad time", ["contact", "start_time"], "25:00")
    put("bad type", ["contact", "type"], "zoom")
    put("null type", ["contact", "type"], None)
    put("bad outcome", ["contact", "outcome"], "complied")
    put("negative late", ["contact", "late_minutes"], -5)
    put("float duration", ["contact", "duration_minutes"], 1.5)
    put("no next", ["next_appointment"], None)
    put("next without time", ["next_appointment"], {"date": "2026-06-10", "type": None})
    put("bad result", ["drug_test", "result"], "unclear")
    put("bad test substance", ["drug_test", "substances"], ["alcohol"])
    put("bad substance status", ["substances", 0, "status"], "present")
    put("bad need area", ["needs", 0, "area"], "housing")
    put("bad flag status", ["risk_flags", 0, "status"], "current")
    put("bad action owner", ["actions", 0, "owner"], "supervisor")
    put("null owner", ["actions", 0, "owner"], None)
    put("bad enforcement", ["enforcement"], "letter")
    put("bad section", ["sections"], {"housing": "x"})
    put("evidence without end", ["substances", 0, "evidence"], {"text": "x", "start": 0})
    put("negative offset", ["needs", 0, "evidence"], [{"text": "x", "start": -1, "end": 2}])
    put("extra field", ["added_by_project"], {"anything": True})
    return out


@pytest.mark.parametrize(("name", "doc"), mutations(), ids=[m[0] for m in mutations()])
def test_case_entry_schemas_agree(shared_dir: Path, name: str, doc: dict) -> None:
    shared = json.loads((shared_dir / "contract/case-entry.schema.json").read_text())
    assert valid(doc, schema("case-entry.schema.json")) == valid(doc, shared), name


@pytest.mark.parametrize(
    "doc",
    [
        {"intent": "help", "crn": None, "date": None, "slots": {}},
        {"intent": "search", "crn": "X123456", "date": "2026-03-01", "slots": {"query": "x"}},
        {"intent": "shout", "crn": None, "date": None, "slots": {}},
        {"intent": "help", "crn": None, "date": "1/3", "slots": {}},
        {"intent": "help", "crn": None, "slots": {}},
        {"intent": "help", "crn": None, "date": None, "slots": []},
    ],
)
def test_interpretation_schemas_agree(shared_dir: Path, doc: dict) -> None:
    shared = json.loads((shared_dir / "contract/interpretation.schema.json").read_text())
    assert valid(doc, schema("interpretation.schema.json")) == valid(doc, shared)


def test_own_schemas_stand_alone() -> None:
    """Without ../shared the project's schemas still accept the good document."""
    assert valid(GOOD_ENTRY, schema("case-entry.schema.json"))
    assert not valid({**GOOD_ENTRY, "enforcement": "letter"}, schema("case-entry.schema.json"))
