"""Probation terms the model nearly got right, put back: "pregablin" -> "pregabalin".

A general speech model hears a rare term as the nearest thing it can spell: a drug as a
near-spelling ("Pregablin"), a service split in two ("Job Centre"), an abbreviation spelled
out ("U.D.T."), a town as a non-word ("Walsel"). Each run of one to three heard words is
compared, its letters joined, with the terms in speech/resources/terms.json, by letters
(rapidfuzz ratio >= CUTOFF) and by sound (the same consonant key, speech/phonetic.py).

What happens to a run that fits depends on what was heard:
- if one of its words is not an ordinary English word (wordfreq's frequent words, generated
  into speech/resources/common_words.json), the model did not hear a real word there, so
  the run takes the term's spelling and is marked (`respelled`) for the officer to check;
- if all its words are ordinary English ("and paid work" for "unpaid work"), they may be what
  was said: they are left as heard, and the last is marked with the term as a suggestion.
Abbreviations are too short to compare by sound; they match only letter for letter. Words
already respelled to a caseload name, or marked, are never touched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from rapidfuzz import fuzz

from speech.phonetic import sound_key
from speech.transcript import Segment, Transcript, Word, text_of, words_text

CUTOFF = 80.0
"""Letter score (0-100) a heard run needs against a term when it sounds the same."""
CLOSE = 90.0
"""Letter score that is enough when the sound keys differ by a sound or so (KEY_CUTOFF):
"Wolverhamton" drops a consonant of Wolverhampton."""
KEY_CUTOFF = 85.0
SUGGEST_CUTOFF = 88.0
"""Ordinary words are only marked with a term as a suggestion when they fit it this well,
word for word ("thinking skill programme"): "her own" is close to heroin by letters."""
CLOSE_LETTERS = 8
"""Shorter terms need the same sound key: "stroke" is close to Stoke by letters."""
MIN_LETTERS = 5
"""Terms shorter than this (abbreviations) are matched letter for letter only."""
MAX_RUN = 3
"""Most heard words one term may have been split into ("meth a done")."""
MARGIN = 3.0
"""Two different terms that fit within this many points: too close to choose, left alone."""
_EDGE = re.compile(r"^(\W*)(.*?)(\W*)$")


@dataclass(frozen=True)
class Term:
    """A probation term as it should be written, its joined letters and its sound key."""

    text: str
    letters: str
    key: str


@dataclass(frozen=True)
class Fit:
    """A run of heard words that fits a term, and whether to change it or only suggest it."""

    term: Term
    length: int
    score: float
    change: bool


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", re.sub(r"['’]s$", "", text.lower()))


@cache
def terms() -> tuple[Term, ...]:
    """Every term of speech/resources/terms.json."""
    data = json.loads(resources.files("speech.resources").joinpath("terms.json").read_text())
    texts = [t for key, group in data.items() if not key.startswith("_") for t in group]
    return tuple(Term(t, _letters(t), sound_key(_letters(t))) for t in dict.fromkeys(texts))


@cache
def _written() -> frozenset[str]:
    return frozenset(_letters_kept(t.text) for t in terms())


def _letters_kept(text: str) -> str:
    """Lower case, without a possessive 's: "Change Grow Live's" is written right."""
    return re.sub(r"['’]s$", "", text.lower())


@cache
def ordinary_words() -> frozenset[str]:
    """Frequent English words (lower case): a heard word in here may be what was said."""
    text = resources.files("speech.resources").joinpath("common_words.json").read_text()
    return frozenset(json.loads(text)["words"])


def correct(transcript: Transcript, names: Iterable[str] = ()) -> Transcript:
    """The transcript with near misses of probation terms put back (marked) or suggested.

    `names` (the caseload) are never taken for a term: a heard word that is part of a
    caseload name stays as it is."""
    protected = frozenset(p.lower() for n in names for p in n.split())
    segments = tuple(_segment(s, protected) for s in transcript.segments)
    if segments == transcript.segments:
        return transcript
    return Transcript(text_of(segments), segments, transcript.duration_s)


def _segment(segment: Segment, protected: frozenset[str]) -> Segment:
    words = list(segment.words)
    out: list[Word] = []
    i = 0
    while i < len(words):
        fit = _best(words, i, protected)
        if fit is None:
            out.append(words[i])
            i += 1
            continue
        span = words[i : i + fit.length]
        if fit.change:
            out.extend(_respelled(span, fit.term.text))
        else:
            out.extend([*span[:-1], replace(span[-1], suggestion=fit.term.text)])
        i += fit.length
    if out == words:
        return segment
    return replace(segment, text=words_text(out), words=tuple(out))


def _core(word: Word) -> str:
    return _EDGE.match(word.text).group(2)  # type: ignore[union-attr]


def _best(words: list[Word], i: int, protected: frozenset[str]) -> Fit | None:
    """The term that the run of words starting at `i` fits best, if one fits clearly."""
    fits: list[Fit] = []
    for length in range(1, MAX_RUN + 1):
        run = words[i : i + length]
        if len(run) < length or any(_untouchable(w, protected) for w in run):
            break
        if any(_ends_sentence(w) for w in run[:-1]):
            break  # a term does not run across a full stop or a comma
        fits += [f for f in _fits(run) if length == 1 or not _edge_word_extra(run, f)]
    if not fits:
        return None
    fits.sort(key=lambda f: (-f.score, -f.length))
    best = fits[0]
    if any(f.term != best.term and best.score - f.score < MARGIN for f in fits[1:]):
        return None
    return best


def _ends_sentence(word: Word) -> bool:
    return word.text.rstrip()[-1:] in {".", ",", ";", ":", "?", "!"} and not _dotted(word)


def _dotted(word: Word) -> bool:
    """An abbreviation written with full stops ("U.D.T.")."""
    return re.fullmatch(r"\W*(?:[A-Za-z]\.){2,}\W*", word.text) is not None


def _edge_word_extra(run: list[Word], fit: Fit) -> bool:
    """Whether the run fits the term as well without its first or last word: that word is
    not part of the term ("in heroin", "Citizens Advice for")."""
    for shorter in (run[1:], run[:-1]):
        letters = _letters("".join(_core(w) for w in shorter))
        if fuzz.ratio(letters, fit.term.letters) >= fit.score:
            return True
    return False


def _untouchable(word: Word, protected: frozenset[str]) -> bool:
    core = _core(word)
    return (
        word.respelled
        or word.suggestion is not None
        or not core
        or any(c.isdigit() for c in core)
        or core.lower() in protected
    )


def _fits(run: list[Word]) -> list[Fit]:
    cores = [_core(w) for w in run]
    letters = _letters("".join(cores))
    if _letters_kept(" ".join(cores)) in _written():
        return []  # heard as written already (case aside)
    ordinary = all(c.lower() in ordinary_words() for c in cores)
    spelled_out = all(len(_letters(c)) == 1 for c in cores) or any(_dotted(w) for w in run)
    key = sound_key(letters)
    found = []
    for term in terms():
        if len(term.letters) < MIN_LETTERS:
            # An abbreviation: only its own letters, spelled out or dotted ("U.D.T.", "u d t").
            if letters == term.letters and spelled_out and len(run) <= len(term.letters):
                found.append(Fit(term, len(run), 100.0, True))
            continue
        if letters == term.letters:  # the same letters, split, dotted or joined otherwise
            found.append(Fit(term, len(run), 100.0, True))
            continue
        score = fuzz.ratio(letters, term.letters)
        near = (key == term.key and score >= CUTOFF) or (
            score >= CLOSE
            and len(term.letters) >= CLOSE_LETTERS
            and fuzz.ratio(key, term.key) >= KEY_CUTOFF
        )
        if near and not ordinary:
            found.append(Fit(term, len(run), score, True))
        elif near and score >= SUGGEST_CUTOFF and len(run) == len(term.text.split()):
            found.append(Fit(term, len(run), score, False))
    return found


def _respelled(span: list[Word], term: str) -> list[Word]:
    """The term's words in place of the heard ones, with their times, marked for checking."""
    before = _EDGE.match(span[0].text).group(1)  # type: ignore[union-attr]
    after = _EDGE.match(span[-1].text).group(3)  # type: ignore[union-attr]
    parts = term.split()
    possessive = re.search(r"['’]s$", _core(span[-1]))
    if possessive:
        parts[-1] += possessive.group(0)
    if _core(span[0])[:1].isupper() and parts[0][:1].islower():
        parts[0] = parts[0][:1].upper() + parts[0][1:]  # a sentence's first word stays capital
    out = []
    for k, part in enumerate(parts):
        heard = span[min(k, len(span) - 1)]
        end = span[-1].end if k == len(parts) - 1 else heard.end
        text = (before if k == 0 else "") + part + (after if k == len(parts) - 1 else "")
        lowest = min(w.confidence for w in span)
        out.append(Word(text, heard.start, end, lowest, respelled=True))
    return out
