"""Hostile-text defusing before the tokenizer, with the same offset map as the clean-up.

spaCy's tokenizer strips prefixes and suffixes from each whitespace-separated chunk one at a
time, so a long chunk of punctuation ("!!!!…", "((((…", a row of emoji) costs time growing
with the square of its length: 12,000 "!" took 28 s. No note needs more than three of the
same mark in a row, nor a "word" longer than `MAX_TOKEN` characters, so runs are cut to
three and long chunks are split with spaces. Evidence still points at what the officer
wrote: a removed run maps to the whole run, an inserted space to the place it went.
"""

from __future__ import annotations

import re

from nlp.text.clean import _Builder, _Layer

MAX_RUN = 3
MAX_TOKEN = 40
_RUN = re.compile(rf"([^\w\s])\1{{{MAX_RUN},}}")
_LONG = re.compile(rf"\S{{{MAX_TOKEN + 1},}}")
# A chunk this long that is about half marks ("-a-a-a-a", "a.b.c.d.e") has them blanked at
# every mark: the tokenizer's affix search is slowest on exactly such chunks, and split
# each mark would be a token of its own (tokens are what the model costs per note).
DENSE_FROM = 16
_CHUNK = re.compile(rf"\S{{{DENSE_FROM},}}")
_MARK = re.compile(r"[^\w\s]")


def collapse_runs(text: str) -> tuple[str, _Layer] | None:
    """More than three of one mark in a row ("!!!!!!") cut to three."""
    if _RUN.search(text) is None:
        return None
    out = _Builder(text)
    pos = 0
    for m in _RUN.finditer(text):
        keep = m.start() + MAX_RUN
        out.copy(pos, keep)
        out.replace(keep, m.end(), "")
        pos = m.end()
    out.copy(pos, len(text))
    return out.layer()


def blank_dense(text: str) -> tuple[str, _Layer] | None:
    """Chunks of `DENSE_FROM`+ characters, about half of them marks, have the marks blanked:
    such chunks are never prose (a date such as 21/11/2026 is a fifth marks), and each
    mark would be a token of its own."""
    dense = [
        m for m in _CHUNK.finditer(text) if 2 * len(_MARK.findall(m.group())) >= len(m.group()) - 1
    ]
    if not dense:
        return None
    out = _Builder(text)
    pos = 0
    for m in dense:
        for mark in _MARK.finditer(text, m.start(), m.end()):
            out.copy(pos, mark.start())
            out.copy(mark.start(), mark.end(), " " * (mark.end() - mark.start()))
            pos = mark.end()
    out.copy(pos, len(text))
    return out.layer()


def split_long(text: str) -> tuple[str, _Layer] | None:
    """Chunks without spaces longer than `MAX_TOKEN` split with a space every `MAX_TOKEN`."""
    if _LONG.search(text) is None:
        return None
    out = _Builder(text)
    pos = 0
    for m in _LONG.finditer(text):
        out.copy(pos, m.start())
        for start in range(m.start(), m.end(), MAX_TOKEN):
            if start > m.start():
                out.replace(start, start, " ")
            out.copy(start, min(start + MAX_TOKEN, m.end()))
        pos = m.end()
    out.copy(pos, len(text))
    return out.layer()
