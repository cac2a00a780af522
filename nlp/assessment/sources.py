"""What a person's entries say about an area beyond the answers: needs, flags and actions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from nlp.assessment.findings import Evidence, Note, parse, sentence_of

FLAG_STATUSES = ("present", "negated", "historical")
RECENT_ACTION_DAYS = 92
_ALCOHOL = re.compile(r"\b(?:alcohol|drink\w*|drunk|lager|cider|beer|wine|vodka)\b", re.I)


def _newest(notes: list[Note]) -> list[Note]:
    return sorted(notes, key=lambda n: (n.date, n.entry_id), reverse=True)


def _items(note: Note, key: str) -> Iterator[dict[str, Any]]:
    for item in note.data.get(key) or []:
        if isinstance(item, dict):
            yield item


def _evidences(raw: Any) -> list[dict[str, Any]]:
    items = raw if isinstance(raw, list) else [raw]
    return [e for e in items if isinstance(e, dict) and "start" in e and "end" in e]


def _sentence(note: Note, ev: dict[str, Any]) -> Evidence:
    return sentence_of(parse(note.text), note, int(ev["start"]), int(ev["end"]))


def need_evidence(notes: list[Note], area: str, statuses: tuple[str, ...]) -> list[Evidence]:
    """Sentences of the newest entry that discusses this area, where its need has one of
    these statuses (an older entry's strength is not offered once a newer one says else)."""
    for note in _newest(notes):
        needs = [n for n in _items(note, "needs") if n.get("area") == area]
        if needs:
            return [
                _sentence(note, ev)
                for need in needs
                if need.get("status") in statuses
                for ev in _evidences(need.get("evidence"))
            ]
    return []


def flag_evidence(
    notes: list[Note], codes: set[str], statuses: tuple[str, ...] = FLAG_STATUSES
) -> list[tuple[str, str, Evidence]]:
    """(code, status, sentence) for each flag code, from the newest entry that records it."""
    seen: set[str] = set()
    found = []
    for note in _newest(notes):
        for flag in _items(note, "risk_flags"):
            code, status = flag.get("code"), flag.get("status")
            if code in codes and code not in seen and status in statuses:
                for ev in _evidences(flag.get("evidence"))[:1]:
                    found.append((str(code), str(status), _sentence(note, ev)))
                    seen.add(str(code))
    return found


# A referral or booking with a debt or money advice service: finance's, whatever the debt
# is for ("I will refer her to debt advice about her rent arrears" is not accommodation's).
_MONEY_REFERRAL = re.compile(
    r"\b(?:refer\w*|signpost\w*|book\w*|put (?:him|her|them) in touch)\b[^.;]{0,40}?"
    r"\b(?:debt (?:advice|advisers?|advisors?|charity|service|support|team)|money advice"
    r"|Citizens Advice|CAB|StepChange|National Debtline|budgeting (?:support|advice|service))\b",
    re.IGNORECASE,
)


def referral_area(sentence: str) -> str | None:
    """The area a referral in the sentence belongs to by the service it names, or None
    (only money advice is told apart: its subject, often rent, reads as housing)."""
    return "finance" if _MONEY_REFERRAL.search(sentence) else None


def action_area(code: str, sentence: str, links: dict[str, str]) -> str | None:
    """The area an action belongs to: a substance misuse referral about drink is alcohol's,
    a referral to debt advice about rent arrears is finance's."""
    if code == "refer_substance_misuse" and _ALCOHOL.search(sentence):
        return "alcohol_use"
    if code == "refer_accommodation" and referral_area(sentence) == "finance":
        return "finance"
    return links.get(code)


def action_evidence(notes: list[Note], area: str, links: dict[str, str]) -> list[Evidence]:
    """The newest sentence recording each of the area's action codes, newest first, from
    recent contacts only (an action months old is history, and the answers say where it
    led)."""
    seen: set[str] = set()
    found = []
    ordered = _newest(notes)
    if not ordered:
        return []
    since = dt.date.fromisoformat(ordered[0].date) - dt.timedelta(days=RECENT_ACTION_DAYS)
    for note in (n for n in ordered if dt.date.fromisoformat(n.date) >= since):
        for action in _items(note, "actions"):
            code = str(action.get("code"))
            for ev in _evidences(action.get("evidence"))[:1]:
                sentence = _sentence(note, ev)
                if code not in seen and action_area(code, sentence.text, links) == area:
                    found.append(sentence)
                    seen.add(code)
    return found


def substance_evidence(notes: list[Note], drugs: set[str]) -> list[Evidence]:
    """The newest sentence about each of these drugs the person used (not denials; alcohol
    is its own area, so it is not among them)."""
    seen: set[str] = set()
    found = []
    for note in _newest(notes):
        for item in _items(note, "substances"):
            name = item.get("name")
            used = item.get("status") in ("current", "historical")
            if used and name in drugs and name not in seen:
                for ev in _evidences(item.get("evidence"))[:1]:
                    found.append(_sentence(note, ev))
                    seen.add(str(name))
    return found
