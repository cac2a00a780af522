"""Someone else's risk, from the parse: who the clause is about and whose the thing is.

`syntax.other_subject` catches unnamed others ("another resident"). People the note names
need the whole note: a first name a relation word introduced earlier ("his son Dean (19)
lives with him ... Dean was arrested"), a relative as the subject ("his cousin was arrested
for a stabbing"), or "he" in a note that calls the person "she". And a thing can be
someone else's while the person is the subject: found in another's room ("his mum found a
knife under Dean's bed"), or said to belong to another ("the weed belonged to the driver").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from nlp.context.clauses import (
    CHILD_WORDS,
    RELATIONS,
    introduced_names,
    other_people,
    person_gender,
)
from nlp.resources import resource

_WORDS = resource("syntax.json")
FINDING = frozenset(_WORDS["finding_verbs"])
BELONGING = frozenset(_WORDS["belonging_verbs"])
PERSON_NOUNS = frozenset(_WORDS["person_nouns"])
OWNERS = frozenset({"his", "hers", "mine", "theirs"})
COPULAS = frozenset({"is", "was", "'s", "’s", "were", "are"})
PLACE_PREPS = frozenset({"in", "under", "inside", "at", "behind", "from", "on", "beneath"})
_SUBJECTS = ("nsubj", "nsubjpass")
# Relation words that name the other side of the person's own matter: "the victim reported
# the assault" is still the person's offence.
NOT_OTHERS = frozenset({"victim", "victims", "def", "defendant", "defendants"})
# Labels whose risk stays the person's when a relative is its subject: abuse in their own
# relationship, and their own child's safety.
_RELATIVE_OWN = ("flag|domestic_abuse",)
_CHILD_OWN = ("flag|child", "need|relationships")


@dataclass(frozen=True)
class NotePeople:
    """Who else a note names, and the pronoun it uses for the person on probation."""

    names: dict[str, str]
    """Lower-case first names of other people, each with the relation word that introduced
    it ("" for a name the entity model found on its own)."""
    gender: str | None = None
    """ "m" or "f" when the note clearly calls the person "he" or "she"."""


def someone_named(t: Token, people: NotePeople, label: str) -> bool:
    """Whether a subject or possessor is another person by relation word, by a name the
    note gave someone else, or by the pronoun the note does not use for the person."""
    word = t.lower_.removesuffix("'s").removesuffix("’s")
    if label.startswith(_RELATIVE_OWN):
        return False  # a partner's abuse is the person's risk; flags.py weighs relatives
    child_own = label.startswith(_CHILD_OWN)
    if word in RELATIONS and word not in NOT_OTHERS:
        return not (child_own and word in CHILD_WORDS)
    if word in people.names:
        # For a child's safety a name is someone else's only when a relation word says so:
        # "Lily remains on a plan" is as likely the person's own daughter.
        relation = people.names[word]
        return not (child_own and (relation in CHILD_WORDS or not relation))
    if child_own:
        return False
    if word in {"he", "she"} and people.gender is not None and t.dep_ in _SUBJECTS:
        return (word == "he") != (people.gender == "m")
    return False


def named_subject(doc: Doc, start: int, end: int, people: NotePeople, label: str) -> bool:
    """Whether the nearest clause above the cue with a subject has another person as it
    ("his cousin was arrested for a stabbing", "Dean was arrested", "he is back on heroin"
    in a note about a woman)."""
    root = doc[start:end].root
    for verb in [root, *root.ancestors]:
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
        if verb.dep_ == "relcl" and any(s.lower_ in {"who", "that"} for s in subjects):
            subjects = [verb.head]
        if subjects:
            # The cue itself is nobody, though the entity model may call a capitalised
            # "Heroin" opening a line a PERSON ("Heroin – admits he used it").
            return any(
                someone_named(_named_head(s), people, label) and not start <= s.i < end
                for s in subjects
            )
    return False


def _named_head(t: Token) -> Token:
    """The word that says who a subject is: "Dean" in "his son Dean", "son" in "her son"."""
    for c in t.children:
        if c.dep_ == "appos" and c.pos_ == "PROPN":
            return c
    return t


def found_in_others_place(doc: Doc, start: int, end: int, people: NotePeople, label: str) -> bool:
    """Whether the cue is a thing found in a place another person owns ("police found a
    knife in the housemate's room", "cannabis was found under Dean's bed")."""
    noun = doc[start:end].root
    while noun.dep_ in ("pobj", "prep", "compound") and noun.head.i != noun.i:
        noun = noun.head  # "a bag of cannabis"
    verb = noun.head
    if noun.dep_ not in ("dobj", "nsubjpass") or verb.lower_ not in FINDING:
        return False
    for t in verb.subtree:
        if t.dep_ != "poss" or t.head.dep_ != "pobj" or t.head.head.lower_ not in PLACE_PREPS:
            continue
        owner = t.lower_.removesuffix("'s").removesuffix("’s")
        if owner in PERSON_NOUNS or someone_named(t, people, label):
            return True  # "the lodger's room", "his brother's car", "Dean's bed"
    return False


def belongs_to_other(doc: Doc, start: int, end: int) -> bool:
    """Whether the cue is said to belong to someone named by a noun ("the weed belonged to
    the driver"), or disowned ("says the knife is not his"); "belonged to him" could be
    the person and is left alone."""
    noun = doc[start:end].root
    verb = noun.head
    if noun.dep_ == "nsubj" and _disowned(verb):
        return True
    if noun.dep_ != "nsubj" or verb.lower_ not in BELONGING:
        return False
    if any(c.dep_ == "neg" for c in verb.children):
        return False
    to = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"]
    return any(o.dep_ == "pobj" and o.pos_ in ("NOUN", "PROPN") for p in to for o in p.children)


def note_people(doc: Doc, person_words: set[str]) -> NotePeople:
    """The other people a note names, by first name, and the person's pronoun."""
    names = {n: r for n, r in introduced_names(doc).items() if n not in person_words}
    for e in other_people(doc, person_words):
        names.setdefault(e[0].lower_, "")  # the first name: "Liam Moss ... Liam said"
    return NotePeople(names=names, gender=person_gender(doc))


def _disowned(verb: Token) -> bool:
    """ "is not his", "wasn't hers": a negated copula whose complement is a possessive."""
    negated = any(c.dep_ == "neg" for c in verb.children)
    owner = any(c.lower_ in OWNERS and c.dep_ in ("attr", "acomp", "poss") for c in verb.children)
    return verb.lower_ in COPULAS and negated and owner
