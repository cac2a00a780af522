"""Transcript wording for a probation record: British spellings, doubtful words marked.

Whisper's English model writes American spellings ("program", "license"); the record is
kept in British English, and a spelling of the same word never changes what was said, so
those are changed without marking. Ordinary words the model writes where an officer more
likely said a probation word ("reaches" for "breaches") are different: the heard word may
be what was said, so it is left as it is and marked with the probation word as a
suggestion for the officer to check. Both lists are data in speech/resources/.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from importlib import resources

from speech.names import respell
from speech.transcript import Segment, Transcript, Word, text_of, words_text
from speech.vocabulary import correct

_EDGE = re.compile(r"^(\W*)(.*?)(\W*)$")


@cache
def _table(name: str, key: str) -> dict[str, str]:
    data = json.loads(resources.files("speech.resources").joinpath(name).read_text("utf-8"))
    return {k.lower(): v for k, v in data[key].items()}


def british_spellings() -> dict[str, str]:
    """American spelling -> British spelling, lower case."""
    return _table("british_spellings.json", "spellings")


def confusions() -> dict[str, str]:
    """A word as heard, lower case -> the probation word the officer may have said."""
    return _table("confusions.json", "confusions")


def reword(transcript: Transcript) -> Transcript:
    """The transcript with British spellings, and doubtful words marked with a suggestion."""
    segments = tuple(_segment(s) for s in transcript.segments)
    if segments == transcript.segments:
        return transcript
    return Transcript(text_of(segments), segments, transcript.duration_s)


def _segment(segment: Segment) -> Segment:
    words = tuple(_word(w) for w in segment.words)
    if words == segment.words:
        return segment
    if any(w.text != old.text for w, old in zip(words, segment.words, strict=True)):
        return replace(segment, text=words_text(words), words=words)
    return replace(segment, words=words)


def _word(word: Word) -> Word:
    before, core, after = _EDGE.match(word.text).groups()  # type: ignore[union-attr]
    british = british_spellings().get(core.lower())
    if british is not None:
        return replace(word, text=f"{before}{_same_case(core, british)}{after}")
    suggestion = confusions().get(core.lower())
    if suggestion is not None and suggestion.lower() != core.lower():
        return replace(word, suggestion=suggestion)
    return word


def _same_case(heard: str, spelling: str) -> str:
    """`spelling` with the capitals of `heard` (first letter, or all of it)."""
    if heard.isupper() and len(heard) > 1:
        return spelling.upper()
    if heard[:1].isupper():
        return spelling[:1].upper() + spelling[1:]
    return spelling


def for_officer(transcript: Transcript, names: Iterable[str]) -> Transcript:
    """What the officer is shown: caseload names respelled, British spellings, near misses of
    probation terms put back (speech/vocabulary.py), doubts marked."""
    names = list(names)
    return correct(reword(respell(transcript, names)), names)
