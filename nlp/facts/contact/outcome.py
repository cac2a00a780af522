"""The contact's outcome: attended, absent (and whether acceptable), failed to comply,
rescheduled."""

from __future__ import annotations

import re

from spacy.tokens import Span

from nlp.analysis import Analysis, TokenSpan
from nlp.facts.contact.cues import before_next, decided

OUTCOME_ORDER = ("attended_failed_to_comply", "rescheduled", "attended_complied")


def outcome(a: Analysis, first: Span) -> tuple[str | None, TokenSpan | None]:
    """The outcome per the labelling conventions: absences first, then failures to comply."""
    # An absence is the contact only when the note opens with it, not a missed
    # unpaid work session mentioned later on.
    early_end = max(first.end, a.sents[:2][-1].end)
    blocked = {b[1] for b in a.spans("outcome_blocked_after")}
    recorded = _recorded_absences(a) + _named_absences(a, early_end)
    absent = [
        s
        for s in [*a.spans("outcome|failed_to_attend"), *recorded]
        if (s[0] < early_end or s in recorded)
        and before_next(a, s)
        and s[0] not in blocked
        # words after an absence describe it ("missed it, no contact since"): a condition
        # ("a further absence would...") comes before the cue
        and decided(a, s, after=0)
        and not _elsewhere(a, s)
    ]
    if absent and not recorded:
        called_back = _called_back(a, absent)
        if called_back is not None:
            return "attended_complied", called_back
    if absent:
        for code in ("unacceptable_absence", "acceptable_absence"):
            # what the officer recorded it as is decided, whatever reason follows
            judged = [s for s in a.spans(f"outcome|{code}") if s in recorded or decided(a, s)]
            if code == "acceptable_absence":
                unacceptable = a.spans("outcome|unacceptable_absence")
                judged = [s for s in judged if not any(u[0] <= s[0] < u[1] for u in unacceptable)]
            if judged:
                return code, judged[0]
        return "failed_to_attend", absent[0]
    for code in OUTCOME_ORDER:
        spans = [
            s
            for s in a.spans(f"outcome|{code}")
            if before_next(a, s) and _status(a, code, s) not in ("negated", "hypothetical")
        ]
        if code == "rescheduled":
            spans = [s for s in spans if s[0] < early_end]
        if spans:
            return code, spans[0]
    return None, None


# How far after an absence cue a service can be named: "missed an appointment at the Jobcentre".
_ELSEWHERE_REACH = 4


def _elsewhere(a: Analysis, span: TokenSpan) -> bool:
    """An absence from another service's appointment ("sanctioned for a missed JC appt",
    "missed his GP appointment at the Jobcentre") is not an absence from this contact."""
    end = min(a.sentence(span[0]).end, span[1] + _ELSEWHERE_REACH)
    return any(span[0] <= s[0] < end for s in a.spans("absence_elsewhere"))


def _recorded_absences(a: Analysis) -> list[TokenSpan]:
    """Absence cues the officer records as this contact's outcome ("recorded as a failure to
    attend"), wherever they stand: after a doorstep account the decision comes last."""
    ends = {r[1] for r in a.spans("outcome_recorded_as")}
    # "recorded as (a) failure to attend", "missed call recorded as an acceptable absence"
    absences = [
        *a.spans("outcome|failed_to_attend"),
        *a.spans("outcome|acceptable_absence"),
        *a.spans("outcome|unacceptable_absence"),
    ]
    # "if nothing is received by Friday it will be treated as unacceptable" is not decided yet
    return [
        s
        for s in absences
        if any(s[0] - gap in ends for gap in (0, 1)) and a.own_status(s) != "hypothetical"
    ]


def _named_absences(a: Analysis, early_end: int) -> list[TokenSpan]:
    """The officer's verdict naming the absence itself near the start ("Accepted as an
    acceptable absence", "unacceptable absence, warning letter"): the person did not attend
    even when no failure-to-attend words precede it ("rang to say he can't come in").
    A bare "acceptable" or a code needs the absence said some other way."""
    verdicts = [*a.spans("outcome|unacceptable_absence"), *a.spans("outcome|acceptable_absence")]
    return [
        s
        for s in verdicts
        if s[0] < early_end
        and "absen" in a.doc[s[0] : s[1]].text.lower()
        and decided(a, s, after=0)  # words after a verdict describe it ("- no contact")
    ]


def _status(a: Analysis, code: str, span: TokenSpan) -> str:
    """A failure to comply is the person's behaviour, so the parse is asked whose it is:
    "another group member arrived drunk and was sent home" says nothing of how they did."""
    if code != "attended_failed_to_comply":
        return a.status(span)
    status = a.fact_status(span)
    return "negated" if status == "other_person" else status


# A call not answered at first ("09:02 rang, no answer", "no reply x2") that the person then
# returns ("Jay rang back at 10:05", "called me back"): the call took place, as a call log
# records it. A verdict the officer recorded on the missed call still decides.
_UNANSWERED = frozenset(
    """no answer|no reply|not answered|did not pick up|didn't pick up|no answer on|no answer to
    |no response to|did not answer his|did not answer her|did not answer their""".replace(
        "\n", ""
    ).split("|")
)
_CALLED_BACK = re.compile(
    r"\b(?:rang|called|phoned|rung|ringing|calling)\s+(?:me\s+|us\s+|the\s+office\s+)?back\b"
    r"|\breturned\s+(?:my|the|our)\s+(?:call|calls)\b",
    re.I,
)
# Someone else returning the call is not the person: "his mum rang back".
_NOT_THE_PERSON = frozenset(
    """mum mother dad father partner wife husband girlfriend boyfriend sister brother friend
    nan gran worker keyworker landlord manager staff""".split()
)


def _called_back(a: Analysis, absent: list[TokenSpan]) -> TokenSpan | None:
    """Where the person returned a call the note first records as unanswered, if they did."""
    if not all(_unanswered_call(a, s) for s in absent):
        return None
    start = a.doc[absent[0][1] - 1].idx
    for m in _CALLED_BACK.finditer(a.text, start):
        before = a.text[max(0, m.start() - 20) : m.start()].lower().split()
        if before and before[-1].strip("',") in _NOT_THE_PERSON:
            continue
        span = a.doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None and before_next(a, (span.start, span.end)):
            return span.start, span.end
    return None


def _unanswered_call(a: Analysis, span: TokenSpan) -> bool:
    """An absence cue that says a call went unanswered, not a door ("no answer at the door")."""
    text = a.doc[span[0] : span[1]].text.lower()
    after = " ".join(t.lower_ for t in a.doc[span[1] : span[1] + 3])
    return text in _UNANSWERED and not after.startswith(
        ("at the", "to the door", "at his", "at her")
    )
