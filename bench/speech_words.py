"""Word error rate for the speech bench, raw and after the standard normalisation.

Raw: lower case, punctuation at the edges of words dropped, nothing else; "2:30" against
"half past two" is two errors. Normalised (bench/speech_normalise.py, Whisper's published
rules plus British forms): the way speech work reports word error rate, and what the
target (≤ 12%) is read against. Both are reported so neither hides the other.
"""

from __future__ import annotations

from bench.speech_normalise import normalise


def raw_words(text: str) -> list[str]:
    """The words of `text` as written, lower case, without edge punctuation."""
    words = (w.strip(".,;:!?\"()[]") for w in text.lower().split())
    return [w for w in words if w]


def normalised_words(text: str) -> list[str]:
    """The words of `text` after the standard normalisation."""
    return normalise(text).split()


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    """Word-level Levenshtein distance."""
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def wer(refs: list[str], hyps: list[str], raw: bool = False) -> float:
    """Word errors over reference words, across all pairs (normalised unless `raw`)."""
    split = raw_words if raw else normalised_words
    pairs = [(split(r), split(h)) for r, h in zip(refs, hyps, strict=True)]
    errors = sum(edit_distance(r, h) for r, h in pairs)
    return errors / max(1, sum(len(r) for r, _ in pairs))
