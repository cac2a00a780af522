"""Whom a note or prompt is about, from the caseload people it mentions."""

from __future__ import annotations

import re

from nlp.people.caseload import Candidate, Caseload, PersonMatch
from nlp.people.mentions import ANCHOR, NameMention, find_mentions
from nlp.people.names import find_crns, word_lists

_COORDINATION = re.compile(r"\s*(?:,|&|\+|and|or)\s*", re.IGNORECASE)
# What may stand between a CRN and the name written beside it: "K227841 Craig Lomax",
# "Craig Lomax (crn K227841)", "Craig Lomax - K227841".
_BESIDE = re.compile(r"[\s,:;()\[\]/-]*(?:crn\b)?[\s,:;()\[\]/-]*", re.IGNORECASE)


def find_subject(caseload: Caseload, text: str) -> PersonMatch | None:
    """The caseload person a note is about; crn None when it is unclear; None if nobody."""
    found, unmatched = find_mentions(caseload, text)
    own = [(m, caseload.decide(m.scores)[0]) for m in found if not m.other]
    clash = _crn_against_name(caseload, text, own)
    if clash is not None:
        return clash
    resolved = [(m, i) for m, i in own if i is not None]
    if not resolved:
        open_ = sorted(
            (m for m, _ in own),
            key=lambda m: (max(m.scores.values(), default=0) < caseload.cutoff, m.start),
        )
        if not open_ and not unmatched:
            return None
        first = (open_ or unmatched)[0]
        options = tuple(caseload.decide(first.scores)[1])
        return _match(text, first, None, None, options)
    votes: dict[int, float] = {}
    first_at: dict[int, int] = {}
    for m, i in resolved:
        votes[i] = votes.get(i, 0.0) + m.weight
        first_at.setdefault(i, m.start)
    for m, maybe in own:  # an ambiguous "Mr Jones" supports the Jones named elsewhere
        if maybe is None:
            for j in m.scores.keys() & votes.keys():
                votes[j] += m.weight / 2
    ranked = sorted(votes, key=lambda i: (-votes[i], first_at[i]))
    top = ranked[0]
    if len(ranked) > 1:
        second = ranked[1]
        close = votes[top] - votes[second] <= ANCHOR  # "saw Tanya and Craig": both seen
        if close and _coordinated(text, resolved, top, second):
            both = _as_candidates(caseload, [top, second], resolved)
            return _match(
                text, next(m for m, i in resolved if i in (top, second)), None, None, both
            )
        if votes[second] >= votes[top] - 1 and first_at[second] < first_at[top]:
            top = second  # the subject is usually named first; others come up in passing
    best = max(
        (m for m, i in resolved if i == top), key=lambda m: (m.scores[top], m.weight, -m.start)
    )
    return _match(text, best, caseload.person(top).crn, round(best.scores[top], 1), ())


def _crn_against_name(
    caseload: Caseload, text: str, own: list[tuple[NameMention, int | None]]
) -> PersonMatch | None:
    """A CRN written beside a name that is someone else's ("K227841 Tanya Lomax" when
    K227841 is Craig): one of the two is a slip, and which is not ours to guess."""
    for crn, start, end in find_crns(text):
        i = caseload.index_of(crn)
        if i is None:
            continue
        for m, j in own:
            if j is None or j == i or i in m.scores:
                continue
            gap = text[end : m.start] if m.start >= end else text[m.end : start]
            if _BESIDE.fullmatch(gap):
                people = (caseload.person(i), caseload.person(j))
                options = tuple(Candidate(p.crn, p.name, 100.0) for p in people)
                return PersonMatch(text[start:end], None, None, options, start, end)
    return None


def _match(
    text: str, m: NameMention, crn: str | None, score: float | None, options: tuple[Candidate, ...]
) -> PersonMatch:
    return PersonMatch(text[m.start : m.end], crn, score, options, m.start, m.end)


def _coordinated(text: str, resolved: list[tuple[NameMention, int]], a: int, b: int) -> bool:
    """Whether the first mentions of two people are joined by "and", "&" or a comma; not a
    comma before a new clause about the second ("for Ravi, Meena was there too")."""
    ma = next(m for m, i in resolved if i == a)
    mb = next(m for m, i in resolved if i == b)
    left, right = sorted((ma, mb), key=lambda m: m.start)
    joint = text[left.end : right.start]
    if joint.strip() == "," and _opens_clause(text, right.end):
        return False
    return bool(_COORDINATION.fullmatch(joint))


def _opens_clause(text: str, end: int) -> bool:
    """Whether a verb follows a name straight away ("Meena was there too")."""
    words = text[end:].split(maxsplit=1)
    return bool(words) and words[0].lower().strip(".,;") in word_lists().followers


def _as_candidates(
    caseload: Caseload, people: list[int], resolved: list[tuple[NameMention, int]]
) -> tuple[Candidate, ...]:
    out = []
    for i in people:
        score = max(m.scores[i] for m, j in resolved if j == i)
        out.append(Candidate(caseload.person(i).crn, caseload.person(i).name, round(score, 1)))
    return tuple(out)
