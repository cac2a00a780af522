"""The contact itself: its date, time, type, outcome, lateness, and the next appointment."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Span

from nlp.analysis import Analysis, TokenSpan
from nlp.datetimes.dates import DateMention, find_dates
from nlp.datetimes.times import TimeMention, find_times
from nlp.model import Contact, Evidence
from nlp.text.numbers import cardinal_pattern, words_to_int

MAX_CONTACT_AGE_DAYS = 45
MAX_MOVED_AHEAD_DAYS = 31
OUTCOME_ORDER = ("attended_failed_to_comply", "rescheduled", "attended_complied")
_NUM = rf"(?:\d{{1,3}}|{cardinal_pattern(1, 69)}|a few|a couple of)"
_LATE = re.compile(
    rf"\b(?:about |around |roughly |approx\.? |nearly |over )?({_NUM})\s*"
    r"(?:minutes?|mins?|min)\s+late\b|\blate by\s+({_NUM})\s*(?:minutes?|mins?)\b"
    r"|\b(half an|an|one|two) hours?\s+late\b",
    re.I,
)
_DURATION = re.compile(
    rf"\b(?:for|lasted|lasting|a|an)\s+({_NUM})[ -]?(?:minutes?|mins?)\b"
    r"(?!\s+late)|\b(half an hour|an hour|one hour)\b(?!\s+late)",
    re.I,
)
_ARRIVAL = re.compile(
    r"\b(?:came in(?:to)?|come in(?:to)?|arrived|arr|turned up|got here|showed up|attended|"
    r"joined|logged on|answered|walked in|wandered in|strolled in|rolled in|rocked up|"
    r"got in|made it in|signed in|reported in|appeared)\b",
    re.I,
)
# "arr 10:25 for 10:00": the arrival named before the booked time.
_ARRIVED_FOR = re.compile(r"\barr(?:ived)?\.?\s*(?:at\s*)?$", re.I)
# "came in at ten past eleven for his eleven o'clock appointment": arrival, then booking.
_BOOKED = re.compile(r"\b(?:booked|due|scheduled|appt|appointment)\b", re.I)
_FOR_BOOKED = re.compile(r"\s*for\s+(?:his|her|their|the|an?)?\s*$", re.I)
# "booked for nine but didn't come in till twenty past": minutes past the booked hour.
_PAST_HOUR = re.compile(rf"\b(?:till|until|at|by)\s+({_NUM}|quarter|half)\s+past\b", re.I)
_PLACE = re.compile(
    r"\b(?:at|in) (?:the )?((?:[A-Z][a-z]+ ){1,3}(?:office|reporting centre|hub|"
    r"probation office))\b"
)


@dataclass(frozen=True)
class Mentions:
    """Date and time expressions of the note, found once."""

    dates: tuple[DateMention, ...]
    times: tuple[TimeMention, ...]

    @classmethod
    def of(cls, text: str) -> Mentions:
        """Find every date and time in the text."""
        return cls(tuple(find_dates(text)), tuple(find_times(text)))

    def dates_in(self, start: int, end: int) -> list[DateMention]:
        """Date mentions inside the character range."""
        return [m for m in self.dates if m.start >= start and m.end <= end]

    def times_in(self, start: int, end: int) -> list[TimeMention]:
        """Time mentions inside the character range."""
        return [m for m in self.times if m.start >= start and m.end <= end]


def next_cues(a: Analysis) -> list[TokenSpan]:
    """Next-appointment cues, less those about the past ("he was booked in for ten") or
    about the appointment being moved ("booked for Wed 3/6 has been moved"). Worked out
    once per note: every contact and appointment rule asks."""
    if a.next_cues is not None:
        return a.next_cues
    past = a.spans("next|past_tense")
    moved = a.spans("outcome|rescheduled")
    out = []
    for s in a.spans("next|cues"):
        if any(p[1] in (s[0], s[0] - 1) for p in past):
            continue
        sent = a.sentence(s[0])
        if any(s[1] <= m[0] < sent.end and not _cue_is_move(a, s, m) for m in moved):
            continue
        if _booked_then_arrived(a, s, sent):
            continue
        out.append(s)
    a.next_cues = out
    return out


# "booked for 2.30, arrived ten to three": an arrival after the booking makes it this
# contact's booked time, not the next appointment.
_BOOKING_WORDS = frozenset(("booked", "due", "scheduled"))
_ARRIVAL_REACH = 60  # characters after the cue an arrival word may stand


def _booked_then_arrived(a: Analysis, cue: TokenSpan, sent: Span) -> bool:
    """A booking cue followed in its sentence by an arrival: this contact's booked time."""
    if a.doc[cue[0]].lower_ not in _BOOKING_WORDS:
        return False
    end = a.doc[cue[1] - 1].idx + len(a.doc[cue[1] - 1])
    return _ARRIVAL.search(a.text, end, min(sent.end_char, end + _ARRIVAL_REACH)) is not None


def _cue_is_move(a: Analysis, cue: TokenSpan, move: TokenSpan) -> bool:
    """'moved it to Monday': the cue that names the new time is the move itself."""
    return cue[0] <= move[0] < cue[1] or move[0] <= cue[0] < move[1]


def next_cue_starts(a: Analysis) -> list[int]:
    """Character offsets where a next-appointment cue begins."""
    return [a.doc[s[0]].idx for s in next_cues(a)]


def contact_sentences(a: Analysis) -> list[Span]:
    """Sentences that describe the contact itself (not the next appointment)."""
    keys = [k for k in a.matches if k.startswith(("ctype|", "outcome|"))]
    idx = sorted({a.sentence_index(s[0]) for k in keys for s in a.spans(k)})
    sents = a.sents
    chosen = [sents[i] for i in idx if not _is_next_sentence(a, sents[i])]
    return chosen or sents[:1]


def _is_next_sentence(a: Analysis, sent: Span) -> bool:
    cues = [c for c in next_cues(a) if sent.start <= c[0] < sent.end]
    return bool(cues) and cues[0][0] <= sent.start + 2


def _before_next(a: Analysis, span: TokenSpan) -> bool:
    """A cue that stands before any next-appointment cue of its sentence."""
    sent = a.sentence(span[0])
    cues = [c for c in next_cues(a) if sent.start <= c[0] < sent.end]
    return not cues or span[0] < cues[0][0]


def contact_type(a: Analysis) -> tuple[str | None, TokenSpan | None]:
    """The contact's type: the earliest strong cue, else a weak one (office first).

    A place named in the opening sentence ("seen on the ward", "at the magistrates'")
    counts as strong: the opening sentence is where officers say where the contact was.
    """
    ctype, span, strength = _type_from_cues(a)
    if ctype in ("telephone", "text_or_email", None) or strength == "weak":
        return _reported_session(a) or (ctype, span)
    return ctype, span


# Weak place words that decide when named in the opening sentence ("Approved premises -
# room 4, ...", "seen on the ward"): there officers say where the contact was.
_OPENING_PLACES = ("ctype|other_face_to_face|weak", "ctype|home_visit|weak")


def _reported_session(a: Analysis) -> tuple[str, TokenSpan] | None:
    """A call or email from the staff who ran a session (an unpaid work supervisor, approved
    premises staff): by the labelling conventions the contact is the session itself."""
    early_end = a.sents[:2][-1].end
    for key, span in a.spans_prefixed("ctype_report|"):
        if span[0] < early_end and a.status(span) == "present" and _before_next(a, span):
            return key.split("|")[1], span
    return None


def _type_from_cues(a: Analysis) -> tuple[str | None, TokenSpan | None, str | None]:
    """The earliest strong type cue, else a weak one (office first)."""
    first_end = next(iter(a.sents)).end
    for strength in ("strong", "weak"):
        found = [
            (span, key.split("|")[1])
            for key, span in a.spans_prefixed("ctype|")
            if (
                key.endswith(strength)
                or (strength == "strong" and key in _OPENING_PLACES and span[0] < first_end)
            )
            and _before_next(a, span)
            and not _is_next_sentence(a, a.sentence(span[0]))
        ]
        if strength == "weak":
            found.sort(key=lambda f: (f[1] != "office_visit", f[0]))
        else:  # at one place the longest cue names it: "prison video link" is a video call
            found.sort(key=lambda f: (f[0][0], -f[0][1]))
        if found:
            return found[0][1], found[0][0], strength
    return None, None, None


def outcome(a: Analysis, first: Span) -> tuple[str | None, TokenSpan | None]:
    """The outcome per the labelling conventions: absences first, then failures to comply."""
    # An absence is the contact only when the note opens with it, not a missed
    # unpaid work session mentioned later on.
    early_end = max(first.end, a.sents[:2][-1].end)
    blocked = {b[1] for b in a.spans("outcome_blocked_after")}
    absent = [
        s
        for s in a.spans("outcome|failed_to_attend")
        if s[0] < early_end
        and _before_next(a, s)
        and s[0] not in blocked
        # words after an absence describe it ("missed it, no contact since"): a condition
        # ("a further absence would...") comes before the cue
        and decided(a, s, after=0)
    ]
    if absent:
        for code in ("unacceptable_absence", "acceptable_absence"):
            judged = [s for s in a.spans(f"outcome|{code}") if decided(a, s)]
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
            if _before_next(a, s) and a.status(s) not in ("negated", "hypothetical")
        ]
        if code == "rescheduled":
            spans = [s for s in spans if s[0] < early_end]
        if spans:
            return code, spans[0]
    return None, None


def decided(a: Analysis, span: TokenSpan, after: int = 4) -> bool:
    """A cue stated as done now, not denied, past, possible or conditional ("a further
    absence would lead to...", "received a warning letter in August")."""
    if a.own_status(span) not in ("present", "other_person"):
        return False
    start, end = clause(a, span)
    lo, hi = max(start, span[0] - 12), min(end, span[1] + after)
    return not any(lo <= c[0] < hi and not (span[0] <= c[0] < span[1]) for c in a.spans("enf_cond"))


CLAUSE_BREAKS = {";", "but", "however", "although", "though", "whereas", "except"}
# A comma before one of these starts a new clause: "..., and she agreed that ...".
AFTER_COMMA = {"and", "which", "who", "so", "while", "whilst", "a", "the", "i", "we", "he", "she"}


def clause(a: Analysis, span: TokenSpan) -> TokenSpan:
    """The clause around a cue: its sentence cut at semicolons, contrast words and commas
    that start a new clause."""
    sent = a.sentence(span[0])

    def breaks(i: int) -> bool:
        word = a.doc[i].lower_
        return word in CLAUSE_BREAKS or (
            word == "," and i + 1 < sent.end and a.doc[i + 1].lower_ in AFTER_COMMA
        )

    lo = span[0]
    while lo > sent.start and not breaks(lo - 1):
        lo -= 1
    hi = span[1]
    while hi < sent.end and not breaks(hi):
        hi += 1
    return lo, hi


def contact_facts(a: Analysis, mentions: Mentions, reference: dt.date) -> Contact:
    """Date, time, type, outcome, lateness, duration and place of the contact."""
    sents = contact_sentences(a)
    first = sents[0]
    evidence: dict[str, Evidence] = {}
    ctype, type_span = contact_type(a)
    if type_span:
        evidence["type"] = a.evidence(type_span)
    code, out_span = outcome(a, first)
    if code is None and ctype is not None:
        code = "attended_complied"
    if out_span:
        evidence["outcome"] = a.evidence(out_span)
    date, date_m = _contact_date(a, mentions, sents, reference, code == "rescheduled")
    if date_m:
        evidence["date"] = a.evidence_chars(date_m.start, date_m.end)
    times = _contact_times(a, mentions, sents)
    start_time = times[0].value.strftime("%H:%M") if times else None
    if times:
        evidence["start_time"] = a.evidence_chars(times[0].start, times[0].end)
    late = _late_minutes(a, mentions, sents)
    duration = _duration(sents)
    place = _PLACE.search(a.text)
    return Contact(
        date=date.isoformat(),
        start_time=start_time,
        duration_minutes=duration,
        type=ctype,
        outcome=code,
        late_minutes=late,
        location=place.group(1).strip() if place else None,
        evidence=evidence,
    )


def _contact_date(
    a: Analysis, mentions: Mentions, sents: list[Span], reference: dt.date, moved: bool
) -> tuple[dt.date, DateMention | None]:
    """The date the contact is said to have happened, in the note's opening sentences.

    A moved appointment is the contact, so its date may lie ahead of the note. Dates of
    other events ("since his release last Friday", "arrested on Saturday") are passed over.
    """
    all_sents = a.sents
    # The first sentence; the second too when it is about the contact and the first is not
    # ("Sam Reed. Seen in the office on Monday"). After "Tom came in at 4pm." the next
    # sentence's days are other events ("he told me ... on Saturday").
    opening = all_sents[:1]
    if all_sents and all_sents[0] not in sents:
        opening += [s for s in sents if s.start < all_sents[:2][-1].end]
    blockers = {t for s in a.spans("date_not_after") for t in range(s[1], s[1] + 4)}
    moves = [a.doc[s[0]].idx for s in a.spans("outcome|rescheduled")]
    earliest = reference - dt.timedelta(days=MAX_CONTACT_AGE_DAYS)
    latest = reference + dt.timedelta(days=MAX_MOVED_AHEAD_DAYS if moved else 0)
    for sent in sorted(set(opening), key=lambda s: s.start):
        limit = min([c for c in next_cue_starts(a) if c >= sent.start_char] + [sent.end_char])
        found = mentions.dates_in(sent.start_char, limit)
        if moved:  # "rang this morning to move his OV on Monday": the moved one first
            found.sort(key=lambda m: not any(c < m.start for c in moves))
        for m in found:
            first = a.doc.char_span(m.start, m.end, alignment_mode="expand")
            if m.kind == "same_time_next_week" or first is None:
                continue
            if first.start in blockers:  # "following her release on licence last Friday"
                continue
            day = m.resolve(reference, "nearest" if moved else "past")
            # Notes are written within weeks of the contact; "RAR session 4/10" is no date.
            if day is not None and earliest <= day <= latest:
                return day, m
    return reference, None


def _contact_times(a: Analysis, mentions: Mentions, sents: list[Span]) -> list[TimeMention]:
    for sent in sents:
        limit = min([c for c in next_cue_starts(a) if c >= sent.start_char] + [sent.end_char])
        found = mentions.times_in(sent.start_char, limit)
        if found:
            return found
    return []


def _late_minutes(a: Analysis, mentions: Mentions, sents: list[Span]) -> int | None:
    """Minutes late, as stated or from the booked and arrival times."""
    first_next = min(next_cue_starts(a) + [len(a.text)])
    before = [s for s in a.sents if s.start_char < first_next]
    for sent in before:
        m = _LATE.search(sent.text)
        if m:
            if m.group(3):
                return (
                    30 if m.group(3).lower() == "half an" else 60 * (words_to_int(m.group(3)) or 1)
                )
            value = _count(m.group(1) or m.group(2))
            if value is not None and 0 < value <= 240:
                return value
    # The booked and arrival times may stand in a sentence of their own ("Booked for 2.30,
    # arrived at ten to three")
    # "Booked for" there reads as a next-appointment cue, so the arrival word decides.
    booked = [
        s
        for s in a.sents
        if _BOOKED.search(s.text) and _ARRIVAL.search(s.text) and s not in sents[:2]
    ]
    for sent in sents[:2] + booked:
        gap = _gap(a.text, mentions.times_in(sent.start_char, sent.end_char), sent.end_char)
        if gap is not None:
            return gap
    return None


def _count(text: str) -> int | None:
    text = text.lower()
    if text in ("a few", "a couple of"):
        return None
    return words_to_int(text)


def _gap(text: str, times: list[TimeMention], end: int) -> int | None:
    """Minutes between a booked time and the arrival time written after it."""

    def minutes(t: TimeMention) -> int:
        return t.value.hour * 60 + t.value.minute

    if len(times) >= 2:
        first, second = times[0], times[1]
        between = text[first.end : second.start]
        arrived_first = _ARRIVED_FOR.search(text[max(0, first.start - 12) : first.start]) or (
            _FOR_BOOKED.match(between)
            and _ARRIVAL.search(text[max(0, first.start - 60) : first.start])
        )
        if arrived_first:
            gap = minutes(first) - minutes(second)  # "arr 10:25 for 10:00"
        elif _ARRIVAL.search(between):
            gap = minutes(second) - minutes(first)
        else:
            return None
        return gap if 0 < gap <= 180 else None
    if len(times) == 1:
        past = _PAST_HOUR.search(text, times[0].end, end)
        if past and _ARRIVAL.search(text, times[0].end, past.start()):
            word = past.group(1).lower()
            late = 15 if word == "quarter" else 30 if word == "half" else _count(word)
            return late if late and 0 < late < 60 else None
    return None


def _duration(sents: list[Span]) -> int | None:
    for sent in sents:
        m = _DURATION.search(sent.text)
        if m:
            if m.group(2):
                return 30 if m.group(2).lower().startswith("half") else 60
            value = words_to_int(m.group(1))
            if value is not None and 0 < value <= 600:
                return value
    return None
