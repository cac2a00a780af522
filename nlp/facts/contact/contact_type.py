"""The contact's type (office, home visit, call, video, elsewhere)."""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Token

from nlp.analysis import Analysis, TokenSpan
from nlp.facts.contact.cues import before_next, clause, is_next_sentence, plans_instead
from nlp.resources import resource


@cache
def follow_up_words() -> frozenset[str]:
    """Calls and messages that chase a missed appointment (`absence_follow_ups`)."""
    return frozenset(resource("contact.json")["absence_follow_ups"])


ABSENCES = frozenset(("failed_to_attend", "acceptable_absence", "unacceptable_absence"))


def contact_type(
    a: Analysis, absence: TokenSpan | None = None
) -> tuple[str | None, TokenSpan | None]:
    """The contact's type: the earliest strong cue, else a weak one (office first).

    A place named in the opening sentence ("seen on the ward", "at the magistrates'")
    counts as strong: the opening sentence is where officers say where the contact was.
    When the contact is an absence (`absence`, the cue the outcome was read from), calls
    and messages after it are the officer chasing it up, not the missed appointment's type;
    an absence no cue types was an appointment to attend, an office visit.
    """
    ctype, span, strength = _type_from_cues(a, absence)
    call = _opening_call(a) if absence is None else None
    if call is not None and not (strength == "strong" and ctype in _MET_IN_PERSON):
        # "Jay rang at 9.15, worried ... he was at the magistrates' this morning ...
        # Reminded him of his appointment": the person's call is the contact.
        return "telephone", call
    if ctype in ("telephone", "text_or_email", None) or strength == "weak":
        ctype, span = _reported_session(a) or (ctype, span)
    if ctype is None and absence is not None:
        return "office_visit", None
    if ctype is None:
        opening = _opening_meeting(a)
        if opening is not None:
            return "office_visit", opening
    return ctype, span


# A note that opens with the person calling: "Jay rang at 9.15", "She phoned this morning".
_CALLED = frozenset(("rang", "phoned", "called", "rung", "telephoned", "rang in", "phoned in"))
_CALLERS = frozenset(("he", "she", "they", "pop", "pp"))
_MET_IN_PERSON = frozenset(("office_visit", "home_visit", "video"))


def _opening_call(a: Analysis) -> TokenSpan | None:
    """The "rang"/"phoned" of a note whose first words are its caller, the person on
    probation by name or pronoun (never "I rang" or "Rang her": the officer's own call)."""
    doc = a.doc
    if len(doc) < 2:
        return None
    first, second = doc[0], doc[1]
    caller = first.lower_ in _CALLERS or (first.is_title and first.is_alpha and first.i == 0)
    if not (caller and second.lower_ in _CALLED and first.lower_ not in ("i", "we")):
        return None
    # "rang at 9 to say he was stuck", "rang to cancel": a message about an appointment,
    # which is the contact (moved, missed or attended late), not the call itself.
    if _ABOUT_IT.search(next(iter(a.sents)).text) or any(
        a.spans(f"outcome|{code}") for code in ("rescheduled", *ABSENCES)
    ):
        return None
    return second.i, second.i + 1


_ABOUT_IT = re.compile(
    r"\b(?:to say|saying|to tell|to let (?:me|us) know|to explain|to warn|to ask|asking|"
    r"to cancel|to move|to rearrange|to rebook|arrived|running late)\b",
    re.I,
)


# "saw craig today he was fine": a note that opens by saying the officer met the person, with
# no place or medium anywhere, records a meeting where officers see people, the office.
_MEETING_OPENERS = frozenset(("saw", "seen", "met"))
_OPENING_SKIP = 3  # a date or a heading may come first: "12/5 - saw Craig", "Tues: seen"


def _opening_meeting(a: Analysis) -> TokenSpan | None:
    """The "saw"/"seen"/"met" among a note's first few tokens, before any word but a date."""
    for tok in a.doc[:_OPENING_SKIP]:
        if tok.lower_ in _MEETING_OPENERS:
            return tok.i, tok.i + 1
        if not _before_opening(tok):
            return None
    return None


def _before_opening(tok: Token) -> bool:
    """A token that may stand before "saw": punctuation, a number, "I", "we" or a day."""
    if not tok.is_alpha or tok.like_num:
        return True
    return tok.lower_ in ("i", "we") or tok.lower_[:3] in _WEEKDAY_STEMS


_WEEKDAY_STEMS = frozenset(("mon", "tue", "wed", "thu", "fri", "sat", "sun", "tod", "yes"))


# Places someone is taken or held, which explain an absence rather than type it.
_HELD_PLACES = frozenset(
    "custody cells police station hospital ward a&e magistrates crown court prison".split()
)


def _follow_up(a: Analysis, key: str, span: TokenSpan, absence: TokenSpan | None) -> bool:
    """A call or message after the absence the contact is ("did not attend. Rang his
    mobile, no answer. Letter sent."): how the officer chased it, not how it was to happen.
    Only the verbs of calling and writing count (`absence_follow_ups` in contact.json); a
    planned call or a phone appointment names the contact wherever it stands."""
    if absence is None or span[0] < absence[1]:
        return False
    if key.startswith("ctype|other_face_to_face|") and span[0] >= a.sentence(absence[0]).end:
        # "did not attend his 11am. ... Checked with the custody suite": where he was kept,
        # after the absence's own sentence, is not where the appointment was booked.
        words = {t.lower_ for t in a.doc[span[0] : span[1]]}
        return bool(words & _HELD_PLACES)
    if not key.startswith(("ctype|telephone|", "ctype|text_or_email|")):
        return False
    return a.doc[span[0] : span[1]].text.lower() in follow_up_words()


# Weak place words that decide when named in the opening sentence ("Approved premises -
# room 4, ...", "seen on the ward"): there officers say where the contact was.
_OPENING_PLACES = ("ctype|other_face_to_face|weak", "ctype|home_visit|weak")


def _reported_session(a: Analysis) -> tuple[str, TokenSpan] | None:
    """A call or email from the staff who ran a session (an unpaid work supervisor, approved
    premises staff): by the labelling conventions the contact is the session itself."""
    early_end = a.sents[:2][-1].end
    for key, span in a.spans_prefixed("ctype_report|"):
        # ConText's status only: the reporter is someone else by definition ("Dave (UPW
        # supervisor) rang"), so whose clause it is cannot rule the report out.
        present = a.assertion(span).status == "present"
        if span[0] < early_end and present and before_next(a, span):
            return key.split("|")[1], span
    return None


def _opening_place(key: str, span: TokenSpan, first_end: int) -> bool:
    """A weak place word in the opening sentence, which says where the contact was."""
    return key in _OPENING_PLACES and span[0] < first_end


# The whole note is not tagged (only cue sentences are parsed), so a cue that is just a place
# is told by its first word.
_PLACE_PREPOSITIONS = frozenset({"at", "on", "in", "inside", "outside"})


def bare_place(a: Analysis, key: str, span: TokenSpan) -> bool:
    """A place cue that may say where someone else is, so whose clause it stands in is asked
    of the parse: a weak cue, or one opening with a preposition ("on the ward"). "home visit"
    or "visited in prison" name the contact itself whoever else the sentence mentions.
    (`nlp.parse_ahead` asks this too, to parse only the sentences this rule will read.)"""
    if not key.startswith(("ctype|other_face_to_face|", "ctype|home_visit|")):
        return False
    return key.endswith("|weak") or a.doc[span[0]].lower_ in _PLACE_PREPOSITIONS


def _someone_elses_place(a: Analysis, key: str, span: TokenSpan) -> bool:
    """A bare place in a clause about someone else ("rang to say her daughter is in
    hospital", "his mum is on the ward") says where they are, not where the contact was."""
    return bare_place(a, key, span) and a.fact_status(span) == "other_person"


# Words that make a contact word a habit of the person's life, not this contact:
# "he has video calls with the children weekly", "rings his mum every day".
_HABIT_WORDS = frozenset(
    "weekly daily fortnightly nightly monthly regularly every each twice once usually".split()
)
HABIT_REACH = 6


def _a_habit(a: Analysis, span: TokenSpan) -> bool:
    """A type cue whose own clause goes on to say how often it happens: a routine the note
    describes ("video calls weekly" with his children), not how this contact took place."""
    _start, end = clause(a, span)
    after = a.doc[span[1] : min(end, span[1] + HABIT_REACH)]
    return any(t.lower_ in _HABIT_WORDS for t in after)


def _compound_head(a: Analysis, span: TokenSpan) -> bool:
    """A cue word that opens a hyphenated word ("no further call-outs to the address", "a
    call-back was requested") is that other word, not how the contact took place."""
    last, nxt = span[1] - 1, span[1]
    if nxt + 1 >= len(a.doc) or a.doc[nxt].text not in {"-", "‐"}:
        return False
    return not a.doc[last].whitespace_ and not a.doc[nxt].whitespace_ and a.doc[nxt + 1].is_alpha


def _part_of_enforcement(a: Analysis, span: TokenSpan) -> bool:
    """A letter that is an enforcement decision ("warning letter sent", "breach letter")
    is how the decision went out, not how the contact took place."""
    return any(e[0] < span[1] and span[0] < e[1] for _key, e in a.spans_prefixed("enf|"))


def _type_from_cues(
    a: Analysis, absence: TokenSpan | None
) -> tuple[str | None, TokenSpan | None, str | None]:
    """The earliest strong type cue, else a weak one (office first)."""
    first_end = next(iter(a.sents)).end
    for strength in ("strong", "weak"):
        found = [
            (span, key.split("|")[1])
            for key, span in a.spans_prefixed("ctype|")
            if (
                key.endswith(strength)
                or (strength == "strong" and _opening_place(key, span, first_end))
            )
            and not _someone_elses_place(a, key, span)
            and not (key.startswith("ctype|text_or_email|") and _part_of_enforcement(a, span))
            and not _a_habit(a, span)
            and not _compound_head(a, span)
            and not _follow_up(a, key, span, absence)
            and before_next(a, span)
            and not is_next_sentence(a, a.sentence(span[0]))
            and not (span[0] >= first_end and plans_instead(a.sentence(span[0])))
        ]
        if strength == "weak":
            found.sort(key=lambda f: (f[1] != "office_visit", f[0]))
        else:  # at one place the longest cue names it: "prison video link" is a video call
            found.sort(key=lambda f: (f[0][0], -f[0][1]))
            found = _meeting_placed(a, found)
        if found:
            return found[0][1], found[0][0], strength
    return None, None, None


# How far after a meeting word its place may be named: "three-way meeting at the office".
_MEETING_PLACE_REACH = 2


def _meeting_placed(a: Analysis, found: list[tuple[TokenSpan, str]]) -> list[tuple[TokenSpan, str]]:
    """A meeting word ("three-way meeting", "joint meeting") says who met, not where: when an
    office or home cue follows it at once ("three-way meeting at the office with his social
    worker"), that place is the contact's type."""
    if not found or found[0][1] != "other_face_to_face":
        return found
    first = found[0][0]
    if a.doc[first[1] - 1].lower_ not in ("meeting", "meet"):
        return found
    for span, ctype in found[1:]:
        if (
            ctype in ("office_visit", "home_visit")
            and first[1] <= span[0] <= first[1] + _MEETING_PLACE_REACH
        ):
            return [(span, ctype), *[f for f in found if f[0] != span]]
    return found
