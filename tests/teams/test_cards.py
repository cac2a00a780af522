"""Teams cards: every card valid against the official Adaptive Card 1.5 schema, hostile text
kept intact and never read as markdown, webhook cards with open-URL actions only."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import jsonschema
import pytest

from assistant.app import TEMPLATES_DIR, make_templates
from assistant.fields import FIELDS
from assistant.teams import cards
from storage.models import Entry

SCHEMA = Path(__file__).resolve().parent.parent / "fixtures" / "adaptive-card-1.5.json"
BASE = "https://casenotes.example/"
HOSTILE = (
    'Quote " back\\slash </script><b>x</b> {{ 7*7 }} {% if %} ${name} [link](http://evil)\nline two'
)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft6Validator:
    """The official schema, checked itself before use."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft6Validator.check_schema(schema)
    return jsonschema.Draft6Validator(schema)


@pytest.fixture(scope="module")
def env() -> jinja2.Environment:
    return make_templates()


def entry(status: str = "draft", version: int = 2, text: str = "", **extra: Any) -> Entry:
    """An entry whose every free-text value holds `text`."""
    ev = {"text": "home visit" + text, "start": 0, "end": 10}
    data = {
        "contact": {
            "date": "2026-11-21",
            "start_time": "14:30",
            "type": "home_visit",
            "outcome": "attended_complied",
            "location": "Office" + text,
            "evidence": {"type": ev, "outcome": ev},
        },
        "next_appointment": {
            "date": "2026-11-28",
            "time": "10:00",
            "type": "office_visit",
            "check": "28 November is a Saturday" + text,
        },
        "drug_test": {"result": "negative", "evidence": ev},
        "needs": [{"area": "accommodation", "status": "need", "evidence": [ev]}],
        "risk_flags": [{"code": "weapons", "status": "present", "evidence": ev}],
        "substances": [{"name": "cannabis" + text, "status": "current", "evidence": ev}],
        "actions": [{"code": "refer_accommodation", "evidence": ev}],
        "enforcement": "none",
        "sections": {},
        "summary": "Seen at home." + text,
    }
    values: dict[str, Any] = {
        "id": 7,
        "crn": "X100001",
        "author_id": 1,
        "status": status,
        "current_version": version,
        "note_text": "note" + text,
        "reference_date": "2026-11-21",
        "extraction": data,
        "data": data if version else None,
        "review_comment": ("Check the outcome." + text) if status == "returned" else None,
        "created_at": "2026-11-21T09:00:00+00:00",
        "updated_at": "2026-11-21T09:00:00+00:00",
        "submitted_at": None,
        "approved_by": None,
        "approved_at": None,
        "approved_version": None,
        "idempotency_key": None,
    }
    values.update(extra)
    return Entry(**values)


NAME = "Sam Reed"
PEOPLE = [{"crn": "X100001", "name": "Sam Reed"}, {"crn": "X100002", "name": "Jo Reed"}]
Builder = Callable[[jinja2.Environment, str], dict[str, Any]]
BUILDERS: dict[str, Builder] = {
    "entry draft": lambda env, t: cards.entry_card(env, entry(text=t), NAME + t, BASE),
    "entry noticed": lambda env, t: cards.entry_card(
        env, entry(text=t), NAME, BASE, notice=cards.note("Saved." + t, "good"), confirmed=True
    ),
    "entry returned": lambda env, t: cards.entry_card(env, entry("returned", text=t), NAME, BASE),
    "entry submitted": lambda env, t: cards.entry_card(env, entry("submitted", text=t), NAME, BASE),
    "entry unread": lambda env, t: cards.entry_card(env, entry(version=0, text=t), NAME + t, BASE),
    "entry webhook": lambda env, t: cards.entry_card(
        env, entry(text=t), NAME + t, BASE, mode=cards.WEBHOOK
    ),
    "edit": lambda env, t: cards.edit_card(env, entry(text=t), NAME + t, BASE),
    "edit errors": lambda env, t: cards.edit_card(
        env,
        entry(text=t),
        NAME,
        BASE,
        values={"start_time": "25:99" + t, "location": t, "outcome": "attended_complied"},
        errors={"start_time": "Start time must be a 24-hour time, like 14:30"},
    ),
    "ask who": lambda env, t: cards.ask_who_card(
        env, "Who is “Reed”?" + t, [dict(p, name=p["name"] + t) for p in PEOPLE], 4, BASE
    ),
    "ask who webhook": lambda env, t: cards.ask_who_card(
        env, "Who?" + t, PEOPLE, 4, BASE, mode=cards.WEBHOOK
    ),
    "ask who nobody": lambda env, t: cards.ask_who_card(env, "Who?" + t, [], None, BASE),
    "text": lambda env, t: cards.text_card(env, "You have 2 drafts." + t),
    "text items": lambda env, t: cards.text_card(
        env,
        "Found" + t,
        items=[
            {"text": "X100001 draft" + t, "action": cards.execute("Show", "show", {"entry_id": 1})},
            {"text": "X100002" + t, "action": cards.open_url("Open", BASE + "entries/2")},
        ],
        links=[("Open casenotes", BASE)],
    ),
    "text webhook": lambda env, t: cards.text_card(
        env,
        "1 entry found." + t,
        items=[{"text": "X100001" + t, "action": cards.open_url("Open", BASE + "entries/1")}],
        links=[("Open casenotes", BASE)],
    ),
    "link": lambda env, t: cards.link_card(env, "ABCD-EFGH", 15, BASE),
}
WEBHOOK_CARDS = ("entry webhook", "ask who webhook", "text webhook", "link")


@pytest.mark.parametrize("hostile", [False, True], ids=["plain", "hostile"])
@pytest.mark.parametrize("kind", list(BUILDERS))
def test_every_card_is_valid_adaptive_card_1_5(env, validator, kind: str, hostile: bool) -> None:
    card = BUILDERS[kind](env, HOSTILE if hostile else "")
    errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(card)]
    assert errors == []
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    assert len(json.dumps(card)) < 28_000  # Teams' limit on a message


@pytest.mark.parametrize(
    "broken",
    [
        {"type": "TextBlock"},  # no text
        {"type": "Marquee", "text": "x"},  # no such element
        {"type": "Input.Date", "id": "d", "value": 3},
        {"type": "ActionSet", "actions": [{"type": "Action.Execute", "verb": "x", "bogus": 1}]},
    ],
)
def test_the_schema_really_refuses_broken_cards(validator, broken: dict) -> None:
    card = {"type": "AdaptiveCard", "version": "1.5", "body": [broken]}
    assert list(validator.iter_errors(card))


def walk(node: Any, kind: str) -> list[dict[str, Any]]:
    """Every object of `type` kind in a card."""
    found = []
    if isinstance(node, dict):
        found += [node] if node.get("type") == kind else []
        for value in node.values():
            found += walk(value, kind)
    elif isinstance(node, list):
        for value in node:
            found += walk(value, kind)
    return found


@pytest.mark.parametrize("kind", list(BUILDERS))
def test_hostile_text_is_kept_intact_and_never_read_as_markdown(env, kind: str) -> None:
    card = BUILDERS[kind](env, HOSTILE)
    assert not any(HOSTILE in b["text"] for b in walk(card, "TextBlock"))
    shown = [r["text"] for r in walk(card, "TextRun")]
    shown += [c["title"] for s in walk(card, "Input.ChoiceSet") for c in s["choices"]]
    shown += [i.get("value", "") for i in walk(card, "Input.Text")]
    if kind != "link":  # the link card holds no text from anyone
        assert any(HOSTILE in text for text in shown), kind


def test_entry_card_shows_fields_evidence_tags_and_the_three_actions(env) -> None:
    card = cards.entry_card(env, entry(), NAME, BASE)
    runs = [r["text"] for r in walk(card, "TextRun")]
    labels = [b["text"] for b in walk(card, "TextBlock")]
    for expected in (
        "Home visit",
        "Attended – complied",
        "From the note: “home visit”",
        "Check: 28 November is a Saturday",
    ):
        assert expected in runs
    for expected in ("• Accommodation: need", "• Weapons", "• Accommodation referral"):
        assert expected in runs
    assert {"Needs", "Risk flags", "Substances", "Actions", "Contact record"} <= set(labels)
    executes = [a for a in cards.actions_in(card) if a["type"] == "Action.Execute"]
    assert [(a["title"], a["verb"]) for a in executes] == [
        ("Confirm", "confirm"),
        ("Edit", "edit"),
        ("Submit for review", "submit"),
    ]
    assert all(a["data"] == {"entry_id": 7, "version": 2} for a in executes)
    opened = [a["url"] for a in cards.actions_in(card) if a["type"] == "Action.OpenUrl"]
    assert opened == ["https://casenotes.example/entries/7"]


def test_entry_card_follows_the_status(env) -> None:
    returned = cards.entry_card(env, entry("returned"), NAME, BASE)
    assert "Check the outcome." in [r["text"] for r in walk(returned, "TextRun")]
    assert [a["title"] for a in cards.actions_in(returned)][-2:] == [
        "Resubmit for review",
        "Open in casenotes",
    ]
    submitted = cards.entry_card(env, entry("submitted"), NAME, BASE)
    assert [a.get("verb") for a in cards.actions_in(submitted)] == ["edit", None]
    unread = cards.entry_card(env, entry(version=0), NAME, BASE)
    assert [a.get("verb") for a in cards.actions_in(unread)] == ["extract", None]
    assert walk(unread, "ColumnSet") == []
    confirmed = cards.entry_card(env, entry(), NAME, BASE, confirmed=True)
    assert "confirm" not in [a.get("verb") for a in cards.actions_in(confirmed)]


@pytest.mark.parametrize("kind", WEBHOOK_CARDS)
def test_webhook_cards_only_open_urls(env, kind: str) -> None:
    actions = cards.actions_in(BUILDERS[kind](env, ""))
    assert actions and {a["type"] for a in actions} == {"Action.OpenUrl"}
    assert all(a["url"].startswith(BASE) for a in actions)


def test_edit_card_has_an_input_of_the_right_kind_for_every_field(env) -> None:
    card = cards.edit_card(env, entry(), NAME, BASE)
    inputs = {
        i["id"]: i
        for kind in ("Input.Text", "Input.ChoiceSet", "Input.Date", "Input.Time")
        for i in walk(card, kind)
    }
    assert set(inputs) == {"f_" + key for key in FIELDS}
    expected = {"choice": "Input.ChoiceSet", "date": "Input.Date", "time": "Input.Time"}
    for key, fld in FIELDS.items():
        kind = "choice" if fld.choices else fld.kind
        assert inputs["f_" + key]["type"] == expected.get(kind, "Input.Text"), key
        assert inputs["f_" + key]["label"] == fld.label
    assert inputs["f_outcome"]["value"] == "attended_complied"
    assert inputs["f_contact_date"]["value"] == "2026-11-21"
    assert inputs["f_start_time"]["value"] == "14:30"
    assert inputs["f_summary"]["isMultiline"] is True
    assert inputs["f_late_minutes"]["value"] == ""
    assert inputs["f_next_date"]["value"] == "2026-11-28"
    plain = entry()
    unset_entry = dataclasses.replace(plain, data={**(plain.data or {}), "next_appointment": None})
    unset = cards.edit_card(env, unset_entry, NAME, BASE)
    assert "value" not in next(i for i in walk(unset, "Input.Date") if i["id"] == "f_next_date")
    save = [a for a in cards.actions_in(card) if a.get("verb") == "save"]
    assert save and save[0]["data"] == {"entry_id": 7, "version": 2}


def test_edit_card_keeps_what_was_typed_and_shows_each_error(env) -> None:
    card = BUILDERS["edit errors"](env, "")
    time_input = next(i for i in walk(card, "Input.Time") if i["id"] == "f_start_time")
    assert time_input["value"] == "25:99"
    runs = walk(card, "TextRun")
    assert any(r["text"].startswith("Nothing was saved") for r in runs)
    error = next(r for r in runs if r["text"].startswith("Start time must be"))
    assert error["color"] == "attention"


def test_field_inputs_reads_back_only_known_fields() -> None:
    sent = {"entry_id": 7, "version": 2, "f_outcome": "failed_to_attend", "f_nope": "x"}
    assert cards.field_inputs(sent) == {"outcome": "failed_to_attend"}


def test_long_text_is_clipped_to_keep_cards_small(env, validator) -> None:
    long = "word " * 3000
    card = cards.entry_card(env, entry(text=long), NAME, BASE)
    assert len(json.dumps(card)) < 28_000
    assert list(validator.iter_errors(card)) == []
    edit = cards.edit_card(env, entry(text=long), NAME, BASE)
    assert "f_summary" not in [i["id"] for i in walk(edit, "Input.Text")]


EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.S)


@pytest.mark.parametrize("path", sorted((TEMPLATES_DIR / "cards").glob("*.json.j2")), ids=str)
def test_every_value_in_a_card_template_goes_through_tojson(path: Path) -> None:
    for expression in EXPRESSION.findall(path.read_text(encoding="utf-8")):
        expression = expression.strip()
        is_macro_call = re.match(r"^[\w.]+\(.*\)$", expression, re.S)
        assert is_macro_call or re.search(r"\|\s*tojson$", expression), expression


def test_a_webhook_entry_card_keeps_private_text_out_of_the_channel(env) -> None:
    card = cards.entry_card(env, entry("returned"), NAME, BASE, mode=cards.WEBHOOK)
    shown = [r["text"] for r in walk(card, "TextRun")] + [
        b["text"] for b in walk(card, "TextBlock")
    ]
    assert "Entry for X100001" in shown and "Home visit" in shown
    for private in (NAME, "From the note", "Seen at home.", "Check the outcome."):
        assert not any(private in text for text in shown), private
    who = cards.ask_who_card(env, "Who?", PEOPLE, 4, BASE, mode=cards.WEBHOOK)
    assert "Reed" not in json.dumps(who)
