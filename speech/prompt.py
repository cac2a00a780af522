"""The initial prompt: probation words and the caseload's names, so Whisper spells them.

Whisper reads the prompt as text that came before the audio, so words in it become more
likely; it keeps only the last 224 tokens, so the prompt is kept short and names go last
(nearest the audio, least likely to be cut).
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
    """A prompt of domain words then the caseload's names, within Whisper's prompt budget."""
    names = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))[:MAX_NAMES]
    tail = ("People: " + ", ".join(names) + ".") if names else ""
    head = "Probation contact note, British English."
    budget = MAX_PROMPT_CHARS - len(head) - len(tail) - 2
    chosen: list[str] = []
    for word in domain_words() if words is None else words:
        if budget - len(word) - 2 < 0:
            break
        chosen.append(word)
        budget -= len(word) + 2
    middle = (" Words: " + ", ".join(chosen) + ".") if chosen else ""
    return (head + middle + (" " + tail if tail else "")).strip()
