"""The cues of one doc and how far each trigger reaches.

`resolve_cues` turns raw rule matches into triggers and terminators (longest match first,
pseudo-triggers blocking what they overlap) and notes each token's sentence. `reach` gives a
trigger's scope: forward to the sentence end, a stopper (a terminator of its category, another
trigger of its category or of one that ends it) or its word limit; backward likewise but never
over a comma. A `clause` trigger ("if", "worried that", "could") has a wider limit and runs over
terminators marked `ends_clause: false`, such as a new subject followed by a modal, which opens
the consequent of a condition ("if he loses the job he will fall behind on his rent").
Scopes depend only on the doc, so each is worked out once per doc and kept on its `Cues`.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any, Protocol

from spacy.tokens import Doc

from nlp.text.lines import statement_starts

_LIST_ITEM_WORDS = 4  # past the window a comma list goes on while its items stay this short
_CLAUSE_PUNCT = frozenset({",", ";"})
_FORWARD = ("FORWARD", "BIDIRECTIONAL")
_BACKWARD = ("BACKWARD", "BIDIRECTIONAL")


class ContextRules(Protocol):
    """What scopes need of the loaded rules (`nlp.context.rules.ContextRules`), named here so
    this module does not import the one that imports it."""

    rules: list[Any]
    categories: dict[str, Any]
    window: int

    def priority(self, rule: Any) -> int:
        """How much the rule's category weighs when several apply."""
        ...


@dataclass(frozen=True)
class Cue:
    """A rule matched in a doc: the cue's token span [start, end)."""

    rule: Any  # a ContextRule (typed loosely: nlp.context.rules imports this module)
    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Cue) -> bool:
        """Whether the two cues share a token."""
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Cues:
    """The triggers and terminators of one doc, each token's sentence bounds and text."""

    triggers: tuple[Cue, ...]
    terminators: tuple[Cue, ...]
    sents: tuple[tuple[int, int], ...]
    texts: tuple[str, ...] = ()
    gaps: tuple[bool, ...] = ()  # punctuation or whitespace: not counted as words
    longest: int = 0  # tokens in the longest trigger
    memo: dict[tuple, Any] = field(default_factory=dict, compare=False, repr=False)

    def near(self, start: int, end: int) -> tuple[Cue, ...]:
        """Triggers that can reach or overlap tokens [start, end): those in its sentences."""
        low = bisect_left(self.triggers, self.sents[start][0] - self.longest, key=_start)
        high = bisect_left(self.triggers, self.sents[end - 1][1], key=_start)
        return self.triggers[low:high]


def _start(cue: Cue) -> int:
    return cue.start


def resolve_cues(
    doc: Doc, matches: set[tuple[int, int, int]], rules: ContextRules, columns: dict[str, tuple]
) -> Cues:
    """Cues from (rule index, start, end) matches: overlaps resolved, sentences noted."""
    found = set()
    for index, start, end in matches:
        rule = rules.rules[index]
        found.add((start - end, start, -rules.priority(rule), index, rule))
    # Longest match first (context tokens count: they make a match more specific), then
    # leftmost, then the stronger rule, then file order: deterministic.
    cues = [
        Cue(rule, start + rule.lookbehind, start - length - rule.lookahead)
        for length, start, _, _, rule in sorted(found, key=lambda f: f[:4])
    ]
    # Pseudo-triggers go first and block the overlapping triggers of their category that
    # are no longer than themselves; among triggers the longest cue wins.
    cover: list[list[Cue]] = [[] for _ in range(len(doc))]
    chosen: list[Cue] = []
    for cue in [c for c in cues if c.rule.direction == "PSEUDO"] + [
        c for c in cues if c.rule.direction not in ("PSEUDO", "TERMINATE")
    ]:
        if not any(_blocks(other, cue) for other in _overlapping(cover, cue)):
            chosen.append(cue)
            for i in range(cue.start, cue.end):
                cover[i].append(cue)
    terminators = tuple(
        c
        for c in cues
        if c.rule.direction == "TERMINATE"
        and not any(len(o) > len(c) for o in _overlapping(cover, c))
    )
    triggers = tuple(
        sorted((c for c in chosen if c.rule.direction != "PSEUDO"), key=lambda c: c.start)
    )
    sents = _statements(doc)
    longest = max((len(c) for c in triggers), default=0)
    return Cues(triggers, terminators, sents, columns["text"], columns["gap"], longest)


def _overlapping(cover: list[list[Cue]], cue: Cue) -> list[Cue]:
    return [other for i in range(cue.start, cue.end) for other in cover[i]]


def _blocks(chosen: Cue, cue: Cue) -> bool:
    """Whether an already chosen overlapping cue keeps this one out."""
    if chosen.rule.direction != "PSEUDO":
        return True
    return chosen.rule.category in ("ANY", cue.rule.category) and len(cue) <= len(chosen)


def reach(cue: Cue, cues: Cues, rules: ContextRules) -> tuple[int, int]:
    """(first, end): the backward scope starts at token first, the forward scope ends at end."""
    key = (id(cue.rule), cue.start, cue.end)
    known = cues.memo.get(key)
    if known is not None:
        return known
    rule = cue.rule
    sent_start, sent_end = cues.sents[cue.start]
    limit = rule.max_scope or rules.window
    starts, ends = _stoppers(rule, cues, rules)
    first, end = cue.start, cue.end
    if rule.direction in _FORWARD:
        end = _forward_end(cues, cue, limit, starts, sent_end)
    if rule.direction in _BACKWARD:
        first = _backward_start(cues, cue, rule.max_scope_back or limit, ends, sent_start)
    cues.memo[key] = (first, end)
    return first, end


def reaches(cue: Cue, start: int, end: int, cues: Cues, rules: ContextRules) -> bool:
    """Whether the target tokens [start, end) fall in this trigger's scope.

    A scan that stops at the target's own words still reaches it: in "remanded in custody
    in 2019" the target "in custody" is itself a history cue, which ends the backward scope
    of "in 2019" exactly where the target ends.
    """
    first, last = reach(cue, cues, rules)
    if cue.end <= start < last or first < end <= cue.start:
        return True
    # Only another trigger inside the target counts as the target's own words; a terminator
    # there still ends the scope ("unemployed since losing his job in December" is current).
    inside = [t for t in cues.triggers if start <= t.start and t.end <= end and t is not cue]
    return (first == end <= cue.start and any(t.end == end for t in inside)) or (
        last == start >= cue.end and any(t.start == start for t in inside)
    )


def _stoppers(rule: Any, cues: Cues, rules: ContextRules) -> tuple[set[int], set[int]]:
    """Starts and ends of the cues that end this rule's scopes: terminators, its own category,
    `terminated_by`. Triggers never overlap, so a trigger's own cue never stops its scan."""
    key = ("stops", rule.category, rule.clause)
    known = cues.memo.get(key)
    if known is not None:
        return known
    ended_by = rules.categories[rule.category].terminated_by
    stops = [
        t
        for t in cues.terminators
        if (not t.rule.terminates or rule.category in t.rule.terminates)
        and (t.rule.ends_clause or not rule.clause)
    ]
    stops += [
        t for t in cues.triggers if t.rule.category == rule.category or t.rule.category in ended_by
    ]
    cues.memo[key] = result = ({s.start for s in stops}, {s.end for s in stops})
    return result


def _forward_end(cues: Cues, cue: Cue, limit: int, stops: set[int], sent_end: int) -> int:
    """End of a forward scope: `limit` words, stretched over a comma list of short items."""
    words = item = 0
    in_list = False
    end = cue.end
    for i in range(cue.end, sent_end):
        text = cues.texts[i]
        if i in stops or text == ";":
            break
        if cues.gaps[i]:
            if text == ",":
                in_list, item = True, 0
            end = i + 1
            continue
        words += 1
        item += 1
        if words > limit and not (in_list and item <= _LIST_ITEM_WORDS):
            break
        end = i + 1
    return end


def _backward_start(cues: Cues, cue: Cue, limit: int, stops: set[int], sent_start: int) -> int:
    """Start of a backward scope: `limit` words, never back over a comma or semicolon."""
    words = 0
    start = cue.start
    for i in range(cue.start - 1, sent_start - 1, -1):
        if i + 1 in stops or cues.texts[i] in _CLAUSE_PUNCT:
            break
        if not cues.gaps[i]:
            words += 1
            if words > limit:
                break
        start = i
    return start


def _statements(doc: Doc) -> tuple[tuple[int, int], ...]:
    """Each token's (start, end) of its sentence, cut again where a line opens a new statement
    (a field or bullet line), so a trigger never reaches into the next line's statement."""
    cuts = statement_starts(doc)
    if doc.has_annotation("SENT_START"):
        cuts |= {s.start for s in doc.sents}
    bounds = sorted(cuts | {0, len(doc)})
    out: list[tuple[int, int]] = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        out.extend([(start, end)] * (end - start))
    return tuple(out)
