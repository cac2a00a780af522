"""A rough sound key for English spellings of names: "Tarik Hussein" and "Tariq Hussain" agree.

Our own small key in the spirit of Metaphone: letters that spell the same sound are made
one (ph/f, ck/k/q/c-before-a-o-u, z/s, x/ks), doubled letters are made single, and vowels
after the first letter are dropped, because a speech model mostly gets a name's consonants
right and its vowels wrong. Different names can share a key (Hussain and Hassan are both
"hsn"), so it is only used beside a letter score, to compare heard words with caseload names.
"""

from __future__ import annotations

import re

_RULES: tuple[tuple[str, str], ...] = (
    (r"[^a-z]", ""),
    (r"^(?:k(?=n)|g(?=n)|w(?=r)|p(?=s))", ""),
    (r"ph", "f"),
    (r"gh(?![aeiou])", ""),
    (r"tch", "ch"),
    (r"sch", "sk"),
    (r"ck|q|c(?=[aou])|c$", "k"),
    (r"c(?=[eiy])", "s"),
    (r"x", "ks"),
    (r"z", "s"),
    (r"dg", "j"),
    (r"(?<=[aeiou])[wh]", ""),
    (r"y", "i"),
    (r"mb$", "m"),
)


def sound_key(word: str) -> str:
    """The key of one word: its first letter, then its consonants by sound, no repeats."""
    key = word.lower()
    for pattern, repl in _RULES:
        key = re.sub(pattern, repl, key)
    if not key:
        return ""
    head, rest = key[0], re.sub(r"[aeiouh]", "", key[1:])
    key = head + rest
    return re.sub(r"(.)\1+", r"\1", key)
