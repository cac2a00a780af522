"""What a transcription returns: text, segments with times, and each word's confidence."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Word:
    """One recognised word, its times in seconds from the start of the audio, its probability."""

    text: str
    start: float
    end: float
    confidence: float
    respelled: bool = False
    """Rewritten to a caseload name's spelling (speech/names.py): always to be checked."""
    suggestion: str | None = None
    """A probation word the officer may have said instead (speech/wording.py): to be checked."""

    def unsure(self, threshold: float) -> bool:
        """Whether the officer should check this word."""
        return self.respelled or self.suggestion is not None or self.confidence < threshold


@dataclass(frozen=True)
class Segment:
    """A stretch of speech the model transcribed as one piece."""

    text: str
    start: float
    end: float
    words: tuple[Word, ...]


@dataclass(frozen=True)
class Transcript:
    """The transcript of one recording."""

    text: str
    segments: tuple[Segment, ...]
    duration_s: float

    @property
    def words(self) -> list[Word]:
        """Every word in order."""
        return [w for s in self.segments for w in s.words]

    def unsure(self, threshold: float) -> list[Word]:
        """Words below `threshold` probability: for the officer to check."""
        return [w for w in self.words if w.unsure(threshold)]

    def to_json(self, threshold: float) -> dict[str, Any]:
        """Plain JSON; each word says whether it is `unsure` at `threshold`."""
        return {
            "text": self.text,
            "duration_s": round(self.duration_s, 2),
            "segments": [
                {
                    "text": s.text,
                    "start": round(s.start, 2),
                    "end": round(s.end, 2),
                    "words": [
                        {
                            "text": w.text,
                            "start": round(w.start, 2),
                            "end": round(w.end, 2),
                            "confidence": round(w.confidence, 3),
                            "unsure": w.unsure(threshold),
                            "respelled": w.respelled,
                            "suggestion": w.suggestion,
                        }
                        for w in s.words
                    ],
                }
                for s in self.segments
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Transcript:
        """The inverse of `to_json` (the `unsure` marks are recomputed, not read)."""
        segments = tuple(
            Segment(
                s["text"],
                s["start"],
                s["end"],
                tuple(
                    Word(
                        w["text"],
                        w["start"],
                        w["end"],
                        w["confidence"],
                        w.get("respelled", False),
                        w.get("suggestion"),
                    )
                    for w in s["words"]
                ),
            )
            for s in data["segments"]
        )
        return cls(data["text"], segments, data["duration_s"])


def join(parts: Iterable[Transcript]) -> Transcript:
    """One transcript from consecutive parts of the same recording (times already absolute)."""
    parts = list(parts)
    segments = tuple(s for p in parts for s in p.segments)
    duration = max((p.duration_s for p in parts), default=0.0)
    return Transcript(text_of(segments), segments, duration)


def words_text(words: Iterable[Word]) -> str:
    """Words as text, rejoining the pieces of a hyphenated word ("multi" "-agency") that the
    model gives as two words."""
    out = ""
    for word in words:
        glued = word.text.startswith("-") or out.endswith("-")
        out += word.text if glued or not out else " " + word.text
    return out


def text_of(segments: Iterable[Segment]) -> str:
    """The segments' text as one paragraph."""
    return " ".join(s.text.strip() for s in segments if s.text.strip())
