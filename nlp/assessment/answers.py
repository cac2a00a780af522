"""A person's findings merged into one answer per question: newer wins, disagreement is kept."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from nlp.assessment.change import is_change
from nlp.assessment.findings import Evidence, Finding
from nlp.assessment.questions import Catalogue, Question

CONFLICT_FACTOR = 0.7  # a disputed answer is offered, but less surely


@dataclass(frozen=True)
class Conflict:
    """A value another contact gave for the same question, with its evidence (also an
    answer's history: a value that held until a newer contact said the situation changed)."""

    value: str
    evidence: tuple[Evidence, ...]

    def to_json(self) -> dict[str, Any]:
        """The conflict object of the assessment JSON."""
        return {"value": self.value, "evidence": [e.to_json() for e in self.evidence]}


@dataclass(frozen=True)
class Answer:
    """One pre-filled answer: value (a code, a list of codes or None) and its support."""

    code: str
    value: str | list[str] | None
    confidence: float
    evidence: tuple[Evidence, ...] = ()
    conflicts: tuple[Conflict, ...] = field(default=())
    history: tuple[Conflict, ...] = field(default=())

    @property
    def status(self) -> str:
        """blank (nothing in the notes), conflict (contacts disagree) or answered."""
        if self.conflicts:
            return "conflict"
        return "blank" if self.value in (None, []) else "answered"

    def to_json(self) -> dict[str, Any]:
        """The answer object of the assessment JSON."""
        return {
            "value": self.value,
            "status": self.status,
            "confidence": round(self.confidence, 2),
            "confidence_label": confidence_label(self.confidence),
            "evidence": [e.to_json() for e in self.evidence],
            "conflicts": [c.to_json() for c in self.conflicts],
            "history": [h.to_json() for h in self.history],
        }


def confidence_label(value: float) -> str:
    """high, medium or low, as the page shows it."""
    return "high" if value >= 0.8 else "medium" if value >= 0.6 else "low"


def _newest_first(items: list[Finding]) -> list[Finding]:
    return sorted(items, key=lambda f: (f.evidence.date, f.evidence.entry_id), reverse=True)


def _evidence(items: list[Finding]) -> tuple[Evidence, ...]:
    seen: dict[tuple[int, int], Evidence] = {}
    for f in _newest_first(items):
        seen.setdefault((f.evidence.entry_id, f.evidence.start), f.evidence)
    return tuple(seen.values())


def _confidence(items: list[Finding]) -> float:
    # Each further contact saying the same thing adds a little certainty.
    entries = {f.evidence.entry_id for f in items}
    return min(0.99, max(f.confidence for f in items) + 0.05 * (len(entries) - 1))


def _by_value(items: list[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for f in _newest_first(items):
        grouped[f.value].append(f)
    return grouped


def merge_single(
    code: str,
    items: list[Finding],
    yields: dict[str, str] | None = None,
    drift_days: int | None = None,
) -> Answer:
    """The newest contact's value; older disagreeing values become conflicts (or history,
    when the situation changed: see `is_change` and its `drift_days`)."""
    yields = yields or {}
    items = [f for f in items if not _gives_way(f, items, yields)]
    newest = _newest_first(items)
    top_entry = newest[0].evidence.entry_id
    grouped = _by_value(items)
    latest = {f.value for f in newest if f.evidence.entry_id == top_entry}
    if len(latest) > 1:
        # One note says two things: the officer decides, we offer nothing.
        conflicts = tuple(Conflict(v, _evidence(grouped[v])) for v in grouped)
        return Answer(code, None, 0.0, (), conflicts)
    value = latest.pop()
    history, conflicts = _split_older(grouped, value, drift_days)
    confidence = _confidence(grouped[value]) * (CONFLICT_FACTOR if conflicts else 1.0)
    return Answer(code, value, confidence, _evidence(grouped[value]), conflicts, history)


def _gives_way(f: Finding, items: list[Finding], yields: dict[str, str]) -> bool:
    """Whether the same note also gives the value this finding's value gives way to."""
    stronger = yields.get(f.value)
    return stronger is not None and any(
        g.value == stronger and g.evidence.entry_id == f.evidence.entry_id for g in items
    )


def _changed_to(value_items: list[Finding], older_date: str, drift_days: int | None = None) -> bool:
    """Whether a contact after `older_date` giving this value says the situation changed."""
    return any(
        f.evidence.date > older_date and is_change(f.evidence, older_date, drift_days)
        for f in value_items
    )


def _split_older(
    grouped: dict[str, list[Finding]], value: str, drift_days: int | None = None
) -> tuple[tuple[Conflict, ...], tuple[Conflict, ...]]:
    """Older values other than `value`, as (history, conflicts): an older value is history
    when every contact giving it came before one that says the situation changed to
    `value`; otherwise the contacts disagree and the officer decides."""
    history: list[Conflict] = []
    conflicts: list[Conflict] = []
    for other, items in grouped.items():
        if other == value:
            continue
        last_said = max(f.evidence.date for f in items)
        target = history if _changed_to(grouped[value], last_said, drift_days) else conflicts
        target.append(Conflict(other, _evidence(items)))
    return tuple(history), tuple(conflicts)


def merge_multi(question: Question, items: list[Finding]) -> Answer:
    """The newest contact's options (or, for a union question, every contact's), with an
    exclusive option ("alone") standing alone; older options left out become conflicts."""
    if question.merge != "union":
        latest = _latest_say(items)
        answer = merge_multi(replace(question, merge="union"), latest)
        kept = set(answer.value or []) | {c.value for c in answer.conflicts}
        older = _by_value([f for f in items if f.value not in kept])
        history: list[Conflict] = []
        extra: list[Conflict] = []
        # Any contact giving the options now held may be the one that said things changed.
        holding = [f for f in items if f.value in (answer.value or [])]
        for v, fs in older.items():
            last_said = max(f.evidence.date for f in fs)
            changed = _changed_to(holding, last_said, question.drift_days)
            (history if changed else extra).append(Conflict(v, _evidence(fs)))
        factor = CONFLICT_FACTOR if extra and not answer.conflicts else 1.0
        return replace(
            answer,
            confidence=answer.confidence * factor,
            conflicts=answer.conflicts + tuple(extra),
            history=tuple(history),
        )
    grouped = _by_value(items)
    newest = _newest_first(items)[0].evidence.date
    exclusive = [v for v in grouped if v in question.exclusive]
    others = [v for v in grouped if v not in question.exclusive]
    latest_exclusive = [v for v in exclusive if grouped[v][0].evidence.date == newest]
    if latest_exclusive and not any(grouped[v][0].evidence.date == newest for v in others):
        chosen, disputed = latest_exclusive[:1], [v for v in grouped if v not in latest_exclusive]
    else:
        chosen, disputed = others, exclusive
    chosen = [v for v in question.options if v in chosen]
    evidence = tuple(e for v in chosen for e in _evidence(grouped[v]))
    conflicts = tuple(Conflict(v, _evidence(grouped[v])) for v in disputed)
    confidence = min(_confidence(grouped[v]) for v in chosen)
    return Answer(
        question.code, chosen, confidence * (0.7 if conflicts else 1.0), evidence, conflicts
    )


def _latest_say(items: list[Finding]) -> list[Finding]:
    """The newest contact's findings for a multi question, and the contact's before it
    too when the newest only says a state goes on ("she is still working at the school"
    after "works part time ... and gets Universal Credit"): it confirms the work and says
    nothing new about the rest of the money."""
    entries = list(dict.fromkeys(f.evidence.entry_id for f in _newest_first(items)))
    latest = [f for f in items if f.evidence.entry_id == entries[0]]
    if len(entries) > 1 and all(_GOES_ON.search(f.evidence.text) for f in latest):
        latest += [f for f in items if f.evidence.entry_id == entries[1]]
    return latest


def _bundles(found: list[Finding]) -> dict[tuple[str, int, int], Finding]:
    """The first answer (the anchor) each cue match gave, by (rule, entry, offset)."""
    anchors: dict[tuple[str, int, int], Finding] = {}
    for f in found:
        anchors.setdefault((f.rule, f.evidence.entry_id, f.evidence.start), f)
    return anchors


def _superseded(found: list[Finding]) -> list[Finding]:
    """Drop what a cue said alongside an answer a newer contact has replaced.

    "Sleeping on a friend's sofa" answers the accommodation and its suitability together;
    once a newer note says he has his own tenancy, the old suitability goes with the old
    accommodation instead of standing as if it were current.
    """
    anchors = _bundles(found)
    newest: dict[tuple[str, str], str] = {}
    for f in anchors.values():
        key = (f.code, f.value)
        newest[key] = max(newest.get(key, ""), f.evidence.date)
    latest_by_code: dict[str, str] = {}
    for (code, _), date in newest.items():
        latest_by_code[code] = max(latest_by_code.get(code, ""), date)
    kept = []
    for f in found:
        anchor = anchors[(f.rule, f.evidence.entry_id, f.evidence.start)]
        replaced = newest[(anchor.code, anchor.value)] < latest_by_code[anchor.code]
        if anchor is f or not replaced:
            kept.append(f)
    return kept


def _changed_on(found: list[Finding], code: str) -> str:
    """The date the newest answer to `code` was first given in its latest run ("" if never):
    a contact that gave it among other values still counts as giving it."""
    by_date: dict[str, set[str]] = defaultdict(set)
    for f in found:
        if f.code == code:
            by_date[f.evidence.date].add(f.value)
    if not by_date:
        return ""
    dates = sorted(by_date, reverse=True)
    latest = sorted(by_date[dates[0]])[0] if len(by_date[dates[0]]) == 1 else None
    since = dates[0]
    for date in dates:
        if latest is None or latest not in by_date[date]:
            break
        since = date
    return since if any(by_date[d] != {latest} for d in dates) else ""


def _moved_since(found: list[Finding], code: str, date: str) -> bool:
    """Whether a contact after `date` answering `code` says the situation changed since
    ("moved into a housing association flat" changes the household even when the kind of
    home is one no older contact named)."""
    return any(
        f.code == code and f.evidence.date > date and is_change(f.evidence, date) for f in found
    )


def _not_stale(found: list[Finding], cat: Catalogue) -> list[Finding]:
    """Drop answers older than a change they depend on (a plan made before the person moved,
    the household of an earlier address)."""
    kept = []
    for f in found:
        question = cat.index.get(f.code)
        watched = question.stale_after if question else ()
        date = f.evidence.date
        if all(date >= _changed_on(found, c) and not _moved_since(found, c, date) for c in watched):
            kept.append(f)
    return kept


def _not_ended(found: list[Finding], cat: Catalogue) -> list[Finding]:
    """Drop what a newer contact says has ended: after "split up with his girlfriend", the
    household of every older contact that named the partner (a question that `ends_whole`),
    and the old relationship; after "has left the college course", studying, but not the
    volunteering the same older contact gave."""
    ends = [f for f in found if f.ends]
    kept = [f for f in found if not f.ends]
    for end in ends:
        question = cat.index.get(end.code)
        whole = question is not None and question.ends_whole
        named = {
            f.evidence.entry_id
            for f in kept
            if f.code == end.code and (end.value == "*" or f.value == end.value)
        }
        kept = [
            f
            for f in kept
            if not (
                f.code == end.code
                and f.evidence.date < end.evidence.date
                and f.evidence.entry_id in named
                and (whole or end.value in ("*", f.value))
            )
        ]
    return kept


def _with_history(answer: Answer, out_of_date: list[Finding]) -> Answer:
    """An answer with the values of contacts a later change put out of date as its history
    (the household at his last address), values it still gives left out."""
    current = answer.value if isinstance(answer.value, list) else [answer.value]
    said = {h.value for h in answer.history + answer.conflicts}
    older = _by_value([f for f in out_of_date if f.value not in current and f.value not in said])
    extra = tuple(Conflict(v, _evidence(fs)) for v, fs in older.items())
    return replace(answer, history=answer.history + extra) if extra else answer


def merge(found: list[Finding], cat: Catalogue) -> dict[str, Answer]:
    """One answer per answered question code (per-drug codes included)."""
    by_code: dict[str, list[Finding]] = defaultdict(list)
    current = _superseded(_not_ended(found, cat))
    fresh = _not_stale(current, cat)
    kept = {id(f) for f in fresh}
    for f in fresh:
        by_code[f.code].append(f)
    answers: dict[str, Answer] = {}
    for code, items in by_code.items():
        question = cat.index.get(code)
        if question is not None and question.kind == "multi":
            answer = merge_multi(question, items)
        else:
            answer = merge_single(
                code,
                _still_the_same(items, question.still if question else {}),
                question.yields if question else None,
                question.drift_days if question else None,
            )
        stale = [f for f in current if f.code == code and id(f) not in kept]
        answers[code] = _with_history(answer, stale)
    return _follow_dependencies(answers, cat)


# Words saying a state goes on rather than that it is new.
_GOES_ON = re.compile(r"\b(?:still|continues? to|carries on|remains?)\b", re.IGNORECASE)


def _still_the_same(items: list[Finding], still: dict[str, str]) -> list[Finding]:
    """Leave out findings that only say an older, more exact state goes on: "he is still
    working for the groundworks firm" (employed, by its words) after "paid through CIS as a
    self-employed subcontractor" keeps self-employed (`still` in san_questions.json)."""
    if not still:
        return items

    def goes_on(f: Finding) -> bool:
        exact = still.get(f.value)
        return (
            exact is not None
            and bool(_GOES_ON.search(f.evidence.text))
            and any(g.value == exact and g.evidence.date < f.evidence.date for g in items)
        )

    return [f for f in items if not goes_on(f)]


def _holds(answer: Answer | None, value: str) -> bool:
    if answer is None or answer.value is None:
        return False
    return value in answer.value if isinstance(answer.value, list) else answer.value == value


def _follow_dependencies(answers: dict[str, Answer], cat: Catalogue) -> dict[str, Answer]:
    """Drop an answer whose parent question is not answered the way SAN asks it after."""
    kept = dict(answers)
    for code in answers:
        question = cat.index.get(code)
        if question is not None and question.depends:
            parent, wanted = question.depends
            if not _holds(answers.get(parent), wanted):
                del kept[code]
        elif code.startswith("drug_last_used_"):
            drug = code.removeprefix("drug_last_used_").upper()
            if not _holds(answers.get("select_misused_drugs"), drug):
                del kept[code]
    return kept
