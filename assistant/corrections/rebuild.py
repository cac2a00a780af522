"""The contact record and section drafts rebuilt from the entry as corrected.

Extraction writes them once from what it read; after every correction they are written
again from the corrected fields, with the person's name as on the caseload (not as
dictated). Wording the officer wrote into the record is theirs: it is kept, marked
(`summary_by_officer`), and the rebuilt text is offered beside it (`summary_rebuilt`).
"""

from __future__ import annotations

import copy
import logging
from types import SimpleNamespace
from typing import Any

from jinja2 import TemplateError

from assistant.corrections.items import SUBSTANCE_LABELS
from assistant.fields import ACTION_LABELS, FLAG_LABELS, NEED_LABELS
from nlp.assessment.entry_section import entry_section
from nlp.extractor import _ACTION_AREAS, _FLAG_AREAS
from nlp.render import render

log = logging.getLogger(__name__)
_CONTACT_KEYS = ("date", "start_time", "duration_minutes", "type", "outcome", "late_minutes")
NEED_AREAS, FLAG_CODES = frozenset(NEED_LABELS), frozenset(FLAG_LABELS)
ACTION_CODES, SUBSTANCE_NAMES = frozenset(ACTION_LABELS), frozenset(SUBSTANCE_LABELS)


def _item(item: dict[str, Any]) -> SimpleNamespace:
    """An entry item as the section drafter reads extraction's objects. An item the officer
    added has no words in the note (an empty span), so it is said in plain words."""
    ev = item.get("evidence")
    ev = ev if isinstance(ev, dict) else {}
    start, end = ev.get("start"), ev.get("end")
    if item.get("source") == "officer" or not isinstance(start, int) or not isinstance(end, int):
        start = end = -1
    return SimpleNamespace(**{**item, "evidence": SimpleNamespace(start=start, end=end)})


def _need(need: dict[str, Any]) -> SimpleNamespace:
    spans = [e for e in need.get("evidence") or [] if isinstance(e, dict)]
    if need.get("source") == "officer":
        spans = []
    evidence = [
        SimpleNamespace(start=e["start"], end=e["end"])
        for e in spans
        if isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
    ]
    return SimpleNamespace(**{**need, "evidence": evidence})


def record_texts(
    data: dict[str, Any],
    name: str | None,
    crn: str | None = None,
    *,
    sections: bool = True,
    note_text: str = "",
) -> tuple[dict[str, str], str]:
    """Section drafts (one per need area) and the contact record for entry data.

    Args:
        name: the person's name as on the caseload.
        crn: whom the entry is filed under (default: the person the note named).
        sections: False to render the record alone (what the machine would write).
        note_text: the note, whose whole sentences the section drafts quote where they can.
    """
    person = data.get("person") or None
    crn = crn or (person.get("crn") if isinstance(person, dict) else None)
    shown = {"name": name, "crn": crn} if name and crn else person
    who = name if name and crn else "the person on probation"
    contact = {k: (data.get("contact") or {}).get(k) for k in _CONTACT_KEYS}
    needs = _items(data, "needs", {"status": "unknown", "evidence": []}, "area", NEED_AREAS)
    flags = _items(data, "risk_flags", {"status": "present"}, "code", FLAG_CODES)
    actions = _items(data, "actions", {"owner": None, "due": None}, "code", ACTION_CODES)
    substances = _items(data, "substances", {"status": "current"}, "name", SUBSTANCE_NAMES)
    test = data.get("drug_test") if isinstance(data.get("drug_test"), dict) else None
    if test is not None:
        test = {"result": test.get("result") or "", "substances": test.get("substances") or []}
    nxt = data.get("next_appointment") if isinstance(data.get("next_appointment"), dict) else None
    if nxt is not None:
        nxt = {k: nxt.get(k) for k in ("date", "time", "type")}
    drafts = {
        n["area"]: entry_section(
            note_text,
            _need(n),
            who,
            drug_test=SimpleNamespace(**test) if test else None,
            substances=[_item(x) for x in substances] if n["area"] == "drug_use" else [],
            flags=[_item(f) for f in flags if _FLAG_AREAS.get(str(f.get("code"))) == n["area"]],
            actions=[
                _item(a) for a in actions if _ACTION_AREAS.get(str(a.get("code"))) == n["area"]
            ],
        )
        for n in (needs if sections else [])
    }
    summary = render(
        "summary.txt.j2",
        person=shown,
        contact=contact,
        drug_test=test,
        needs=needs,
        risk_flags=flags,
        actions=actions,
        enforcement=data.get("enforcement") or "none",
        next_appointment=nxt,
    )
    return drafts, summary


def _items(
    data: dict[str, Any], key: str, defaults: dict[str, Any], code: str, known: frozenset[str]
) -> list[dict[str, Any]]:
    """The list's well-formed items, with the fields the templates read filled in."""
    return [
        {**defaults, **i}
        for i in data.get(key) or []
        if isinstance(i, dict) and str(i.get(code)) in known
    ]


def rebuild(
    data: dict[str, Any], name: str | None, crn: str | None = None, note_text: str = ""
) -> dict[str, Any]:
    """The entry with its sections and record written again from its fields.

    Args:
        name: the person's name as on the caseload.
        crn: whom the entry is filed under.
        note_text: the note the entry was read from (its sentences go into the sections).
    """
    return _rebuild(copy.deepcopy(data), name, crn, note_text=note_text)


def _rebuild(
    out: dict[str, Any],
    name: str | None,
    crn: str | None,
    offer: bool | None = None,
    *,
    note_text: str = "",
) -> dict[str, Any]:
    """`rebuild` on an entry this module already owns (no second copy).

    Args:
        offer: beside the officer's own wording, offer the rebuilt record (True), withdraw
            the offer (False), or offer it whenever it differs (None).
    """
    try:
        sections, summary = record_texts(out, name, crn, note_text=note_text)
    except (TemplateError, KeyError, TypeError, ValueError) as exc:
        # Data an API client saved that the templates cannot read: keep its texts as they are.
        log.warning("record not rebuilt: %s", type(exc).__name__)
        return out
    out["sections"] = sections
    if out.get("summary_by_officer") and out.get("summary"):
        differs = summary.strip() != str(out["summary"]).strip()
        if differs and offer is not False:
            out["summary_rebuilt"] = summary
        else:
            out.pop("summary_rebuilt", None)
    else:
        out["summary"] = summary
        out.pop("summary_by_officer", None)
        out.pop("summary_rebuilt", None)
    return out


def use_rebuilt(
    data: dict[str, Any], name: str | None, crn: str | None = None, note_text: str = ""
) -> dict[str, Any]:
    """The entry with the officer's own record replaced by the rebuilt one."""
    out = copy.deepcopy(data)
    out.pop("summary_by_officer", None)
    return rebuild(out, name, crn, note_text)


def _machine_texts(data: dict[str, Any], name: str | None, crn: str | None) -> set[str]:
    """What the record would read if the machine wrote it: with the caseload name, and with
    the name as the note spelt it (entries read before records were rebuilt)."""
    found = set()
    person = data.get("person") if isinstance(data.get("person"), dict) else {}
    for who, whose in ((name, crn), ((person or {}).get("name"), None)):
        try:
            found.add(record_texts(data, who, whose, sections=False)[1].strip())
        except (TemplateError, KeyError, TypeError, ValueError):
            continue
    return found


def after_correction(
    before: dict[str, Any],
    after: dict[str, Any],
    name: str | None,
    crn: str | None = None,
    note_text: str = "",
) -> dict[str, Any]:
    """The corrected entry with its record rebuilt. A record text that is not what the
    machine would write from the fields (the officer typed it, here or anywhere else) is the
    officer's own wording: kept and marked. The rebuilt text is offered beside it once a
    later correction changes what the record would say (not the moment they write it)."""
    out = copy.deepcopy(after)
    summary = str(out.get("summary") or "").strip()
    offer: bool | None = None
    if not summary:
        out.pop("summary_by_officer", None)
    elif out.get("summary") != before.get("summary"):
        if summary in _machine_texts(out, name, crn):
            out.pop("summary_by_officer", None)
        else:
            out["summary_by_officer"], offer = True, False
    else:
        was = _machine_texts(before, name, crn)
        if not out.get("summary_by_officer") and summary not in was:
            out["summary_by_officer"] = True
        if out.get("summary_by_officer"):  # offer once the fields say something new
            offer = bool(_machine_texts(out, name, crn) - was) or bool(out.get("summary_rebuilt"))
    return _rebuild(out, name, crn, offer, note_text=note_text)
