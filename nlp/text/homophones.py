"""Sound-alikes from phone dictation put right ("booked for too thirty", "at for pm").

Speech-to-text on a phone writes numbers as the words they sound like; a time that reads
"too thirty" is missed and lateness with it. The rules live in resources/homophones.json
and change only a word whose neighbours leave one reading; evidence still maps back.
"""

from __future__ import annotations

import re
from functools import cache

from nlp.resources import resource
from nlp.text.clean import _Builder, _Layer

# Cheap test that lets notes without any sound-alike skip the rules.
_GATE = re.compile(
    r"\b(?:too|to|for|fore|ate|won|brake|d?dydd|ionawr|chwefror|mawrth|ebrill|mai|mehefin"
    r"|gorffennaf|awst|medi|hydref|tachwedd|rhagfyr|fawrth|fai|fehefin|orffennaf|fedi|dachwedd"
    r"|ragfyr|yfory|heddiw|bore|prynhawn|hwyr|nos|noswaith)\b|y[bh]\b",
    re.IGNORECASE,
)


@cache
def _rules() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    """The rules as (pattern, group replaced, replacement)."""
    return tuple(
        (re.compile(r["pattern"], re.IGNORECASE), r.get("group", "w"), r["to"])
        for r in resource("homophones.json")["rules"]
    )


def _cased(word: str, like: str) -> str:
    """`word` in the case of the word it replaces."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    return word.capitalize() if like[:1].isupper() else word


def fix_homophones(text: str) -> tuple[str, _Layer] | None:
    """Sound-alike numbers and words replaced, or None when the text has none."""
    if _GATE.search(text) is None:
        return None
    spans: dict[int, tuple[int, str]] = {}
    for pattern, group, to in _rules():
        for m in pattern.finditer(text):
            start, end = m.span(group)
            spans.setdefault(start, (end, _cased(to, m.group(group))))
    if not spans:
        return None
    out = _Builder(text)
    pos = 0
    for start in sorted(spans):
        end, word = spans[start]
        if start < pos:
            continue
        out.copy(pos, start)
        out.replace(start, end, word)
        pos = end
    out.copy(pos, len(text))
    return out.layer()
