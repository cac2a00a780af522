"""Extraction library: contact notes and chat prompts to contract-shaped case entries.

No web, no database. `nlp.load(settings)` builds an `Extractor` once; its `extract` and
`interpret` methods return dataclasses whose `to_json()` is contract case-entry/1 and
interpretation/1.

Layout, by concern (each subpackage imports only those after it in this list, never back):
`facts` (contact, next appointment, needs, flags, substances, actions) and `prompts` (the chat
interpreter) read an `analysis.Analysis`; `context` (ConText status, whose clause);
`datetimes` (dates, clock times); `people` (caseload, name matching, whom a text is about);
`text` (clean-up, NORM, number words, cue phrases, vocabularies); `resources` (the one JSON
loader). `model` is the contract's dataclasses, `errors` the library's errors.
"""

from __future__ import annotations

from nlp.settings import NlpSettings

__all__ = ["NlpSettings", "load"]


def load(settings: NlpSettings | None = None, trained: bool = True):  # type: ignore[no-untyped-def]
    """Build the Extractor once (loads the installed spaCy pipeline; nothing is downloaded)."""
    from nlp.extractor import Extractor

    return Extractor.load(settings, trained=trained)
