"""Name normalisation, tokens and scores used to match written names to caseload people."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from nicknames import NickNamer
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from nlp.resources import resource

# One letter and six digits; typed or dictated, a space or hyphen may stand after the letter
# or between the two groups of three ("k227 841", "K-227841").
CRN_RE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z])[ -]?(\d{3})[ -]?(\d{3})(?![A-Za-z0-9])")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_STRIP = str.maketrans("", "", "'’-.")
_SENTENCE_END = set('.!?:;\n"(')
_DICTATED_STOPS = ("full stop", "new paragraph", "new line", "question mark")

# Scores of one written word against one name of a person, by how it fits.
EXACT, NICKNAME, PREFIX, PART, INITIAL, MIDDLE = 100.0, 95.0, 90.0, 92.0, 85.0, 88.0
_LOOSE = 0.9  # discount on a similarity too weak to count alone, used only to rank pairs


@dataclass(frozen=True)
class WordLists:
    """The vocabularies of `resources/name_words.json`."""

    common: frozenset[str]
    calendar: frozenset[str]
    titles: frozenset[str]
    relations: frozenset[str]
    particles: frozenset[str]
    followers: frozenset[str]
    intros: frozenset[str]
    contact_before: frozenset[str]
    contact_after: frozenset[str]
    officials: frozenset[str]  # "PC Ward", "DS Khan": a name after a rank is an official's


@cache
def word_lists() -> WordLists:
    """Load the name word lists once."""
    data = resource("name_words.json")
    return WordLists(
        common=frozenset(data["common_words"]),
        calendar=frozenset(data["calendar_words"]),
        titles=frozenset(data["titles"]),
        relations=frozenset(data["relation_words"]),
        particles=frozenset(data["particles"]),
        followers=frozenset(data["name_followers"]),
        intros=frozenset(data["name_intros"]),
        contact_before=frozenset(data["contact_before"]),
        contact_after=frozenset(data["contact_after"]),
        officials=frozenset(data["officials"]),
    )


@cache
def _nicknamer() -> NickNamer:
    return NickNamer()


@cache
def given_names() -> frozenset[str]:
    """Every first name the nickname table knows (a different real name is no misspelling)."""
    nn = _nicknamer()
    return frozenset(nn.nickname_lookup) | frozenset(nn.canonical_lookup)


def normalise(word: str) -> str:
    """Lower-case a name or word, drop accents, apostrophes, hyphens and full stops."""
    if word.isascii():
        return word.lower().translate(_STRIP)
    decomposed = unicodedata.normalize("NFKD", word)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.casefold().translate(_STRIP)


@dataclass(frozen=True)
class Token:
    """A word of the text with its offsets and the signals capitalisation gives."""

    start: int
    end: int
    raw: str
    norm: str
    capital: bool
    all_caps: bool
    sentence_start: bool
    possessive: bool = False


def tokenize(text: str) -> list[Token]:
    """Split text into words, dropping a possessive 's so that "Gem's" is "Gem"."""
    tokens: list[Token] = []
    prev_end = 0
    for m in _WORD_RE.finditer(text):
        start, end = m.span()
        raw = m.group()
        possessive = len(raw) > 2 and raw[-2] in "'’" and raw[-1] in "sS"
        if possessive:
            end -= 2
            raw = raw[:-2]
        norm = normalise(raw)
        if not norm:
            continue
        gap = text[prev_end:start]
        prev_end = end
        sentence_start = not tokens or not _SENTENCE_END.isdisjoint(gap)
        if not sentence_start and len(tokens) > 1:  # dictated "... full stop he said"
            said = f"{tokens[-2].norm} {tokens[-1].norm}"
            sentence_start = said in _DICTATED_STOPS
        capital, all_caps = raw[0].isupper(), raw.isupper() and len(raw) > 1
        tokens.append(Token(start, end, raw, norm, capital, all_caps, sentence_start, possessive))
    return tokens


def is_cased(text: str) -> bool:
    """Whether capitals in the text carry information (not all lower or all upper case)."""
    return any(c.isupper() for c in text) and any(c.islower() for c in text)


def find_crns(text: str) -> list[tuple[str, int, int]]:
    """CRNs (one letter and six digits) written in the text, upper-cased, with offsets."""
    return [("".join(m.groups()).upper(), m.start(), m.end()) for m in CRN_RE.finditer(text)]


@lru_cache(maxsize=8192)
def related_names(name: str) -> frozenset[str]:
    """Nicknames and formal forms of a first name, from the `nicknames` table."""
    nn = _nicknamer()
    direct = nn.nicknames_of(name) | nn.canonicals_of(name)
    # Siblings through a shared formal name ("jonny" and "jon" through "john") only when
    # they also look alike: the table links "ian" and "jack" through "john" too.
    siblings = {s for c in nn.canonicals_of(name) for s in nn.nicknames_of(c) if s[:2] == name[:2]}
    return frozenset((direct | siblings) - {name})


def fuzzy_ok(word: str, key: str) -> bool:
    """Whether a written word is close enough to a name to be a misspelling of it."""
    shorter = min(len(word), len(key))
    if shorter < 5 or word[0] != key[0]:
        return False
    return OSA.distance(word, key) <= (2 if shorter >= 8 else 1)


def max_distance(word: str) -> int:
    """The edit distance `fuzzy_ok` allows for a word of this length."""
    return 0 if len(word) < 5 else 2 if len(word) >= 8 else 1


def forename_score(word: str, key: str) -> float:
    """How well a written forename fits one forename or alias of a person."""
    if word == key:
        return EXACT
    if len(word) == 1:
        return INITIAL if key.startswith(word) else 0.0
    if key in related_names(word):
        return NICKNAME
    if len(word) >= 3 and len(key) >= 3 and (key.startswith(word) or word.startswith(key)):
        return PREFIX
    ratio = fuzz.ratio(word, key)
    return ratio if fuzzy_ok(word, key) else ratio * _LOOSE


def surname_score(word: str, key: str, part: bool = False) -> float:
    """How well a written surname fits one surname (or one part of a double-barrelled one)."""
    if word == key:
        return PART if part else EXACT
    ratio = fuzz.ratio(word, key) * (PART / EXACT if part else 1.0)
    return ratio if fuzzy_ok(word, key) else ratio * _LOOSE


@dataclass(frozen=True)
class NameParts:
    """A caseload name split into the keys it can be written as."""

    forenames: tuple[str, ...]  # first name, its hyphen parts, aliases
    middles: tuple[str, ...]
    surnames: tuple[str, ...]  # full surname as one key
    surname_parts: tuple[str, ...]  # parts of a double-barrelled or O'/D' surname

    def score(self, fore: list[str], sur: str) -> float:
        """Score of a written forename(s) + surname against this name, 0-100."""
        s = max(
            [surname_score(sur, k) for k in self.surnames]
            + [surname_score(sur, k, part=True) for k in self.surname_parts],
            default=0.0,
        )
        f = 0.0
        for word in fore:
            f = max(
                f,
                max((forename_score(word, k) for k in self.forenames), default=0.0),
                max((forename_score(word, k) * MIDDLE / EXACT for k in self.middles), default=0),
            )
        return (s + f) / 2


def split_name(name: str, aliases: tuple[str, ...]) -> NameParts:
    """Split "First [Middle] [particle] Surname" plus aliases into matching keys."""
    words = name.replace("’", "'").split()
    particles = word_lists().particles
    cut = len(words) - 1
    while cut > 1 and normalise(words[cut - 1]) in particles:
        cut -= 1
    first = words[0] if words else ""
    surname = words[cut:] if len(words) > 1 else words
    forenames = [normalise(first)]
    if "-" in first:
        forenames += [normalise(p) for p in first.split("-")]
    forenames += [normalise(a) for a in aliases]
    parts = []
    for w in surname:
        if "-" in w:
            parts += [normalise(p) for p in w.split("-")]
        if "'" in w[:3]:
            parts.append(normalise(w.split("'")[-1]))
    if len(surname) > 1:
        parts.append(normalise(surname[-1]))
    return NameParts(
        forenames=tuple(dict.fromkeys(f for f in forenames if f)) if aliases else (forenames[0],),
        middles=tuple(normalise(m) for m in words[1:cut]),
        surnames=(normalise("".join(surname)),),
        surname_parts=tuple(p for p in dict.fromkeys(parts) if len(p) > 1) if parts else (),
    )
