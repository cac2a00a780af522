"""Word error rate for the speech bench: words compared after the same normalisation."""

from __future__ import annotations

import re

ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
ONES += "fifteen sixteen seventeen eighteen nineteen"
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
ORDINALS = {"1": "first", "2": "second", "3": "third", "5": "fifth", "8": "eighth", "9": "ninth"}
ORDINALS |= {"12": "twelfth", "20": "twentieth", "30": "thirtieth"}


def number_words(n: int) -> str:
    """0-999 in words, the way the dictation texts spell numbers."""
    ones = ONES.split()
    if n < 20:
        return ones[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else " " + ones[n % 10])
    rest = n % 100
    head = ("a" if n // 100 == 1 else ones[n // 100]) + " hundred"
    return head + ("" if rest == 0 else " and " + number_words(rest))


def _spell(match: re.Match[str]) -> str:
    digits, suffix = match.group(1), match.group(2)
    if suffix:
        return ORDINALS.get(digits, number_words(int(digits)) + "th")
    return number_words(int(digits)) if int(digits) < 1000 else digits


def normalise(text: str) -> list[str]:
    """Lower case, numbers as words, no punctuation; a hyphen splits words."""
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


def wer(refs: list[str], hyps: list[str]) -> float:
    """Word errors over reference words, across all pairs."""
    errors = sum(edit_distance(normalise(r), normalise(h)) for r, h in zip(refs, hyps, strict=True))
    return errors / max(1, sum(len(normalise(r)) for r in refs))
