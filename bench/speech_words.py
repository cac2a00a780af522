"""Word error rate for the speech bench, raw and after the standard normalisation.

Raw: lower case, punctuation at the edges of words dropped, nothing else; "2:30" against
"half past two" is two errors. Normalised (bench/speech_normalise.py, Whisper's published
rules plus British forms): the way speech work reports word error rate, and what the
target (≤ 12%) is read against. Both are reported so neither hides the other; the bench's
earlier, partial normalisation is kept for its column of bench/results/speech.tsv.
"""

from __future__ import annotations

import re

import numpy as np

from bench.speech_normalise import normalise


def raw_words(text: str) -> list[str]:
    """The words of `text` as written, lower case, without edge punctuation."""
    words = (w.strip('.,;:!?"()[]') for w in text.lower().split())
    return [w for w in words if w]


def normalised_words(text: str) -> list[str]:
    """The words of `text` after the standard normalisation."""
    return normalise(text).split()


_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
_ONES += "fifteen sixteen seventeen eighteen nineteen"
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINALS = {"1": "first", "2": "second", "3": "third", "5": "fifth", "8": "eighth", "9": "ninth"}
_ORDINALS |= {"12": "twelfth", "20": "twentieth", "30": "thirtieth"}


def _number_words(n: int) -> str:
    """0-999 in words, the way the dictation texts spell numbers."""
    ones = _ONES.split()
    if n < 20:
        return ones[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + ones[n % 10])
    rest = n % 100
    head = ("a" if n // 100 == 1 else ones[n // 100]) + " hundred"
    return head + ("" if rest == 0 else " and " + _number_words(rest))


def _spell(match: re.Match[str]) -> str:
    digits, suffix = match.group(1), match.group(2)
    if suffix:
        return _ORDINALS.get(digits, _number_words(int(digits)) + "th")
    return _number_words(int(digits)) if int(digits) < 1000 else digits


def earlier_words(text: str) -> list[str]:
    """The bench's earlier normalisation (lower case, digits as words, no punctuation), kept so
    new rows of bench/results/speech.tsv compare with the old ones."""
    text = text.lower().replace("'s", "s").replace("o'clock", "oclock")
    text = re.sub(r"\b(\d+)(st|nd|rd|th)?\b", _spell, text)
    text = re.sub(r"\bone hundred\b", "a hundred", text)
    return re.sub(r"[^a-z0-9 ]+", " ", text.replace("-", " ")).split()


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    """Word-level Levenshtein distance."""
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def wer(refs: list[str], hyps: list[str], raw: bool = False, earlier: bool = False) -> float:
    """Word errors over reference words, across all pairs (normalised unless `raw` or
    `earlier`, the bench's earlier normalisation)."""
    split = raw_words if raw else earlier_words if earlier else normalised_words
    pairs = [(split(r), split(h)) for r, h in zip(refs, hyps, strict=True)]
    errors = sum(edit_distance(r, h) for r, h in pairs)
    return errors / max(1, sum(len(r) for r, _ in pairs))


def errors_and_words(refs: list[str], hyps: list[str]) -> list[tuple[int, int]]:
    """Per dictation: normalised word errors and reference words."""
    pairs = [(normalised_words(r), normalised_words(h)) for r, h in zip(refs, hyps, strict=True)]
    return [(edit_distance(r, h), len(r)) for r, h in pairs]


def bootstrap_interval(
    counts: list[tuple[int, int]], runs: int = 2000, level: float = 0.95, seed: int = 13
) -> tuple[float, float]:
    """A bootstrap confidence interval of a pooled rate (sum of hits / sum of totals).

    `counts` holds one (hits, total) pair per dictation, e.g. word errors and reference words,
    or names right and names said. Dictations, not words, are resampled with replacement,
    because errors cluster by recording (one hard voice, one misheard stretch): with twenty
    dictations the interval says how far the rate could move on another set of the same kind.
    The seed is fixed so a bench run prints the same interval for the same transcripts.
    """
    if not counts:
        return (0.0, 0.0)
    hits = np.array([h for h, _ in counts], dtype=float)
    totals = np.array([t for _, t in counts], dtype=float)
    picks = np.random.default_rng(seed).integers(0, len(counts), size=(runs, len(counts)))
    rates = hits[picks].sum(axis=1) / np.maximum(1.0, totals[picks].sum(axis=1))
    tail = (1.0 - level) / 2 * 100
    low, high = np.percentile(rates, [tail, 100 - tail])
    return float(low), float(high)
