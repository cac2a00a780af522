"""ConText trigger rules: loaded once from JSON, compiled into a spaCy `Matcher`, matched.

A rule is data: a `literal` (the cue as written, also its default token pattern), an optional
spaCy token `pattern`, a `category` and a `direction`:

- FORWARD / BACKWARD / BIDIRECTIONAL: a trigger whose scope runs that way from the cue, to the
  sentence boundary, a terminator or `max_scope` words, whichever comes first;
- TERMINATE: ends the scope of triggers of the categories in `terminates` (all when empty);
- PSEUDO: a phrase that looks like a trigger but is not ("no change", "not only"); it blocks
  triggers of its own `category` ("ANY" for every category) that it overlaps.

Patterns may name word lists from the file's `sets` as "$NAME" inside `IN` / `NOT_IN` lists.
`subject: true` marks an OTHER_PERSON cue that, standing before a stronger cue, is the subject
of its clause ("his partner does not use") and so decides the status. `lookbehind: n` says the
first n pattern tokens are context only (the Matcher has no lookbehind), so the cue starts n
tokens into the match; `lookahead: n` likewise ends it n tokens early. Context tokens must not
be optional.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.matcher import Matcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.vocab import Vocab

DIRECTIONS = ("FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO")
DEFAULT_RULES = "context_rules.json"


@dataclass(frozen=True)
class Category:
    """A trigger category: the status it gives a target and its weight when several apply."""

    name: str
    status: str
    priority: int
    terminated_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class ContextRule:
    """One trigger, terminator or pseudo-trigger of the lexicon."""

    literal: str
    category: str
    direction: str
    pattern: tuple[dict[str, Any], ...] = field(default=(), compare=False)
    max_scope: int | None = None
    max_scope_back: int | None = None
    priority: int | None = None
    lookbehind: int = 0
    lookahead: int = 0
    subject: bool = False
    terminates: tuple[str, ...] = ()
    allowed_types: tuple[str, ...] = ()
    excluded_types: tuple[str, ...] = ()

    def allows(self, label: str) -> bool:
        """Whether this rule may modify a target with this label (substring, any case)."""
        label = label.lower()
        if self.allowed_types and not any(t.lower() in label for t in self.allowed_types):
            return False
        return not (label and any(t.lower() in label for t in self.excluded_types))


@dataclass(frozen=True)
class Cue:
    """A rule matched in a doc: the cue's token span [start, end)."""

    rule: ContextRule
    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Cue) -> bool:
        """Whether the two cues share a token."""
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Cues:
    """The triggers and terminators of one doc, and each token's sentence bounds."""

    triggers: tuple[Cue, ...]
    terminators: tuple[Cue, ...]
    sents: tuple[tuple[int, int], ...]


def _expand(value: Any, sets: dict[str, list[str]]) -> Any:
    """Replace "$NAME" references to word sets inside a token pattern."""
    if isinstance(value, dict):
        return {
            k: (sets[v[1:]] if k in ("IN", "NOT_IN") and isinstance(v, str) else _expand(v, sets))
            for k, v in value.items()
        }
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            if isinstance(item, str) and item.startswith("$"):
                out.extend(sets[item[1:]])
            else:
                out.append(_expand(item, sets))
        return out
    return value


class ContextRules:
    """The trigger lexicon and category table, with a Matcher built per vocabulary."""

    def __init__(
        self, rules: list[ContextRule], categories: dict[str, Category], window: int
    ) -> None:
        self.rules = rules
        self.categories = categories
        self.window = window
        self._matchers: dict[int, tuple[Vocab, Matcher]] = {}
        self._last: tuple[Doc, Cues] | None = None

    @classmethod
    def load(cls, path: str | None = None, window: int | None = None) -> ContextRules:
        """Read the rules JSON (the packaged lexicon when `path` is empty or None)."""
        source = Path(path) if path else Path(__file__).parent / "resources" / DEFAULT_RULES
        raw = json.loads(source.read_text(encoding="utf-8"))
        categories = {
            name: Category(
                name, spec["status"], int(spec["priority"]), tuple(spec.get("terminated_by", ()))
            )
            for name, spec in raw["categories"].items()
        }
        sets = {name: [w.lower() for w in words] for name, words in raw.get("sets", {}).items()}
        tokenizer = spacy.blank("en").tokenizer
        rules = [_parse_rule(spec, categories, sets, tokenizer) for spec in raw["rules"]]
        return cls(rules, categories, int(window or raw.get("default_max_scope", 8)))

    def matcher(self, vocab: Vocab) -> Matcher:
        """The compiled Matcher for this vocabulary; match ids are rule indices as strings."""
        cached = self._matchers.get(id(vocab))
        if cached is not None and cached[0] is vocab:
            return cached[1]
        matcher = Matcher(vocab)
        for i, rule in enumerate(self.rules):
            matcher.add(str(i), [list(rule.pattern)])
        self._matchers[id(vocab)] = (vocab, matcher)
        return matcher

    def priority(self, rule: ContextRule) -> int:
        """A rule's weight: its own `priority` or else its category's."""
        if rule.priority is not None:
            return rule.priority
        category = self.categories.get(rule.category)
        return category.priority if category else 0

    def status(self, rule: ContextRule) -> str:
        """The status a trigger of this rule gives its targets."""
        return self.categories[rule.category].status

    def find_cues(self, doc: Doc) -> Cues:
        """Match the lexicon in doc, resolve overlaps and pseudo-triggers, note sentences."""
        last = self._last  # callers asserting many spans of one doc match it once
        if last is not None and last[0] is doc and len(last[1].sents) == len(doc):
            return last[1]
        cues = self._find_cues(doc)
        self._last = (doc, cues)
        return cues

    def _find_cues(self, doc: Doc) -> Cues:
        found = set()
        for match_id, start, end in self.matcher(doc.vocab)(doc):
            index = int(doc.vocab.strings[match_id])
            rule = self.rules[index]
            found.add((start - end, start, -self.priority(rule), index, rule))
        # Longest match first (context tokens count: they make a match more specific), then
        # leftmost, then the stronger rule, then file order: deterministic.
        cues = [
            Cue(rule, start + rule.lookbehind, start - length - rule.lookahead)
            for length, start, _, _, rule in sorted(found, key=lambda f: f[:4])
        ]
        # Pseudo-triggers go first and block the overlapping triggers of their category that
        # are no longer than themselves; among triggers the longest cue wins.
        chosen: list[Cue] = []
        for cue in [c for c in cues if c.rule.direction == "PSEUDO"] + [
            c for c in cues if c.rule.direction not in ("PSEUDO", "TERMINATE")
        ]:
            if not any(cue.overlaps(other) and _blocks(other, cue) for other in chosen):
                chosen.append(cue)
        terminators = tuple(
            c
            for c in cues
            if c.rule.direction == "TERMINATE"
            and not any(c.overlaps(o) and len(o) > len(c) for o in chosen)
        )
        triggers = tuple(
            sorted((c for c in chosen if c.rule.direction != "PSEUDO"), key=lambda c: c.start)
        )
        if doc.has_annotation("SENT_START"):
            sents = tuple(b for s in doc.sents for b in [(s.start, s.end)] * len(s))
        else:
            sents = ((0, len(doc)),) * len(doc)
        return Cues(triggers, terminators, sents)


def _blocks(chosen: Cue, cue: Cue) -> bool:
    """Whether an already chosen overlapping cue keeps this one out."""
    if chosen.rule.direction != "PSEUDO":
        return True
    return chosen.rule.category in ("ANY", cue.rule.category) and len(cue) <= len(chosen)


def _parse_rule(
    spec: dict[str, Any],
    categories: dict[str, Category],
    sets: dict[str, list[str]],
    tokenizer: Tokenizer,
) -> ContextRule:
    """Validate one JSON rule and turn its literal or pattern into Matcher token specs."""
    literal = spec["literal"]
    direction = spec["direction"].upper()
    category = spec.get("category", "TERMINATE" if direction == "TERMINATE" else "").upper()
    if direction not in DIRECTIONS:
        raise ValueError(f"context rule {literal!r}: unknown direction {direction!r}")
    known = set(categories) | ({"TERMINATE"} if direction == "TERMINATE" else set())
    if direction == "PSEUDO":
        known.add("ANY")
    if category not in known:
        raise ValueError(f"context rule {literal!r}: unknown category {category!r}")
    for name in spec.get("terminates", ()):
        if name not in categories:
            raise ValueError(f"context rule {literal!r}: unknown category {name!r} to terminate")
    if spec.get("pattern"):
        try:
            pattern = _expand(spec["pattern"], sets)
        except KeyError as err:
            raise ValueError(f"context rule {literal!r}: unknown word set {err}") from None
    else:
        pattern = [{"LOWER": tok.lower_} for tok in tokenizer(literal) if not tok.is_space]
    lookbehind = int(spec.get("lookbehind", 0))
    lookahead = int(spec.get("lookahead", 0))
    if lookbehind + lookahead >= len(pattern):
        raise ValueError(f"context rule {literal!r}: empty pattern")
    return ContextRule(
        literal=literal,
        category=category,
        direction=direction,
        pattern=tuple(pattern),
        max_scope=spec.get("max_scope"),
        max_scope_back=spec.get("max_scope_back"),
        priority=spec.get("priority"),
        lookbehind=lookbehind,
        lookahead=lookahead,
        subject=bool(spec.get("subject", False)),
        terminates=tuple(spec.get("terminates", ())),
        allowed_types=tuple(spec.get("allowed_types", ())),
        excluded_types=tuple(spec.get("excluded_types", ())),
    )
