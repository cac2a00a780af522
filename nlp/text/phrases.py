"""Cue phrases written as data, compiled into fast matchers over the NORM attribute.

Phrase syntax: words separated by spaces; `a|b` is one token that may be either word;
`word*` is one token starting with `word`; `_` is any one token and `_?` an optional one.
Other words are split by the pipeline's own tokenizer, so "ex-partner" and "fta'd" match
however the tokenizer cuts them. Matching is on NORM, which `probation_normalise` sets to
the lower-case word or, for a misspelling, the vocabulary word it stands for.

Phrases made only of words and alternatives are expanded into literal token sequences for
spaCy's PhraseMatcher (a hash lookup per token, fast at any size); the few with prefixes or
wildcards are token patterns, matched by `nlp.context.match.TokenPatterns` anchored on a NORM
word of each. spaCy's token Matcher gives the same matches but walks every pattern's states
at every token, and patterns full of wildcards cost it about 1 ms a short note and 5 ms a
300-word one, more than the rest of cue matching together (tests/extraction/test_phrases.py
checks the two agree).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from nlp.context.match import TokenPatterns

Tokenize = Callable[[str], Doc]
Pattern = list[dict[str, Any]]
MAX_EXPANSIONS = 256


Split = Callable[[str], Sequence[str]]


def splitter(tokenize: Tokenize) -> Split:
    """Lower-case token texts of a word, remembered: vocabularies repeat their words."""
    return functools.cache(lambda word: tuple(t.text.lower() for t in tokenize(word)))


def _parts(phrase: str, split: Split) -> list[list[str] | dict[str, Any]]:
    """Each token slot of a phrase: a list of literal alternatives, or a Matcher token spec."""
    parts: list[list[str] | dict[str, Any]] = []
    for word in phrase.lower().split():
        if word == "_":
            parts.append({})
        elif word == "_?":
            parts.append({"OP": "?"})
        elif "|" in word:
            parts.append([w for w in word.split("|") if w])
        elif word.endswith("*") and len(word) > 1:
            parts.append({"NORM": {"REGEX": "^" + re.escape(word[:-1])}})
        else:
            parts.extend([t] for t in split(word))
    return parts


def phrase_pattern(phrase: str, tokenize: Tokenize, split: Split | None = None) -> Pattern:
    """One token Matcher pattern for one cue phrase."""
    pattern: Pattern = []
    for part in _parts(phrase, split or splitter(tokenize)):
        if isinstance(part, dict):
            pattern.append(part)
        elif len(part) == 1:
            pattern.append({"NORM": part[0]})
        else:
            pattern.append({"NORM": {"IN": part}})
    return pattern


def literal_forms(
    phrase: str, tokenize: Tokenize, split: Split | None = None
) -> list[list[str]] | None:
    """Every literal token sequence the phrase stands for, or None if it needs the Matcher."""
    parts = _parts(phrase, split or splitter(tokenize))
    if not parts or any(isinstance(p, dict) for p in parts):
        return None
    count = 1
    for p in parts:
        count *= len(p)
    if count > MAX_EXPANSIONS:
        return None
    return [list(combo) for combo in itertools.product(*parts)]  # type: ignore[arg-type]


def literal_words(phrases: Iterable[str]) -> set[str]:
    """Every plain word the phrases spell out, for the fuzzy vocabulary."""
    words: set[str] = set()
    for phrase in phrases:
        for word in phrase.lower().split():
            if word in ("_", "_?") or word.endswith("*"):
                continue
            words.update(w for w in word.split("|") if w.isalpha())
    return words


class CueMatcher:
    """A PhraseMatcher for literal cues and token patterns for the rest, called as one."""

    def __init__(self, vocab: Vocab, tokenize: Tokenize, groups: Mapping[str, Iterable[str]]):
        self.phrases = PhraseMatcher(vocab, attr="NORM")
        self.keys = [k for k, v in groups.items() if v]
        split = splitter(tokenize)
        patterns: list[Pattern] = []
        self.pattern_keys: list[int] = []  # the match key hash of each of `patterns`
        for key, phrases in groups.items():
            docs: list[Doc] = []
            for phrase in phrases:
                forms = literal_forms(phrase, tokenize, split)
                if forms is None:
                    pattern = phrase_pattern(phrase, tokenize, split)
                    if pattern:
                        patterns.append(pattern)
                        self.pattern_keys.append(vocab.strings.add(key))
                else:
                    docs.extend(_norm_doc(vocab, words) for words in forms)
            if docs:
                self.phrases.add(key, docs)
        self.patterns = TokenPatterns(patterns, anchor="norm")

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(match key hash, start, end) for every cue in the doc; a span found by two
        patterns of one key is given once."""
        found = list(self.phrases(doc))
        if self.pattern_keys:
            norms = {"norm": tuple(t.norm_ for t in doc)}
            matched = {(self.pattern_keys[i], s, e) for i, s, e in self.patterns.match(norms)}
            found += sorted(matched, key=lambda m: (m[1], m[2], m[0]))
        return found

    def __len__(self) -> int:
        return len(self.keys)


def _norm_doc(vocab: Vocab, words: list[str]) -> Doc:
    doc = Doc(vocab, words=words)
    for token in doc:
        token.norm_ = token.text
    return doc


def build_matcher(
    vocab: Vocab, tokenize: Tokenize, groups: Mapping[str, Iterable[str]]
) -> CueMatcher:
    """One matcher with a match key per group of phrases (key = the group's name)."""
    return CueMatcher(vocab, tokenize, groups)
