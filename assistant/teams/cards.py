"""Adaptive Cards (schema 1.5) for Teams, rendered from `templates/cards/*.json.j2`.

Cards are built from the same views the web pages use (`assistant.views.present`) and the
same field definitions (`assistant.fields`). A card for the outgoing webhook (`mode=WEBHOOK`)
carries only Action.OpenUrl actions: a channel reply cannot call the bot back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import jinja2

from assistant.fields import FIELDS, STATUS_LABELS
from assistant.views.present import field_rows, tags
from storage.models import Entry

CARD_TYPE = "application/vnd.microsoft.card.adaptive"
BOT, WEBHOOK = "bot", "webhook"
INPUT_PREFIX = "f_"
VALUE_CHARS = 300
EVIDENCE_CHARS = 200
SUMMARY_CHARS = 2000
COMMENT_CHARS = 1000
SUMMARY_EDIT_CHARS = 4000
MAX_CANDIDATES = 50
OPEN_FOR_REVIEW = ("draft", "returned")
"""Statuses an officer may still confirm and submit (storage.review's submit and resubmit)."""
TAG_GROUPS = (
    ("needs", "Needs"),
    ("flags", "Risk flags"),
    ("substances", "Substances"),
    ("actions", "Actions"),
)


def render(env: jinja2.Environment, name: str, context: dict[str, Any]) -> dict[str, Any]:
    """Render `templates/cards/{name}.json.j2` and parse it: a card is JSON or an error."""
    text = env.get_template(f"cards/{name}.json.j2").render(context)
    card: dict[str, Any] = json.loads(text)
    return card


def attachment(card: dict[str, Any]) -> dict[str, Any]:
    """The card as a Bot Framework attachment."""
    return {"contentType": CARD_TYPE, "content": card}


def message(card: dict[str, Any]) -> dict[str, Any]:
    """A message activity (or webhook reply) carrying one card."""
    return {"type": "message", "attachments": [attachment(card)]}


def open_url(title: str, url: str) -> dict[str, Any]:
    """An Action.OpenUrl."""
    return {"kind": "open", "title": title, "url": url}


def execute(
    title: str, verb: str, data: dict[str, Any], style: str | None = None, no_inputs: bool = False
) -> dict[str, Any]:
    """An Action.Execute: Teams sends `verb` and `data` (plus the card's inputs) back."""
    return {
        "kind": "execute",
        "title": title,
        "verb": verb,
        "data": data,
        "style": style,
        "no_inputs": no_inputs,
    }


def note(text: str, style: str = "emphasis") -> dict[str, str]:
    """A message shown at the top of a card: good, warning, attention or emphasis."""
    return {"text": text, "style": style}


def clip(text: str, limit: int) -> str:
    """Text cut to `limit` characters with an ellipsis (Teams refuses cards over ~28 KB)."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def entry_url(base_url: str, entry: Entry) -> str:
    """The entry's page in casenotes."""
    return f"{base_url.rstrip('/')}/entries/{entry.id}"


def entry_card(
    env: jinja2.Environment,
    entry: Entry,
    person_name: str,
    base_url: str,
    *,
    mode: str = BOT,
    notice: dict[str, str] | None = None,
    confirmed: bool = False,
    reviewer: bool = False,
) -> dict[str, Any]:
    """The entry with its fields, evidence, needs, flags, actions and what can be done next
    (`reviewer`: the reader may approve or return it).

    A webhook card is read by the whole channel: it names the CRN, not the person, and
    leaves out the quoted evidence (already in the message above it), the contact record
    and a supervisor's comment.
    """
    data = entry.data or {}
    extracted = entry.current_version > 0
    private = mode == BOT
    rows = [
        {
            "label": row["label"],
            "value": clip(row["value"], VALUE_CHARS),
            "evidence": clip(row["evidence"], EVIDENCE_CHARS)
            if row["evidence"] and private
            else None,
            "check": row["check"],
        }
        for row in field_rows(entry, editable=False)
    ]
    found = tags(data)
    groups = [
        {"label": label, "items": [clip(t["text"], VALUE_CHARS) for t in found[key]]}
        for key, label in TAG_GROUPS
    ]
    context = {
        "fallback": f"casenotes entry for {entry.crn}: open casenotes to see it.",
        "title": f"{person_name} ({entry.crn})" if private else f"Entry for {entry.crn}",
        "status": STATUS_LABELS.get(entry.status, entry.status),
        "version": entry.current_version,
        "notice": notice,
        "comment": clip(entry.review_comment, COMMENT_CHARS)
        if entry.status == "returned" and entry.review_comment and private
        else None,
        "extracted": extracted,
        "rows": rows if extracted else [],
        "groups": groups if extracted else [],
        "summary": clip(data.get("summary") or "", SUMMARY_CHARS) if extracted and private else "",
        "actions": _entry_actions(entry, base_url, mode, confirmed, reviewer),
    }
    return render(env, "entry", context)


def _entry_actions(
    entry: Entry, base_url: str, mode: str, confirmed: bool, reviewer: bool = False
) -> list[dict]:
    here = {"entry_id": entry.id, "version": entry.current_version}
    actions = []
    if mode == BOT and reviewer and entry.status == "submitted":
        actions.append(execute("Review", "review", here, style="positive", no_inputs=True))
    if mode == BOT and entry.current_version == 0:
        actions.append(execute("Read the note", "extract", here))
    elif mode == BOT:
        open_for_review = entry.status in OPEN_FOR_REVIEW
        if open_for_review and not confirmed:
            actions.append(execute("Confirm", "confirm", here))
        actions.append(execute("Edit", "edit", here))
        if open_for_review:
            title = "Resubmit for review" if entry.status == "returned" else "Submit for review"
            actions.append(execute(title, "submit", here, style="positive"))
    actions.append(open_url("Open in casenotes", entry_url(base_url, entry)))
    return actions


def edit_card(
    env: jinja2.Environment,
    entry: Entry,
    person_name: str,
    base_url: str,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Inputs for every field, holding `values` (what was typed) or the entry's own values."""
    data = entry.data or {}
    errors = errors or {}
    inputs = []
    for key, fld in FIELDS.items():
        current = fld.get(data)
        if key == "summary" and len(str(current or "")) > SUMMARY_EDIT_CHARS:
            continue  # too long for a card: changed on the entry page
        raw = (values or {}).get(key, current)
        value = "" if raw is None else str(raw)
        kind = "choice" if fld.choices else fld.kind
        choices = [{"title": "Not recorded", "value": ""}] + [
            {"title": label, "value": code} for code, label in (fld.choices or {}).items()
        ]
        inputs.append(
            {
                "id": INPUT_PREFIX + key,
                "kind": kind,
                "label": fld.label,
                "value": value,
                "choices": choices if fld.choices else [],
                "hint": fld.hint or {"int": "In minutes", "text": ""}.get(fld.kind, ""),
                "max_length": 12_000 if fld.kind == "longtext" else 200,
                "multiline": fld.kind == "longtext",
                "error": errors.get(key),
            }
        )
    here = {"entry_id": entry.id, "version": entry.current_version}
    context = {
        "fallback": f"Correct the casenotes entry for {entry.crn}.",
        "title": f"{person_name} ({entry.crn})",
        "version": entry.current_version,
        "notice": note("Nothing was saved. Correct the fields marked below.", "attention")
        if errors
        else None,
        "inputs": inputs,
        "actions": [
            execute("Save", "save", here, style="positive"),
            execute("Cancel", "show", here, no_inputs=True),
            open_url("Open in casenotes", entry_url(base_url, entry)),
        ],
    }
    return render(env, "edit", context)


def field_inputs(data: dict[str, Any]) -> dict[str, Any]:
    """The field values an Action.Execute sent back, by field key (other data left out)."""
    return {
        key[len(INPUT_PREFIX) :]: value
        for key, value in data.items()
        if key.startswith(INPUT_PREFIX) and key[len(INPUT_PREFIX) :] in FIELDS
    }


def ask_who_card(
    env: jinja2.Environment,
    text: str,
    candidates: Iterable[dict[str, Any]],
    pending: int | None,
    base_url: str,
    *,
    mode: str = BOT,
) -> dict[str, Any]:
    """Who is this about? A choice and a button in the bot; by webhook, whose reply the whole
    channel reads, only a link to the question in casenotes (no caseload names)."""
    people = (
        [{"crn": str(c["crn"]), "name": str(c["name"])} for c in candidates][:MAX_CANDIDATES]
        if mode == BOT
        else []
    )
    actions = (
        [execute("Choose", "choose", {"pending": pending}, style="positive")] if people else []
    )
    actions.append(open_url("Open casenotes", base_url.rstrip("/") + "/"))
    context = {"text": text, "candidates": people, "actions": actions}
    return render(env, "ask_who", context)


def text_card(
    env: jinja2.Environment,
    text: str,
    *,
    items: Iterable[dict[str, Any]] = (),
    links: Iterable[tuple[str, str]] = (),
) -> dict[str, Any]:
    """A plain answer, optionally listing items (each `{"text", "action"}`) and links."""
    context = {
        "text": clip(text, SUMMARY_CHARS),
        "items": [{"text": clip(i["text"], VALUE_CHARS), "action": i["action"]} for i in items],
        "actions": [open_url(title, url) for title, url in links],
    }
    return render(env, "text", context)


def link_card(env: jinja2.Environment, code: str, minutes: int, base_url: str) -> dict[str, Any]:
    """How to link this Teams user to a casenotes account, with a one-time code."""
    url = base_url.rstrip("/") + "/teams/link"
    context = {
        "code": code,
        "minutes": minutes,
        "url": url,
        "actions": [open_url("Open casenotes to link", url)],
    }
    return render(env, "link", context)


def actions_in(card: Any) -> list[dict[str, Any]]:
    """Every action anywhere in a card (actions, action sets, select actions)."""
    found: list[dict[str, Any]] = []
    if isinstance(card, dict):
        if str(card.get("type", "")).startswith("Action."):
            found.append(card)
        for value in card.values():
            found += actions_in(value)
    elif isinstance(card, list):
        for value in card:
            found += actions_in(value)
    return found
