"""Context from the sentence's structure where a word window cannot see it.

ConText looks a few words either side of a cue. Some statuses are decided elsewhere in the
sentence (after DEEPEN, Mehrabi et al. 2015, which checks NegEx's findings on the parse):

- a denial after the target, in a later clause that points back at it ("asked about spice,
  which she denied"; "asked about ketamine, he denied ever taking it");
- talk about a risk in general, not the person's own: the cue under a generic noun ("what
  happens to people caught with a knife", "the consequences of drink driving") or the
  possessor-free object of a discussion verb ("the group talked about carrying blades");
- a clause whose subject is someone else by a determiner ("another resident has been
  selling pills", "a lad who mentioned being arrested");
- shorthand status after the target on a short line or field ("DA (ex, 2019) = historic",
  "Self-harm: asked, denies", "heroin -> abstinent since Feb"); this one needs no parse.

`structural_status` needs the dependency parse and returns None without one; `line_status`
reads only the tokens.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

from spacy.tokens import Doc, Span, Token

from nlp.context.clauses import CHILD_WORDS
from nlp.context.ended import ended
from nlp.context.others import (
    NotePeople,
    belongs_to_other,
    found_in_others_place,
    named_subject,
)
from nlp.datetimes.dates import find_dates
from nlp.resources import resource
from nlp.text.lines import line_index

_WORDS = resource("syntax.json")
DENY = frozenset(_WORDS["deny"])
ASKING = frozenset(_WORDS["asking"])
BACK_REFS = frozenset(_WORDS["back_refs"])
USE_VERBS = frozenset(_WORDS["use_verbs"])
DISCUSSION = frozenset(_WORDS["discussion_verbs"])
GENERAL_NOUNS = frozenset(_WORDS["general_nouns"])
OTHER_DETS = frozenset(_WORDS["other_determiners"])
PERSON_NOUNS = frozenset(_WORDS["person_nouns"])
RELATIONS = frozenset(resource("clauses.json")["relations"])
PARTNERS = frozenset(
    {"partner", "partner's", "ex-partner", "ex", "boyfriend", "girlfriend", "husband", "wife"}
    | {"fiance", "fiancee"}
)
LINE_HISTORICAL = frozenset(_WORDS["line_historical"])
LINE_NEGATED = frozenset(_WORDS["line_negated"])
LINE_MARKERS = frozenset(_WORDS["line_markers"])
FIELD_MARKERS = LINE_MARKERS - {",", "(", ";"}
POSSESSIVES = frozenset({"his", "her", "their", "my", "our", "your"})
PLACE_WORDS = frozenset(_WORDS["place_words"])
TOPIC_PREPS = frozenset({"about", "of", "around", "regarding", "on", "re", "into"})
SHORT_LINE = 24  # words: a longer line is narrative, where the window rules already apply
DENIAL_REACH = 16  # tokens from the target to a denial that points back at it
_SUBJECTS = ("nsubj", "nsubjpass")
_OBJECTS = ("dobj", "xcomp", "ccomp", "prep", "attr", "pobj")


def parsed(doc: Doc) -> bool:
    """Whether the doc carries a dependency parse."""
    return doc.has_annotation("DEP")


def structural_status(
    doc: Doc,
    start: int,
    end: int,
    reference: dt.date | None = None,
    label: str = "",
    people: NotePeople | None = None,
) -> str | None:
    """A status the parse gives a present cue, or None to keep ConText's. Whose it is
    outranks when, as in the context rules' own precedence."""
    if not parsed(doc):
        return None
    doc, start, end = item_of(doc, start, end)
    if other_subject(doc, start, end) or _named_other(doc, start, end, label, people):
        return "other_person"
    if reference is not None and past_dated(doc, start, end, reference):
        return "historical"
    if ended(doc, start, end):
        return "historical"
    if denied_after(doc, start, end):
        return "negated"
    if general_talk(doc, start, end):
        return "hypothetical"
    return None


def ended_or_dated(doc: Doc, start: int, end: int, reference: dt.date | None) -> bool:
    """Whether the parse shows the cue's matter over: ended, or dated to an earlier year."""
    if not parsed(doc):
        return False
    doc, start, end = item_of(doc, start, end)
    dated = reference is not None and past_dated(doc, start, end, reference)
    return dated or ended(doc, start, end)


_ITEM_MARK = re.compile(r"^([1-9][0-9]?|[a-hA-H])$")
_NOT_BEFORE_ITEM = frozenset({"(", "[", "aged", "age"})


def item_starts(doc: Doc, lo: int = 0, hi: int | None = None) -> list[int]:
    """Where numbered items open inside a line ("1) ... 2) Uses ..."), among tokens [lo, hi):
    a small number or letter and ")" before a capital, not closing a bracket ("his son (19)
    Lives") or an age. The same marks end ConText scopes (`context_rules.json`)."""
    hi = len(doc) if hi is None else hi
    if ")" not in doc[lo:hi].text:
        return []  # most sentences: no scan
    return [
        i - 1
        for i in range(lo + 1, hi - 1)
        if doc[i].text == ")"
        and _ITEM_MARK.match(doc[i - 1].text)
        and doc[i + 1].text[:1].isupper()
        and (i < 2 or doc[i - 2].lower_ not in _NOT_BEFORE_ITEM)
    ]


def item_of(doc: Doc, start: int, end: int) -> tuple[Doc, int, int]:
    """The numbered item holding the span, as a doc of its own with the parse inside it, so
    no check reads a clause of another item ("1) Past use discussed 2) Uses cocaine"); the
    doc itself when its sentence has no items."""
    lo, hi = 0, len(doc)
    if doc.has_annotation("SENT_START") or parsed(doc):
        sent = doc[start].sent
        lo, hi = sent.start, sent.end
    starts = item_starts(doc, lo, hi)
    if not starts:
        return doc, start, end
    first = max([lo, *(s for s in starts if s <= start)])
    last = min([hi, *(s for s in starts if s >= end)])
    return doc[first:last].as_doc(), start - first, end - first


def _named_other(doc: Doc, start: int, end: int, label: str, people: NotePeople | None) -> bool:
    """Someone the note names as the subject, the owner of where it was found, or its
    owner by "belonged to"."""
    people = people or NotePeople(names={})
    return (
        named_subject(doc, start, end, people, label)
        or found_in_others_place(doc, start, end, people, label)
        or belongs_to_other(doc, start, end)
    )


_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def past_dated(doc: Doc, start: int, end: int, reference: dt.date) -> bool:
    """Whether the cue's clause is in the past tense and dated before the note: an earlier
    year ("she last used heroin in the summer of 2022"), or a day more than a month before
    it ("on 14/02/2025 he was cautioned", "was using crack when he lived there in 2018")."""
    first, last = _line(doc, start, end)
    verb = _clause_verb(doc[start:end].root)
    if verb is not None and _gerund_under_verb(verb):
        verb = _clause_verb(verb.head)  # "cautioned for having cannabis on 3.1.26"
    if verb is None or not _past(verb) or not first <= verb.i < last:
        return False  # a parse that runs over a line break joins two field lines
    if any(t.lower_ in {"since", "until", "till"} for t in verb.subtree):
        return False
    # A bare year counts when the entity model leaves it out ("in the summer of 2022").
    dates = [
        t
        for t in verb.subtree
        if first <= t.i < last and (t.ent_type_ == "DATE" or _YEAR.fullmatch(t.text))
    ]
    years = [int(y) for t in dates for y in _YEAR.findall(t.text)]
    if years and max(years) < reference.year:
        return True
    return _dated_day_before(doc, verb, first, last, reference)


_PAST_AUX = frozenset({"had", "was", "were"})
_DIGIT = re.compile(r"\d")
RECENT_DAYS = 31  # a dated day within this of the note is recent, as the CURRENT cues say


def _past(verb: Token) -> bool:
    """Past simple, or a participle with a past auxiliary ("was cautioned", "was using"):
    "has used since 2019" and "is using" run up to now."""
    if verb.tag_ == "VBD":
        return True
    if verb.tag_ in ("VBN", "VBG"):
        return any(c.lower_ in _PAST_AUX for c in verb.children)
    return False


def _gerund_under_verb(verb: Token) -> bool:
    """A bare -ing verb that completes another clause ("for having", "about using"): its
    tense and date are those of the clause above it."""
    bare = verb.tag_ == "VBG" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    return bare and verb.dep_ in ("pcomp", "xcomp") and verb.head is not verb


def _dated_day_before(doc: Doc, verb: Token, first: int, last: int, ref: dt.date) -> bool:
    """Whether the clause names a day (with its month) more than a month before the note."""
    tokens = [t.i for t in verb.subtree if first <= t.i < last]
    if not tokens:
        return False
    clause = doc[min(tokens) : max(tokens) + 1]
    if not any(t.like_num or _DIGIT.search(t.text) for t in clause):
        return False  # no digit or number word, no day to read: spare the date finder
    for mention in find_dates(clause.text):
        if mention.kind != "date":
            continue
        # Nearest, not past: a past clause can book a later day ("booked him in for 12 August").
        day = mention.resolve(ref, "nearest")
        if day is not None and (ref - day).days > RECENT_DAYS:
            return True
    return False


def _clause_verb(token: Token) -> Token | None:
    """The nearest verb at or above a token."""
    for t in [token, *token.ancestors]:
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def line_status(doc: Doc, start: int, end: int, reference: dt.date | None = None) -> str | None:
    """Shorthand status written after the cue on its own short line or field; with the
    note's date, a bare earlier year in brackets or after "last" ("DV (ex, 2019)", "Crack
    -> not for years (last 2022)") dates it to the past."""
    lines = line_index(doc)
    first, last = lines.bounds(start, end)
    if lines.words(first, last) > SHORT_LINE:
        return _field_verdict(doc, first, end, last)
    after = [t for t in doc[end:last] if not t.is_space]
    for k, t in enumerate(after):
        word = t.lower_
        if word in {";", "."} and k > 0:
            break  # "...; denies current thoughts" is a second statement
        if not (k == 0 or after[k - 1].text in LINE_MARKERS):
            continue  # "used spice and denied it was a problem" is a sentence, not shorthand
        if word in LINE_HISTORICAL:
            return "historical"
        if word in LINE_NEGATED and _ends_statement(after[k + 1 : k + 2]):
            return "negated"
        if reference is not None and _earlier_year(after[k : k + 3], reference):
            return "historical"
    return None


def _earlier_year(words: list[Token], reference: dt.date) -> bool:
    """A bare year before the note's, closing its bracket or clause ("(ex, 2019)"), or
    after "last" ("(last 2022)"); not the start of a range ("2019-now", "2019 to date")."""
    if words and words[0].lower_ == "last":
        words = words[1:]
    if len(words) < 2 or not re.fullmatch(r"(?:19|20)\d\d", words[0].text):
        return False
    return int(words[0].text) < reference.year and words[1].text in {")", ",", ";", "."}


def _field_verdict(doc: Doc, first: int, end: int, last: int) -> str | None:
    """A one-word sentence after the cue giving the status of the field it stands in
    ("Domestic abuse – she was the victim ... Historic."): the verdict on the field, however
    long it runs."""
    if not _opens_field(doc, first, last):
        return None
    for sent in (s for s in doc.sents if s.start >= end and s.end <= last):
        words = [t.lower_ for t in sent if not (t.is_punct or t.is_space)]
        if len(words) == 1 and words[0] in LINE_HISTORICAL:
            return "historical"
    return None


def _opens_field(doc: Doc, first: int, last: int) -> bool:
    """Whether a line opens as a field: a heading of a few words, then a marker ("Domestic
    abuse –", "Risk:")."""
    # The first five words only: a note typed as one long line would otherwise be copied
    # whole for every cue on it (a tenth of a 300-word note's time).
    words = itertools.islice((t for t in doc[first:last] if not t.is_space), 5)
    return any(t.text in FIELD_MARKERS and k > 0 for k, t in enumerate(words))


def _ends_statement(following: list[Token]) -> bool:
    """Whether a status word stands alone ("asked, denies") rather than taking an object of
    its own ("spice, denies heroin")."""
    if not following:
        return True
    t = following[0]
    return t.is_punct or t.lower_ in BACK_REFS or t.lower_ in {"current", "currently", "ongoing"}


def _line(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token bounds of the line holding a span (line breaks are whitespace tokens)."""
    return line_index(doc).bounds(start, end)


def denied_after(doc: Doc, start: int, end: int) -> bool:
    """A denial later in the sentence whose object points back at the cue."""
    last = min(doc[start].sent.end, _line(doc, start, end)[1], end + DENIAL_REACH)
    for d in doc[end:last]:
        if d.lower_ not in DENY or any(c.dep_ == "neg" for c in d.children):
            continue
        if _governs(d, doc[start]):
            continue  # the denial's own object is the cue: ConText's forward scope reads that
        if _points_back(d) and (_asked(doc, start) or _relative_on(d, doc[start])):
            return True
    return _never_used_after(doc, start, end, last)


def _never_used_after(doc: Doc, start: int, end: int, last: int) -> bool:
    """A later negated use of a back-reference ("Crack – 'no chance', he has never touched
    it"; "asked about spice: he would not touch it") denies a cue that was asked about or
    that heads its own line as a field."""
    if not (_asked(doc, start) or _heads_line(doc, start, end)):
        return False
    for v in doc[end:last]:
        if v.lower_ not in USE_VERBS or not any(c.dep_ == "neg" for c in v.children):
            continue
        if any(c.dep_ == "dobj" and c.lower_ in BACK_REFS for c in v.children):
            return True
    return False


def _heads_line(doc: Doc, start: int, end: int) -> bool:
    """Whether the cue opens its line, a marker straight after it ("Crack –", "Crack
    cocaine ->"); one word may stand before it ("Street valium:" where the cue is
    "valium")."""
    first, last = _line(doc, start, end)
    before = [t for t in doc[first:start] if not t.is_space]
    return len(before) <= 1 and end < last and doc[end].text in FIELD_MARKERS


def _asked(doc: Doc, start: int) -> bool:
    """Whether the cue was what the officer asked about ("asked about spice", "asked whether
    she had used"), so that a denial after it answers for it."""
    token = doc[start]
    near = doc[max(token.sent.start, start - 8) : start]
    return any(t.lower_ in ASKING for t in [*token.ancestors, *near])


def _relative_on(deny: Token, token: Token) -> bool:
    """Whether the denial is a relative clause on the cue's phrase ("spice, which he denied")."""
    return deny.dep_ == "relcl" and (deny.head.i == token.i or deny.head.is_ancestor(token))


def _points_back(deny: Token) -> bool:
    """Whether a denial's object is a back-reference ("it", "which") or missing entirely."""
    objects = [c for c in deny.children if c.dep_ in ("dobj", "xcomp", "ccomp", "prep")]
    if not objects:
        return True  # "..., denies." / "which she denied" parsed without the object
    for obj in objects:
        if obj.lower_ in BACK_REFS:
            return True
        if obj.dep_ == "xcomp" and any(
            c.dep_ == "dobj" and c.lower_ in BACK_REFS for c in obj.children
        ):
            return True  # "he denied ever using it"
    return any(t.lower_ == "which" and t.dep_ == "dobj" for t in deny.children)


def _governs(verb: Token, token: Token) -> bool:
    """Whether a token lies in the verb's object ("denied using spice"), not in a clause
    merely attached to it ("asked about spice, she denied it")."""
    for c in verb.children:
        if c.dep_ in _OBJECTS and (c.i == token.i or c.is_ancestor(token)):
            return True
    return False


def general_talk(doc: Doc, start: int, end: int) -> bool:
    """Whether the cue is said of people in general or is only a topic talked about."""
    root = _root(doc, start, end)
    if _possessed(root) or _particular(root):
        return False
    topic = True  # until a preposition shows the cue is not what was talked about
    for t in list(root.ancestors):
        if t.lower_ in GENERAL_NOUNS and not _possessed(t):
            return True
        if t.dep_ == "prep" and t.lower_ not in TOPIC_PREPS:
            topic = False  # "discussed it with my SPO and a warning letter"
        if t.pos_ in ("VERB", "AUX") and (
            t.dep_ not in ("pcomp", "xcomp", "acl") or t.lower_ in DISCUSSION
        ):
            # The first clause verb above the cue: is it talk about the cue as a topic? (A
            # discussion verb counts however it hangs: "the group discussed carrying knives"
            # can come out as a clause on "group".)
            return topic and t.lower_ in DISCUSSION and not _own_subject_between(root, t)
    return False


def _root(doc: Doc, start: int, end: int) -> Token:
    span: Span = doc[start:end]
    return span.root


def _possessed(t: Token) -> bool:
    """Whether a word or its head phrase is owned by someone ("his drinking", "Ian's knife")."""
    return any(c.dep_ == "poss" or c.lower_ in POSSESSIVES for c in t.children)


def _particular(t: Token) -> bool:
    """A particular thing, not a topic: "the knife he was carrying", "that knife"."""
    for c in t.children:
        if c.dep_ == "det" and c.lower_ in {"the", "this", "that"}:
            return True
        if c.dep_ in ("relcl", "acl") and any(g.dep_ in _SUBJECTS for g in c.children):
            return True
    return False


def _own_subject_between(root: Token, verb: Token) -> bool:
    """Whether a verb between the cue and the discussion verb has its own subject ("we
    talked about how he was carrying a knife" is his, not a topic)."""
    for t in root.ancestors:
        if t.i == verb.i:
            return False
        if any(c.dep_ in _SUBJECTS for c in t.children):
            return True
    return False


def other_subject(doc: Doc, start: int, end: int) -> bool:
    """Whether the clause holding the cue has someone else as its subject ("another resident
    has been selling pills", "a lad on the course who was arrested")."""
    root = _root(doc, start, end)
    for verb in [root, *root.ancestors]:
        if any(c.dep_ == "poss" and _relative(c, exclude=CHILD_WORDS) for c in verb.children):
            return True  # "her brother Craig's trial for assaulting his girlfriend"
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
        if verb.dep_ == "relcl" and any(s.lower_ in {"who", "that"} for s in subjects):
            return _someone_else(verb.head)
        if subjects:
            return any(_someone_else(s) for s in subjects)
    return False


def relative_owned(doc: Doc, start: int, end: int) -> bool:
    """Whether the cue stands in a phrase owned by a relative who is not a partner ("her
    brother's trial for assaulting his girlfriend"): their matter, even for abuse flags."""
    if not parsed(doc):
        return False
    root = _root(doc, start, end)
    return any(
        c.dep_ == "poss" and _relative(c, exclude=PARTNERS | CHILD_WORDS)
        for t in [root, *root.ancestors]
        for c in t.children
    )


def _relative(t: Token, exclude: frozenset[str] = frozenset()) -> bool:
    """A possessor that is a relative, by word or by apposition ("her brother's", "her
    brother Craig's")."""
    words = [t, *(c for c in t.children if c.dep_ in ("compound", "appos", "nmod"))]
    bare = [w.lower_.removesuffix("'s").removesuffix("’s") for w in words]
    return any(w in RELATIONS and w not in exclude for w in bare)


def _someone_else(t: Token) -> bool:
    """A noun phrase naming an unnamed other person: "another resident", "two lads"."""
    if t.lower_ not in PERSON_NOUNS:
        return False
    dets = {c.lower_ for c in t.children if c.dep_ in ("det", "nummod", "amod")}
    if any(c.lower_ in POSSESSIVES for c in t.children):
        return False
    # "the man next door", "the lad upstairs": "the" with where they live is a neighbour.
    placed = "the" in dets and any(c.lower_ in PLACE_WORDS for c in t.subtree)
    return bool(dets & OTHER_DETS) or placed
