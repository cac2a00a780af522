"""Whose home a living word is about: the person's ("he lives with his mum") or a relative's
("his daughter, who lives with her mum", "her brother, who lives downstairs").

A relative's home says nothing of the person's accommodation. When a close relative lives
with the person ("her two children live with her", "his sister is staying with him this
week") it is the person's household, which officers record under relationships.
"""

from __future__ import annotations

from spacy.tokens import Token

from nlp.analysis import Analysis, TokenSpan
from nlp.context.clauses import RELATIONS
from nlp.resources import resource

_WORDS = resource("needs.json")["households"]
LIVING_VERBS = frozenset(_WORDS["living_verbs"])
CLOSE_RELATIONS = frozenset(_WORDS["close_relations"])
_PERSON_OBJECTS = frozenset(("him", "her", "them", "me", "us"))
# How far up the parse a subject is looked for: "continues to live", "is back living".
_CLIMB = 3


def _living_token(doc_span: list[Token]) -> Token | None:
    return next((t for t in doc_span if t.lower_ in LIVING_VERBS), None)


def _subject(verb: Token) -> Token | None:
    """The subject of a living verb: its own, the noun a relative clause hangs on ("his
    brother, who lives ..."), or that of the verb it completes ("continues to live")."""
    tok = verb
    for _ in range(_CLIMB):
        # The nearest subject: run-on dictation can hang two on one verb.
        subjects = sorted(
            (c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")),
            key=lambda c: abs(tok.i - c.i),
        )
        if subjects and subjects[0].lower_ not in ("who", "that", "which"):
            return subjects[0]
        if tok.dep_ == "relcl":
            return tok.head
        if tok.dep_ not in ("xcomp", "conj", "advcl", "ccomp") or tok.head is tok:
            return None
        tok = tok.head
    return None


def _relation(a: Analysis, subject: Token) -> str | None:
    """The relation word (or the relation of a name the note introduced) of a subject that
    is someone else, else None."""
    word = subject.lower_
    if word in RELATIONS:
        return word
    if a.people is not None and word in a.people.names:
        return a.people.names[word] or "someone"
    return None


def someone_elses_home(a: Analysis, span: TokenSpan) -> str | None:
    """The relation of the relative a living cue is about ("his daughter, who lives with her
    mum" gives "daughter"), or None when it is the person's own home or no living word."""
    if _living_token(list(a.doc[span[0] : span[1]])) is None:
        return None  # asked before parsing: most cues have no living word
    doc, start, end = a.syntax_view(span)
    if not doc.has_annotation("DEP"):
        return None
    verb = _living_token(list(doc[start:end]))
    if verb is None:
        return None
    subject = _subject(verb)
    return _relation(a, subject) if subject is not None else None


def lives_with_the_person(a: Analysis, span: TokenSpan) -> bool:
    """A close relative living with the person: "her two children live with her", "his
    sister is staying with him", "the children are back living with her sister"."""
    relation = someone_elses_home(a, span)
    if relation not in CLOSE_RELATIONS:
        return False
    doc, start, end = a.syntax_view(span)
    verb = _living_token(list(doc[start:end]))
    if verb is None:
        return False
    for prep in (c for c in verb.subtree if c.lower_ in ("with", "w/")):
        objects = [c.lower_ for c in prep.children if c.dep_ == "pobj"]
        if any(o in _PERSON_OBJECTS or o in RELATIONS for o in objects):
            return True
    return False
