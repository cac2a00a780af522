"""One edit page per group of the entry: every need area, every flag, every substance, every
action, the drug test, the next appointment. A group form lists the whole vocabulary, each row
set to what the entry says now, so adding, changing and removing are the same act: choose."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.corrections.items import (
    FLAG_STATUS,
    NEED_STATUS,
    OWNER_LABELS,
    SUBSTANCE_LABELS,
    SUBSTANCE_STATUS,
    Change,
    CorrectionError,
    no_next_appointment,
    set_action,
    set_drug_test,
    set_status,
)
from assistant.corrections.scalars import set_field
from assistant.fields import ACTION_LABELS, DRUG_TEST_LABELS, FIELDS, FLAG_LABELS, NEED_LABELS

# The contact's own fields, corrected together on one page.
CONTACT_FIELDS = (
    "contact_date",
    "start_time",
    "duration_minutes",
    "contact_type",
    "outcome",
    "late_minutes",
    "location",
    "enforcement",
)


@dataclass(frozen=True)
class Group:
    """A group edit page: its rows (code -> label) and the choices each row offers."""

    key: str
    title: str
    list_key: str | None
    rows: dict[str, str]
    choices: dict[str, str]
    blank: str  # the choice meaning "not in the entry"
    code_key: str = "code"


GROUPS: dict[str, Group] = {
    g.key: g
    for g in (
        Group("needs", "Need areas", "needs", NEED_LABELS,
              {k: v.removeprefix("a ").capitalize() for k, v in NEED_STATUS.items()},
              "Not discussed", "area"),
        Group("flags", "Risk flags", "risk_flags", FLAG_LABELS,
              {k: v.capitalize() for k, v in FLAG_STATUS.items()}, "Not mentioned"),
        Group("substances", "Substances", "substances", SUBSTANCE_LABELS,
              {k: v.capitalize() for k, v in SUBSTANCE_STATUS.items()}, "Not mentioned", "name"),
        Group("actions", "Actions", "actions", ACTION_LABELS,
              {k: f"By {v}" for k, v in OWNER_LABELS.items()}, "No action"),
        Group("drug_test", "Drug test", None, DRUG_TEST_LABELS, DRUG_TEST_LABELS, "No test"),
        Group("next_appointment", "Next appointment", None, {}, {}, "No next appointment"),
        Group("contact", "The contact", None, {k: FIELDS[k].label for k in CONTACT_FIELDS}, {},
              "Not recorded"),
    )
}  # fmt: skip


def current(group: Group, data: dict[str, Any]) -> dict[str, Any]:
    """What each row of the group says now: {code: choice} plus extra values (due dates...)."""
    if group.key == "contact":
        return {k: _shown(FIELDS[k].get(data)) for k in CONTACT_FIELDS}
    if group.key == "drug_test":
        test = data.get("drug_test") or {}
        return {
            "result": test.get("result") or "",
            "substances": list(test.get("substances") or []),
        }
    if group.key == "next_appointment":
        nxt = data.get("next_appointment") or {}
        return {k: nxt.get(k) or "" for k in ("date", "time", "type")}
    values: dict[str, Any] = {}
    for item in data.get(group.list_key or "") or []:
        code = item.get(group.code_key) if isinstance(item, dict) else None
        if code in group.rows and code not in values:
            values[code] = item.get("owner" if group.key == "actions" else "status") or ""
            if group.key == "actions":
                values[f"due-{code}"] = item.get("due") or ""
    return values


def rows(group: Group, data: dict[str, Any]) -> list[dict[str, Any]]:
    """Each row with its current choice and the note's words for it (or who added it)."""
    items = {
        i.get(group.code_key): i
        for i in reversed(data.get(group.list_key or "") or [])
        if isinstance(i, dict)
    }
    now = current(group, data)
    out = []
    for code, label in group.rows.items():
        item = items.get(code) or {}
        ev = item.get("evidence")
        words = [e.get("text") for e in (ev if isinstance(ev, list) else [ev]) if e]
        out.append(
            {
                "code": code,
                "label": label,
                "value": now.get(code, ""),
                "due": now.get(f"due-{code}", ""),
                "evidence": [w for w in words if w],
                "by_officer": item.get("source") == "officer",
            }
        )
    return out


def apply_form(group: Group, data: dict[str, Any], form: Any) -> tuple[Change, dict[str, str]]:
    """The entry with the form's changes, and errors by form field id (none: all applied).

    Only rows whose choice differs from the entry are applied, so untouched items keep
    their evidence and the officer is told exactly what changed.
    """
    change, errors = Change(data), {}
    if group.key == "next_appointment":
        return _next(data, form)
    if group.key == "contact":
        return _fields(data, form, {k: k for k in CONTACT_FIELDS})
    if group.key == "drug_test":
        result = str(form.get("result") or "")
        subs = [str(s) for s in form.getall("substances", [])] if result == "positive" else []
        try:
            if current(group, data) != {"result": result, "substances": subs}:
                change = set_drug_test(data, result or None, subs)
        except CorrectionError as exc:
            errors["result"] = str(exc)
        return change, errors
    now = current(group, data)
    for code in group.rows:
        chosen = str(form.get(code) or "")
        due = str(form.get(f"due-{code}") or "").strip()
        if chosen and chosen not in group.choices:
            errors[code] = f"Choose one of the options for {group.rows[code]}"
            continue
        if chosen == now.get(code, "") and (
            group.key != "actions" or due == now.get(f"due-{code}", "")
        ):
            continue
        try:
            if group.key == "actions":
                step = set_action(change.data, code, chosen or None, due or None)
            else:
                step = set_status(change.data, group.list_key or "", code, chosen or None)
        except CorrectionError as exc:
            errors[f"due-{code}" if due else code] = f"{group.rows[code]}: {exc}"
            continue
        change = change.then(step)
    return change, errors


def _next(data: dict[str, Any], form: Any) -> tuple[Change, dict[str, str]]:
    if form.get("none"):
        return no_next_appointment(data), {}
    return _fields(data, form, {"next_date": "date", "next_time": "time", "next_type": "type"})


def _fields(
    data: dict[str, Any], form: Any, names: dict[str, str]
) -> tuple[Change, dict[str, str]]:
    """Set each field (key -> form name) whose input differs from what the entry says."""
    change, errors = Change(data), {}
    for key, name in names.items():
        if name not in form:
            continue
        raw = str(form.get(name) or "").strip()
        if raw == _shown(FIELDS[key].get(data)):
            continue
        try:
            change = change.then(set_field(change.data, key, raw))
        except CorrectionError as exc:
            errors[name] = str(exc)
    return change, errors


def _shown(value: Any) -> str:
    return "" if value is None else str(value)
