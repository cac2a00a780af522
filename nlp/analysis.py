"""One note run through the pipeline: the doc, its cue matches, their context and evidence."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from nlp.context.assertion import Assertion, ContextRules, assert_span
from nlp.context.clauses import SUBORDINATORS, about_other
from nlp.context.others import NotePeople
from nlp.context.syntax import ended_or_dated, line_status, structural_status
from nlp.model import Evidence
from nlp.text.clean import Cleaned
from nlp.text.lines import statement_starts

TokenSpan = tuple[int, int]


@dataclass
class Analysis:
    """The cleaned note, its doc, every cue match by key, and cached context statuses."""

    cleaned: Cleaned
    doc: Doc
    rules: ContextRules
    matches: dict[str, list[TokenSpan]] = field(default_factory=dict)
    _status: dict[tuple[TokenSpan, str], Assertion] = field(default_factory=dict)
    whose: list[tuple[TokenSpan, str]] = field(default_factory=list)
    """Each clause and whose it is ("own", "other", "own_child"); set by the extractor."""
    _starts: list[int] = field(default_factory=list)
    _statements: list[int] = field(default_factory=list)
    next_cues: list[TokenSpan] | None = None
    reference: dt.date | None = None
    parser: Callable[[Span], Doc] | None = None
    """Parses one sentence on its own; set by the extractor when the pipeline has a parser."""
    _parsed: dict[int, Doc] = field(default_factory=dict)
    people: NotePeople | None = None
    """Who else the note names, and the person's pronoun; set by the extractor."""
    """The note's reference date, once known (a past tense dated before it is history)."""
    """Next-appointment cues that hold, once worked out (nlp.facts.contact.next_cues)."""
    _text: str | None = None
    _sents: list[Span] | None = None
    _statuses: dict[tuple[TokenSpan, str], str] = field(default_factory=dict)
    _statuses_whose: list[tuple[TokenSpan, str]] | None = None

    @classmethod
    def run(
        cls,
        cleaned: Cleaned,
        doc: Doc,
        matcher: object,
        rules: ContextRules,
        text: str | None = None,
    ) -> Analysis:
        """Match every cue once over the doc, keeping the longest match at each start.

        `text` is the string the doc was made from, when the caller has it: spaCy's
        tokenizer keeps every character, so it is `doc.text` without joining the tokens."""
        found: dict[str, list[TokenSpan]] = defaultdict(list)
        strings = doc.vocab.strings
        for match_id, start, end in matcher(doc):  # type: ignore[operator]
            found[strings[match_id]].append((start, end))
        for key, spans in found.items():
            found[key] = _longest(spans)
        return cls(cleaned=cleaned, doc=doc, rules=rules, matches=dict(found), _text=text)

    @property
    def text(self) -> str:
        """The doc's text, joined once: spaCy's `Doc.text` rebuilds it from every token on each
        call, which the contact and appointment rules did dozens of times a note."""
        if self._text is None:
            self._text = self.doc.text
        return self._text

    @property
    def sents(self) -> list[Span]:
        """The doc's sentences, listed once (`Doc.sents` walks every token on each call)."""
        if self._sents is None:
            self._sents = list(self.doc.sents)
            self._starts = [s.start for s in self._sents]
        return self._sents

    def spans(self, key: str) -> list[TokenSpan]:
        """Token spans matched under one key, in document order."""
        return self.matches.get(key, [])

    def spans_prefixed(self, prefix: str) -> list[tuple[str, TokenSpan]]:
        """(key, span) for every key starting with prefix, in document order."""
        out = [(k, s) for k, spans in self.matches.items() if k.startswith(prefix) for s in spans]
        return sorted(out, key=lambda ks: ks[1])

    def assertion(self, span: TokenSpan, label: str = "") -> Assertion:
        """The ConText assertion of a token span, computed once per label.

        The label (a cue key such as "flag|domestic_abuse|cue") lets rules skip target types:
        an ex-partner's threats are still the person's domestic abuse."""
        key = (span, label)
        if key not in self._status:
            self._status[key] = assert_span(self.doc, span[0], span[1], self.rules, label)
        return self._status[key]

    def status(self, span: TokenSpan, label: str = "") -> str:
        """present, negated, historical, hypothetical or other_person.

        Beyond the ConText triggers near it, a cue in a clause whose subject is someone
        else ("her son was arrested last month for possession of cannabis") is theirs.
        Worked out once per span and label (`nlp.parse_ahead` and then the rules ask the
        same ones), and again if `whose` is replaced."""
        if self._statuses_whose is not self.whose:
            self._statuses.clear()
            self._statuses_whose = self.whose
        key = (span, label)
        found = self._statuses.get(key)
        if found is None:
            found = self._statuses[key] = self._status_of(span, label)
        return found

    def _status_of(self, span: TokenSpan, label: str) -> str:
        assertion = self.assertion(span, label)
        status = assertion.status
        if status == "other_person" and self._back_to_main(span, assertion):
            status = _without_experiencer(assertion)
        if status == "present":  # "Recall - none", "Heroin = historic": shorthand after it
            status = line_status(self.doc, span[0], span[1], self.reference) or status
        elif status == "negated" and self._none_since(span):
            status = "historical"  # "has not touched cocaine since the summer": it ended then
        # Whose it is outranks when (as in the context rules' own precedence).
        if status in ("present", "historical", "hypothetical") and about_other(
            self.clause_of(span), label
        ):
            return "other_person"
        return status

    def _back_to_main(self, span: TokenSpan, assertion: Assertion) -> bool:
        """Whether someone else reaches the cue only from a clause hung on the main one:
        in "he overdosed after his nan died and has not self-harmed since" the nan is in
        the "after" clause, and "and has not ..." goes on about him (`clause_owners`)."""
        found = [i for i, (clause, _) in enumerate(self.whose) if clause[0] <= span[0] < clause[1]]
        if not found or found[0] == 0 or self.whose[found[0]][1] != "own":
            return False
        (start, _), _ = self.whose[found[0]]
        (before, _), whose_before = self.whose[found[0] - 1]
        if self.doc[start].lower_ not in ("and", "but") or whose_before != "other":
            return False
        if self.doc[before].lower_ not in SUBORDINATORS:
            return False
        lo, hi = self.doc[before].idx, self.doc[start].idx
        others = [t for t in assertion.triggers if t.category == "OTHER_PERSON"]
        return bool(others) and all(lo <= t.start < hi for t in others)

    def _none_since(self, span: TokenSpan) -> bool:
        """A denial that dates its start: "not used heroin since 2019", "no self-harm since
        she left hospital". Use went on until then, so the mention is in the past, not ruled
        out. "since" must follow the cue in its statement, before any contrast word."""
        statement = self.statement_index(span[0])
        for t in self.doc[span[1] : min(len(self.doc), span[1] + _SINCE_REACH)]:
            if self.statement_index(t.i) != statement or t.lower_ in _CONTRAST_WORDS:
                return False
            if t.lower_ == "since" and _temporal_since(self.doc, t.i):
                return True
        return False

    def fact_status(self, span: TokenSpan, label: str = "") -> str:
        """`status`, checked against the sentence's parse: a later denial, talk about a risk
        in general, someone else as the subject. For facts about the person (substances,
        flags), not for what the officer did or decided."""
        status = self.status(span, label)
        if status != "present":
            return status
        found = structural_status(
            *self.syntax_view(span), self.reference, label=label, people=self.people
        )
        return found or status

    def when_status(self, span: TokenSpan, label: str = "") -> str:
        """Whether the cue still holds, whoever it is about: ConText's status, a shorthand
        verdict after it, or an ending or earlier year the parse shows ("her ex-partner was
        jailed ...; the MARAC case was closed"). A partner's abuse is the person's risk only
        while this stays present."""
        status = self.assertion(span, label).status
        if status == "present":
            status = line_status(self.doc, span[0], span[1], self.reference) or status
        if status == "present" and ended_or_dated(*self.syntax_view(span), self.reference):
            return "historical"
        return status

    def syntax_view(self, span: TokenSpan) -> tuple[Doc, int, int]:
        """The span in a parsed doc: the note itself when parsed, else its sentence parsed
        on its own (once), else the unparsed note."""
        if self.parser is None or self.doc.has_annotation("DEP"):
            return self.doc, span[0], span[1]
        sent = self.sentence(span[0])
        if sent.start not in self._parsed:
            self._parsed[sent.start] = self.parser(sent)
        return self._parsed[sent.start], span[0] - sent.start, min(span[1], sent.end) - sent.start

    def has_parse(self, sent: Span) -> bool:
        """Whether this sentence's parse is already at hand."""
        return sent.start in self._parsed

    def add_parse(self, sent: Span, parsed: Doc) -> None:
        """Give the analysis a sentence's parse worked out ahead (`nlp.parse_ahead`): `parsed`
        must be what `parser` returns for that sentence."""
        self._parsed[sent.start] = parsed

    def clause_of(self, span: TokenSpan) -> str:
        """Whose clause the span stands in: "own", "other" or "own_child"."""
        for (start, end), whose in self.whose:
            if start <= span[0] < end:
                return whose
        return "own"

    def own_status(self, span: TokenSpan) -> str:
        """The status from cues outside the span: a cue that carries its own negation
        ("no job", "not in paid work", "nowhere to live") is asserted by saying it."""
        assertion = self.assertion(span)
        if assertion.status != "negated" or not assertion.triggers:
            return assertion.status
        piece = self.doc[span[0] : span[1]]
        inside = all(
            piece.start_char <= t.start and t.end <= piece.end_char for t in assertion.triggers
        )
        return "present" if inside else assertion.status

    def sentence(self, token_i: int) -> Span:
        """The sentence holding a token (the same span as `doc[token_i].sent`)."""
        return self.sents[self.sentence_index(token_i)]

    def sentence_index(self, token_i: int) -> int:
        """Which sentence (0-based) holds a token."""
        token_i = self.doc[token_i].i  # as spaCy reads it: negative from the end, else IndexError
        self.sents  # noqa: B018  (lists the sentences and their starts once)
        return bisect.bisect_right(self._starts, token_i) - 1

    def statement_index(self, token_i: int) -> int:
        """Which statement holds a token: sentences, cut again where a line opens a new
        field or bullet ("Alcohol: stopped" and "Cocaine: weekends" are two)."""
        if not self._statements:
            cuts = statement_starts(self.doc) | {s.start for s in self.sents}
            self._statements = sorted(cuts | {0})
        return bisect.bisect_right(self._statements, token_i) - 1

    def in_sentence(self, key: str, sent: Span) -> list[TokenSpan]:
        """Matches of a key that lie inside a sentence."""
        return [s for s in self.spans(key) if s[0] >= sent.start and s[1] <= sent.end]

    def evidence_chars(self, start_char: int, end_char: int) -> Evidence:
        """Evidence for cleaned-text characters, pointing into the original note."""
        start, end = self.cleaned.to_original(start_char, end_char)
        return Evidence(text=self.cleaned.original[start:end], start=start, end=end)

    def evidence(self, span: TokenSpan) -> Evidence:
        """Evidence for a token span."""
        piece = self.doc[span[0] : span[1]]
        return self.evidence_chars(piece.start_char, piece.end_char)

    def clause_evidence(self, span: TokenSpan) -> Evidence:
        """Evidence for the clause around a cue: its sentence, trimmed to at most 160 chars."""
        sent = self.sentence(span[0])
        text = sent.text.rstrip(" .;\n")
        start = sent.start_char
        end = start + len(text)
        if end - start > 160:
            cue = self.doc[span[0] : span[1]]
            start = max(start, cue.start_char - 70)
            end = min(end, cue.end_char + 70)
            # widen to whole words
            body = self.text
            while start > sent.start_char and not body[start - 1].isspace():
                start -= 1
            while end < sent.end_char and not body[end].isspace():
                end += 1
        return self.evidence_chars(start, end)


_SINCE_REACH = 8
# "since he is on a script", "since she has a job": a reason, not a time.
_PRESENT_VERBS = frozenset({"is", "are", "'s", "has", "have", "does", "do", "knows", "wants"})


def _temporal_since(doc: Doc, i: int) -> bool:
    """Whether "since" at `i` dates something ("since 2019", "since he was 25", "since the
    summer") rather than gives a reason ("since he is on a script")."""
    after = list(doc[i + 1 : i + 3])
    if not after or after[0].is_punct:
        return False
    pronoun = after[0].lower_ in {"he", "she", "they", "i", "we", "it"}
    return not (pronoun and len(after) > 1 and after[1].lower_ in _PRESENT_VERBS)


_CONTRAST_WORDS = frozenset({"but", "however", "although", "though", "whereas", "yet", ";"})


def _longest(spans: list[TokenSpan]) -> list[TokenSpan]:
    """Drop spans contained in a longer span of the same key."""
    spans = sorted(set(spans), key=lambda s: (s[0], -s[1]))
    kept: list[TokenSpan] = []
    for s in spans:
        if kept and s[0] >= kept[-1][0] and s[1] <= kept[-1][1]:
            continue
        kept.append(s)
    return kept


def _without_experiencer(assertion: Assertion) -> str:
    """The status ConText's other dimensions give once the other person is set aside."""
    if assertion.negated:
        return "negated"
    if assertion.temporality in ("historical", "hypothetical"):
        return assertion.temporality
    return "present"
