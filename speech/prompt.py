"""The initial prompt: the caseload's names and probation words, so Whisper spells them.

Whisper reads the prompt as text that came before the audio, so words in it become more
likely. It keeps only the last 223 tokens of a prompt, so ours is kept under that (600
characters is about 180 tokens) and nothing of it is cut. Names come first: with the same
words in the other order (names last, nearest the audio), tiny.en made more word errors
and spelled fewer names right on both our synthetic sets (bench/speech_tune.py,
docs/dictation.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from itertools import zip_longest

# Whisper keeps half its 448-token context for the prompt; names take 2-4 tokens each.
MAX_PROMPT_CHARS = 600
MAX_NAMES = 40


@cache
def domain_words() -> tuple[str, ...]:
    """Probation words from the extraction vocabularies that a general model misspells."""
    from nlp.resources import resource

    lists: list[list[str]] = []
    for name in ("substances", "flags", "actions", "contact", "needs"):
        found: list[str] = []
        _collect(resource(f"{name}.json"), found)
        # Single plain words only (phrase syntax such as a|b, word* is for the cue matcher);
        # longer words are the rarer ones a general model misspells.
        lists.append([w for w in found if w.isalpha() and w.islower() and len(w) >= 6])
    # Round robin, so every kind of word gets into the prompt's small budget.
    mixed = [w for group in zip_longest(*lists) for w in group if w]
    return tuple(dict.fromkeys(mixed))


def _collect(node: object, out: list[str]) -> None:
    if isinstance(node, str):
        out.append(node)
    elif isinstance(node, list):
        for item in node:
            _collect(item, out)
    elif isinstance(node, dict):
        for key, value in node.items():
            if not key.startswith("_"):
                _collect(value, out)


def initial_prompt(names: Iterable[str] = (), words: Iterable[str] | None = None) -> str:
    """The caseload's names, then what the text is and probation words, within the budget."""
    head = "Probation contact note, British English."
    people = _people(names, MAX_PROMPT_CHARS - len(head) - 1)
    budget = MAX_PROMPT_CHARS - len(people) - len(head) - 2
    chosen: list[str] = []
    for word in domain_words() if words is None else words:
        if budget - len(word) - 2 < 0:
            break
        chosen.append(word)
        budget -= len(word) + 2
    middle = (" Words: " + ", ".join(chosen) + ".") if chosen else ""
    return " ".join(part for part in (people, head + middle) if part)


def _people(names: Iterable[str], budget: int) -> str:
    """The line "People: A, B." with as many of the names (at most MAX_NAMES) as fit in `budget`."""
    unique = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))[:MAX_NAMES]
    kept: list[str] = []
    for name in unique:
        if len("People: " + ", ".join([*kept, name]) + ".") > budget:
            break
        kept.append(name)
    return ("People: " + ", ".join(kept) + ".") if kept else ""
