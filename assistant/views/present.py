"""Turn stored entries into what pages show: evidence marks, summary rows, tags."""

from __future__ import annotations

from typing import Any

from assistant.corrections.items import SUBSTANCE_LABELS
from assistant.fields import (
    ACTION_LABELS,
    FIELDS,
    FLAG_LABELS,
    NEED_LABELS,
    STATUS_LABELS,
    STATUS_TAG_CLASSES,
)

FLAG_STATUS_WORDS = {
    "present": "",
    "current": "",
    "negated": "ruled out",
    "historical": "in the past",
    "hypothetical": "possible",
    "other_person": "someone else",
}
# Fields corrected on their group's page rather than one at a time.
GROUP_OF = {
    "next_date": "change/next_appointment",
    "next_time": "change/next_appointment",
    "next_type": "change/next_appointment",
    "drug_test": "change/drug_test",
}
NEED_STATUS_WORDS = {
    "need": "need",
    "no_need": "no need",
    "strength": "strength",
    "unknown": "unknown",
}


def label_lower(label: str) -> str:
    """A label lower-cased to sit inside a sentence, keeping acronyms as written: "Due date
    for finance, benefits or ID referral", "Details: GP registration"."""
    return " ".join(w if len(w) > 1 and w.isupper() else w.lower() for w in str(label).split(" "))


def labelled_evidence(data: dict[str, Any] | None) -> list[tuple[dict[str, Any], str]]:
    """Every evidence object in an entry with the item it supports ("Self-harm flag")."""
    data = data or {}
    found: list[tuple[Any, str]] = []
    contact_labels = {f.path[1]: f.label for f in FIELDS.values() if f.path[0] == "contact"}
    for key, ev in ((data.get("contact") or {}).get("evidence") or {}).items():
        found.append((ev, contact_labels.get(key, key.replace("_", " ").capitalize())))
    found.append(((data.get("next_appointment") or {}).get("evidence"), "Next appointment"))
    found.append(((data.get("drug_test") or {}).get("evidence"), "Drug test"))
    found.append((data.get("enforcement_evidence"), "Enforcement"))
    for key in ("substances", "risk_flags", "actions"):
        for item in data.get(key) or []:
            if isinstance(item, dict):
                found.append((item.get("evidence"), item_label(key, item)))
    for need in data.get("needs") or []:
        if isinstance(need, dict):
            found += [(e, item_label("needs", need)) for e in need.get("evidence") or []]
    return [
        (e, label)
        for e, label in found
        if isinstance(e, dict) and isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
    ]


def item_label(key: str, item: dict[str, Any]) -> str:
    """How the page names one list item: "Self-harm flag", "Finance need", "Cannabis"."""
    if key == "needs":
        area = str(item.get("area"))
        label = NEED_LABELS.get(area, area)
        # the highlight says what the words support: a need, or an area with no need in it
        return {
            "need": f"{label} need",
            "strength": f"{label} strength",
            "no_need": f"{label}: no need",
        }.get(str(item.get("status")), f"{label}: need unknown")
    code = str(item.get("name") if key == "substances" else item.get("code"))
    if key == "risk_flags":
        status = FLAG_STATUS_WORDS.get(str(item.get("status")), "")
        return f"{FLAG_LABELS.get(code, code)} flag" + (f" ({status})" if status else "")
    return ACTION_LABELS.get(code) or SUBSTANCE_LABELS.get(code) or code


def evidence_spans(data: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Every evidence object in an entry (contract EVIDENCE: text, start, end)."""
    return [e for e, _ in labelled_evidence(data)]


def marked_note(note: str, data: dict[str, Any] | None) -> list[tuple[str, list[str]]]:
    """The note as (text, items it supports) segments; overlapping evidence is merged and
    its items listed together, so each highlight says what it supports."""
    ranges = sorted(
        (max(0, e["start"]), min(len(note), e["end"]), label)
        for e, label in labelled_evidence(data)
    )
    merged: list[list[Any]] = []
    for start, end, label in ranges:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            if label not in merged[-1][2]:
                merged[-1][2].append(label)
        else:
            merged.append([start, end, [label]])
    segments: list[tuple[str, list[str]]] = []
    pos = 0
    for start, end, labels in merged:
        if start > pos:
            segments.append((note[pos:start], []))
        segments.append((note[start:end], labels))
        pos = end
    if pos < len(note):
        segments.append((note[pos:], []))
    return segments


def _field_evidence(data: dict[str, Any], key: str) -> str | None:
    contact_ev = (data.get("contact") or {}).get("evidence") or {}
    path = FIELDS[key].path
    if path[0] == "contact":
        ev = contact_ev.get(path[1])
    elif path[0] in ("next_appointment", "drug_test"):
        ev = (data.get(path[0]) or {}).get("evidence")
    elif path[0] == "enforcement":
        ev = data.get("enforcement_evidence")
    else:
        ev = None
    return ev.get("text") if isinstance(ev, dict) else None


def field_rows(entry: Any, editable: bool) -> list[dict[str, Any]]:
    """Summary list rows: label, value, the note's words behind it, and a change link."""
    data = entry.data or {}
    rows = []
    for key, fld in FIELDS.items():
        if key == "summary":
            continue
        rows.append(
            {
                "key": key,
                "label": fld.label,
                "value": fld.display(data),
                "evidence": _field_evidence(data, key),
                "check": _field_check(data, key),
                "href": (f"/entries/{entry.id}/{GROUP_OF.get(key, 'edit/' + key)}")
                if editable
                else None,
            }
        )
    return rows


def _field_check(data: dict[str, Any], key: str) -> str | None:
    """What the officer should check about a field's value (shown under the date it is about)."""
    if key != "next_date":
        return None
    check = (data.get("next_appointment") or {}).get("check")
    return check if isinstance(check, str) and check else None


def tags(data: dict[str, Any] | None) -> dict[str, list[dict[str, str]]]:
    """Needs, flags, substances and actions as tag texts with a colour class."""
    data = data or {}
    needs = [
        {
            "text": f"{NEED_LABELS.get(n.get('area'), n.get('area'))}: "
            f"{NEED_STATUS_WORDS.get(n.get('status'), n.get('status'))}",
            "classes": "govuk-tag--red" if n.get("status") == "need" else "govuk-tag--grey",
        }
        for n in data.get("needs") or []
    ]
    flags = [
        {
            "text": " – ".join(
                x
                for x in (
                    FLAG_LABELS.get(f.get("code"), f.get("code")),
                    FLAG_STATUS_WORDS.get(f.get("status"), ""),
                )
                if x
            ),
            "classes": "govuk-tag--red" if f.get("status") == "present" else "govuk-tag--grey",
        }
        for f in data.get("risk_flags") or []
    ]
    substances = [
        {
            "text": " – ".join(
                x
                for x in (
                    SUBSTANCE_LABELS.get(str(s.get("name")))
                    or str(s.get("name", "")).replace("_", " "),
                    FLAG_STATUS_WORDS.get(s.get("status"), ""),
                )
                if x
            ),
            "classes": "govuk-tag--orange" if s.get("status") == "current" else "govuk-tag--grey",
        }
        for s in data.get("substances") or []
    ]
    actions = [
        {"text": ACTION_LABELS.get(a.get("code"), a.get("code")), "classes": "govuk-tag--blue"}
        for a in data.get("actions") or []
    ]
    return {"needs": needs, "flags": flags, "substances": substances, "actions": actions}


_GROUP_KEYS = {"needs": "needs", "flags": "risk_flags", "substances": "substances"}
_GROUP_KEYS["actions"] = "actions"


def group_items(data: dict[str, Any] | None) -> dict[str, list[dict[str, Any]]]:
    """Each group's tags with the note's words behind each item, or who added it."""
    data = data or {}
    out: dict[str, list[dict[str, Any]]] = {}
    for group, found in tags(data).items():
        items = [i for i in data.get(_GROUP_KEYS[group]) or [] if isinstance(i, dict)]
        out[group] = []
        for tag, item in zip(found, items, strict=False):
            ev = item.get("evidence")
            words = [e.get("text") for e in (ev if isinstance(ev, list) else [ev]) if e]
            out[group].append(
                {
                    "tag": tag,
                    "evidence": [w for w in words if w],
                    "by_officer": item.get("source") == "officer",
                    "corrected": item.get("corrected_by") == "officer",
                }
            )
    return out


def status_tag(status: str) -> dict[str, str]:
    """The entry status as a GOV.UK tag."""
    return {
        "text": STATUS_LABELS.get(status, status),
        "classes": STATUS_TAG_CLASSES.get(status, "govuk-tag--grey"),
    }


def entry_view(entry: Any, editable: bool) -> dict[str, Any]:
    """Everything the entry card and entry page show."""
    data = entry.data or {}
    return {
        "entry": entry,
        "rows": field_rows(entry, editable),
        "tags": tags(data),
        "group_items": group_items(data),
        "summary_by_officer": bool(data.get("summary_by_officer")),
        "summary_rebuilt": data.get("summary_rebuilt") or "",
        "status": status_tag(entry.status),
        "sections": {
            NEED_LABELS.get(area, area): text for area, text in (data.get("sections") or {}).items()
        },
        "summary": data.get("summary") or "",
        "segments": marked_note(entry.note_text, data),
        "editable": editable,
        "extracted": entry.current_version > 0,
    }
