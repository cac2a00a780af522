"""The officer's caseload and who a note or prompt is about: names, aliases, misspellings, CRNs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from os import PathLike
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from nlp.people.caseload_csv import CaseloadError, read_caseload_csv
from nlp.people.names import (
    EXACT,
    MIDDLE,
    NICKNAME,
    PART,
    NameParts,
    find_crns,
    forename_score,
    fuzzy_ok,
    max_distance,
    normalise,
    related_names,
    split_name,
    word_lists,
)
from nlp.settings import NlpSettings

__all__ = ["Candidate", "Caseload", "CaseloadError", "CaseloadPerson", "PersonMatch"]

_DEFAULTS = NlpSettings()
_ROLE_SCORE = {"fore": EXACT, "sur": EXACT, "part": PART, "middle": MIDDLE}
_SURNAME_ROLES = frozenset({"sur", "part"})
_MAX_CANDIDATES = 10
_MEMO_SIZE = 20_000


@dataclass(frozen=True)
class CaseloadPerson:
    """One person on probation in the officer's caseload."""

    crn: str
    name: str
    aliases: tuple[str, ...] = ()
    dob: str | None = None


@dataclass(frozen=True)
class Candidate:
    """A caseload person a written name might mean, with how well it fits (0-100)."""

    crn: str
    name: str
    score: float

    def to_json(self) -> dict[str, Any]:
        """The contract's candidate object."""
        return {"crn": self.crn, "name": self.name, "score": self.score}


@dataclass(frozen=True)
class PersonMatch:
    """Who a written name is: `crn` is None when nobody or several people fit, never a guess."""

    name: str | None
    crn: str | None
    score: float | None
    candidates: tuple[Candidate, ...] = ()
    start: int | None = None
    end: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The contract's person object, with candidates when the CRN is left open."""
        out: dict[str, Any] = {"name": self.name, "crn": self.crn, "match_score": self.score}
        if self.crn is None:
            out["candidates"] = [c.to_json() for c in self.candidates]
        return out


class Caseload:
    """People on probation indexed by every way their names may be written."""

    def __init__(
        self,
        people: list[CaseloadPerson],
        cutoff: float = _DEFAULTS.person_cutoff,
        margin: float = _DEFAULTS.person_margin,
    ) -> None:
        self.cutoff = cutoff
        self.margin = margin
        self._people = people
        self._by_crn: dict[str, int] = {}
        self._parts: dict[int, NameParts] = {}
        self._index: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.caps_keys: set[str] = set()
        index = self._index
        for i, person in enumerate(people):
            self._by_crn[person.crn.upper()] = i
            words = person.name.split()
            if len(words) == 2 and not person.aliases and person.name.isascii():
                first, last = words[0].lower(), words[1].lower()
                if first.isalpha() and last.isalpha():  # the common case, kept fast
                    index[first].append((i, "fore"))
                    index[last].append((i, "sur"))
                    continue
            parts = self._parts[i] = split_name(person.name, person.aliases)
            for role, keys in (
                ("fore", parts.forenames),
                ("middle", parts.middles),
                ("sur", parts.surnames),
                ("part", parts.surname_parts),
            ):
                for key in keys:
                    index[key].append((i, role))
            if person.aliases:
                self.caps_keys.update(normalise(a) for a in person.aliases if a.isupper())
        self._buckets: dict[str, list[str]] | None = None
        self._fuzzy_memo: dict[tuple[str, bool], dict[int, float]] = {}
        self._full_names: list[str] | None = None

    @classmethod
    def from_people(
        cls,
        people: Iterable[CaseloadPerson],
        settings: NlpSettings | None = None,
        **kwargs: float,
    ) -> Caseload:
        """Build a caseload from CaseloadPerson objects, with the settings' name limits."""
        return cls(list(people), **(_limits(settings) | kwargs))

    @classmethod
    def from_csv(
        cls, path: str | PathLike[str], settings: NlpSettings | None = None, **kwargs: float
    ) -> Caseload:
        """Read a caseload CSV with columns crn,name and optional aliases (;-separated), dob."""
        people = [CaseloadPerson(*row) for row in read_caseload_csv(path)]
        return cls(people, **(_limits(settings) | kwargs))

    def __len__(self) -> int:
        return len(self._people)

    def __iter__(self) -> Iterator[CaseloadPerson]:
        return iter(self._people)

    def get(self, crn: str) -> CaseloadPerson | None:
        """The person with this CRN (any case), or None."""
        i = self._by_crn.get(crn.strip().upper())
        return None if i is None else self._people[i]

    # -- scoring used by lookup() and by nlp.mentions ------------------------------------

    def exact_hits(self, word: str, surname_only: bool = False) -> dict[int, float]:
        """People one written word names exactly or as a nickname, with scores."""
        hits: dict[int, float] = {}
        for i, role in self._index.get(word, ()):
            if not surname_only or role in _SURNAME_ROLES:
                hits[i] = max(hits.get(i, 0.0), _ROLE_SCORE[role])
        if not surname_only and len(word) > 1:
            for other in related_names(word):
                if other[:2] != word[:2]:  # "jon" alone is John; "jack" alone is not
                    continue
                for i, role in self._index.get(other, ()):
                    if role == "fore" and i not in hits:
                        hits[i] = NICKNAME - 5
        return hits

    def fuzzy_hits(self, word: str, surname_only: bool = False) -> dict[int, float]:
        """People one written word names through a misspelling (length-aware)."""
        key = (word, surname_only)
        found = self._fuzzy_memo.get(key)
        if found is None:
            if len(self._fuzzy_memo) > _MEMO_SIZE:
                self._fuzzy_memo.clear()
            found = self._fuzzy_memo[key] = self._fuzzy(word, surname_only)
        return dict(found)

    def _fuzzy(self, word: str, surname_only: bool) -> dict[int, float]:
        maxd = max_distance(word)
        if not maxd:
            return {}
        if self._buckets is None:
            buckets: dict[str, list[str]] = defaultdict(list)
            for key in self._index:
                buckets[key[:1]].append(key)
            self._buckets = dict(buckets)
        hits: dict[int, float] = {}
        bucket = self._buckets.get(word[0], [])
        for key, _, _ in process.extract(
            word, bucket, scorer=OSA.distance, score_cutoff=maxd, limit=None
        ):
            if key == word or not fuzzy_ok(word, key):
                continue
            ratio = fuzz.ratio(word, key)
            for i, role in self._index[key]:
                if not surname_only or role in _SURNAME_ROLES:
                    score = ratio * _ROLE_SCORE[role] / EXACT
                    hits[i] = max(hits.get(i, 0.0), score)
        if hits and len(word) >= 4:
            # A slip that is the start of another name too ("Kearn": Kearns, Kearney) fits
            # both: score the rival level with the best so that nobody is guessed.
            top = max(hits.values())
            for key in bucket:
                if key != word and key.startswith(word) and fuzzy_ok(word, key[: len(word) + 1]):
                    for i, role in self._index[key]:
                        if i not in hits and (not surname_only or role in _SURNAME_ROLES):
                            hits[i] = top
        return hits

    def pair_scores(self, fore: list[str], sur: str, people: Iterable[int]) -> dict[int, float]:
        """Scores of written forename(s) + surname against some people."""
        return {i: self._name_parts(i).score(fore, sur) for i in people}

    def forename_fits(self, word: str, i: int) -> bool:
        """Whether a written word fits one of person i's forenames or aliases (nicknames too)."""
        return any(forename_score(word, k) >= self.cutoff for k in self._name_parts(i).forenames)

    def _name_parts(self, i: int) -> NameParts:
        parts = self._parts.get(i)
        if parts is None:
            person = self._people[i]
            parts = self._parts[i] = split_name(person.name, person.aliases)
        return parts

    def decide(self, scores: dict[int, float]) -> tuple[int | None, list[Candidate]]:
        """The one person who fits, or None, with the people who fit (or come close)."""
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], self._people[kv[0]].name))
        fitting = [(i, s) for i, s in ranked if s >= self.cutoff]
        if fitting:
            top = fitting[0][1]
            close = [(i, s) for i, s in fitting if s > top - self.margin][:_MAX_CANDIDATES]
            if top >= EXACT and close[1:] and close[1][1] < EXACT:
                close = close[:1]  # written exactly as one name, nearly as others
            if len(close) == 1:
                return close[0][0], self._candidates(close)
            return None, self._candidates(close)
        return None, self._candidates([(i, s) for i, s in ranked[:3] if s >= 60])

    def _candidates(self, scored: list[tuple[int, float]]) -> list[Candidate]:
        return [
            Candidate(self._people[i].crn, self._people[i].name, round(s, 1)) for i, s in scored
        ]

    def person(self, i: int) -> CaseloadPerson:
        """The person at an index position."""
        return self._people[i]

    def index_of(self, crn: str) -> int | None:
        """Index position of a CRN, or None."""
        return self._by_crn.get(crn.upper())

    def has_key(self, key: str) -> bool:
        """Whether a normalised word is one of the caseload's name keys."""
        return key in self._index

    # -- public resolution ------------------------------------------------------------

    def lookup(self, name: str) -> PersonMatch:
        """Resolve a name the officer typed ("jon smyth", "Mr Jones", "K093817")."""
        written = " ".join(name.split())
        crns = find_crns(written)
        if crns:
            i = self.index_of(crns[0][0])
            if i is not None:
                return PersonMatch(written, self._people[i].crn, EXACT)
            return PersonMatch(written, None, None)
        words = [normalise(w) for w in written.replace(",", " , ").split()]
        titled = bool(words) and words[0] in word_lists().titles
        words = [w for w in words if w and w not in word_lists().titles]
        if "," in words:  # "Smith, John"
            at = words.index(",")
            words = [w for w in words[at + 1 :] + words[:at] if w != ","]
        if not words:
            return PersonMatch(written or None, None, None)
        if len(words) == 1:
            scores = self.exact_hits(words[0], surname_only=titled)
            for i, s in self.fuzzy_hits(words[0], surname_only=titled).items():
                scores[i] = max(scores.get(i, 0.0), s)
        else:
            people: set[int] = set()
            for w in words:
                people.update(self.exact_hits(w))
                people.update(self.fuzzy_hits(w))
            scores = self.pair_scores(words[:-1], words[-1], people)
            if max(scores.values(), default=0.0) < self.cutoff:  # suggestions for the officer
                similar = self._similar_full_names(words)
                scores.update(self.pair_scores(words[:-1], words[-1], similar))
        crn_index, candidates = self.decide(scores)
        if crn_index is None:
            return PersonMatch(written, None, None, tuple(candidates))
        return PersonMatch(written, self._people[crn_index].crn, candidates[0].score)

    def _similar_full_names(self, words: list[str]) -> list[int]:
        # token_sort_ratio, with each name's words sorted once rather than on every query
        if self._full_names is None:
            self._full_names = [
                " ".join(sorted(normalise(w) for w in p.name.split())) for p in self._people
            ]
        found = process.extract(
            " ".join(sorted(words)), self._full_names, scorer=fuzz.ratio, score_cutoff=60, limit=5
        )
        return [i for _, _, i in found]


def _limits(settings: NlpSettings | None) -> dict[str, float]:
    """The name-matching limits of `[nlp]` in config.toml (person_cutoff, person_margin)."""
    s = settings or _DEFAULTS
    return {"cutoff": s.person_cutoff, "margin": s.person_margin}
