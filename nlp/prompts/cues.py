"""Cue phrases of the chat interpreter (`resources/intents.json`) and matching them to words."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from rapidfuzz.distance import OSA

from nlp.people.names import word_lists
from nlp.resources import resource

if TYPE_CHECKING:
    from nlp.people.caseload import Caseload

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)*")
_WITH = re.compile(r"\bw/\s*", re.IGNORECASE)
_START_BONUS = 1.5  # a cue that opens the prompt is usually the command
_TYPO_MAX_WORDS = 12  # typos are corrected in short commands, not in pasted notes


@dataclass(frozen=True)
class Phrases:
    """Weighted cue phrases, indexed by first word for a quick scan of a prompt's words."""

    weights: dict[str, float]
    index: dict[str, list[tuple[str, ...]]]

    @classmethod
    def of(cls, phrases: dict[str, float] | list[str]) -> Phrases:
        """Index phrases (a list weighs 1 each)."""
        weights = dict(phrases) if isinstance(phrases, dict) else dict.fromkeys(phrases, 1.0)
        index: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for phrase in weights:
            parts = tuple(phrase.split())
            index[parts[0]].append(parts)
        return cls(weights, dict(index))

    def spans(self, words: list[str]) -> list[tuple[int, int]]:
        """Word spans (start, end) where any of the phrases occurs."""
        found = []
        for i, w in enumerate(words):
            for parts in self.index.get(w, ()):
                if tuple(words[i : i + len(parts)]) == parts:
                    found.append((i, i + len(parts)))
        return found

    def score(self, words: list[str], start_bonus: bool = True) -> float:
        """Sum of the weights of the phrases present (each once); more for one opening."""
        seen: dict[tuple[str, ...], float] = {}
        for i, w in enumerate(words):
            for parts in self.index.get(w, ()):
                if tuple(words[i : i + len(parts)]) == parts:
                    bonus = _START_BONUS if start_bonus and i == 0 else 1.0
                    weight = self.weights[" ".join(parts)] * bonus
                    seen[parts] = max(seen.get(parts, 0.0), weight)
        return sum(seen.values())


@dataclass(frozen=True)
class IntentCues:
    """The interpreter vocabulary, loaded once."""

    intents: dict[str, Phrases]
    person_bonus: dict[str, float]
    person_type_bonus: dict[str, float]
    question_words: frozenset[str]
    question_bonus: float
    value_bonus: float
    note_facts: Phrases
    narrative: frozenset[str]
    values: dict[str, dict[str, Phrases]]
    fields: dict[str, Phrases]
    next_cues: list[str]
    value_negators: frozenset[str]
    contact_words: frozenset[str]
    typo_guard: frozenset[str]
    vocabulary: frozenset[str]  # every word of every cue
    targets: dict[str, tuple[str, ...]]  # cue words a typo is corrected to, by first letter


@cache
def load_cues() -> IntentCues:
    """Read `resources/intents.json`."""
    data = resource("intents.json")
    phrases = [p for cues in data["intents"].values() for p in cues]
    phrases += [p for codes in data["values"].values() for ps in codes.values() for p in ps]
    phrases += [p for ps in data["fields"].values() for p in ps] + list(data["note_facts"])
    vocabulary = frozenset(w for p in phrases for w in p.split())
    targets: dict[str, list[str]] = defaultdict(list)
    for word in data["typo_targets"]:
        targets[word[0]].append(word)
    return IntentCues(
        intents={k: Phrases.of(v) for k, v in data["intents"].items()},
        person_bonus=data["person_bonus"],
        person_type_bonus=data["person_type_bonus"],
        question_words=frozenset(data["question_words"]),
        question_bonus=data["question_bonus"],
        value_bonus=data["value_bonus"],
        note_facts=Phrases.of(data["note_facts"]),
        narrative=frozenset(data["narrative"]),
        values={
            slot: {code: Phrases.of(ps) for code, ps in codes.items()}
            for slot, codes in data["values"].items()
        },
        fields={k: Phrases.of(v) for k, v in data["fields"].items()},
        next_cues=data["next_cues"],
        value_negators=frozenset(data["value_negators"]),
        contact_words=frozenset(data["contact_words"]),
        typo_guard=frozenset(data["typo_guard"]),
        vocabulary=vocabulary,
        targets={k: tuple(v) for k, v in targets.items()},
    )


def words_of(text: str, cues: IntentCues, caseload: Caseload | None = None) -> list[str]:
    """Lower-case words without apostrophes, cue-word typos in short prompts corrected."""
    words = [
        w.replace("'", "").replace("’", "") for w in _WORD.findall(_WITH.sub("with ", text.lower()))
    ]
    if len(words) > _TYPO_MAX_WORDS:
        return words
    common = word_lists().common
    out = []
    for w in words:
        if (
            len(w) < 3
            or not w.isalpha()
            or w in cues.vocabulary
            or w in cues.typo_guard
            or w in common
            or (caseload is not None and caseload.has_key(w))
        ):
            out.append(w)
        else:
            out.append(correct(w, cues) or w)
    return out


def correct(word: str, cues: IntentCues) -> str | None:
    """The one cue word a typo is a slip of ("sumbit", "shwo", "hlp"), else None."""
    if not word:
        return None  # a "word" of apostrophes only, as in "find notes ''"
    best: list[str] = []
    best_d = 3
    for target in cues.targets.get(word[0], ()):
        if target == word:
            return None
        if len(word) == 3:
            d = 1 if len(target) == 4 and _subsequence(word, target) else 3
        else:
            d = OSA.distance(word, target, score_cutoff=2 if len(word) >= 8 else 1)
            d = d if d <= (2 if len(word) >= 8 else 1) else 3
        if d < best_d:
            best, best_d = [target], d
        elif d == best_d and d < 3:
            best.append(target)
    if len(best) > 1:  # "drafs": "drafts" rather than "draft"
        best = [t for t in best if t[-1] == word[-1]]
    return best[0] if len(best) == 1 else None


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)
