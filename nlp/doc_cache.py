"""Results worked out once per doc: for functions of a doc that many rules ask of one note.

A note's rules ask the same question of its doc many times (the line around a cue, the names a
relation word introduces, the other people named); each answer depends only on the doc and the
hashable arguments, so it is kept for the last few docs. Each entry holds its doc, so an id is
never reused while cached and one doc never gets another's answer; a doc whose length changed
(retokenised) is worked out again. Callers get a shallow copy of a list, set or dict, so no
caller can change another's answer.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from spacy.tokens import Doc

P = ParamSpec("P")
R = TypeVar("R")
_DOCS_KEPT = 64  # a batch of notes (`Extractor.extract_checked`) is prepared before its rules run


def _key_part(value: Any) -> Any:
    return frozenset(value) if isinstance(value, set) else value


def per_doc(fn: Callable[P, R]) -> Callable[P, R]:
    """Cache fn(doc, *args) for the last few docs; set arguments are keyed as frozensets."""
    cache: dict[tuple, tuple[Doc, int, Any]] = {}
    lock = threading.Lock()

    @functools.wraps(fn)
    def cached(*args: P.args, **kwargs: P.kwargs) -> R:
        doc = args[0]
        assert isinstance(doc, Doc) and not kwargs
        key = (id(doc), *map(_key_part, args[1:])) if len(args) > 1 else (id(doc),)
        with lock:
            hit = cache.get(key)
        if hit is not None and hit[0] is doc and hit[1] == len(doc):
            return _copied(hit[2])
        result = fn(*args, **kwargs)
        with lock:
            cache.pop(key, None)
            while len(cache) >= _DOCS_KEPT:
                del cache[next(iter(cache))]
            cache[key] = (doc, len(doc), result)
        return _copied(result)

    return cached


def _copied(value: R) -> R:
    """A shallow copy of a list, set or dict; anything else as it is."""
    return value.copy() if isinstance(value, list | set | dict) else value  # type: ignore[return-value]


@per_doc
def lower_forms(doc: Doc) -> tuple[str, ...]:
    """Every token's lower-case form, in order: read from one walk of the doc by rules that
    would otherwise make a Token object per word per question (spaCy builds one on every
    `doc[i]` and every step of `for t in doc`)."""
    return tuple(t.lower_ for t in doc)
