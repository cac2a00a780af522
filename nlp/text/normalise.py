"""The `probation_normalise` component: NORM is the lower-case word or the vocabulary term
a misspelling stands for ("heroine" → heroin, "accomodation" → accommodation)."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA
from spacy.language import Language
from spacy.tokens import Doc


class FuzzyVocabulary:
    """Maps a word to the vocabulary term it misspells, or to itself."""

    def __init__(
        self,
        terms: Iterable[str],
        protected: Iterable[str] = (),
        min_length: int = 6,
    ) -> None:
        self.terms = sorted({t for t in terms if len(t) >= min_length})
        self._known = set(self.terms) | {p.lower() for p in protected}
        self.min_length = min_length
        self._cache: dict[str, str] = {}

    def correct(self, word: str) -> str:
        """The vocabulary term `word` stands for, or `word` lower-cased when none fits."""
        lower = word.lower()
        if len(lower) < self.min_length or lower in self._known or not lower.isalpha():
            return lower
        hit = self._cache.get(lower)
        if hit is None:
            edits = max_edits(lower)
            best = process.extractOne(lower, self.terms, scorer=OSA.distance, score_cutoff=edits)
            hit = best[0] if best and _misspelling(lower, best[0]) else lower
            if len(self._cache) < 50_000:
                self._cache[lower] = hit
        return hit


def max_edits(word: str) -> int:
    """Typing slips allowed in a word of this length: one up to eight letters, then two."""
    return 1 if len(word) <= 8 else 2


def _misspelling(word: str, term: str) -> bool:
    """Whether a close word is a slip of the term rather than another form of it: a prefix
    changes the meaning ("scheduled", "rescheduled"), as does a longer ending."""
    if abs(len(term) - len(word)) > 2:
        return False
    short, long_ = sorted((word, term), key=len)
    if long_.endswith(short) and long_ != short:
        return False
    return not (long_.startswith(short) and len(long_) - len(short) >= 2)


@Language.factory(
    "probation_normalise",
    default_config={"terms": [], "protected": [], "min_length": 6},
)
def make_normaliser(
    nlp: Language, name: str, terms: list[str], protected: list[str], min_length: int
) -> Normaliser:
    """Factory for the normaliser, configured with the vocabulary's terms."""
    return Normaliser(FuzzyVocabulary(terms, protected, min_length))


class Normaliser:
    """Sets every token's NORM for the cue matchers."""

    def __init__(self, vocabulary: FuzzyVocabulary) -> None:
        self.vocabulary = vocabulary

    def __call__(self, doc: Doc) -> Doc:
        correct = self.vocabulary.correct
        for token in doc:
            token.norm_ = correct(token.text)
        return doc
