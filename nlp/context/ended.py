"""A risk that the sentence says has ended: historical, whatever the tense of its cue.

Officers record the end of a risk in words that no trigger before the cue can see: an
agency closing its involvement ("the MARAC case was closed in June", "children's services
closed their involvement"), a service discharging the person ("the crisis team discharged
her"), or the risk itself passing ("the thoughts she had in February have gone"), often in
a later clause that points back at it ("the voices told him to hurt himself, he says that
has stopped"). The dependency parse says which noun the ending verb is about.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from nlp.resources import resource

_WORDS = resource("syntax.json")
# An agency ending its part ("closed the case", "the case was closed", "the team discharged
# her"); a risk passing of itself ("the thoughts have gone"), said only with the risk as the
# subject: "she stopped her medication" is a mental-health risk, not the end of one.
CLOSING = frozenset(_WORDS["closing_verbs"])
PASSING = frozenset(_WORDS["passing_verbs"])
ONE_OFF = tuple(_WORDS["one_off"])
BACK_REFS = frozenset({"that", "it", "this", "which", "these", "those", "they", "all"})
_ABOUT = ("nsubj", "nsubjpass", "dobj")
_NOUN_LINKS = ("compound", "amod", "poss", "pobj", "prep", "nmod", "appos", "conj")
# "her mood has gone downhill", "stopped taking her meds", "was discharged to the street":
# the verb says where the thing went, not that it ended.
_NOT_ENDED = frozenset({"downhill", "down", "up", "back", "worse", "missing", "off", "to"})
_REACH = 20  # tokens from the cue to a later clause that points back at it


def ended(doc: Doc, start: int, end: int) -> bool:
    """Whether the cue's phrase is what an ending verb ended, or a later clause says "that
    has stopped" of it."""
    noun = _phrase_head(doc[start:end].root)
    if noun.dep_ in _ABOUT and _ends(noun.head, closing=True):
        return True
    if noun.dep_ == "nsubj" and _ends(noun.head, closing=False):
        return True
    if any(_misread_ending(c) for c in noun.children):
        return True
    if noun.dep_ == "nsubj" and _one_off(noun.head):
        return True
    last = min(doc[start].sent.end, end + _REACH)
    for t in doc[end:last]:
        if t.lower_ in BACK_REFS and t.dep_ == "nsubj" and _ends(t.head, closing=False):
            return t.head.i > end
    return False


def _misread_ending(clause: Token) -> bool:
    """ "the thoughts he had in May have gone" is often parsed with "have gone" as a clause
    on "thoughts" (whose subject is "he"): an objectless "have gone" on the noun still ends it."""
    if clause.dep_ != "relcl" or not _ends(clause, closing=False):
        return False
    perfect = any(c.dep_ == "aux" and c.lower_ in {"have", "has"} for c in clause.children)
    return perfect and not any(c.dep_ in ("dobj", "attr") for c in clause.children)


def _one_off(verb: Token) -> bool:
    """ "the knife was a one-off", "the incident was an isolated one": a single past event."""
    if verb.lower_ not in {"was", "were"}:
        return False
    words = " ".join(t.lower_ for t in verb.subtree if t.i > verb.i)
    return any(w in words for w in ONE_OFF)


def _phrase_head(token: Token) -> Token:
    """The noun a cue word stands in ("MARAC" in "the MARAC case", "cannabis" in "her use
    of cannabis"), climbing compounds, modifiers and "of" phrases."""
    while token.dep_ in _NOUN_LINKS and token.head.i != token.i:
        if token.dep_ == "pobj" and token.head.lower_ != "of":
            break
        if token.dep_ == "prep" and token.lower_ != "of":
            break
        token = token.head
    return token


def _ends(verb: Token, closing: bool) -> bool:
    """A past, unnegated closing (or passing) verb that does not say where its object went
    on to."""
    if verb.lower_ not in (CLOSING if closing else PASSING) or verb.tag_ not in ("VBD", "VBN"):
        return False
    for c in verb.children:
        if c.dep_ == "neg" or c.lower_ in {"never", "not", "n't"}:
            return False
        if c.dep_ in ("prt", "acomp", "xcomp", "oprd", "advmod", "prep") and (
            c.lower_ in _NOT_ENDED
        ):
            return False
        if c.dep_ == "xcomp" or c.dep_ == "pcomp":
            return False  # "stopped going to the group": stopping a helpful thing
    return True
