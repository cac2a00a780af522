"""Actions done or agreed in this contact: referrals and police liaison."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Span

from nlp.analysis import Analysis, TokenSpan
from nlp.facts.contact import Mentions, clause, next_cues
from nlp.facts.contact.cues import names_when
from nlp.model import ACTION_CODES, Action

OFFICER = {"i", "we", "i've", "writer", "officer", "me", "myself", "po", "pso"}
PERSON = {"he", "she", "they", "pop", "him", "her", "them"}
OTHER = {
    "keyworker",
    "key",
    "worker",
    "gp",
    "nurse",
    "police",
    "doctor",
    "team",
    "service",
    "agency",
    "idva",
    "psychiatrist",
    "landlord",
    "hostel",
    "staff",
    "council",
    "mentor",
}

# "I want him to see ...": verbs of wanting or asking, and the meeting a service they ask for.
_WANTING = {
    "want",
    "wants",
    "wanted",
    "asked",
    "told",
    "advised",
    "encouraged",
    "expect",
    "need",
    "needs",
    "like",
    "urged",
    "instructed",
    "require",
    "required",
}
_MEETING = {"see", "meet", "attend", "engage", "work", "speak", "talk", "be"}

# Verbs whose object is the person an action is done for, not the one doing it.
_OBJECTS = {"him", "her", "them"}
_DONE_FOR = {
    "booked",
    "book",
    "booking",
    "referred",
    "refer",
    "referring",
    "registered",
    "register",
    "signed",
    "sign",
    "enrolled",
    "enrol",
    "put",
    "added",
    "add",
    "got",
    "placed",
    "gave",
    "give",
    "given",
}


def actions(
    a: Analysis, mentions: Mentions, reference: dt.date, person_words: set[str]
) -> tuple[Action, ...]:
    """The first qualifying mention of each action code."""
    out: list[Action] = []
    for code in ACTION_CODES:
        doing = "police" if code == "police_liaison" else "referral"
        for span in a.spans(f"act|{code}"):
            status = a.status(span)
            if status in ("negated", "historical") or (status == "hypothetical" and _if(a, span)):
                continue  # "if she uses while caring for the kids I would need to refer"
            sent = a.sentence(span[0])
            lo, hi = clause(a, span)
            lo = _conjunct_start(a, lo, span[0])  # "emailed her keyworker and referred her"
            if any(lo <= s[0] < hi for s in _not_doing(a)) or _field_label(a, span):
                continue
            if doing == "referral" and _contacted_about_else(a, span, sent):
                continue  # "emailed the housing officer about the flood repairs"
            if doing == "police" and sent.text.rstrip().endswith("?"):
                continue  # "Any contact with the police?": a question put to the person
            if not any(
                sent.start <= s[0] < sent.end
                and a.statement_index(s[0]) == a.statement_index(span[0])
                and not _inside(s, span)
                # "a flat for her, but nothing is agreed yet"; yet "no job, so I referred him"
                and not (a.status(s) == "negated" and not lo <= s[0] < hi)
                and not _service_gives(a, span, s)
                for s in a.spans(f"act_doing|{doing}")
            ):
                continue
            if code == "police_liaison" and _own_report(a, span, sent):
                continue  # "she reported her ex to the police": her own report, not liaison
            out.append(
                Action(
                    code=code,
                    owner=_owner(a, span, person_words),
                    due=_due(a, mentions, span, reference),
                    evidence=a.clause_evidence(span),
                )
            )
            break
    return tuple(out)


# A second verb joined by "and" starts a deed of its own: "I emailed her keyworker and
# referred her to the housing team" is a referral, whatever the first verb was.
_JOINED = {"and", "then", "&"}
_DEED_WORDS = {"made", "sent", "gave", "rang", "put", "got", "did", "also", "then", "have",
               "will", "i", "we", "he", "she", "they"}  # fmt: skip


def _conjunct_start(a: Analysis, lo: int, start: int) -> int:
    """Where the last "and <verb>" before a cue begins its own verb phrase, else lo."""
    for i in range(start - 1, lo, -1):
        word = a.doc[i].lower_
        nxt = a.doc[i + 1].lower_ if i + 1 < len(a.doc) else ""
        if word in _JOINED and (nxt in _DEED_WORDS or (nxt.endswith("ed") and len(nxt) > 4)):
            return i + 1
    return lo


# Contacting a service about some other matter is no referral: "I've emailed the housing
# officer about the flood repairs", "rang the drug worker about his prescription times".
_TOPIC_WORDS = {"about", "regarding", "re", "concerning", "over"}
_REFERRAL_TOPIC = frozenset(
    """referral refer referring application apply applying register registering registration
    assessment place bed room flat accommodation housing rehousing homeless homelessness move
    moving support appointment appt treatment help getting finding space vacancy offer""".split()
)


def _contacted_about_else(a: Analysis, span: TokenSpan, sent: Span) -> bool:
    """Whether the service is only told or asked something ("emailed ... about the
    repairs"): a telling verb just before it, "about" just after, and nothing in the topic
    or the rest of the clause of a referral, application or a place."""
    before = [t.lower_ for t in a.doc[max(sent.start, span[0] - 4) : span[0]]]
    if not any(w in _TELLING for w in before):
        return False
    after = [t.lower_ for t in a.doc[span[1] : min(sent.end, span[1] + 2)]]
    if not any(w in _TOPIC_WORDS for w in after):
        return False
    return not _topic(a, span[1], sent.end) & _REFERRAL_TOPIC


def _topic(a: Analysis, start: int, end: int) -> set[str]:
    """The words of what a service was contacted about, up to a comma or a second deed
    ("... about the flood repairs and will refer her to the debt advice service": that
    referral is another deed, not the topic)."""
    words: set[str] = set()
    for i in range(start, end):
        word = a.doc[i].lower_
        nxt = a.doc[i + 1].lower_ if i + 1 < len(a.doc) else ""
        if word in {",", ";"} or (
            word in _JOINED and (nxt in _DEED_WORDS or (nxt.endswith("ed") and len(nxt) > 4))
        ):
            break
        words.add(word)
    return words


def _not_doing(a: Analysis) -> list[TokenSpan]:
    """Cues that an action is not done now, less the next appointment with its day or time:
    run on in dictation ("i said i would refer him to the housing team next appt tuesday at
    ten") it is a new statement, not a referral left for the next appointment."""
    nexts = set(next_cues(a))
    return [s for s in a.spans("act_not") if not (s in nexts and names_when(a, s))]


def _if(a: Analysis, span: TokenSpan) -> bool:
    """A condition opens the cue's sentence before it ("agreed that I could refer" has none)."""
    sent = a.sentence(span[0])
    return any(t.lower_ in ("if", "unless") for t in a.doc[sent.start : span[0]])


def _field_label(a: Analysis, span: TokenSpan) -> bool:
    """'ETE: started a course': a heading that names the area, not a service referred to."""
    after = span[1]
    starts_line = span[0] == 0 or "\n" in a.doc[span[0] - 1].text_with_ws
    return starts_line and after < len(a.doc) and a.doc[after].text in (":", "-", "–", "->")


def _inside(a: TokenSpan, b: TokenSpan) -> bool:
    return b[0] <= a[0] and a[1] <= b[1]


def _owner(a: Analysis, span: TokenSpan, person_words: set[str]) -> str:
    """Who does it: the nearest subject before the cue in its clause."""
    sent = a.sentence(span[0])
    words = [t.lower_ for t in a.doc[sent.start : span[0]]]
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if word in _OBJECTS and i > 0 and words[i - 1] in _DONE_FOR:
            continue  # "booked her in with", "referred him to": she is who it is done for
        if word in _OBJECTS and _sent_to_meet(words, i):
            continue  # "I want him to see the alcohol worker": the officer arranges it
        if word in OFFICER:
            return "officer"
        if word in _OBJECTS and set(words[i + 1 : i + 3]) & OTHER:
            continue  # "her keyworker", "her support worker": whose worker, not who acts
        if word in PERSON or word in person_words:
            return "person"
        if word in OTHER and not _told(words, i):
            return "other"
    return "officer"


# Verbs whose object is someone told, not someone doing: "let the DV worker know and made a
# MARAC referral", "emailed her keyworker and referred her" (the officer did both).
_TELLING = {"let", "told", "informed", "emailed", "rang", "phoned", "called", "contacted",
            "updated", "messaged", "texted", "asked", "copied", "cc"}  # fmt: skip


def _told(words: list[str], i: int) -> bool:
    """Whether the agency word at i is the object of a telling verb a few words before it,
    and not the subject of a clause of its own ("rang her keyworker, who will refer her")."""
    if words[i + 1 : i + 2] in (["who"], [","]):
        return False
    return any(w in _TELLING for w in words[max(0, i - 4) : i])


def _sent_to_meet(words: list[str], i: int) -> bool:
    """Whether the object pronoun at i is someone the subject wants or asks to meet a service
    ("I want him to see the alcohol worker", "asked her to meet the housing officer"): seeing
    a service is arranged by whoever wants it, whereas "asked him to ring Shelter" or "to
    self-refer" leaves the doing to him."""
    return (
        i > 0
        and words[i - 1] in _WANTING
        and words[i + 1 : i + 2] == ["to"]
        and words[i + 2 : i + 3] != []
        and words[i + 2] in _MEETING
    )


def _due(a: Analysis, mentions: Mentions, span: TokenSpan, reference: dt.date) -> str | None:
    sent = a.sentence(span[0])
    for m in mentions.dates_in(a.doc[span[0]].idx, sent.end_char):
        day = m.resolve(reference, "future")
        if day and day > reference:
            return day.isoformat()
    return None


# "The GP has given her sertraline": the service is the one giving (a prescription, a
# tenancy), so "given" is not the officer handing over its details. Only auxiliaries and
# adverbs may stand between the service and the verb for it to be the giver.
_GIVING = {"gave", "given", "gives", "giving"}
_BETWEEN_GIVER = {"has", "have", "had", "also", "already", "just", "now", "recently", "kindly"}


def _service_gives(a: Analysis, service: TokenSpan, doing: TokenSpan) -> bool:
    """Whether a bare "gave"/"given" doing cue has the service itself as its giver."""
    if doing[1] - doing[0] != 1 or a.doc[doing[0]].lower_ not in _GIVING:
        return False
    between = [t.lower_ for t in a.doc[service[1] : doing[0]]]
    return service[1] <= doing[0] and all(w in _BETWEEN_GIVER for w in between)


# The person's own dealings with the police are no liaison by probation: "she reported her
# ex to the police", "he rang the police when they came to the door", "she has blocked him
# and told the police officer dealing with it".
_REPORT_VERBS = frozenset(
    "reported report rang rung called phoned told contacted informed went flagged".split()
)
_SUBJECTS = frozenset(("he", "she", "they"))
_REPORT_REACH = 4  # tokens between the verb and the police cue: "reported her ex to the"
_CLAUSE_STOPS = frozenset((",", ";", ":", "-", "–", "then"))


def _own_report(a: Analysis, span: TokenSpan, sent: Span) -> bool:
    """Whether a police cue follows a reporting verb whose subject, with no comma or officer
    between, is he, she or they: the person telling the police, not the officer."""
    lo = max(sent.start, span[0] - _REPORT_REACH)
    if not any(t.lower_ in _REPORT_VERBS for t in a.doc[lo : span[0]]) and not any(
        t.lower_ in _REPORT_VERBS for t in a.doc[span[0] : span[1]]
    ):
        return False
    for i in range(span[0] - 1, sent.start - 1, -1):
        word = a.doc[i].lower_
        if word in _CLAUSE_STOPS or word in OFFICER:
            return False
        if word in _SUBJECTS:
            return True
    return False
