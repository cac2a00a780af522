"""Correction commands in chat: "remove self-harm", "finance is a need", "not cannabis",
"drug test positive for cocaine", "no next appointment", "enforcement recall".

A short prompt that names an entry item (a flag, need area, substance or action, from
`resources/corrections.json`) together with what to do with it (remove, add, a status, an
owner) is a `set_field` interpretation whose slots say which item and what it becomes.
A prompt with many words this grammar cannot explain is left to the intent scorer: it is
more likely a note than a command.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from nlp.datetimes.dates import find_times
from nlp.prompts.dates import first_date, prompt_dates
from nlp.resources import resource

_MAX_WORDS = 14
_MAX_UNEXPLAINED = 2
_FILLER = frozenset(
    "the a an is was as to it its it's for of that this he she they should be there in on "
    "with entry from has had have are were been his her their one thing also too just "
    "only be then now s status set make mark change it's".split()
)
# An item named where another kind was meant: "mental health is a need" is the need area.
_AS_NEED = {
    "mental_health": "health_wellbeing",
    "self_harm": "health_wellbeing",
    "domestic_abuse": "relationships_community",
    "child_safeguarding": "relationships_community",
}
_FIELD = {"flag": "risk_flag", "need": "need", "substance": "substance", "action": "action"}


@dataclass(frozen=True)
class _Vocab:
    items: dict[tuple[str, ...], list[tuple[str, str]]]  # words -> [(kind, code)]
    phrases: dict[str, Any]


@cache
def _vocab() -> _Vocab:
    data = resource("corrections.json")
    items: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for kind, codes in data["items"].items():
        for code, names in codes.items():
            for name in names:
                items.setdefault(tuple(_words(name)), []).append((kind, code))
    return _Vocab(items, data)


def _words(text: str) -> list[str]:
    text = text.lower().replace("’", "").replace("'", "")
    return re.findall(r"[a-z0-9]+", re.sub(r"[-/]", " ", text))


def _spans(words: list[str], phrases: list[str]) -> list[tuple[int, int, str]]:
    """Non-overlapping occurrences of any phrase, longest first."""
    found: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for phrase in sorted(phrases, key=lambda p: -len(_words(p))):
        size = len(pw := _words(phrase))
        for i in range(len(words) - size + 1):
            if words[i : i + size] == pw and not taken & set(range(i, i + size)):
                found.append((i, i + size, phrase))
                taken |= set(range(i, i + size))
    return sorted(found)


def _match(words: list[str], table: dict[str, list[str]]) -> list[tuple[int, int, str]]:
    """Spans of a {code: [phrases]} table, each tagged with its code."""
    by_phrase = {p: code for code, phrases in table.items() for p in phrases}
    return [(s, e, by_phrase[p]) for s, e, p in _spans(words, list(by_phrase))]


def parse_correction(text: str, reference: dt.date | None = None) -> dict[str, Any] | None:
    """The set_field slots for a correction command, or None when the prompt is not one."""
    v = _vocab().phrases
    words = _words(text)
    words = _strip_openers(words, v["openers"])
    if not words or len(words) > _MAX_WORDS or text.rstrip().endswith("?"):
        return None
    for parse in (_next_none, _enforcement, _drug_test, _scalars, _items):
        slots = parse(words, v, text, reference)
        if slots is not None:
            return slots
    return None


def several(changes: list[dict[str, Any]], others: list[str]) -> dict[str, Any] | None:
    """A message whose every clause is a correction ("not a new offence, and the debt advice
    referral is hers"), from its `clause_corrections`: all of them, as one `several` change.
    None if any clause is not, or there is only one (the whole message was read as it)."""
    if others or len(changes) < 2:
        return None
    return {"field": "several", "changes": changes}


# A message that says several changes in prose: "it's not a new offence for her, and the
# debt advice referral is hers to make". Clauses are cut at punctuation and joining words.
_CLAUSE_CUT = re.compile(r"[,;.!]+\s*|\s+(?:and|but|also|plus)\s+", re.IGNORECASE)
MAX_CHANGE_WORDS = 40  # longer than this, a message is a note, whatever it contains


def clause_corrections(
    text: str, reference: dt.date | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """The corrections a message makes clause by clause, and the clauses that are none.
    Each clause is read as a whole command on its own; nothing is guessed across clauses."""
    if len(text.split()) > MAX_CHANGE_WORDS or text.rstrip().endswith("?"):
        return [], []
    changes: list[dict[str, Any]] = []
    others: list[str] = []
    for piece in (p.strip() for p in _CLAUSE_CUT.split(text)):
        if not _words(piece):
            continue
        slots = parse_correction(piece, reference)
        if slots is None or slots.get("field") in ("person", "status"):
            others.append(piece)
        elif slots.get("field") == "several":
            changes.extend(slots["changes"])
        else:
            changes.append(slots)
    return changes, others


def _strip_openers(words: list[str], openers: list[str]) -> list[str]:
    """Drop "please", "actually", "and also"... from the start of the prompt."""
    cut = sorted((_words(o) for o in openers), key=len, reverse=True)
    while words:
        opener = next((o for o in cut if o and words[: len(o)] == o), None)
        if opener is None:
            return words
        words = words[len(opener) :]
    return words


def _explained(words: list[str], used: set[int]) -> bool:
    rest = [w for i, w in enumerate(words) if i not in used and w not in _FILLER]
    return len(rest) <= _MAX_UNEXPLAINED


def _used(*spans: list[tuple[int, int, str]]) -> set[int]:
    return {i for group in spans for s, e, _ in group for i in range(s, e)}


def _next_none(words, v, text, reference) -> dict[str, Any] | None:  # type: ignore[no-untyped-def]
    nxt = _spans(words, v["next_appointment"])
    if not nxt:
        return None
    start, end, _ = nxt[0]
    before = [w for w in words[:start] if w not in _FILLER]
    removing = _spans(before[-1:], v["remove"] + ["no"]) if before else []
    after = [(s + end, e + end, p) for s, e, p in _spans(words[end:], v["next_none"])]
    if not (removing or (after and after[0][0] - end <= 2)):
        return None
    used = _used(nxt, after) | {i for i, w in enumerate(words[:start]) if w in before[-1:]}
    return {"field": "next_appointment", "none": True} if _explained(words, used) else None


def _enforcement(words, v, text, reference) -> dict[str, Any] | None:  # type: ignore[no-untyped-def]
    named = _spans(words, v["enforcement_words"])
    values = _match(words, v["enforcement"])
    if named and not values and _spans(words[: named[0][0]], ["no", "remove", "delete"]):
        return {"field": "enforcement", "value": "none"}
    if not values:
        return None
    start, end, value = values[0]
    removing = _spans(words[:start], v["remove"] + ["no"])
    # "remove the warning letter" clears enforcement; "remove breach of conditions" is a flag.
    inside_item = any(s <= start and end <= e for s, e, _ in _item_spans(words))
    clears = removing and value != "none" and not inside_item
    if clears and _explained(words, _used(named, values, removing)):
        return {"field": "enforcement", "value": "none"}
    whole = values[0][0] == 0 and values[0][1] == len(words)
    issued = _spans(words, ["issue", "issued", "send", "sent", "request", "requested", "start"])
    if (named or whole or issued) and _explained(words, _used(named, values, issued)):
        return {"field": "enforcement", "value": values[0][2]}
    return None


def _drug_test(words, v, text, reference) -> dict[str, Any] | None:  # type: ignore[no-untyped-def]
    tests = _spans(words, v["drug_test"])
    results = _match(words, v["drug_results"])
    if tests and not results and _spans(words[: tests[0][0]], ["no", "remove", "delete"]):
        return {"field": "drug_test", "value": None}
    if not results or not (tests or (results[0][2] == "positive" and "for" in words)):
        return None
    if tests and abs(results[0][0] - tests[0][1]) > 3 and abs(tests[0][0] - results[0][1]) > 3:
        return None
    substances = [
        (s, e, kc) for s, e, kc in _item_spans(words) if kc[0][0] in ("substance", "need")
    ]
    names = [c for _, _, kc in substances for k, c in kc if k == "substance"]
    used = _used(tests, results, [(s, e, "") for s, e, _ in substances])
    if not _explained(words, used | {i for i, w in enumerate(words) if w in ("for", "and")}):
        return None
    slots: dict[str, Any] = {"field": "drug_test", "value": results[0][2]}
    if results[0][2] == "positive" and names:
        slots["substances"] = names
    return slots


_LENGTH = re.compile(
    r"^(?:the\s+)?(?:length|duration|session length|contact length|it lasted|lasted)"
    r"(?:\s+(?:was|is|of|to))?\s+(\d{1,3})\s*(?:m|min|mins|minutes?)?$"
)
_START = re.compile(
    r"^(?:the\s+)?(?:start time|started at|start at|started|contact time|time of contact)"
    r"(?:\s+(?:was|is|to))?\s+(.+)$"
)


def _scalars(words, v, text, reference) -> dict[str, Any] | None:  # type: ignore[no-untyped-def]
    """ "length 25 minutes", "start time 14:30": fields named with words the scorer lacks."""
    plain = " ".join(words)
    length = _LENGTH.match(plain)
    if length:
        return {"field": "duration_minutes", "value": int(length.group(1))}
    start = _START.match(text.strip().lower().rstrip("."))
    if start:
        times = find_times(start.group(1))
        if times:
            return {"field": "start_time", "value": times[0].value.strftime("%H:%M")}
    return None


def _item_spans(words: list[str]) -> list[tuple[int, int, list[tuple[str, str]]]]:
    items = _vocab().items
    spans = _spans(words, [" ".join(k) for k in items])
    return [(s, e, items[tuple(_words(p))]) for s, e, p in spans]


def _items(words, v, text, reference) -> dict[str, Any] | None:  # type: ignore[no-untyped-def]
    found = _item_spans(words)
    if not found:
        return None
    hints = {k: _spans(words, p) for k, p in v["kind_hints"].items()}
    hinted = {k for k, spans in hints.items() if spans}
    removes = _spans(words, v["remove"])
    adds = _spans(words, v["add"])
    negators = _spans(words, v["negators"])
    owners = _match(words, v["owners"])
    changes: list[dict[str, Any]] = []
    used = _used(removes, adds, owners, *hints.values())
    for start, end, kinds in found:
        kind, code = _choose(kinds, hinted)
        statuses = _match(words, v["statuses"].get(kind, {})) if kind != "action" else []
        statuses = [s for s in statuses if not (start <= s[0] < end)]
        used |= _used(statuses) | set(range(start, end))
        before = {i for s, e, _ in negators for i in range(s, e) if e <= start and start - e <= 1}
        used |= before
        change = _change(kind, code, statuses, removes, adds, bool(before), owners, start)
        if change is None:
            return None
        if kind == "action" and "due" in words and reference is not None:
            day = first_date(prompt_dates(text), reference, "future")
            change["due"] = day.isoformat() if day else None
            used |= {words.index("due")}
        changes.append(change)
    if not _explained(words, used | {i for i, w in enumerate(words) if w == "and"}):
        return None
    return changes[0] if len(changes) == 1 else {"field": "several", "changes": changes}


def _choose(kinds: list[tuple[str, str]], hinted: set[str]) -> tuple[str, str]:
    for kind, code in kinds:
        if kind in hinted:
            return kind, code
    kind, code = kinds[0]
    if "need" in hinted and code in _AS_NEED:
        return "need", _AS_NEED[code]
    return kind, code


def _change(kind, code, statuses, removes, adds, negated, owners, start) -> dict[str, Any] | None:  # type: ignore[no-untyped-def]
    slots: dict[str, Any] = {"field": _FIELD[kind], "item": code}
    if any(e <= start for _, e, _ in removes):  # "remove health need": the hint is no status
        return {**slots, "owner": None} if kind == "action" else {**slots, "status": None}
    removing = bool(removes and not statuses)
    if kind == "action":
        if removing:
            return {**slots, "owner": None}
        if owners or adds:
            return {**slots, "owner": owners[0][2] if owners else "officer"}
        return None
    if statuses:  # the longest says most: "no need" over the hint "need"; then the last said
        best = max(statuses, key=lambda st: (st[1] - st[0], st[0]))
        return {**slots, "status": best[2]}
    if removing:
        return {**slots, "status": None}
    if negated:
        return {**slots, "status": "no_need" if kind == "need" else "negated"}
    if adds:
        return {**slots, "status": {"need": "need", "flag": "present"}.get(kind, "current")}
    return None
