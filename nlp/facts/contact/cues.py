"""Which cues hold: next-appointment cues, the sentences about this contact, and the
clause around a cue."""

from __future__ import annotations

import re

from spacy.tokens import Span

from nlp.analysis import Analysis, TokenSpan
from nlp.facts.contact.words import ARRIVAL


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
    starts = {s[0] for s in out}
    out += [f for f in _fragment_cues(a) if f[0] not in starts]
    out.sort()
    a.next_cues = out
    return out


# "Next Thurs 9.30", "Next -> 17/12 10:00 office", "Reminded NA Tue 7/7": a field or fragment
# opening with 'next' (or NA, next appointment) that goes straight to a day, date or time.
_FRAGMENT_OPENERS = frozenset(("next", "nxt"))
_FRAGMENT_LEADS = frozenset(("reminded", "confirmed", "given", "gave", "-", "•", "*", "(", ">"))
_FRAGMENT_WHEN = re.compile(
    r"[\s:=>\-–]*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|tomorrow\b|tmrw\b"
    r"|\d{1,2}(?:[/.:]\d|\d\d\b|(?:st|nd|rd|th)?\s+[a-z]{3}))",
    re.I,
)
# A subject makes it a sentence about something else: "Next Tuesday he starts his new job".
_FRAGMENT_SUBJECTS = frozenset(("he", "she", "they", "i", "we", "it", "his", "her", "their"))
_FRAGMENT_MAX_TOKENS = 16


def _fragment_cues(a: Analysis) -> list[TokenSpan]:
    """'Next' or 'NA' opening a short verbless fragment that names when: a next-appointment
    cue that the phrase list cannot hold, as it depends on where the word stands."""
    out = []
    for sent in a.sents:
        if len(sent) > _FRAGMENT_MAX_TOKENS:
            continue
        for tok in sent[:2]:
            opens = tok.lower_ in _FRAGMENT_OPENERS or tok.text == "NA"
            before = a.doc[tok.i - 1] if tok.i > sent.start else None
            # A line break before it is a line's start: "...(Weds).\nNext -> Thurs 10/12".
            if not opens or (
                before is not None and before.lower_ not in _FRAGMENT_LEADS and not before.is_space
            ):
                continue
            after = a.text[tok.idx + len(tok) : sent.end_char]
            rest = {t.lower_ for t in a.doc[tok.i + 1 : sent.end]}
            if _FRAGMENT_WHEN.match(after) and not rest & _FRAGMENT_SUBJECTS:
                out.append((tok.i, tok.i + 1))
                break
    return out


# "booked for 2.30, arrived ten to three": an arrival after the booking makes it this
# contact's booked time, not the next appointment.
_BOOKING_WORDS = frozenset(("booked", "due", "scheduled"))
ARRIVAL_REACH = 60  # characters after the cue an arrival word may stand


def names_when(a: Analysis, span: TokenSpan) -> bool:
    """Whether a day, date or time follows a cue straight away ("next appt tuesday at ten")."""
    end = a.doc[span[1] - 1].idx + len(a.doc[span[1] - 1])
    return _FRAGMENT_WHEN.match(a.text, end) is not None


# A day or date in a booking's sentence makes it a plan ("Booked for Thursday at 2").
_DAYISH = re.compile(
    r"\b(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*|tomorrow|tmrw|next|week|jan|feb|mar|apr|may"
    r"|jun|jul|aug|sep|oct|nov|dec)\b|\d(?:st|nd|rd|th)\b|\b\d{1,2}/\d{1,2}\b",
    re.I,
)


def _booked_then_arrived(a: Analysis, cue: TokenSpan, sent: Span) -> bool:
    """A booking cue followed in its sentence by an arrival: this contact's booked time.
    So is a dayless booking whose next sentence opens with the arrival ("Booked 13:50.
    Signed in at reception 14:17.")."""
    if a.doc[cue[0]].lower_ not in _BOOKING_WORDS:
        return False
    end = a.doc[cue[1] - 1].idx + len(a.doc[cue[1] - 1])
    if ARRIVAL.search(a.text, end, min(sent.end_char, end + ARRIVAL_REACH)) is not None:
        return True
    following = next_sentence(a, sent)
    if following is None or _DAYISH.search(a.text, sent.start_char, sent.end_char):
        return False
    reach = min(following.end_char, following.start_char + ARRIVAL_REACH)
    return ARRIVAL.search(a.text, following.start_char, reach) is not None


def next_sentence(a: Analysis, sent: Span) -> Span | None:
    """The sentence after `sent`, if any."""
    i = a.sentence_index(sent.start)
    sents = a.sents
    return sents[i + 1] if i + 1 < len(sents) else None


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
    chosen = [sents[i] for i in idx if not is_next_sentence(a, sents[i])]
    return chosen or sents[:1]


def is_next_sentence(a: Analysis, sent: Span) -> bool:
    cues = [c for c in next_cues(a) if sent.start <= c[0] < sent.end]
    return bool(cues) and cues[0][0] <= sent.start + 2


def before_next(a: Analysis, span: TokenSpan) -> bool:
    """A cue that stands before any next-appointment cue of its sentence."""
    sent = a.sentence(span[0])
    cues = [c for c in next_cues(a) if sent.start <= c[0] < sent.end]
    return not cues or span[0] < cues[0][0]


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


_INSTEAD = re.compile(r"\b(?:instead|same\s+time|same\s+day)\b", re.I)
_FUTURE = re.compile(r"\b(?:will|'ll|’ll|going\s+to|agreed\s+to|shall)\b", re.I)


def plans_instead(sent: Span) -> bool:
    """Whether a sentence plans a contact in place of one moved ("we will do a phone call
    instead at the same time"): the next appointment, not how this contact happened."""
    return bool(_INSTEAD.search(sent.text) and _FUTURE.search(sent.text))
