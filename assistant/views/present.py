"""Turn stored entries into what pages show: evidence marks, summary rows, tags."""

from __future__ import annotations

from typing import Any

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
NEED_STATUS_WORDS = {
    "need": "need",
    "no_need": "no need",
    "strength": "strength",
    "unknown": "unknown",
}


def evidence_spans(data: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Every evidence object in an entry (contract EVIDENCE: text, start, end)."""
    data = data or {}
    found: list[Any] = []
    found += list(((data.get("contact") or {}).get("evidence") or {}).values())
    for key in ("next_appointment", "drug_test"):
        found.append((data.get(key) or {}).get("evidence"))
    found.append(data.get("enforcement_evidence"))
    for key in ("substances", "risk_flags", "actions"):
        found += [item.get("evidence") for item in data.get(key) or [] if isinstance(item, dict)]
    for need in data.get("needs") or []:
        found += list(need.get("evidence") or []) if isinstance(need, dict) else []
    return [
        e
        for e in found
        if isinstance(e, dict) and isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
    ]


def marked_note(note: str, data: dict[str, Any] | None) -> list[tuple[str, bool]]:
    """The note as (text, is_evidence) segments; overlapping evidence is merged."""
    ranges = sorted((max(0, e["start"]), min(len(note), e["end"])) for e in evidence_spans(data))
    merged: list[list[int]] = []
    for start, end in ranges:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    segments: list[tuple[str, bool]] = []
    pos = 0
    for start, end in merged:
        if start > pos:
            segments.append((note[pos:start], False))
        segments.append((note[start:end], True))
        pos = end
    if pos < len(note):
        segments.append((note[pos:], False))
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
                "href": f"/entries/{entry.id}/edit/{key}" if editable else None,
            }
        )
    return rows


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
                    str(s.get("name", "")).replace("_", " "),
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
        "status": status_tag(entry.status),
        "sections": data.get("sections") or {},
        "summary": data.get("summary") or "",
        "segments": marked_note(entry.note_text, data),
        "editable": editable,
        "extracted": entry.current_version > 0,
    }
