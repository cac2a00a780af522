"""Rank caseload people by how well a note's (or a search's) words match their names.

"Who is this about?" offers the best few first instead of the whole caseload: each name word
is scored against the closest word of the text (rapidfuzz), an initial counts for a little
("Brad T"), the start of a name for more ("Kel"), a nickname for nearly as much as the name,
and a CRN for everything.
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz, process

from nlp.people.names import normalise, related_names, word_lists

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_CRN = re.compile(r"\b[A-Za-z]\d{6}\b")
INITIAL_SCORE = 60.0
PREFIX_SCORE = 85.0  # "Kel" typed in the search for Kelly
NICKNAME_SCORE = 90.0
SHOWN = 5  # buttons before "someone else"
FITS = 70.0  # a score this high is worth a button


def name_score(text: str, name: str, aliases: list[str] | tuple[str, ...] = ()) -> float:
    """0-100: how well the text's words match a person's name words (or an alias)."""
    words = {w.lower() for w in _WORD.findall(text)}
    if not words:
        return 0.0
    longer = [w for w in words if len(w) > 1]
    initials = {w for w in words if len(w) == 1}
    best = 0.0
    for written in (name, *aliases):
        parts = [p.lower() for p in _WORD.findall(written)]
        if not parts:
            continue
        total = 0.0
        for part in parts:
            hit = process.extractOne(part, longer, scorer=fuzz.ratio) if longer else None
            score = hit[1] if hit else 0.0
            if score < NICKNAME_SCORE and any(part in related_names(w) for w in longer):
                score = NICKNAME_SCORE
            if score < PREFIX_SCORE and any(len(w) >= 3 and part.startswith(w) for w in longer):
                score = PREFIX_SCORE
            if score < INITIAL_SCORE and part[0] in initials:
                score = INITIAL_SCORE
            total += score
        # The best-matched words carry the name: "Brad" matters even when the surname is absent.
        best = max(best, total / len(parts), max_part(parts, longer) * 0.75)
    return round(best, 1)


def max_part(parts: list[str], words: list[str]) -> float:
    """The best single-word match between a name's parts and the text's words."""
    if not words:
        return 0.0
    return max((process.extractOne(p, words, scorer=fuzz.ratio) or ("", 0.0))[1] for p in parts)


def rank_people(text: str, caseload: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Caseload rows best first, each with its `score`; a CRN in the text comes top."""
    crns = {c.upper() for c in _CRN.findall(text)}
    scored = []
    for row in caseload:
        crn = str(row.get("crn", ""))
        if crn.upper() in crns:
            score = 100.0
        else:
            score = name_score(text, str(row.get("name", "")), tuple(row.get("aliases") or ()))
        scored.append({"crn": crn, "name": row.get("name", ""), "score": score})
    scored.sort(key=lambda r: (-r["score"], r["name"], r["crn"]))
    return scored


def best_few(
    text: str, caseload: list[dict[str, Any]], shown: int = SHOWN, fits: float = FITS
) -> list[dict[str, Any]]:
    """The people worth offering as buttons: those that fit the text well, at most `shown`."""
    return [r for r in rank_people(text, caseload)[:shown] if r["score"] >= fits]


def others_named(
    text: str, caseload: list[dict[str, Any]], current_crn: str
) -> list[dict[str, Any]]:
    """People other than the conversation's current person whom the note seems to name, by a
    word that is one of their names, a nickname of one ("Tony" for Anthony) or, written with a
    capital, a slip of one; empty when the note also names the current person (then the
    interpreter's choice stands). A safety net: a note naming nobody the interpreter could
    resolve is asked about rather than filed under the current person."""
    lists = word_lists()
    skip = lists.common | lists.calendar | lists.relations | lists.titles
    written: dict[str, bool] = {}
    for token in _WORD.findall(text):
        word = normalise(token)
        if len(word) >= 3 and word not in skip:
            written[word] = written.get(word, False) or token[:1].isupper()
    index: dict[str, set[str]] = {}
    by_crn = {str(row.get("crn")): row for row in caseload}
    for crn, row in by_crn.items():
        names = [str(row.get("name", "")), *(row.get("aliases") or ())]
        for part in {normalise(w) for name in names for w in _WORD.findall(name)}:
            index.setdefault(part, set()).add(crn)
    current = by_crn.get(current_crn)
    if current is None:
        return []
    current_parts = {p for p, crns in index.items() if current_crn in crns}
    if current_parts & written.keys():
        return []
    keys = list(index)
    hits: set[str] = set()
    for word, capital in written.items():
        matched = {word} & index.keys() | related_names(word) & index.keys()
        if capital and len(word) >= 5:
            close = process.extract(word, keys, scorer=fuzz.ratio, score_cutoff=85, limit=None)
            matched |= {key for key, _, _ in close if key[0] == word[0]}
        for key in matched:
            hits |= index[key]
    hits.discard(current_crn)
    return [{"crn": c, "name": by_crn[c].get("name", "")} for c in sorted(hits)]
