"""Automatic checks over a draft: no fragment, no repeated fact, no first person, traceable.

`is_fragment` may be given a part-of-speech tagger (the evaluation uses the trained
pipeline's) so the check does not only repeat the rule the drafts were written with.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from nlp.assessment.drafts import same_fact
from nlp.assessment.rewrite import is_whole, unquoted

FIRST_PERSON = re.compile(
    r"\b(?:I|me|my|mine|myself|we|us|our|ours|ourselves)\b|\bI'", re.IGNORECASE
)
_I_ALONE = re.compile(r"\bI\b")

HasVerb = Callable[[str], bool]


def first_person(text: str) -> bool:
    """Whether the sentence speaks in the first person outside quoted speech."""
    plain = unquoted(text)
    hits = [m.group(0) for m in FIRST_PERSON.finditer(plain)]
    # A lower-case "i" is a typo, not the officer; the capital "I" always counts.
    return any(h != "i" for h in hits) or bool(_I_ALONE.search(plain))


def is_fragment(text: str, has_verb: HasVerb | None = None, source: str = "") -> bool:
    """Not a whole sentence: no capital, no full stop, or no verb (by the tagger if given).

    The verb may be found in the draft sentence or the note sentence it came from, since
    rewriting only swaps noun phrases ("She rents" became "Sophie Kerr rents").
    """
    plain = text.strip()
    if not (plain[:1].isupper() or plain[:1].isdigit()) or not re.search(r"[.!?][\"”’')]*$", plain):
        return True
    if has_verb is not None:
        return not has_verb(text) and not (source and has_verb(source))
    return not is_whole(text) and not (source and is_whole(source))


def problems(
    section: dict[str, Any], notes: dict[int, str], has_verb: HasVerb | None = None
) -> list[str]:
    """Every problem of one section draft; `notes` maps entry id to the note's text."""
    found: list[str] = []
    sentences = section["sentences"]
    for i, s in enumerate(sentences):
        text, ev = s["text"], s["evidence"]
        if is_fragment(text, has_verb, ev["text"]):
            found.append(f"fragment: {text!r}")
        if first_person(text):
            found.append(f"first person: {text!r}")
        note = notes.get(ev["entry_id"])
        if note is None or note[ev["start"] : ev["end"]] != ev["text"]:
            found.append(f"not traceable to its note: {text!r}")
        for other in sentences[:i]:
            if same_fact(text, other["text"]) or other["evidence"] == ev:
                found.append(f"repeated fact: {text!r}")
                break
    return found


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


def text_problems(text: str, has_verb: HasVerb | None = None) -> list[str]:
    """Problems of a section given as plain text (a contact's own section draft): fragments,
    first person and repeated facts, sentence by sentence."""
    found: list[str] = []
    sentences = [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]
    for i, sentence in enumerate(sentences):
        if is_fragment(sentence, has_verb):
            found.append(f"fragment: {sentence!r}")
        if first_person(sentence):
            found.append(f"first person: {sentence!r}")
        if any(same_fact(sentence, other) for other in sentences[:i]):
            found.append(f"repeated fact: {sentence!r}")
    return found
