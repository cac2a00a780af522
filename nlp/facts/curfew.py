"""Back after curfew: a return time later than the curfew time the note gives beside it.

"Came back to the AP at 23:40, curfew 23:00" says the curfew was broken without the word
"breach": the two clock times say it. By the contract a curfew violation is a present
`condition_breach` flag; whether it is enforced is a decision of its own (`enforcement`
stays what the note decides), so only the flag is read here.
"""

from __future__ import annotations

import datetime as dt
import re

from nlp.analysis import Analysis, TokenSpan
from nlp.datetimes.times import TimeMention, find_times

# Words of coming back before the time: "came back at", "returned to the AP at", "got in at".
_RETURN = re.compile(
    r"\b(?:came|come|got|get|arrived|arriving|returned|returning|rolled|turned up|back)\b",
    re.I,
)
RETURN_REACH = 40  # characters before a time its return word may stand
# What may stand between "curfew" and its time: "curfew 23:00", "curfew is 11pm", "(curfew: 9pm)".
_CURFEW_TO_TIME = re.compile(
    r"\s*(?:[:=(\-–]\s*)?(?:time\s+)?(?:is\s+|was\s+|of\s+|at\s+|from\s+)?$"
)
_TIME_TO_CURFEW = re.compile(r"^\s*(?:pm\s+)?$")  # "a 23:00 curfew"
NOON = 12 * 60
# "his curfew is 9", "curfew 9.30": a bare hour the time reader leaves alone. Curfews run
# through the night, so a bare 1-11 is the evening one ("9" is 21:00), as officers mean it.
_BARE_CURFEW = re.compile(
    r"\s*(?:[:=(\-–]\s*)?(?:time\s+)?(?:is\s+|was\s+|of\s+|at\s+|from\s+)?"
    r"(?P<h>1[0-2]|0?[1-9])(?:[.:](?P<m>[0-5]\d))?(?![\d.:]*\s*(?:a\.?m\b|p\.?m\b|[\d%]))",
    re.I,
)
_MORNING = re.compile(r"a\.?m\b|morning", re.I)
_MORNING_REACH = 16  # "at 7.30 this morning": how far after a time its part of day may be


def back_after_curfew(a: Analysis, span: TokenSpan) -> bool:
    """Whether the curfew cue at `span` stands beside a return later than its time, in its
    sentence or the one before ("He came back at 00:15. His curfew is 23:00.")."""
    if a.doc[span[0] : span[1]].text.lower() != "curfew":
        return False
    index = a.sentence_index(span[0])
    start = a.sents[max(0, index - 1)].start_char
    end = a.sents[index].end_char
    cue_start, cue_end = a.doc[span[0]].idx, a.doc[span[1] - 1].idx + len(a.doc[span[1] - 1])
    times = [replace_offsets(t, start) for t in find_times(a.text[start:end])]
    curfew = _curfew_time(a.text, times, cue_start, cue_end) or _bare_curfew(a.text, cue_end)
    if curfew is None:
        return False
    curfew = _evening(a.text, curfew)
    returns = [
        _evening(a.text, t) for t in times if t.start != curfew.start and _returning(a.text, t)
    ]
    return any(_after_noon(t.value) > _after_noon(curfew.value) for t in returns)


def _bare_curfew(text: str, cue_end: int) -> TimeMention | None:
    """A bare hour straight after "curfew" ("his curfew is 9"), as a time mention."""
    m = _BARE_CURFEW.match(text, cue_end)
    if m is None:
        return None
    hour, minute = int(m.group("h")) % 12, int(m.group("m") or 0)
    return TimeMention(m.start("h"), m.end(), text[m.start("h") : m.end()], dt.time(hour, minute))


def _evening(text: str, t: TimeMention) -> TimeMention:
    """A time written without am or pm between 6 and 11.59 read as the evening one: around
    a curfew "back at 9.40" is night-time, as is a curfew "9"; not "7.30 this morning"."""
    said = text[t.start : t.end + _MORNING_REACH]
    if 6 <= t.value.hour < 12 and not _MORNING.search(said) and not t.text.startswith("0"):
        return TimeMention(t.start, t.end, t.text, t.value.replace(hour=t.value.hour + 12))
    return t


def replace_offsets(t: TimeMention, offset: int) -> TimeMention:
    """A time found in a slice, with offsets into the whole text."""
    return TimeMention(t.start + offset, t.end + offset, t.text, t.value)


def _curfew_time(
    text: str, times: list[TimeMention], cue_start: int, cue_end: int
) -> TimeMention | None:
    """The time written just after "curfew" (or just before it: "a 23:00 curfew")."""
    for t in times:
        if 0 <= t.start - cue_end <= 15 and _CURFEW_TO_TIME.match(text[cue_end : t.start]):
            return t
        if 0 <= cue_start - t.end <= 4 and _TIME_TO_CURFEW.match(text[t.end : cue_start]):
            return t
    return None


def _returning(text: str, t: TimeMention) -> bool:
    """Whether a return word stands shortly before the time ("came back to the AP at")."""
    return _RETURN.search(text, max(0, t.start - RETURN_REACH), t.start) is not None


def _after_noon(value: dt.time) -> int:
    """Minutes since noon, so that 00:30 comes after 23:00 as it does on a curfew night."""
    return (value.hour * 60 + value.minute - NOON) % (24 * 60)
