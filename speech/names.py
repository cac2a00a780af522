"""Caseload names respelled: a near miss of a full caseload name takes the caseload's spelling.

Whisper hears "Tarik Hussein" for Tariq Hussain. A run of words as long as a caseload name
that scores at least CUTOFF against it, or sounds the same word for word (speech/phonetic.py)
and scores at least SOUND_CUTOFF, and fits clearly better than any other name, is rewritten
to the caseload spelling; each rewritten word is marked so the officer checks it. A lone
surname or first name is too short to be sure of: it is left as heard, and when it sounds
like one caseload name part ("Whitlok") it is marked with that spelling as a suggestion,
as is a word that ends in a long caseload surname glued to a few letters ("impritchard").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from rapidfuzz import fuzz

from speech.phonetic import sound_key
from speech.transcript import Segment, Transcript, Word, words_text
from speech.vocabulary import ordinary_words

CUTOFF = 80.0
SOUND_CUTOFF = 60.0
"""A run that sounds like a caseload name word for word needs only this letter score."""
MIN_SOUNDS = 5
"""Consonant sounds a whole name needs before sounding alike is enough."""
LONE_CUTOFF = 80.0
"""A lone capitalised word this close to a caseload name part, and sounding the same, gets
that part as a suggestion (never a change)."""
MARGIN = 5.0
GLUED_MIN = 7
"""Letters a caseload surname needs before a word that ends in it is taken for it: Whisper
joins a name to the sound before it ("impritchard" for "Owen Pritchard"), and a long
surname at the end of a word that is not English is unlikely to be chance. Shorter
surnames end ordinary words ("reporter", Porter; "spotter", Potter)."""
GLUED_MAX = 3
"""Most letters glued before the surname (the tail of a first name or a short word)."""
_EDGE = re.compile(r"^(\W*)(.*?)(\W*)$")


def respell(transcript: Transcript, names: Iterable[str]) -> Transcript:
    """The transcript with near misses of caseload names respelled and marked."""
    people = [n.split() for n in dict.fromkeys(n.strip() for n in names) if len(n.split()) >= 2]
    if not people:
        return transcript
    parts = _name_parts(people)
    surnames = {name[-1].lower(): name[-1] for name in people if len(name[-1]) >= GLUED_MIN}
    segments = tuple(_suggest(_segment(s, people), parts, surnames) for s in transcript.segments)
    if segments == transcript.segments:
        return transcript
    from speech.transcript import text_of

    return Transcript(text_of(segments), segments, transcript.duration_s)


def _segment(segment: Segment, people: list[list[str]]) -> Segment:
    words = list(segment.words)
    changed = False
    i = 0
    while i < len(words):
        match = _best(words, i, people)
        if match is None:
            i += 1
            continue
        for k, token in enumerate(match):
            word = words[i + k]
            before, _core, after = _EDGE.match(word.text).groups()  # type: ignore[union-attr]
            if _core != token:
                words[i + k] = replace(word, text=f"{before}{token}{after}", respelled=True)
                changed = True
        i += len(match)
    if not changed:
        return segment
    return replace(segment, text=words_text(words), words=tuple(words))


def _best(words: list[Word], i: int, people: list[list[str]]) -> list[str] | None:
    scored = []
    for name in people:
        window = words[i : i + len(name)]
        if len(window) < len(name):
            continue
        heard = " ".join(_EDGE.match(w.text).group(2) for w in window).lower()  # type: ignore[union-attr]
        if not heard or not heard[0].isalpha():
            continue
        whole = fuzz.ratio(heard, " ".join(name).lower())
        surname = fuzz.ratio(heard.split()[-1] if heard.split() else "", name[-1].lower())
        if (whole >= CUTOFF and surname >= CUTOFF) or (
            whole >= SOUND_CUTOFF and _sounds_alike(heard.split(), name)
        ):
            scored.append((whole, name))
    if not scored:
        return None
    scored.sort(key=lambda item: -item[0])
    if len(scored) > 1 and scored[0][0] - scored[1][0] < MARGIN and scored[0][1] != scored[1][1]:
        return None  # two caseload people fit about as well: leave it for the officer
    return scored[0][1]


def _sounds_alike(heard: list[str], name: list[str]) -> bool:
    """Word for word the same sound key, for a name long enough for that to mean something
    (short names such as "Sam Reed" share their sounds with too many others)."""
    keys = [sound_key(n) for n in name]
    return (
        len(heard) == len(name)
        and sum(len(k) for k in keys) >= MIN_SOUNDS
        and all(sound_key(h) == k for h, k in zip(heard, keys, strict=True))
    )


def _name_parts(people: list[list[str]]) -> dict[str, str | None]:
    """Sound key -> the one caseload name part with that key (None when two differ)."""
    parts: dict[str, str | None] = {}
    for part in {p for name in people for p in name if len(p) >= 4}:
        key = sound_key(part)
        if len(key) >= 3:
            parts[key] = part if parts.get(key, part) == part else None
    return parts


def _suggest(segment: Segment, parts: dict[str, str | None], surnames: dict[str, str]) -> Segment:
    """Mark lone capitalised words that sound like one caseload name part, and words that
    end in a caseload surname with a few letters glued before it."""
    spelled = {p.lower() for p in parts.values() if p}
    words = list(segment.words)
    for i, word in enumerate(words):
        core = _EDGE.match(word.text).group(2)  # type: ignore[union-attr]
        if word.respelled or word.suggestion:
            continue
        glued = _glued_surname(core, surnames)
        if glued is not None:
            words[i] = replace(word, suggestion=glued)
            continue
        if len(core) < 4 or not core[:1].isupper():
            continue
        part = parts.get(sound_key(core))
        if part is None or core.lower() in spelled:
            continue
        if fuzz.ratio(core.lower(), part.lower()) >= LONE_CUTOFF:
            words[i] = replace(word, suggestion=part)
    found = tuple(words)
    return segment if found == segment.words else replace(segment, words=found)


def _glued_surname(core: str, surnames: dict[str, str]) -> str | None:
    """The caseload surname `core` ends in after one to GLUED_MAX letters ("impritchard"),
    unless `core` is an ordinary English word; None otherwise. A suggestion, never a change:
    the letters before it may be a word the officer said."""
    lower = core.lower()
    for surname, spelling in surnames.items():
        glue = lower[: len(lower) - len(surname)]
        if lower.endswith(surname) and 1 <= len(glue) <= GLUED_MAX and glue.isalpha():
            return None if lower in ordinary_words() else spelling
    return None
