"""Caseload names respelled: a near miss of a full caseload name takes the caseload's spelling.

Whisper hears "Tarik Hussein" for Tariq Hussain. A run of words as long as a caseload name
that scores at least CUTOFF against it (and clearly better than any other name) is
rewritten to the caseload spelling, and each rewritten word is marked unsure so the officer
checks it. A lone surname or first name is left as heard: too short to be sure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from rapidfuzz import fuzz

from speech.transcript import Segment, Transcript, Word

CUTOFF = 80.0
MARGIN = 5.0
_EDGE = re.compile(r"^(\W*)(.*?)(\W*)$")


def respell(transcript: Transcript, names: Iterable[str]) -> Transcript:
    """The transcript with near misses of caseload names respelled and marked."""
    people = [n.split() for n in dict.fromkeys(n.strip() for n in names) if len(n.split()) >= 2]
    if not people:
        return transcript
    segments = tuple(_segment(s, people) for s in transcript.segments)
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
    return replace(segment, text=" ".join(w.text for w in words), words=tuple(words))


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
        if whole >= CUTOFF and surname >= CUTOFF:
            scored.append((whole, name))
    if not scored:
        return None
    scored.sort(key=lambda item: -item[0])
    if len(scored) > 1 and scored[0][0] - scored[1][0] < MARGIN and scored[0][1] != scored[1][1]:
        return None  # two caseload people fit about as well: leave it for the officer
    return scored[0][1]
