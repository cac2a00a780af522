"""ConText-style assertion status: present, negated, historical, hypothetical or other_person.

ConText (Chapman et al. 2001, Harkema et al. 2009) as in medspaCy, on the trigger lexicon in
`resources/context_rules.json` (see `nlp.context.rules`). A trigger's scope runs to the
sentence end, a terminator, a trigger of its own category or `max_scope` words, so unpunctuated
dictation stays local; a conditional or worry ("if", "worried that", "could") reaches to the end
of its clause, consequent included, within a wider cap (see `nlp.context.scope`). When
several triggers reach a target the highest priority decides: negated > other_person >
hypothetical > now/recent > historical, with cessation cues ("stopped", "clean for", "not ...
any more") above negation; but an other-person subject before every stronger cue decides ("his
partner does not use" is other_person).

Beside the one status, ConText's three independent dimensions are kept as added fields, as
ConText itself reports them: `negated` (a negation cue reaches the mention), `temporality`
("recent", "historical" or "hypothetical": the strongest time or condition cue) and
`experiencer` ("person" or "other"). So "denies any history of self-harm" is status negated
and also historical in time; the status stays what the contract defines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.context.rules import ContextRules
from nlp.context.scope import Cue, Cues, reaches
from nlp.errors import NlpError

STATUSES = ("present", "negated", "historical", "hypothetical", "other_person")
_FORWARD = ("FORWARD", "BIDIRECTIONAL")


@dataclass(frozen=True)
class Trigger:
    """A cue that decided a status, with character offsets into the text."""

    text: str
    start: int
    end: int
    category: str

    def to_json(self) -> dict:
        """The contract's trigger object."""
        return {"text": self.text, "start": self.start, "end": self.end, "category": self.category}

    @classmethod
    def from_json(cls, raw: dict) -> Trigger:
        """The inverse of `to_json`."""
        return cls(raw["text"], raw["start"], raw["end"], raw["category"])


TEMPORALITIES = ("recent", "historical", "hypothetical")
EXPERIENCERS = ("person", "other")
# Which dimension a trigger's status speaks to; every other status is about time.
_NEGATION, _EXPERIENCER = "negated", "other_person"


@dataclass(frozen=True)
class Assertion:
    """The status of one mention, the triggers that decided it, and ConText's dimensions.

    A dimension left as None is read from the status (an assertion made from a status alone,
    as other stages do, says no more than the status).
    """

    status: str
    triggers: tuple[Trigger, ...] = ()
    negated: bool | None = None
    temporality: str | None = None
    experiencer: str | None = None

    def __post_init__(self) -> None:
        if self.negated is None:
            object.__setattr__(self, "negated", self.status == "negated")
        if self.temporality is None:
            time = self.status if self.status in TEMPORALITIES else "recent"
            object.__setattr__(self, "temporality", time)
        if self.experiencer is None:
            who = "other" if self.status == "other_person" else "person"
            object.__setattr__(self, "experiencer", who)

    def to_json(self) -> dict:
        """The contract's `{"status", "triggers"}` object, with the dimensions added."""
        return {
            "status": self.status,
            "triggers": [t.to_json() for t in self.triggers],
            "negated": self.negated,
            "temporality": self.temporality,
            "experiencer": self.experiencer,
        }

    @classmethod
    def from_json(cls, raw: dict) -> Assertion:
        """The inverse of `to_json` (dimensions absent are read from the status)."""
        return cls(
            raw["status"],
            tuple(Trigger.from_json(t) for t in raw["triggers"]),
            raw.get("negated"),
            raw.get("temporality"),
            raw.get("experiencer"),
        )


class TargetNotFound(NlpError):
    """The target phrase does not occur in the text."""

    def __init__(self, target: str) -> None:
        super().__init__(f"target {target!r} not found in the text")
        self.target = target


def _slot(span: Span) -> tuple[dict, tuple]:
    # Plain JSON under our own key, so Doc.to_bytes (and nlp.pipe with n_process > 1) still
    # work; spaCy types user_data as dict[str, Any] though its keys are tuples.
    key = ("probation_context.assertion", span.start_char, span.end_char, span.label_)
    return cast(dict, span.doc.user_data), key


def _get_assertion(span: Span) -> Assertion | None:
    data, key = _slot(span)
    return Assertion.from_json(data[key]) if key in data else None


def _set_assertion(span: Span, value: Assertion) -> None:
    data, key = _slot(span)
    data[key] = value.to_json()


def register_extensions() -> None:
    """Declare `Span._.assertion` once (safe to call again)."""
    if not Span.has_extension("assertion"):
        Span.set_extension("assertion", getter=_get_assertion, setter=_set_assertion)


def _decide(applied: list[Cue], rules: ContextRules) -> str:
    """The status the applicable triggers give, by priority and the subject exception."""
    best = max(applied, key=lambda c: (rules.priority(c.rule), -c.start))
    status = rules.status(best.rule)
    subjects = [c for c in applied if c.rule.subject and rules.status(c.rule) != status]
    for subject in subjects:
        stronger = [
            c.start for c in applied if rules.priority(c.rule) > rules.priority(subject.rule)
        ]
        if stronger and subject.start < min(stronger):
            return rules.status(subject.rule)
    return status


def _assert(
    doc: Doc, start: int, end: int, cues: Cues, rules: ContextRules, label: str
) -> Assertion:
    applied = []
    for cue in cues.near(start, end):
        if cue.start < end and start < cue.end:
            # A forward cue that swallows the start of the target ("no symptoms", "no other
            # complaints") still modifies it through its leading words.
            if cue.start >= start or cue.rule.direction not in _FORWARD or cue.rule.subject:
                continue
            cue = Cue(cue.rule, cue.start, start)
        if cue.rule.allows(label) and reaches(cue, start, end, cues, rules):
            applied.append(cue)
    if not applied:
        return Assertion("present")
    status = _decide(applied, rules)
    triggers = []
    for cue in applied:
        if rules.status(cue.rule) == status:
            span = doc[cue.start : cue.end]
            triggers.append(Trigger(span.text, span.start_char, span.end_char, cue.rule.category))
    negated, temporality, experiencer = _dimensions(applied, rules, status)
    return Assertion(status, tuple(triggers), negated, temporality, experiencer)


def _dimensions(applied: list[Cue], rules: ContextRules, status: str) -> tuple[bool, str, str]:
    """ConText's three dimensions, each decided by its own cues alone, and never saying less
    than the status: a status won by a subject or cessation cue shows in its dimension too."""
    by_kind: dict[str, list[Cue]] = {}
    for cue in applied:
        kind = rules.status(cue.rule)
        dimension = kind if kind in (_NEGATION, _EXPERIENCER) else "time"
        by_kind.setdefault(dimension, []).append(cue)
    times = by_kind.get("time", [])
    temporality = "recent"
    if status in TEMPORALITIES and status != "recent":
        temporality = status
    elif times:
        best = max(times, key=lambda c: (rules.priority(c.rule), -c.start))
        temporality = rules.status(best.rule)
        temporality = temporality if temporality in TEMPORALITIES else "recent"
    negated = status == _NEGATION or (
        _NEGATION in by_kind and not _ceased(by_kind[_NEGATION], times, rules)
    )
    experiencer = "other" if status == _EXPERIENCER or _EXPERIENCER in by_kind else "person"
    return negated, temporality, experiencer


def _ceased(negations: list[Cue], times: list[Cue], rules: ContextRules) -> bool:
    """Whether a cessation cue ("stopped", "no longer using") outweighs every negation cue:
    what someone stopped is past, not denied."""
    strongest = max(rules.priority(c.rule) for c in negations)
    return any(rules.priority(c.rule) > strongest for c in times)


def assert_span(
    doc: Doc, start_token: int, end_token: int, rules: ContextRules, label: str = ""
) -> Assertion:
    """Status of the token span [start_token, end_token) in doc (which has sentence bounds)."""
    if not 0 <= start_token < end_token <= len(doc):
        raise IndexError(f"span [{start_token}, {end_token}) is outside a doc of {len(doc)} tokens")
    return _assert(doc, start_token, end_token, rules.find_cues(doc), rules, label)


class ContextComponent:
    """Sets `span._.assertion` on every span in `doc.spans["targets"]` and `doc.ents`."""

    def __init__(self, rules: ContextRules) -> None:
        register_extensions()
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        """Assert every target and entity of the doc."""
        spans = list(doc.spans["targets"]) if "targets" in doc.spans else []
        spans += list(doc.ents)
        if spans:
            cues = self.rules.find_cues(doc)
            for span in spans:
                span._.assertion = _assert(doc, span.start, span.end, cues, self.rules, span.label_)
        return doc


@Language.factory(
    "probation_context",
    default_config={"rules_path": "", "window": 0},
    assigns=["span._.assertion"],
)
def make_context_component(
    nlp: Language, name: str, rules_path: str, window: int
) -> ContextComponent:
    """The ConText component; empty `rules_path` is the packaged lexicon, `window` 0 its default."""
    return ContextComponent(ContextRules.load(rules_path or None, window or None))


@Language.component("probation_line_sentences")
def line_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break, so one-line entries of a list stay apart."""
    after_break = False  # one pass: `doc[token.i - 1]` made a second Token for every token
    for token in doc:
        if after_break and not token.is_space:
            token.is_sent_start = True
        after_break = token.is_space and "\n" in token.text
    return doc


def make_context_nlp() -> Language:
    """A blank English pipeline with a rule-based sentencizer: all classify_target needs."""
    nlp = spacy.blank("en")
    nlp.add_pipe("probation_line_sentences")
    nlp.add_pipe("sentencizer")
    return nlp


def _occurrences(text: str, target: str) -> list[tuple[int, int]]:
    """Character spans of the target: case-insensitive, any whitespace run matching any other."""
    words = target.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _token_span(doc: Doc, found: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Tokens of the first occurrence on token boundaries, else of the first occurrence."""
    starts = {t.idx for t in doc}
    ends = {t.idx + len(t.text) for t in doc}
    char_start, char_end = next(((s, e) for s, e in found if s in starts and e in ends), found[0])
    tokens = [t.i for t in doc if t.idx < char_end and char_start < t.idx + len(t.text)]
    return (tokens[0], tokens[-1] + 1) if tokens else None


def classify_target(
    nlp: Language, text: str, target: str, rules: ContextRules, label: str = ""
) -> Assertion:
    """Find target in text (case-insensitive, whitespace-tolerant) and return its Assertion."""
    found = _occurrences(text, target)
    if not found:
        raise TargetNotFound(target)
    doc = nlp(text)
    span = _token_span(doc, found)
    if span is None:
        raise TargetNotFound(target)
    return assert_span(doc, span[0], span[1], rules, label)
