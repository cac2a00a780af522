"""Cue phrases written as data, compiled into spaCy Matcher patterns on the NORM attribute.

Phrase syntax: words separated by spaces; `a|b` is one token that may be either word;
`word*` is one token starting with `word`; `_` is any one token and `_?` an optional one.
Other words are split by the pipeline's own tokenizer, so "ex-partner" and "fta'd" match
however the tokenizer cuts them. Matching is on NORM, which `probation_normalise` sets to
the lower-case word or, for a misspelling, the vocabulary word it stands for.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

Tokenize = Callable[[str], Doc]
Pattern = list[dict[str, Any]]


def phrase_pattern(phrase: str, tokenize: Tokenize) -> Pattern:
    """One Matcher pattern for one cue phrase."""
    pattern: Pattern = []
    for word in phrase.lower().split():
        if word == "_":
            pattern.append({})
        elif word == "_?":
            pattern.append({"OP": "?"})
        elif "|" in word:
            pattern.append({"NORM": {"IN": [w for w in word.split("|") if w]}})
        elif word.endswith("*") and len(word) > 1:
            pattern.append({"NORM": {"REGEX": "^" + re.escape(word[:-1])}})
        else:
            pattern.extend({"NORM": t.text.lower()} for t in tokenize(word))
    return pattern


def literal_words(phrases: Iterable[str]) -> set[str]:
    """Every plain word the phrases spell out, for the fuzzy vocabulary."""
    words: set[str] = set()
    for phrase in phrases:
        for word in phrase.lower().split():
            if word in ("_", "_?") or word.endswith("*"):
                continue
            words.update(w for w in word.split("|") if w.isalpha())
    return words


def build_matcher(vocab: Vocab, tokenize: Tokenize, groups: Mapping[str, Iterable[str]]) -> Matcher:
    """A Matcher with one match key per group of phrases (key = the group's name)."""
    matcher = Matcher(vocab, validate=True)
    for key, phrases in groups.items():
        patterns = [p for p in (phrase_pattern(ph, tokenize) for ph in phrases) if p]
        if patterns:
            matcher.add(key, patterns)
    return matcher
