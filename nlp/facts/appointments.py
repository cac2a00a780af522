"""The next appointment with probation, resolved against the reference and contact dates."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re

from spacy.tokens import Span

from nlp.analysis import Analysis, TokenSpan
from nlp.datetimes.dates import DateMention
from nlp.facts.contact import Mentions, decided, next_cues
from nlp.facts.contact.cues import plans_instead
from nlp.model import Contact, NextAppointment
from nlp.render import longdate
from nlp.resources import resource

_PLACES = {
    w: t
    for w, t in resource("contact.json")["next_appointment"]["place_words"].items()
    if not w.startswith("_")
}
# Longest first, so "by phone" is read before "phone".
_PLACE_RE = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in sorted(_PLACES, key=len, reverse=True)) + r")\b"
)


# The day, not the time, still to be fixed: "Next appt 14:30 as usual, date tbc".
_DATE_UNKNOWN = re.compile(r"\bdate\s+(?:tbc|tba|to be confirmed|to be arranged|to follow)\b", re.I)


def _place_type(text: str) -> str | None:
    """The contact type a bare place word in the next appointment's words gives, if any."""
    m = _PLACE_RE.search(text.lower())
    return _PLACES[m[1]] if m else None


def next_appointment(
    a: Analysis, mentions: Mentions, reference: dt.date, contact: Contact
) -> NextAppointment | None:
    """The next probation appointment, or None when none is set (or it is to be booked)."""
    # After a recall there is none; "recall not requested at this stage" is no recall (the
    # same decision the enforcement field reads).
    if any(a.status(s) == "present" and decided(a, s) for s in a.spans("enf|recall")):
        return None
    contact_day = dt.date.fromisoformat(contact.date) if contact.date else reference
    found = [_from_cue(a, mentions, cue, reference, contact_day, contact) for cue in next_cues(a)]
    dated = [
        (f, cue)
        for f, cue in zip(found, next_cues(a), strict=True)
        if isinstance(f, NextAppointment) and f.date
    ]
    if dated:
        # The officer's own appointment before a programme group's ("Next group session
        # Wednesday; next supervision Monday"); a group session alone is still the next one.
        dated.sort(key=lambda fc: _programme_cue(a, fc[1]))
        named = [f for f, cue in dated if _names_next(a, cue)]
        return named[0] if named else dated[0][0]
    instead = _instead(a, mentions, contact)
    if instead is not None:
        return instead
    for f in found:
        if f is not False:
            return f  # type: ignore[return-value]
    closing = _closing_sentence(a, mentions, reference, contact_day, contact)
    if closing is not None:
        return closing
    for m in mentions.dates:
        if m.kind == "same_time_next_week":
            return NextAppointment(
                date=(contact_day + dt.timedelta(days=7)).isoformat(),
                time=contact.start_time,
                type=contact.type,
                evidence=a.evidence_chars(m.start, m.end),
            )
    return None


def _from_cue(
    a: Analysis,
    mentions: Mentions,
    cue: TokenSpan,
    reference: dt.date,
    contact_day: dt.date,
    contact: Contact,
) -> NextAppointment | None | bool:
    """The appointment a cue introduces; None for 'to be booked'; False to try the next cue."""
    sent = a.sentence(cue[0])
    start = a.doc[cue[0]].idx
    end = sent.end_char
    # The next cue ends this one's words; one starting inside it ("Next appt" and "appt
    # with me" over the same word) does not.
    later = [s[0] for s in next_cues(a) if s[0] >= cue[1] and a.doc[s[0]].idx < end]
    if later:
        end = a.doc[later[0]].idx
    window = (start, end)
    dates = mentions.dates_in(*window)
    times = mentions.times_in(*window)
    first_fact = min([m.start for m in dates] + [t.start for t in times] + [end])
    # "bailed to return on the 25th", "his next review at court": not with probation. The look
    # back stops at a comma or semicolon: "court on the 30th, next appt with me Friday" is ours.
    back = max(sent.start_char, start - 30)
    if _names_next(a, cue):
        back = start  # "his CGL worker on Monday next appointment Thursday": run on, ours
    # A day given before the cue is the other service's: "court on the 20th and I will see
    # him next on Thursday" looks back no further than that day.
    back = max([back] + [m.end for m in mentions.dates_in(back, start)])
    clause = max(a.text.rfind(",", back, start), a.text.rfind(";", back, start))
    if _has(a, "next|not_probation", (max(back, clause + 1), first_fact), besides=cue):
        return False
    if _has(a, "next|to_book", window):
        return None  # "will ring him today to book it": that call is to set one; none is set
    date_only = _DATE_UNKNOWN.search(a.text, start, end) is not None
    if date_only:
        # "Next HV in 2 weeks, date to be confirmed": a rough interval is not a booked day,
        # and the contract leaves an appointment still to be booked unset.
        dates = []
    if _has(a, "next|none", window) and not dates and not (date_only and times):
        return None  # "14:30 as usual, date tbc": the time is set, the day is not
    if _has(a, "next|time_unknown", window) and not date_only:
        times = []
    day = _in_week_commencing(dates, reference)
    check = None
    for m in dates if day is None else ():
        if m.kind in ("relative", "same_time_next_week"):
            day = m.resolve(contact_day, "future")
        else:
            day = m.resolve(reference, "future")
            check = weekday_check(m, day, reference)
        if day is not None:
            break
    time = times[0].value.strftime("%H:%M") if times else None
    same_time = any(m.same_time or m.kind == "same_time_next_week" for m in dates) or (
        "same time" in a.text[start:end].lower()
    )
    if time is None and same_time:
        time = contact.start_time
    if day is None and time is None:
        return False
    types = [
        key.split("|")[1]
        for key, span in a.spans_prefixed("ctype|")
        if start <= a.doc[span[0]].idx < end and key.endswith("strong")
    ]
    return NextAppointment(
        date=day.isoformat() if day else None,
        time=time,
        type=types[0] if types else _place_type(a.text[start:end]) or contact.type,
        evidence=a.evidence_chars(
            start,
            max(
                [m.end for m in dates]
                + [t.end for t in times]
                + [a.doc[cue[1] - 1].idx + len(a.doc[cue[1] - 1])]
            ),
        ),
        check=check,
    )


def weekday_check(m: DateMention, day: dt.date | None, reference: dt.date) -> str | None:
    """What the officer should check when a weekday and a day of the month disagree.

    "Thurs 14th" written in a month whose 14th is a Monday is read as the next 14th that
    is a Thursday, a month or more away. That is the only reading that keeps both words,
    but the officer may have meant Thursday the 10th or Monday the 14th, so it is said."""
    if day is None or m.weekday is None or m.day is None:
        return None
    written = calendar.day_name[m.weekday]
    if day.weekday() != m.weekday:  # no month nearby has that day on that weekday
        return f"{_day_month(day)} is a {day:%A}, not a {written}: check the date."
    plain = dataclasses.replace(m, weekday=None).resolve(reference, "future")
    if plain is None or plain == day:
        return None
    return (
        f"{_day_month(plain)} is a {plain:%A}, so \u201c{m.text}\u201d was read as "
        f"{longdate(day)}: check the date."
    )


def _day_month(day: dt.date) -> str:
    return f"{day.day} {day:%B}"


# The words that name the next appointment outright ("Next appt", "NEXT APPOINTMENT:", "Nxt",
# "NA"), as against a booking ("booked for 2.30", "booked her in with the debt advice service
# for Monday") that may be this contact's or another service's.
_NEXT_WORDS = frozenset(("next", "nxt", "na"))


def _names_next(a: Analysis, cue: TokenSpan) -> bool:
    """Whether a next-appointment cue names the next appointment outright, so that it wins
    over an earlier booking cue with a date: a dictated note that opens "call booked for
    too thirty" and ends "next appointment tuesday at for pm" means Tuesday."""
    return a.doc[cue[0]].lower_ in _NEXT_WORDS


def _in_week_commencing(dates: list[DateMention], reference: dt.date) -> dt.date | None:
    """The day a weekday names inside a week written as "w/c 12th" ("Weds w/c 12th Oct",
    "w/c 16th - Weds 10am"): the week's Monday moved on to that weekday."""
    weeks = [m for m in dates if m.kind == "week_commencing"]
    days = [m for m in dates if m.kind == "weekday" and m.weekday is not None]
    if not weeks or not days:
        return None
    monday = weeks[0].resolve(reference, "future")
    if monday is None:
        return None
    return monday + dt.timedelta(days=(days[0].weekday - monday.weekday()) % 7)  # type: ignore[operator]


def _instead(a: Analysis, mentions: Mentions, contact: Contact) -> NextAppointment | None:
    """A moved appointment kept in another form: "Craig rang to move Thursday's; we will
    do a phone call instead at the same time" is the next appointment, on the moved day and
    at its time, of the type the sentence names."""
    if contact.outcome != "rescheduled" or not contact.date:
        return None
    for sent in a.sents[1:]:
        if not plans_instead(sent):
            continue
        if mentions.dates_in(sent.start_char, sent.end_char):
            continue  # a day of its own is read by the cues and the closing sentence
        types = [
            key.split("|")[1]
            for key, span in a.spans_prefixed("ctype|")
            if sent.start <= span[0] < sent.end and key.endswith("strong")
        ]
        if not types:
            continue
        times = mentions.times_in(sent.start_char, sent.end_char)
        return NextAppointment(
            date=contact.date,
            time=times[0].value.strftime("%H:%M") if times else contact.start_time,
            type=types[0],
            evidence=a.evidence_chars(sent.start_char, sent.end_char),
        )
    return None


# Words that make a closing sentence about a probation appointment when no cue names it.
MEETING_WORDS = frozenset(
    """appointment appt appts see seen meet meeting visit call ring phone report office video
    teams session supervision ov hv tc vc contact speak back""".split()
)


def _closing_sentence(
    a: Analysis, mentions: Mentions, reference: dt.date, contact_day: dt.date, contact: Contact
) -> NextAppointment | None:
    """Officers end a note with the next appointment; when no cue names it ("Thursday at 2
    in the office then"), the last sentence with a future date and a meeting word is it."""
    sents = a.sents[-2:]
    for sent in reversed(sents):
        if sent.start == 0:
            continue  # the opening sentence tells of this contact, not the next
        words = {t.norm_ for t in sent}
        window = (sent.start_char, sent.end_char)
        if not words & MEETING_WORDS or _has(a, "next|not_probation", window):
            continue
        if _has(a, "next|none", window):
            return None
        in_week = _in_week_commencing(mentions.dates_in(*window), reference)
        for m in mentions.dates_in(*window):
            if m.kind == "weekday" and _told_in_the_past(a, sent, m):
                continue  # "he came back to the AP at 23:40 on Tuesday": a past day
            base = contact_day if m.kind in ("relative", "same_time_next_week") else reference
            day = in_week or m.resolve(base, "future")
            if day is not None and day > reference:
                times = mentions.times_in(m.start, sent.end_char) or mentions.times_in(*window)
                same_time = m.same_time or m.kind == "same_time_next_week"
                if not times and same_time and contact.start_time:
                    return NextAppointment(
                        date=day.isoformat(),
                        time=contact.start_time,
                        type=_place_type(sent.text) or contact.type,
                        evidence=a.evidence_chars(sent.start_char, sent.end_char),
                    )
                types = [
                    key.split("|")[1]
                    for key, span in a.spans_prefixed("ctype|")
                    if sent.start <= span[0] < sent.end and key.endswith("strong")
                ]
                return NextAppointment(
                    date=day.isoformat(),
                    time=times[0].value.strftime("%H:%M") if times else None,
                    type=types[0] if types else _place_type(sent.text) or contact.type,
                    evidence=a.evidence_chars(sent.start_char, sent.end_char),
                    check=weekday_check(m, day, reference) if base is reference else None,
                )
    return None


# A closing sentence telling what happened: a past verb before its day and nothing of a plan.
_PAST_VERBS = frozenset(
    """came went got returned arrived was were had did left took turned rolled stayed""".split()
)
_PLAN_WORDS = frozenset(
    """will 'll next coming booked booking arranged see until going told asked instructed
    reminded""".split()
)


def _told_in_the_past(a: Analysis, sent: Span, m: DateMention) -> bool:
    """Whether a bare weekday in a closing sentence is told of in the past tense ("came back
    at 23:40 on Tuesday"), with no word of a plan before it: a past day, not the next
    appointment ("was told to report back on Tuesday" is one)."""
    before = [t.lower_ for t in sent if t.idx < m.end]
    return bool(_PAST_VERBS.intersection(before)) and not _PLAN_WORDS.intersection(before)


def _has(a: Analysis, key: str, window: tuple[int, int], besides: TokenSpan | None = None) -> bool:
    """Whether a cue of a kind starts in a window of characters; with `besides`, one not
    inside that next-appointment cue of a probation programme ("next group session")."""
    inside = besides if besides is not None and _programme_cue(a, besides) else None
    return any(
        window[0] <= a.doc[s[0]].idx < window[1]
        and not (inside is not None and inside[0] <= s[0] and s[1] <= inside[1])
        for s in a.spans(key)
    )


# Accredited programmes are run by probation: their next group session is an appointment
# with probation, though one with the officer comes first when both are given.
_PROGRAMME = frozenset(("group", "programme", "program"))


def _programme_cue(a: Analysis, cue: TokenSpan) -> bool:
    """Whether a next-appointment cue names a programme's group ("next group session")."""
    return any(t.lower_ in _PROGRAMME for t in a.doc[cue[0] : cue[1]])
