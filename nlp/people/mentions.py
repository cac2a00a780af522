"""Finding caseload people named in free text without NER: names, aliases, titles, CRNs."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from nlp.people.names import (
    Token,
    find_crns,
    given_names,
    is_cased,
    normalise,
    tokenize,
    word_lists,
)

if TYPE_CHECKING:
    from nlp.people.caseload import Caseload

_GAP = re.compile(r"[ \t]+")
_DIGIT_NEAR = re.compile(r"\d")
_SHORT = 12  # words in a chat prompt, where "for will" names Will
# "(ETE worker, Growth Company)", "(son, 17)", ", the UPW supervisor,": a gloss after a name.
_NOT_ROLES = frozenset({"victim", "called", "named"})  # "Debs (victim of DA in 2021)"
_GLOSS = re.compile(r"\s*(?:\(([^()]{1,40})\)|,\s*((?:the|a|an|our)\s[^,.;()]{1,40}))")
ANCHOR = 1.5  # extra weight of a name the contact was with
_ASKED_ABOUT = frozenset(("me", "re"))  # "show me keith dempsey": a name follows
# Words before a name that say the prompt is for that person ("new contact for", "open"):
# after them "Owen's partner" means the partner, whom the prompt does not name.
_FOR_WHOM = frozenset(("for", "about", "re", "me", "open", "show", "with"))
_COUPLED = frozenset(("and", "&", "+"))
_PRONOUNS = frozenset(("his", "her", "their"))
# Contact abbreviations that open a terse note before the person's name, in any case.
_OPENING_CONTACTS = frozenset(("hv", "ov", "tc", "vc"))


@dataclass
class NameMention:
    """A stretch of text that names (or may name) caseload people."""

    start: int
    end: int
    scores: dict[int, float]
    weight: float
    other: bool = False  # someone in the person's life: "her ex-partner Dean"


@dataclass
class _Word:
    token: Token
    exact: dict[int, float]
    fuzzy: dict[int, float]
    weak: bool  # an ordinary word unless another name confirms it
    lone_fuzzy: bool  # capitalised so that a misspelling alone may count


def _classify(caseload: Caseload, text: str, tokens: list[Token]) -> list[_Word | None]:
    """Look each word up, applying the capitalisation and common-word guards."""
    lists = word_lists()
    cased = is_cased(text)
    short = len(tokens) <= _SHORT
    words: list[_Word | None] = []
    for k, tok in enumerate(tokens):
        if cased and tok.all_caps and len(tok.norm) <= 4 and tok.norm not in caseload.caps_keys:
            words.append(None)  # an acronym such as TC, UA, CGL
            continue
        if tok.norm in lists.calendar and _beside_number(text, tok):
            words.append(None)
            continue
        followed = k + 1 < len(tokens) and tokens[k + 1].norm in lists.followers
        if cased:
            name_like = (
                tok.capital
                and not tok.all_caps
                and (not tok.sentence_start or followed or tok.possessive)
            )
        else:  # dictation: "will attended" at the start of a sentence reads as a name
            name_like = tok.possessive or (tok.sentence_start and followed)
        if short and k > 0 and tokens[k - 1].norm in lists.intros:
            name_like = name_like or tok.norm not in lists.calendar  # "new contact for will"
        if not cased and k > 0 and tokens[k - 1].norm in lists.intros:
            name_like = name_like or _and_a_relative(tokens, k)  # "call with grant and his dad"
        if k == 1 and tokens[0].norm in _OPENING_CONTACTS:
            name_like = True  # "hv sandy 4pm": a note typed on a phone opens with whom
        after_title = k > 0 and tokens[k - 1].norm in lists.titles
        guarded = tok.norm in lists.common or tok.norm in lists.calendar
        weak = guarded and not name_like and not after_title
        exact = caseload.exact_hits(tok.norm)
        fuzzy: dict[int, float] = {}
        if not guarded and tok.norm not in given_names():
            fuzzy = caseload.fuzzy_hits(tok.norm)
        lone_fuzzy = cased and tok.capital and not tok.all_caps
        words.append(_Word(tok, exact, fuzzy, weak, lone_fuzzy))
    return words


def _merge_particles(caseload: Caseload, text: str, tokens: list[Token]) -> list[Token]:
    """Join "o neill", "d souza", "mc allister" into the one surname the caseload holds."""
    particles = word_lists().particles
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        if k + 1 < len(tokens) and (tok.norm in particles or len(tok.norm) == 1):
            nxt = tokens[k + 1]
            joined = tok.norm + nxt.norm
            if _adjacent(text, tok, nxt) and caseload.has_key(joined):
                raw = text[tok.start : nxt.end]
                out.append(
                    replace(
                        nxt,
                        start=tok.start,
                        raw=raw,
                        norm=joined,
                        capital=tok.capital or nxt.capital,
                        sentence_start=tok.sentence_start,
                    )
                )
                k += 2
                continue
        out.append(tok)
        k += 1
    return out


def _hit(word: _Word) -> bool:
    return bool(word.exact or word.fuzzy)


def _beside_number(text: str, tok: Token) -> bool:
    return bool(
        _DIGIT_NEAR.search(text[max(0, tok.start - 4) : tok.start])
        or _DIGIT_NEAR.search(text[tok.end : tok.end + 4])
    )


def _adjacent(text: str, a: Token, b: Token) -> bool:
    return bool(_GAP.fullmatch(text[a.end : b.start]))


def _other_surname(text: str, tokens: list[Token], words: list[_Word | None], k: int) -> bool:
    """Whether a forename is followed by a capitalised surname that nobody on the caseload
    has, in text where capitals mean something."""
    if k + 1 >= len(tokens) or not is_cased(text) or not _adjacent(text, tokens[k], tokens[k + 1]):
        return False
    nxt, word = tokens[k + 1], words[k + 1]
    lists = word_lists()
    return (
        nxt.raw[:1].isupper()
        and nxt.raw[1:].isalpha()
        and nxt.raw[1:].islower()
        and nxt.norm not in lists.calendar
        and nxt.norm not in lists.followers
        and word is not None
        and not _hit(word)
    )


def _other_forename(
    caseload: Caseload,
    text: str,
    tokens: list[Token],
    words: list[_Word | None],
    k: int,
    people: dict[int, float],
) -> bool:
    """Whether a surname is written straight after a first name none of its people has.

    "new contact for gary fletcher" names a Gary, whatever the caseload's Fletcher is
    called: a surname alone resolves only when nothing before it says it is someone else."""
    if k == 0 or not _adjacent(text, tokens[k - 1], tokens[k]):
        return False
    word = words[k]
    if word is None or not caseload.exact_hits(word.token.norm, surname_only=True):
        return False
    if not _written_forename(text, tokens, k - 1):
        return False
    return not any(caseload.forename_fits(tokens[k - 1].norm, i) for i in people)


def _written_forename(text: str, tokens: list[Token], k: int) -> bool:
    """Whether word k reads as a first name: a known given name that is no ordinary word
    ("will", "mark" and "may" are words as often as names), a capitalised word inside a
    sentence where capitals mean something, or in a short lower-case prompt the word
    straight after "for", "with", "show me"... ("new contact for darren fletcher")."""
    tok, lists = tokens[k], word_lists()
    if tok.norm in lists.common or tok.norm in lists.calendar or tok.norm in lists.titles:
        return is_cased(text) and tok.capital and not tok.all_caps and not tok.sentence_start
    if tok.norm in lists.relations or tok.norm in lists.intros or len(tok.norm) < 2:
        return False
    if tok.norm in given_names():
        return True
    if is_cased(text):
        return tok.capital and not tok.all_caps and not tok.sentence_start
    before = tokens[k - 1].norm if k > 0 else ""
    return len(tokens) <= _SHORT and (before in lists.intros or before in _ASKED_ABOUT)


def _is_other(tokens: list[Token], k: int, text: str = "") -> bool:
    """Whether the name at word k follows a relation word ("her ex-partner Dean") or is
    glossed with one after it ("Marcus (ETE worker)", "Gill, the UPW supervisor")."""
    before = tokens[k - 1] if k > 0 else None
    if (
        before is not None
        and before.norm in word_lists().relations
        and not before.possessive  # "back at his dad's. Ellis said"
        and not tokens[k].sentence_start
    ):
        return True
    return bool(text) and _glossed_as_other(text, tokens[k].end)


def _glossed_as_other(text: str, end: int) -> bool:
    """Whether a bracket or "the/a ..." apposition right after a name gives it a role or a
    relation: whoever the note is about is not introduced by their job or kinship."""
    gloss = _GLOSS.match(text, end)
    if not gloss:
        return False
    words = re.findall(r"[\w'-]+", gloss.group(1) or gloss.group(2))
    roles = word_lists().relations - _NOT_ROLES
    return any(normalise(w) in roles for w in words)


def _others_by_name(tokens: list[Token], found: list[NameMention]) -> None:
    """Later single-word mentions of a name introduced as someone else are them too
    ("his son Dean (19) ... Dean was arrested")."""
    word_at = {(t.start, t.end): t.norm for t in tokens}
    names = {word_at.get((m.start, m.end)) for m in found if m.other} - {None}
    for m in found:
        if word_at.get((m.start, m.end)) in names:
            m.other = True


def _official_name(text: str, tokens: list[Token], k: int) -> int:
    """How many capitalised words name the official whose rank is tokens[k] ("PC Ward",
    "DS Amy Khan"): 0 when no name follows (a rank alone, or lower-case text)."""
    size = 0
    while size < 2 and k + 1 + size < len(tokens):
        nxt = tokens[k + 1 + size]
        prev = tokens[k + size]
        if not (nxt.capital and not nxt.all_caps and _adjacent(text, prev, nxt)):
            break
        size += 1
    return size


def find_mentions(caseload: Caseload, text: str) -> tuple[list[NameMention], list[NameMention]]:
    """Mentions of caseload people, and titled or CRN mentions that fit nobody."""
    tokens = _merge_particles(caseload, text, tokenize(text))
    words = _classify(caseload, text, tokens)
    titles = word_lists().titles
    found: list[NameMention] = []
    unmatched: list[NameMention] = []
    for crn, start, end in find_crns(text):
        i = caseload.index_of(crn)
        (found if i is not None else unmatched).append(
            NameMention(start, end, {i: 100.0} if i is not None else {}, 3.0)
        )
    officials = word_lists().officials
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        if tok.norm in officials and _official_name(text, tokens, k):
            # "emailed PC Ward on the IOM team": a police officer (or other official) named
            # by rank is never the person, whatever caseload surname they share
            k += 1 + _official_name(text, tokens, k)
            continue
        if tok.norm in titles and k + 1 < len(tokens) and _adjacent(text, tok, tokens[k + 1]):
            named = _window(caseload, text, tokens, words, k + 1)  # "Mr John Mercer"
            if named:
                mention, size = named
                mention.start = tok.start
                found.append(mention)
                k += 1 + size
                continue
            nxt = tokens[k + 1]
            scores = caseload.exact_hits(nxt.norm, surname_only=True)
            if not scores and len(nxt.norm) > 1:
                scores = caseload.fuzzy_hits(nxt.norm, surname_only=True)
            mention = NameMention(tok.start, nxt.end, scores, 1.5, _is_other(tokens, k))
            if scores:
                found.append(mention)
            elif nxt.capital or not is_cased(text):
                unmatched.append(mention)
            k += 2
            continue
        word = words[k]
        nxt_word = words[k + 1] if k + 1 < len(words) else None
        if word is None or not (_hit(word) or (nxt_word is not None and _hit(nxt_word))):
            k += 1
            continue
        taken = _window(caseload, text, tokens, words, k)
        if taken:
            mention, size = taken
            found.append(mention)
            k += size
            continue
        single = dict(word.exact) if not word.weak else {}
        if not single and word.lone_fuzzy and not word.weak:
            single = dict(word.fuzzy)
        if len(single) > 1 and _initial_after(text, tokens, k):
            # "Tegan H": of two Tegans, the one whose surname the initial begins
            single = _by_initial(caseload, single, tokens[k + 1].norm)
            if len(single) == 1:
                found.append(NameMention(tok.start, tokens[k + 1].end, single, 1.0))
                k += 2
                continue
        if single and _other_forename(caseload, text, tokens, words, k, single):
            # "gary fletcher" when the caseload's Fletcher is Mark: someone else, not a guess.
            unmatched.append(NameMention(tokens[k - 1].start, tok.end, {}, 1.0))
            k += 1
            continue
        if single and _other_surname(text, tokens, words, k):
            # "Tom Bell" when the caseload's Tom is Tomasz Nowicki: someone else, not a guess.
            unmatched.append(NameMention(tok.start, tokens[k + 1].end, {}, 1.0))
            k += 2
            continue
        if single:
            found.append(NameMention(tok.start, tok.end, single, 1.0, _is_other(tokens, k, text)))
        k += 1
    found.sort(key=lambda m: m.start)
    if len(tokens) <= _SHORT:
        _relatives_asked_for(tokens, found)
    _others_by_name(tokens, found)
    _anchor(tokens, found)
    return found, unmatched


def _initial_after(text: str, tokens: list[Token], k: int) -> bool:
    """Whether word k is followed straight away by a lone letter ("Tegan H", "kieran d's")."""
    if k + 1 >= len(tokens) or not _adjacent(text, tokens[k], tokens[k + 1]):
        return False
    nxt = tokens[k + 1]
    return len(nxt.norm) == 1 and nxt.norm.isalpha()


def _by_initial(caseload: Caseload, people: dict[int, float], letter: str) -> dict[int, float]:
    """The people among some whose surname begins with a letter."""
    return {
        i: s
        for i, s in people.items()
        if normalise(caseload.person(i).name.split()[-1])[:1] == letter
    }


def _relatives_asked_for(tokens: list[Token], found: list[NameMention]) -> None:
    """A name that only says whose relative the prompt is for ("new contact for Owen's
    partner", "show me Jo's mum") is not the person asked about: the relative is, and the
    prompt does not name them. "Habib's brother rang" still speaks of Habib."""
    lists = word_lists()
    by_start = {t.start: k for k, t in enumerate(tokens)}
    by_end = {t.end: k for k, t in enumerate(tokens)}
    for m in found:
        first, last = by_start.get(m.start), by_end.get(m.end)
        if first is None or last is None or first == 0 or last + 1 >= len(tokens):
            continue
        asked = tokens[first - 1].norm in _FOR_WHOM
        owner = tokens[last].possessive or tokens[last].norm.endswith("s")  # "tenbys mum"
        if asked and owner and tokens[last + 1].norm in lists.relations:
            m.other = True


def _and_a_relative(tokens: list[Token], k: int) -> bool:
    """Whether word k is followed by "and his dad", ", her mum": only a person has kin."""
    rest = [t.norm for t in tokens[k + 1 : k + 4]]
    if rest[:1] and rest[0] in _COUPLED:
        rest = rest[1:]
    return len(rest) >= 2 and rest[0] in _PRONOUNS and rest[1] in word_lists().relations


def _anchor(tokens: list[Token], found: list[NameMention]) -> None:
    """Weigh up names the contact was with ("saw Liam", "Liam attended") over names in passing."""
    lists = word_lists()
    by_start = {t.start: k for k, t in enumerate(tokens)}
    by_end = {t.end: k for k, t in enumerate(tokens)}
    for m in found:
        first, last = by_start.get(m.start), by_end.get(m.end)
        before = first is not None and first > 0 and tokens[first - 1].norm in lists.contact_before
        after = (
            last is not None
            and last + 1 < len(tokens)
            and (tokens[last + 1].norm in lists.contact_after)
        )
        if before or after:
            m.weight += ANCHOR


def _window(
    caseload: Caseload, text: str, tokens: list[Token], words: list[_Word | None], k: int
) -> tuple[NameMention, int] | None:
    """A forename + surname (2 or 3 adjacent words) starting at word k, if one fits."""
    for size in (3, 2):
        ws = [w for w in words[k : k + size] if w is not None]
        if len(ws) < size or not (ws[-1].exact or ws[-1].fuzzy):
            continue
        if not (ws[0].exact or ws[0].fuzzy) and ws[0].token.norm in word_lists().common:
            continue
        if not all(_adjacent(text, a.token, b.token) for a, b in zip(ws, ws[1:], strict=False)):
            continue
        people = {i for w in ws for i in (*w.exact, *w.fuzzy)}
        scores = caseload.pair_scores([w.token.norm for w in ws[:-1]], ws[-1].token.norm, people)
        fitting = {i: s for i, s in scores.items() if s >= caseload.cutoff}
        if fitting and all(_supported(caseload, i, ws) for i in fitting):
            if size == 3 and not all(i in w.exact or i in w.fuzzy for w in ws for i in fitting):
                continue
            mention = NameMention(ws[0].token.start, ws[-1].token.end, fitting, 2.0)
            mention.other = _is_other(tokens, k)
            return mention, size
        if size == 2 and _clash(ws):  # "Stephen Kearns": one name, two half-matches
            near = {i: s for i, s in scores.items() if s >= 60}
            if not near:
                continue
            return NameMention(ws[0].token.start, ws[-1].token.end, near, 2.0), size
    return None


def _clash(ws: list[_Word]) -> bool:
    """Two strong words naming different people exactly, side by side."""
    a, b = ws
    return bool(
        a.exact and b.exact and not a.weak and not b.weak and not a.exact.keys() & b.exact.keys()
    )


def _supported(caseload: Caseload, i: int, ws: list[_Word]) -> bool:
    """Whether two words point at person i, or one that is no ordinary word does so exactly."""
    pointing = sum(1 for w in ws if i in w.exact or i in w.fuzzy)
    pointing += sum(
        1 for w in ws[:-1] if i not in w.exact and caseload.forename_fits(w.token.norm, i)
    )
    return pointing >= 2 or any(i in w.exact and not w.weak for w in ws)
