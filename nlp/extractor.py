"""The Extractor: the pipeline loaded once, turning notes into case entries."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.analysis import Analysis
from nlp.assessment.entry_section import entry_section
from nlp.attribute_rules import indexed
from nlp.context.assertion import ContextRules
from nlp.context.clauses import clause_owners
from nlp.context.others import note_people
from nlp.errors import (
    EARLIEST_REFERENCE,
    LATEST_REFERENCE,
    BadReferenceDate,
    EmptyNote,
    NlpError,
    NoteTooLong,
)
from nlp.facts.actions import actions
from nlp.facts.appointments import next_appointment
from nlp.facts.contact import Mentions, contact_facts
from nlp.facts.flags import enforcement, risk_flags
from nlp.facts.needs import needs
from nlp.facts.substances import drug_test, substance_mentions, substances
from nlp.model import CaseEntry
from nlp.parse_ahead import ParseMany, parse_ahead
from nlp.people.caseload import Caseload, CaseloadPerson, PersonMatch
from nlp.people.names import related_names, word_lists
from nlp.people.subject import find_subject
from nlp.prompts.interpret import Interpretation, interpret
from nlp.render import render
from nlp.settings import NlpSettings
from nlp.text import list_lines as _list_lines  # noqa: F401  (registers probation_list_lines)
from nlp.text import normalise as _normalise  # noqa: F401  (registers probation_normalise)
from nlp.text.clean import Cleaned, clean
from nlp.text.vocab import Vocabulary

# Components of the trained pipeline that extraction never reads.
UNUSED_COMPONENTS = ["lemmatizer"]
# Loaded but left out of nlp.pipe: only the sentences holding a substance or flag cue are
# parsed, when asked (nlp.context.syntax), which costs far less than parsing every sentence.
# The shared tok2vec is among them: only the tagger and parser listen to it (NER and the
# senter embed the words themselves), and `sentence_parser` runs it again on each sentence it
# parses, so over the whole note it was a fifth of the pipeline's time spent for nothing.
SYNTAX_COMPONENTS = ("tok2vec", "tagger", "attribute_ruler", "parser")


def trained_pipeline(settings: NlpSettings) -> Language:
    """The installed trained pipeline: sentences and NER run on every note; the tok2vec,
    tagger and parser are kept for the sentences that need them (`sentence_parser`)."""
    if settings.sentences == "senter":
        nlp = spacy.load(settings.model, exclude=UNUSED_COMPONENTS)
        nlp.enable_pipe("senter")
    else:
        nlp = spacy.load(settings.model, exclude=[*UNUSED_COMPONENTS, "senter"])
        nlp.add_pipe("sentencizer", first=True)
    for name in SYNTAX_COMPONENTS:
        nlp.disable_pipe(name)
    return nlp


def _syntax_steps(nlp: Language) -> list[Any]:
    """The syntax components in the order a sentence goes through them, the attribute ruler
    with its matches found by lookup (`nlp.attribute_rules`: the same attributes, a tenth of
    its cost)."""
    return [indexed(nlp.get_pipe(name)) for name in SYNTAX_COMPONENTS]


def sentence_parser(nlp: Language) -> Callable[[Span], Doc] | None:
    """A function parsing one sentence on its own with the pipeline's (disabled) tagger and
    parser, or None when the pipeline has none (a blank one in tests)."""
    if not all(name in nlp.component_names for name in SYNTAX_COMPONENTS):
        return None
    steps = _syntax_steps(nlp)

    def parse(sent: Span) -> Doc:
        doc = sent.as_doc()
        for step in steps:
            doc = step(doc)
        return doc

    return parse


def batch_parser(nlp: Language, batch_size: int = 256) -> ParseMany | None:
    """A function parsing many sentences, each on its own as a Doc (as `sentence_parser`
    does), in batches through each of the syntax components; None when the pipeline has
    none. Same parses as one at a time, at well under half the cost (`nlp.parse_ahead`)."""
    if not all(name in nlp.component_names for name in SYNTAX_COMPONENTS):
        return None
    steps = _syntax_steps(nlp)

    def parse_many(sents: Sequence[Span]) -> list[Doc]:
        docs: Iterable[Doc] = (sent.as_doc() for sent in sents)
        for step in steps:
            docs = step.pipe(docs, batch_size=batch_size)  # type: ignore[attr-defined]
        return list(docs)

    return parse_many


def build_pipeline(settings: NlpSettings, trained: bool = True) -> tuple[Language, Vocabulary]:
    """The spaCy pipeline (trained senter + NER, or a blank one for tests) with the normaliser,
    and the cue vocabulary compiled against it."""
    nlp = trained_pipeline(settings) if trained else spacy.blank("en")
    if not trained:
        nlp.add_pipe("sentencizer")
    nlp.add_pipe("probation_list_lines")  # after the sentences: it only adds starts
    vocabulary = Vocabulary.build(nlp)
    nlp.add_pipe(
        "probation_normalise",
        last=True,
        config={
            "terms": list(vocabulary.fuzzy_terms),
            "protected": list(vocabulary.protected),
            "min_length": settings.fuzzy_min_length,
        },
    )
    return nlp, vocabulary


def parse_reference_date(value: str | dt.date | None) -> dt.date:
    """A reference date from ISO text, a date, or None for today."""
    if value is None or value == "":
        return dt.date.today()
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        raise BadReferenceDate(value) from None
    if not EARLIEST_REFERENCE <= day <= LATEST_REFERENCE:
        raise BadReferenceDate(value)
    return day


def interpret_prompt(
    text: Any,
    reference_date: str | dt.date | None,
    caseload: Caseload | None,
    settings: NlpSettings,
) -> Interpretation:
    """A chat prompt to an intent, person and date; needs no trained pipeline."""
    if not isinstance(text, str) or not text.strip():
        raise NlpError("the message is empty: type what you want to do or paste a note")
    if len(text) > settings.max_note_chars:
        raise NoteTooLong(len(text), settings.max_note_chars)
    return interpret(text, parse_reference_date(reference_date), caseload)


@dataclass
class Extractor:
    """Everything extraction needs, built once: pipeline, compiled cues, context rules."""

    settings: NlpSettings
    nlp: Language
    vocabulary: Vocabulary
    rules: ContextRules
    parser: Callable[[Span], Doc] | None = field(init=False, default=None)
    parse_many: ParseMany | None = field(init=False, default=None)

    @classmethod
    def load(cls, settings: NlpSettings | None = None, trained: bool = True) -> Extractor:
        """Load the pipeline named in settings (installed package; nothing is downloaded)."""
        settings = settings or NlpSettings()
        nlp, vocabulary = build_pipeline(settings, trained=trained)
        return cls.from_parts(settings, nlp, vocabulary)

    def __post_init__(self) -> None:
        self.parser = sentence_parser(self.nlp)
        self.parse_many = batch_parser(self.nlp)

    @classmethod
    def from_parts(cls, settings: NlpSettings, nlp: Language, vocabulary: Vocabulary) -> Extractor:
        """An extractor on a pipeline already built, with the context rules its settings ask for."""
        return cls(settings, nlp, vocabulary, ContextRules.load(window=settings.context_window))

    def check(self, text: Any) -> Cleaned:
        """The note cleaned for extraction, or a clear NlpError if it cannot be taken."""
        if not isinstance(text, str):
            raise NlpError("the note must be text")
        if len(text) > self.settings.max_note_chars:
            raise NoteTooLong(len(text), self.settings.max_note_chars)
        cleaned = clean(text)
        if not cleaned.text.strip():  # nothing but spaces, control or invisible marks
            raise EmptyNote()
        return cleaned

    def extract(
        self,
        text: str,
        reference_date: str | dt.date | None = None,
        caseload: Caseload | None = None,
    ) -> CaseEntry:
        """One note to one case entry."""
        return next(self.extract_many([(text, reference_date)], caseload))

    def extract_many(
        self,
        items: Iterable[tuple[str, str | dt.date | None]],
        caseload: Caseload | None = None,
        batch_size: int = 32,
    ) -> Iterator[CaseEntry]:
        """Many notes through nlp.pipe in batches; raises on the first bad note."""
        prepared = ((self.check(t), parse_reference_date(r)) for t, r in items)
        return self.extract_checked(prepared, caseload, batch_size)

    def extract_checked(
        self,
        items: Iterable[tuple[Cleaned, dt.date]],
        caseload: Caseload | None = None,
        batch_size: int = 32,
    ) -> Iterator[CaseEntry]:
        """Notes already through `check`, with their reference dates, to entries in order."""
        pairs = ((c.text, (c, r)) for c, r in items)
        docs = self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size)
        while batch := list(itertools.islice(docs, batch_size)):
            # Each note's rules, to the point where they would start parsing sentences; then
            # the sentences they will probably parse, for the whole batch at once.
            prepared = [self._prepare(cleaned, doc, ref, caseload) for doc, (cleaned, ref) in batch]
            if self.parse_many is not None:
                parse_ahead([p.analysis for p in prepared], self.parse_many)
            for p in prepared:
                yield self._assemble(p)

    def interpret(
        self,
        text: str,
        reference_date: str | dt.date | None = None,
        caseload: Caseload | None = None,
    ) -> Interpretation:
        """A short chat prompt to an intent, a person and a date."""
        return interpret_prompt(text, reference_date, caseload, self.settings)

    def analyse(self, cleaned: Cleaned, doc: Doc) -> Analysis:
        """Cue matches and context for one processed note (`doc` made from `cleaned.text`)."""
        a = Analysis.run(cleaned, doc, self.vocabulary.matcher, self.rules, text=cleaned.text)
        a.parser = self.parser
        return a

    def _prepare(
        self, cleaned: Cleaned, doc: Doc, reference: dt.date, caseload: Caseload | None
    ) -> _Prepared:
        """The note's analysis with whom it is about and whose each clause is: all that
        comes before the rules that read a sentence's parse."""
        a = self.analyse(cleaned, doc)
        a.reference = reference
        person = self._person(cleaned.original, doc, caseload)
        words = _person_words(person, caseload)
        a.whose = clause_owners(a.doc, words)
        a.people = note_people(a.doc, words)
        return _Prepared(a, cleaned, reference, _as_on_caseload(person, caseload), words)

    def _assemble(self, prepared: _Prepared) -> CaseEntry:
        a, cleaned, reference = prepared.analysis, prepared.cleaned, prepared.reference
        person, words = prepared.person, prepared.words
        mentions = Mentions.of(a.text)
        contact = contact_facts(a, mentions, reference)
        subs = substance_mentions(a, words)
        test, subs = drug_test(a, subs)
        flags = risk_flags(a, words)
        found_needs = needs(a, subs, test, flags)
        found_actions = actions(a, mentions, reference, words)
        enf, enf_evidence = enforcement(a)
        nxt = next_appointment(a, mentions, reference, contact)
        subs_out = substances(subs, a)
        who = _who(person)
        sections = {
            n.area: entry_section(
                cleaned.original,
                n,
                who,
                drug_test=test,
                substances=[s for s in subs_out if n.area == "drug_use"],
                flags=[f for f in flags if _FLAG_AREAS.get(f.code) == n.area],
                actions=[x for x in found_actions if _ACTION_AREAS.get(x.code) == n.area],
            )
            for n in found_needs
        }
        summary = render(
            "summary.txt.j2",
            person=person.to_json() if person else None,
            contact=contact,
            drug_test=test,
            needs=found_needs,
            risk_flags=flags,
            actions=found_actions,
            enforcement=enf,
            next_appointment=nxt,
        )
        return CaseEntry(
            reference_date=reference.isoformat(),
            person=person.to_json() if person else None,
            contact=contact,
            next_appointment=nxt,
            drug_test=test,
            substances=subs_out,
            needs=found_needs,
            risk_flags=flags,
            actions=found_actions,
            enforcement=enf,
            enforcement_evidence=enf_evidence,
            sections=sections,
            summary=summary,
        )

    def _person(self, original: str, doc: Doc, caseload: Caseload | None) -> PersonMatch | None:
        if caseload is not None:
            return find_subject(caseload, original)
        people = [e for e in doc.ents if e.label_ == "PERSON"]
        if not people:
            return None
        return PersonMatch(name=people[0].text, crn=None, score=None)


@dataclass(frozen=True)
class _Prepared:
    """One note between `Extractor._prepare` and `Extractor._assemble`."""

    analysis: Analysis
    cleaned: Cleaned
    reference: dt.date
    person: PersonMatch | None
    words: set[str]


def _person_words(person: PersonMatch | None, caseload: Caseload | None) -> set[str]:
    words: set[str] = set()
    if person is None:
        return words
    if person.name:
        words.update(person.name.lower().split())
    found = caseload.get(person.crn) if caseload is not None and person.crn else None
    if found is not None:
        words.update(found.name.lower().split())
        for alias in found.aliases:
            words.update(alias.lower().split())
    # "Danny" in a note about Daniel is Daniel, not someone else by first name.
    first = next(iter(sorted(words & _first_names(person, found))), None)
    if first is not None:
        # Not ones that are also ordinary words ("will", "bill", "pat"): they are not names here.
        words.update(n for n in related_names(first) if n not in word_lists().common and len(n) > 2)
    return words


def _as_on_caseload(person: PersonMatch | None, caseload: Caseload | None) -> PersonMatch | None:
    """A person the caseload resolves, named as the caseload spells them: the record reads
    "Marcus Webb", not "marcus webb" or "Shan" as the note was typed. The words as written
    still mark the person's own mentions (`_person_words` is built before this)."""
    found = caseload.get(person.crn) if caseload is not None and person and person.crn else None
    return replace(person, name=found.name) if person and found else person


def _first_names(person: PersonMatch, found: CaseloadPerson | None) -> set[str]:
    names = [found.name] if found is not None else []
    names += [person.name] if person.name else []
    return {n.split()[0].lower() for n in names if n.split()}


def _who(person: PersonMatch | None) -> str:
    if person is not None and person.crn and person.name:
        return person.name
    return "the person on probation"


_FLAG_AREAS = {
    "domestic_abuse": "relationships_community",
    "child_safeguarding": "relationships_community",
    "self_harm": "health_wellbeing",
    "mental_health": "health_wellbeing",
    "risk_to_staff": "thinking_behaviours_attitudes",
    "weapons": "thinking_behaviours_attitudes",
}
_ACTION_AREAS = {
    "refer_accommodation": "accommodation",
    "refer_substance_misuse": "drug_use",
    "refer_employment": "employment_education",
    "refer_mental_health": "health_wellbeing",
    "refer_finance": "finance",
    "safeguarding_referral": "relationships_community",
}
