"""Whose clause a cue stands in: the person's own, or someone else's ("her son was arrested
for possession of cannabis", "a friend of hers has started using benzos").

ConText reaches a few words from a trigger; the subject of a clause governs all of it. With
no parser loaded, a clause is cut at sentence ends, semicolons, contrast words and reporting
verbs ("she told me", "he said that"), and its subject is read from its first few words: a
relation word ("her son", "a cousin", "his partner's") or a named person who is not the
person on probation. A pronoun subject refers to the subject before it in the sentence
("Partner mentioned she smokes cannabis"); "who" after a relation word continues it.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span, Token

from nlp.doc_cache import lower_forms, per_doc
from nlp.people.names import given_names, word_lists
from nlp.resources import resource

TokenSpan = tuple[int, int]

_WORDS = resource("clauses.json")
RELATIONS = frozenset(_WORDS["relations"])
BREAKS = frozenset(_WORDS["clause_breaks"])
REPORTING = frozenset(_WORDS["reporting_verbs"])
SUBJECT_WINDOW = 4
# "in a relationship with Callum", "seeing Callum": a partner introduced without the word
RELATIONSHIP_LEADS = tuple(tuple(p.split()) for p in _WORDS["relationship_leads"])


def clauses(doc: Doc) -> list[TokenSpan]:
    """Token ranges of the clauses of a doc, in order."""
    out: list[TokenSpan] = []
    lowers = lower_forms(doc)
    for sent in doc.sents:
        start = sent.start
        for i in range(sent.start, sent.end):
            word = lowers[i]
            cut_before = word in BREAKS or (
                word == "," and _next(lowers, i) in {"and", "but", "i", "we", "he", "she", "they"}
            )
            cut_after = word in REPORTING or (
                i > sent.start and lowers[i - 1] in REPORTING and word in {"me", "that"}
            )
            if cut_before and i > start:
                out.append((start, i))
                start = i
            elif cut_after:
                out.append((start, i + 1))
                start = i + 1
        if start < sent.end:
            out.append((start, sent.end))
    return [c for c in out if c[1] > c[0]]


def _next(lowers: tuple[str, ...], i: int) -> str:
    return lowers[i + 1] if i + 1 < len(lowers) else ""


CHILD_WORDS = frozenset(
    {"son", "sons", "daughter", "daughters", "child", "children", "kids", "baby"}
)
AGENCY_WORDS = frozenset({"services", "service", "social", "centre", "center", "team", "home"})
LEAD_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "his",
        "her",
        "their",
        "one",
        "of",
        "younger",
        "older",
        "teenage",
        "little",
        "big",
        "eldest",
        "youngest",
        "ex",
        "-",
        "new",
        "two",
        "co",
    }
)


def clause_owners(doc: Doc, person_words: set[str]) -> list[tuple[TokenSpan, str]]:
    """Each clause with whose it is: "other", "own_child" (the person's own child is its
    subject) or "own"."""
    kids = {n for n, r in introduced_names(doc).items() if r in CHILD_WORDS} - person_words
    children = {
        i for i, w in enumerate(lower_forms(doc)) if w in kids
    }  # "his daughter Mia ... Mia was ..."
    others = {t.i for e in other_people(doc, person_words) for t in e} - children
    out: list[tuple[TokenSpan, str]] = []
    previous = main = "own"
    opened_by_subordinator = False
    previous_gender: str | None = None
    person = person_gender(doc)
    last_sent = -1
    reported = False
    for start, end in clauses(doc):
        sent = doc[start].sent.start
        if sent != last_sent:
            previous, last_sent, reported = "own", sent, False
            main, opened_by_subordinator = "own", False
        told = reported and doc[start - 1].lower_ in TELLING
        first = _after_listener(doc, start, end, others) if told else start
        whose = _whose(doc, first, end, others, person_words, frozenset(children))
        if whose is None and reported:
            # "His partner says money is tight": what someone reports with no subject of
            # its own is told about the person, not about the one telling it.
            whose = "own"
        elif whose is None:  # "and was sacked", "who was charged": the subject before it
            # "He overdosed after his nan died and has not self-harmed since": the clause
            # goes on from the main one, not from the one hung on it by "after".
            whose = main if _coordinated(doc, start) and opened_by_subordinator else previous
        elif whose == "pronoun":
            whose = _pronoun_whose(_pronoun(doc, start, end), previous, previous_gender, person)
        own_gender = _gender(doc, start, end) if whose == "other" else None
        previous_gender = own_gender or (previous_gender if whose == "other" else None)
        out.append(((start, end), whose))
        opened_by_subordinator = doc[start].lower_ in SUBORDINATORS
        if not opened_by_subordinator:
            main = whose
        previous = whose
        reported = _ends_reporting(doc, end)
    return out


# Reporting verbs whose object is the one told: "Jo told Dr Shah she had stopped her
# tablets" says what Jo did; Dr Shah only heard it.
TELLING = frozenset({"told", "tells", "informed", "informs"})
TITLES = frozenset({"dr", "dr.", "mr", "mrs", "ms", "miss", "pc", "dc", "ds", "nurse", "sgt"})


SUBORDINATORS = frozenset({"after", "before", "when", "because", "while", "whilst", "as"})


def _coordinated(doc: Doc, start: int) -> bool:
    """Whether a clause opens with "and" or "but" (it goes on from an earlier one)."""
    return doc[start].lower_ in {"and", "but"}


def _after_listener(doc: Doc, start: int, end: int, others: set[int]) -> int:
    """Where a clause after "told" starts once the named listener is skipped."""
    i = start
    while i < end and (i in others or doc[i].lower_ in TITLES):
        i += 1
    return i if i > start else start


def _ends_reporting(doc: Doc, end: int) -> bool:
    """Whether a clause ends at a reporting verb ("Ania says", "his mum told me that")."""
    last = [t.lower_ for t in doc[max(0, end - 2) : end]]
    return bool(last) and (
        last[-1] in REPORTING
        or (len(last) == 2 and last[0] in REPORTING and last[1] in {"me", "that"})
    )


def _pronoun_whose(
    pronoun: str | None, previous: str, previous_gender: str | None, person: str | None
) -> str:
    """Whose a clause is whose subject is "he" or "she", from the clause before it and the
    pronoun the note uses for the person."""
    if previous == "other":
        # "his mum rang to say he was taken to hospital": "he" is not the mum.
        if pronoun and previous_gender and pronoun != previous_gender:
            return "own"
        return "other"
    # In a note about a man, "after she cut her arm" is someone else.
    return "other" if pronoun and person and pronoun != person else "own"


def _pronoun(doc: Doc, start: int, end: int) -> str | None:
    """ "m" or "f" for a clause opened by "he" or "she"."""
    for t in doc[start : min(end, start + 3)]:
        if t.lower_ in PRONOUNS:
            return "m" if t.lower_ == "he" else "f"
    return None


@per_doc
def person_gender(doc: Doc) -> str | None:
    """The pronoun a note mostly uses (for the person it is about), when clearly one."""
    counts = Counter(lower_forms(doc))
    he, she = counts["he"], counts["she"]
    if he >= 2 and he >= 2 * she:
        return "m"
    if she >= 2 and she >= 2 * he:
        return "f"
    return None


FEMALE = frozenset(_WORDS["female"])
MALE = frozenset(_WORDS["male"])
PRONOUNS = frozenset({"he", "she"})


def _gender(doc: Doc, start: int, end: int) -> str | None:
    """ "f" or "m" from the clause's subject: its relation word ("his mum") before any
    pronoun ("he"); None when it says neither."""
    words = [
        t.lower_.removesuffix("'s").removesuffix("’s")
        for t in doc[start : min(end, start + SUBJECT_WINDOW + 2)]
    ]
    for pool in ([w for w in words if w not in PRONOUNS], [w for w in words if w in PRONOUNS]):
        for word in pool:
            if word in FEMALE:
                return "f"
            if word in MALE:
                return "m"
    return None


@per_doc
def other_people(doc: Doc, person_words: set[str]) -> list:  # type: ignore[type-arg]
    """PERSON entities that look like names of someone other than the person: capitalised
    words ("Dean", "Liam Moss"), not abbreviations the model mistakes for names ("SPO"),
    nor a capitalised ordinary word opening a terse sentence ("Last had heroin in March");
    and every mention of a first name a relation word introduced ("his son Rory ... Rory
    was arrested"), which the entity model often misses."""
    found = [
        e
        for e in doc.ents
        if e.label_ == "PERSON"
        and all(t.is_alpha and t.is_title and len(t) > 1 for t in e)
        and not {t.lower_ for t in e} & person_words
        and not (len(e) == 1 and e[0].is_sent_start and e[0].is_stop)
        and not {t.lower_ for t in e} & word_lists().calendar  # "swore at staff Tues": a day
        and not _names_an_agency(doc, e)
    ]
    introduced = {n for n, r in introduced_names(doc).items() if r not in CHILD_WORDS}
    introduced -= person_words
    seen = {t.i for e in found for t in e}
    found += [
        doc[i : i + 1] for i, w in enumerate(lower_forms(doc)) if w in introduced and i not in seen
    ]
    return sorted(found, key=lambda e: e.start)


# Words after a name that make it a service's: "Children's services", "Barnardo's team".
# ("home" and "centre" are left out: "Dean's home was searched" is about Dean.)
SERVICE_WORDS = AGENCY_WORDS - {"home", "centre", "center"}


def _names_an_agency(doc: Doc, ent: Span) -> bool:
    """Whether a PERSON entity is the name of a service ("Children's services", which the
    entity model reads as a child called Children)."""
    after = [t.lower_ for t in doc[ent.end : ent.end + 2]]
    if after[:1] in (["'s"], ["’s"]):
        after = after[1:]
    return bool(after) and after[0] in SERVICE_WORDS


@per_doc
def introduced_names(doc: Doc) -> dict[str, str]:
    """First names a relation word introduces: "his son Rory", "partner Kayleigh", "Rory (son,
    19)"; lower-case ones only when the nickname table knows them ("his brother jordan").
    A relationship phrase introduces a partner ("in a relationship with Callum")."""
    names: dict[str, str] = {}
    lowers = lower_forms(doc)  # tokens are made only where a relation word or "(" is near
    for i, word in enumerate(lowers[:-1]):
        if word in RELATIONS:
            nxt = doc[i + 1]
            if _name_like(nxt) or _capitalised_name(nxt):
                names.setdefault(lowers[i + 1], word)
                continue
            if lowers[i + 1] == "," and _appositive_name(doc, i + 2):
                names.setdefault(lowers[i + 2], word)  # "his older brother, Piotr,"
                continue
        if (
            lowers[i + 1] == "("
            and i + 2 < len(doc)
            and lowers[i + 2] in RELATIONS
            and _name_like(doc[i])
        ):
            names.setdefault(word, lowers[i + 2])
    for lead in RELATIONSHIP_LEADS:
        for i in _phrase_ends(doc, lead):
            if i >= len(doc) or doc[i].lower_ in word_lists().titles:
                continue
            if _name_like(doc[i]) or _capitalised_name(doc[i]):  # the model says ORG
                names.setdefault(doc[i].lower_, "partner")
    return {n: r for n, r in names.items() if n not in RELATIONS}


def _phrase_ends(doc: Doc, words: tuple[str, ...]) -> list[int]:
    """Token indexes just after each place a phrase of lower-case words occurs."""
    n = len(words)
    lowers = lower_forms(doc)
    return [i + n for i in range(len(lowers) - n + 1) if lowers[i : i + n] == words]


def _appositive_name(doc: Doc, i: int) -> bool:
    """A name set off by commas or followed by its age: "brother, Piotr," / "son, Tyler (16)";
    not the next clause ("his brother, Piotr said...")."""
    if i + 1 >= len(doc) or doc[i + 1].text not in {",", "(", ".", ";", "-", "–"}:
        return False
    return _name_like(doc[i]) or _capitalised_name(doc[i])


def _capitalised_name(t: Token) -> bool:
    """After a relation word, a capitalised word that is not an ordinary or calendar word is
    a name whatever the entity model calls it (it takes "Shannon" for a place, "Tasha" for
    an organisation)."""
    word = t.lower_
    if not (t.is_alpha and t.is_title and len(t) > 1) or t.is_stop:
        return False
    return word not in word_lists().common and word not in word_lists().calendar


_NOT_NAMES = frozenset({"GPE", "ORG", "DATE", "TIME", "CARDINAL", "FAC", "LOC", "NORP"})


def _name_like(t: Token) -> bool:
    """A capitalised word that is not an ordinary or calendar word, or a known first name
    written in lower case (dictation)."""
    word = t.lower_
    if not t.is_alpha or len(t) < 2 or word in word_lists().common or t.is_stop:
        return False
    if word in word_lists().calendar or t.ent_type_ in _NOT_NAMES:
        return False
    return t.is_title or word in given_names()


def _whose(
    doc: Doc,
    start: int,
    end: int,
    others: set[int],
    person_words: set[str],
    children: frozenset[int] = frozenset(),
) -> str | None:
    words = [t for t in doc[start:end] if not t.is_punct or t.text == "-"]
    while words and words[0].lower_ in BREAKS | REPORTING | {"me", "that", "said", "says"}:
        words = words[1:]
    head = words[:SUBJECT_WINDOW]
    for t in head:
        w = t.lower_
        if t.i in children:
            return "own_child"
        if t.i in others:
            return "other"
        if w in RELATIONS:
            if {x.lower_ for x in doc[t.i + 1 : t.i + 3]} & AGENCY_WORDS:
                break  # "Children's services are involved": an agency, not a person
            # "her son", "the children": the person's own child, unless it is someone
            # else's ("her sister's children" stops at "sister's" first).
            return "own_child" if w in CHILD_WORDS else "other"
        if w.endswith(("'s", "’s")) and w[:-2] in RELATIONS:
            return "other"
        if w not in LEAD_WORDS and not t.text.startswith("'"):
            break
    if not head:
        return None
    first = head[0].lower_
    if first in {"he", "she", "they"}:
        return "pronoun"
    if first in person_words or first in {"pop", "i", "we", "i've", "we've"}:
        return "own"
    return None


def about_other(whose: str, label: str) -> bool:
    """Whether a cue in a clause of this kind is about someone else, for its label: the
    person's own child is theirs for safeguarding and relationships, not for drug use."""
    if whose == "other":
        return True
    return whose == "own_child" and not label.startswith(("flag|child", "need|relationships"))
