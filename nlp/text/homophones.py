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
from nlp.text.regex_words import Needs, may_match, required_words

# Cheap test that lets notes without any sound-alike skip the rules.
_GATE = re.compile(
    r"\b(?:too|to|for|fore|forth|ate|won|brake|d?dydd|ionawr|chwefror|mawrth|ebrill|mai|mehefin"
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


@cache
def _needs() -> tuple[Needs, ...]:
    """Each rule's words that any match must hold (`nlp.text.regex_words`)."""
    return tuple(required_words(pattern) for pattern, _group, _to in _rules())


def _rules_for(text: str) -> list[tuple[re.Pattern[str], str, str]]:
    """The rules that can match the text, in file order. Almost every note has "to" or
    "for", so the gate lets it through, and running all the rules on it was a scan per rule;
    a rule lacking a word it needs is left out, with the same result. Text outside ASCII
    runs them all (lower-casing there is not what IGNORECASE compares)."""
    if not text.isascii():
        return list(_rules())
    lowered = text.lower()
    return [
        rule for rule, needs in zip(_rules(), _needs(), strict=True) if may_match(needs, lowered)
    ]


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
    for pattern, group, to in _rules_for(text):
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
