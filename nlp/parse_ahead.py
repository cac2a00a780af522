"""Sentence parses worked out ahead, for a batch of notes at once.

The rules ask for the dependency parse of a sentence lazily (`Analysis.syntax_view`), and a
sentence parsed on its own is a Doc of a dozen tokens pushed through tok2vec, the tagger and
the parser: the per-call work of spaCy and thinc, not the arithmetic, was most of its cost
(about 5 ms a sentence, against about 2 ms when the same sentence docs go through each
component's `pipe` in one batch). So before the rules run on a batch of notes, the sentences
they are likely to ask about are parsed together, and each note's `Analysis` is handed
its parses; a sentence the guess missed is still parsed on demand, one at a time, as before.

The answers do not change: each sentence is still its own Doc, parsed with no other text,
and a batched parse of sentence docs gives the same tags, heads, labels and tensors as one
at a time (checked on every sentence of the example sets: `tests/extraction/test_parse_ahead`).
The guess only moves cost: a sentence parsed and not asked about is wasted work, a sentence
asked about and not guessed costs what it did before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Span

from nlp.analysis import Analysis
from nlp.facts.contact.contact_type import bare_place
from nlp.facts.households import LIVING_VERBS

ParseMany = Callable[[Sequence[Span]], list[Doc]]

# Cue keys whose rules look at the parse when ConText leaves the cue present (or someone
# else's): substance mentions, risk flags, need cues, a failure to comply, a place that may be
# someone else's (nlp.facts). Each with the label its rule asks ConText with.
_ASKED: tuple[tuple[str, Callable[[list[str]], bool], bool], ...] = (
    ("sub|", lambda parts: len(parts) == 3 and parts[2] in ("term", "street"), False),
    ("flag|", lambda parts: parts[-1] == "cue", True),
    ("need|", lambda parts: parts[-1] == "need", False),
    ("outcome|attended_failed_to_comply", lambda parts: True, False),
    ("ctype|home_visit|", lambda parts: True, False),
    ("ctype|other_face_to_face|", lambda parts: True, False),
)
_MAY_ASK = ("present", "other_person")
# Housing cues whose rule reads the parse whatever ConText says, when the cue holds a living
# word: whose home it is (`nlp.facts.households.someone_elses_home`).
_HOUSING = "need|accommodation|"
# Contact places, whose rule reads the parse only for a bare place ("on the ward", not "home
# visit"): `nlp.facts.contact.contact_type.bare_place`.
_PLACES = ("ctype|",)


def likely_asked(a: Analysis) -> list[Span]:
    """The sentences of a note the rules will probably ask the parse of: those holding a cue
    of a kind that reads the parse, which ConText leaves present or someone else's (for a
    contact place, only a bare one), and those holding a housing cue with a living word."""
    starts: set[int] = set()
    for key, spans in a.matches.items():
        label = _label(key)
        housing = key.startswith(_HOUSING)
        if label is None and not housing:
            continue
        place = key.startswith(_PLACES)
        for span in spans:
            sent = a.sentence(span[0])
            if sent.start in starts or (place and not bare_place(a, key, span)):
                continue
            if (housing and _living(a, span)) or (
                label is not None and a.status(span, label) in _MAY_ASK
            ):
                starts.add(sent.start)
    return [s for s in a.sents if s.start in starts]


def _living(a: Analysis, span: tuple[int, int]) -> bool:
    return any(t.lower_ in LIVING_VERBS for t in a.doc[span[0] : span[1]])


def _label(key: str) -> str | None:
    """The label a cue key's rule asks ConText with, or None if its rule never parses."""
    for prefix, wanted, labelled in _ASKED:
        if key.startswith(prefix) and wanted(key.split("|")):
            return key if labelled else ""
    return None


def parse_ahead(analyses: Sequence[Analysis], parse_many: ParseMany) -> int:
    """Parse, in one batch, the sentences each note's rules will probably ask about, and give
    each analysis its parses. Returns how many sentences were parsed."""
    wanted = [(a, sent) for a in analyses for sent in likely_asked(a) if not a.has_parse(sent)]
    if not wanted:
        return 0
    for (a, sent), parsed in zip(wanted, parse_many([sent for _, sent in wanted]), strict=True):
        a.add_parse(sent, parsed)
    return len(wanted)
