"""ConText trigger rules: loaded once from JSON, compiled into an indexed token matcher.

A rule is data: a `literal` (the cue as written, also its default token pattern), an optional
token `pattern`, a `category` and a `direction`:

- FORWARD / BACKWARD / BIDIRECTIONAL: a trigger whose scope runs that way from the cue, to the
  sentence boundary, a terminator or `max_scope` words, whichever comes first; `scope: clause`
  makes `max_scope` a cap and lets the scope run over terminators marked `ends_clause: false`;
- TERMINATE: ends the scope of triggers of the categories in `terminates` (all when empty);
- PSEUDO: a phrase that looks like a trigger but is not ("no change", "not only"); it blocks
  triggers of its own `category` ("ANY" for every category) that it overlaps.

Patterns are spaCy token patterns in the subset `nlp.context.match` compiles (LOWER, TEXT,
ORTH, LIKE_NUM, IS_SENT_START; `"OP": "?"`); they may name word lists from the file's `sets`
as "$NAME" inside `IN` / `NOT_IN` lists.
`subject: true` marks an OTHER_PERSON cue that, standing before a stronger cue, is the subject
of its clause ("his partner does not use") and so decides the status. `lookbehind: n` says the
first n pattern tokens are context only, so the cue starts n tokens into the match;
`lookahead: n` likewise ends it n tokens early. Context tokens must not be optional.
"""

from __future__ import annotations

import functools
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from nlp.context.match import TokenPatterns, compile_spec, token_columns
from nlp.context.scope import Cue, Cues, resolve_cues
from nlp.resources import resource

__all__ = ["Category", "ContextRule", "ContextRules", "Cue", "Cues"]

DIRECTIONS = ("FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO")
DEFAULT_RULES = "context_rules.json"
_CACHED_DOCS = 64  # docs whose cues are kept: a batch of notes (`Extractor.extract_checked`)


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
    clause: bool = False
    ends_clause: bool = True
    terminates: tuple[str, ...] = ()
    allowed_types: tuple[str, ...] = ()
    excluded_types: tuple[str, ...] = ()

    def allows(self, label: str) -> bool:
        """Whether this rule may modify a target with this label (substring, any case)."""
        if not (self.allowed_types or self.excluded_types):
            return True
        label = label.lower()
        if self.allowed_types and not any(t.lower() in label for t in self.allowed_types):
            return False
        return not (label and any(t.lower() in label for t in self.excluded_types))


class ContextRules:
    """The trigger lexicon and category table, with its patterns compiled for matching."""

    def __init__(
        self, rules: list[ContextRule], categories: dict[str, Category], window: int
    ) -> None:
        self.rules = rules
        self.categories = categories
        self.window = window
        self.patterns = TokenPatterns([rule.pattern for rule in rules])
        self._cache: dict[int, tuple[Doc, int, Cues]] = {}
        self._lock = threading.Lock()

    @classmethod
    def load(cls, path: str | None = None, window: int | None = None) -> ContextRules:
        """Read the rules JSON (the packaged lexicon when `path` is empty or None)."""
        raw = (
            json.loads(Path(path).read_text(encoding="utf-8")) if path else resource(DEFAULT_RULES)
        )
        categories = {
            name: Category(
                name, spec["status"], int(spec["priority"]), tuple(spec.get("terminated_by", ()))
            )
            for name, spec in raw["categories"].items()
        }
        sets = {name: [w.lower() for w in words] for name, words in raw.get("sets", {}).items()}
        tokenizer = english_tokenizer()
        rules = [_parse_rule(spec, categories, sets, tokenizer) for spec in raw["rules"]]
        return cls(rules, categories, int(window or raw.get("default_max_scope", 8)))

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
        """Match the lexicon in doc, resolve overlaps and pseudo-triggers, note sentences.

        Callers assert many spans of one doc, so the last few docs' cues are kept; each entry
        holds its doc, so an id is never reused while cached and one doc never gets another's.
        """
        with self._lock:
            hit = self._cache.get(id(doc))
        if hit is not None and hit[0] is doc and hit[1] == len(doc):
            return hit[2]
        columns = token_columns(doc)
        cues = resolve_cues(doc, self.patterns.match(columns), self, columns)
        with self._lock:
            self._cache.pop(id(doc), None)
            while len(self._cache) >= _CACHED_DOCS:
                del self._cache[next(iter(self._cache))]
            self._cache[id(doc)] = (doc, len(doc), cues)
        return cues


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


def _parse_rule(
    spec: dict[str, Any],
    categories: dict[str, Category],
    sets: dict[str, list[str]],
    tokenizer: Tokenizer,
) -> ContextRule:
    """Validate one JSON rule and turn its literal or pattern into token specs."""
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
    if spec.get("scope", "window") not in ("window", "clause"):
        raise ValueError(f"context rule {literal!r}: scope is 'window' or 'clause'")
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
    try:
        for token_spec in pattern:
            compile_spec(token_spec)
    except ValueError as err:
        raise ValueError(f"context rule {literal!r}: {err}") from None
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
        clause=spec.get("scope") == "clause",
        ends_clause=bool(spec.get("ends_clause", True)),
        terminates=tuple(spec.get("terminates", ())),
        allowed_types=tuple(spec.get("allowed_types", ())),
        excluded_types=tuple(spec.get("excluded_types", ())),
    )


@functools.cache
def english_tokenizer() -> Tokenizer:
    """spaCy's English tokenizer, built once: it splits the rules' literal words, and building
    it (its thousands of special cases) was a tenth of a second of every load of the rules."""
    return spacy.blank("en").tokenizer
