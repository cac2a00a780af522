"""Corrections to an entry's JSON: each returns the new entry and a sentence saying what changed.

Pure functions over contract case-entry/1 data, so the web form, the chat, the JSON API and
Teams all change an entry the same way and tell the officer the same thing.
"""

from assistant.corrections.items import Change, CorrectionError

__all__ = ["Change", "CorrectionError"]
