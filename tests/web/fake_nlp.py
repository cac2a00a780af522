"""A small rule-based stand-in for the extractor, so web tests are fast and deterministic.

Loaded in the extraction worker processes via `ExtractionPool(loader="tests.web.fake_nlp:load")`.
It never lives in product code; tests marked `slow` use the real `nlp.load`.
"""

from __future__ import annotations

import os
import re
import signal
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from nlp.errors import EmptyNote, NoteTooLong
from nlp.prompts.corrections import clause_corrections, parse_correction


@dataclass
class _Json:
    value: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return self.value


def _people(caseload) -> list[Any]:
    return list(caseload) if caseload is not None else []


def _who(text: str, caseload) -> dict[str, Any] | None:
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", text)}
    crns = re.findall(r"\b[A-Z]\d{6}\b", text)
    people = _people(caseload)
    for p in people:
        if p.crn in crns:
            return {"name": p.crn, "crn": p.crn, "candidates": []}
    hits = [p for p in people if words & {w.lower() for w in p.name.split()}]
    full = [p for p in hits if all(w.lower() in words for w in p.name.split())]
    if len(full) == 1 or len(hits) == 1:
        p = (full or hits)[0]
        return {"name": p.name, "crn": p.crn, "candidates": []}
    if hits:
        name = next(
            w
            for w in re.findall(r"[A-Za-z]+", text)
            if any(w.lower() in p.name.lower().split() for p in hits)
        )
        return {
            "name": name,
            "crn": None,
            "candidates": [{"crn": p.crn, "name": p.name, "score": 90.0} for p in hits],
        }
    return None


class FakeExtractor:
    """extract/interpret with the real contract shapes and very simple rules."""

    def interpret(self, text, reference_date, caseload=None):
        low = text.lower().strip()
        if low == "crash":
            os._exit(3)  # a worker dying mid-call
        if low == "hang":
            time.sleep(60)
        if low == "freeze":  # a worker that stops answering altogether (its heartbeat too)
            os.kill(os.getpid(), signal.SIGSTOP)
        if low.startswith("slow "):  # "slow 0.5": a note that takes half a second to read
            time.sleep(float(low.split()[1]))
        if low == "refuse":
            raise EmptyNote()  # as the real library refuses a note of invisible marks
        if low == "bug":
            raise KeyError("words of the note")
        person = _who(text, caseload)
        crn = person["crn"] if person else None
        intent, slots = "add_note", {}
        if low in ("help", "what can you do"):
            intent = "help"
        elif low in ("discard this draft", "scrap that") or low.startswith("discard "):
            intent, slots = "set_field", {"field": "status", "value": "discarded"}
        elif low == "flibble":  # the real interpreter's answer to words it cannot place
            intent, slots = "help", {"understood": False}
        elif low.startswith("new contact"):
            intent = "new_contact"
        elif low.startswith("submit"):
            intent = "submit"
        elif low in ("my drafts", "what have i not submitted"):
            intent = "list_drafts"
        elif low.startswith("show"):
            intent = "show_case"
        elif low.startswith("find "):
            intent, slots = "search", {"query": text[5:]}
        elif low.startswith(("when did", "when was", "what have", "who am")):
            # a question the real interpreter reads as a search: the person's name left out
            names = {w.lower() for w in (person or {}).get("name", "").split()}
            words = [w for w in re.findall(r"[A-Za-z']+", text) if w.lower() not in names]
            intent, slots = "search", {"query": " ".join(words[2:])}
        elif (correction := parse_correction(text)) is not None:
            intent, slots = "set_field", correction  # the real command reader: no model needed
        elif low.startswith("outcome "):
            intent = "set_field"
            slots = {"field": "outcome", "value": low[8:].replace(" ", "_")}
        elif m := re.match(r"next appt in (\d+) days?", low):
            day = reference_date + timedelta(days=int(m.group(1)))
            slots = {"field": "next_appointment", "date": day.isoformat(), "time": "10:00"}
            intent = "set_field"
        elif low.startswith("next appt"):
            intent = "set_field"
            slots = {"field": "next_appointment", "date": "2026-11-27", "time": "10:00"}
        if intent == "add_note":  # the real clause reader, as the interpreter does
            changes, others = clause_corrections(text)
            if changes:
                slots["as_changes"] = {"changes": changes, "not_understood": others}
        if person:
            slots["person"] = person
        return _Json({"intent": intent, "crn": crn, "date": None, "slots": slots})

    def extract(self, text, reference_date, caseload=None):
        if "[crash]" in text:
            os._exit(3)  # a worker dying while it reads a stored note
        if not text.strip():
            raise EmptyNote()
        if len(text) > 12000:
            raise NoteTooLong(len(text), 12000)
        person = _who(text, caseload)
        contact_ev, needs, typ, outcome = {}, [], None, None
        m = re.search(r"home visit", text, re.I)
        if m:
            typ = "home_visit"
            contact_ev["type"] = {"text": m.group(0), "start": m.start(), "end": m.end()}
        m = re.search(r"attended", text, re.I)
        if m:
            outcome = "attended_complied"
            contact_ev["outcome"] = {"text": m.group(0), "start": m.start(), "end": m.end()}
        sections = {}
        m = re.search(r"hostel", text, re.I)
        if m:
            ev = {"text": m.group(0), "start": m.start(), "end": m.end()}
            needs.append({"area": "accommodation", "status": "need", "evidence": [ev]})
            sections["accommodation"] = "Lives in a hostel."
        return _Json(
            {
                "schema": "case-entry/1",
                "reference_date": reference_date.isoformat(),
                "person": person,
                "contact": {
                    "date": reference_date.isoformat(),
                    "start_time": None,
                    "duration_minutes": None,
                    "type": typ,
                    "outcome": outcome,
                    "late_minutes": None,
                    "location": None,
                    "evidence": contact_ev,
                },
                "next_appointment": None,
                "drug_test": None,
                "substances": [],
                "needs": needs,
                "risk_flags": [],
                "actions": [],
                "enforcement": "none",
                "enforcement_evidence": None,
                "sections": sections,
                "summary": "Contact recorded.",
            }
        )


def load(settings=None):
    """Like nlp.load."""
    return FakeExtractor()
