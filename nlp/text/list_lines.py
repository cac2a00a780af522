"""Sentence starts at list items and blank lines, which the punctuation sentencizer misses.

A bulleted note ("- partner present\\n- drinking daily") has no full stops, so without this
the whole list is one sentence: evidence spans several items and a cue in one item is
read in the context of the next. A plain line break is not a boundary, because pasted text
is often hard-wrapped mid-sentence.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

# A list marker at the start of a line: a dash or bullet character, or "1." / "2)".
_MARKER = re.compile(r"^(?:[-*•‣·–—]+|\d{1,2}[.)]?)$")


def _starts_item(doc: Doc, i: int) -> bool:
    token = doc[i]
    if not _MARKER.match(token.text):
        return False
    if token.text[0].isdigit():  # "1" counts only with its "." or ")" after it
        return token.text[-1] in ".)" or (i + 1 < len(doc) and doc[i + 1].text in {".", ")"})
    return True


@Language.component("probation_list_lines")
def list_lines(doc: Doc) -> Doc:
    """Start a sentence at each list item and after each blank line."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if token.is_space or not previous.is_space or "\n" not in previous.text:
            continue
        if previous.text.count("\n") >= 2 or _starts_item(doc, token.i):
            token.is_sent_start = True
    return doc
