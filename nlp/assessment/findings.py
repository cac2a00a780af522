"""Answers to SAN questions read out of one note, each with the sentence that supports it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from nlp.assessment.dates import event_dates
from nlp.assessment.named import who_lives_with, who_matters
from nlp.assessment.questions import Catalogue, catalogue
from nlp.assessment.tense import clause_tense
from nlp.context.assertion import assert_span, make_context_nlp
from nlp.context.rules import ContextRules
from nlp.doc_cache import per_doc

RECENT_DAYS = 183  # SAN asks about drug use "in the last six months"
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_LONG_AGO = re.compile(
    r"\b(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|many|several) years? ago"
    r"|(?:clean|abstinent|off it|stopped) (?:for|since) (?:over |more than )?"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|many|several|a) years?"
    r"|as a teenager|in (?:his|her|their) (?:teens|twenties)"
    r"|when (?:he|she|they) (?:was|were) (?:1\d|younger|a teenager|at school|a child))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Note:
    """One of the person's entries as the assessment reads it."""

    entry_id: int
    date: str
    text: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Evidence:
    """The sentence of a note that supports something: entry, date and character offsets."""

    entry_id: int
    date: str
    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        """The evidence object of the assessment JSON."""
        return {
            "entry_id": self.entry_id,
            "date": self.date,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Finding:
    """One answer a note gives: question code, option, how sure, and why."""

    code: str
    value: str
    confidence: float
    evidence: Evidence
    rule: str
    ends: bool = False  # says this answer no longer holds ("split up with his girlfriend")


@cache
def _tools() -> tuple[Language, ContextRules]:
    return make_context_nlp(), ContextRules.load()


@lru_cache(maxsize=256)  # a long history (200 contacts) is read without parsing a note twice
def parse(text: str) -> Doc:
    """The note split into sentences by the same rules ConText uses (kept for reuse: the
    drafts look up sentences in the same notes again)."""
    return _tools()[0](text)


@per_doc
def _sentence_chars(doc: Doc) -> list[tuple[int, int]]:
    """Each sentence's character bounds, listed once per doc (`Doc.sents` walks every token)."""
    return [(sent.start_char, sent.end_char) for sent in doc.sents]


def sentence_of(doc: Doc, note: Note, start: int, end: int) -> Evidence:
    """The whole sentence around characters [start, end), as evidence."""
    for sent_start, sent_end in _sentence_chars(doc):
        if sent_start <= start < sent_end:
            s, e = sent_start, sent_end
            break
    else:
        s, e = start, end
    while e > s and note.text[e - 1].isspace():
        e -= 1
    return Evidence(note.entry_id, note.date, note.text[s:e], s, e)


def _status(doc: Doc, start: int, end: int) -> str | None:
    """ConText status of a cue, asserted at its first word: a long cue ("rents a flat with
    her partner and their son") names other people inside itself, which must not make the
    whole cue someone else's. Two readings are corrected: the people the person is with
    (`_companion`) and a negation before a spaced dash in a shorthand list."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    assertion = assert_span(doc, span.start, span.start + 1, _tools()[1])
    if assertion.status == "other_person" and all(
        _companion(doc.text, t.start, t.end, start)
        or _ex_compound(doc.text, t.end)
        or t.start <= start < t.end
        for t in assertion.triggers
    ):
        # the last: the trigger is the cue's own first word ("The children are staying with
        # their dad"), so the cue, written about that person, is what it says
        return "present"
    if assertion.status == "other_person" and all(
        _FORMER.search(doc.text, t.start, t.end) for t in assertion.triggers
    ):
        return "former_partner"  # answers nothing: see _FORMER
    if assertion.status != "present" and _beyond_list_item(doc.text, assertion.triggers, start):
        return "present"  # "Not working - on UC and PIP": a new item of a shorthand list
    if assertion.status == "negated" and all(
        t.end <= start and _AND_VERB.search(doc.text, t.end, end) for t in assertion.triggers
    ):
        return "present"  # "He has no bank account and owes £1,200 in fines"
    if assertion.status == "historical" and all(
        t.end <= start and _AND_PRESENT.search(doc.text, t.end, end) for t in assertion.triggers
    ):
        return "present"  # "She was diagnosed in 2022 and takes sertraline"
    return assertion.status


# A negation does not reach past "and" or "but" and a new verb: in "no bank account and
# owes £1,200 in fines" the fines are owed, and so are the arrears of "no bank account and
# has rent arrears". A noun after "and" is still denied ("no debts and no arrears").
_AND_VERB = re.compile(
    r"\b(?:and|but)\s+(?:(?:he|she|they)\s+)?(?:owes|owed|has|had|is|was|gets|got|lives|"
    r"lived|works|worked|drinks|drank|uses|used|receives|claims|pays|smokes|stays|rents|can)\b",
    re.IGNORECASE,
)


# Nor does a past time reach past "and" or "but" and a verb in the present: in "was
# diagnosed with depression in 2022 and takes sertraline" the sertraline is taken now, and
# in "the house was clean and there is enough room" the room is there now.
_AND_PRESENT = re.compile(
    r"\b(?:and|but)\s+(?:(?:he|she|they|there|it)\s+)?(?:still\s+)?(?:takes|lives|works|drinks|uses|"
    r"gets|receives|claims|pays|smokes|stays|rents|owes|is|remains)\b",
    re.IGNORECASE,
)


# Where a shorthand list moves to its next item: a spaced dash, or a semicolon ("Accom: on a
# friend's sofa; Drugs: cannabis every night": the friend is not the cannabis's subject).
_LIST_BREAK = re.compile(r"\s[-\u2013\u2014]\s|;")


def _beyond_list_item(text: str, triggers: Sequence[Any], start: int) -> bool:
    """Whether every ConText trigger comes before the cue with a list break between: a
    negation or another person in one item of a list does not reach the next."""
    return bool(triggers) and all(
        t.end <= start and _LIST_BREAK.search(text, t.end, start) for t in triggers
    )


# The start of a list item up to its cue, with no subject of its own: an optional label
# ("Drugs:") and at most three words that name no one ("Drugs: daily cannabis").
_ITEM_START = re.compile(
    r"\s*(?:[A-Za-z/&' ]{1,25}:\s*)?"
    r"(?:(?!(?:he|she|they|his|her|their|him|them|partner|friend|mum|dad|brother|sister|"
    r"wife|husband|boyfriend|girlfriend|son|daughter)\b)[\w'-]+\s+){0,3}",
    re.IGNORECASE,
)


def _own_list_item(doc: Doc, start: int, end: int) -> bool:
    """Whether [start, end) is in a later item of a shorthand list ("Accom: on a friend's
    sofa; Drugs: cannabis every night") and ConText reads it as the person's own, present
    once triggers from earlier items are left out. A parse reads the whole list as one
    clause, so its subject (the friend) is no guide to whose the cannabis is."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    breaks = list(_LIST_BREAK.finditer(doc.text, span.sent.start_char, start))
    if not breaks or not _ITEM_START.fullmatch(doc.text, breaks[-1].end(), start):
        return False  # "...; he smokes cannabis": the item has a subject of its own
    assertion = assert_span(doc, span.start, span.start + 1, _tools()[1])
    return assertion.status == "present" or _beyond_list_item(doc.text, assertion.triggers, start)


# An ex-partner's debts or gambling ("his ex-partner owes money all over town", "her
# ex-husband's gambling left her with debts she has paid off") are not someone else's
# circumstances affecting the person now: they no longer share a household or money. A
# status no rule lists, so such a cue answers nothing; a note that says the ex's debt still
# falls on the person is read by its own words ("she is paying off his debts").
_FORMER = re.compile(
    r"\bex-?\s?(?:partner|wife|husband|girlfriend|boyfriend)\b|\bformer (?:partner|wife|husband)\b",
    re.IGNORECASE,
)


_WITH = re.compile(r"\bwith\s+(?:[\w']+\s+){0,7}$", re.IGNORECASE)
_OWNED = re.compile(r"\b(?:his|her|their)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
# "with his wife in their bungalow": a couple's home is the person's own too.
_PARTNER = re.compile(
    r"\b(?:partner|wife|husband|girlfriend|boyfriend|fianc\w*|spouse)\b", re.IGNORECASE
)
# A clause about the other person between them: "who is drinking", "and she is drinking".
_RELATIVE = re.compile(r"\b(?:who|whom|whose|which|where|he|she|they)\b|[;:]", re.IGNORECASE)


# "ex" joined to a word that is not a person's role ("the ex-council house", "an ex-forces
# charity", "ex-army"): ConText reads "the ex" as a former partner.
_EX_COMPOUND = re.compile(
    r"-(?!(?:partner|wife|husband|girlfriend|boyfriend|fianc\w*|spouse)\b)[a-z]+", re.IGNORECASE
)


def _ex_compound(text: str, trigger_end: int) -> bool:
    """Whether a trigger ending in "ex" is the first half of a compound that names no one."""
    return text[max(0, trigger_end - 2) : trigger_end].lower() == "ex" and bool(
        _EX_COMPOUND.match(text, trigger_end)
    )


def _companion(text: str, trigger_start: int, trigger_end: int, cue_start: int) -> bool:
    """Whether an other-person trigger only says who the person is with ("lives with her
    partner and her sons in a council house", "drinks with friends until he passes out"):
    the cue is still about the person, unless a clause about the other person comes
    between ("stays with his brother, who is drinking heavily", "split up with his
    girlfriend and she is drinking")."""
    if not _WITH.search(text[max(0, trigger_start - 60) : trigger_start]):
        return False
    owned = _OWNED.search(text[max(0, cue_start - 30) : cue_start])
    if owned and not _PARTNER.search(text[trigger_start:trigger_end]):
        return False  # "with her parents in their council house": the parents' home
    return trigger_end <= cue_start and not _RELATIVE.search(text[trigger_end:cue_start])


def _age_days(note: Note, today: dt.date) -> int:
    return (today - dt.date.fromisoformat(note.date)).days


@lru_cache(maxsize=4096)
def _matches(text: str) -> tuple[tuple[int, int, int, str], ...]:
    """(rule index, start, end, ConText status) of every cue in a note. A note's text does
    not change, so a person's history is read once per process, not on every page view."""
    cat, doc = catalogue(), parse(text)
    found = []
    for index, rule in enumerate(cat.rules):
        for match in rule.pattern.finditer(text):
            before = text[max(0, match.start() - 60) : match.start()]
            if rule.not_after is not None and rule.not_after.search(before):
                continue
            if cat.not_now is not None and cat.not_now.search(before):
                continue  # "his licence prevents him living with his children"
            status = _status(doc, match.start(), match.end())
            tense = clause_tense(text, match.start(), match.end()) if status == "present" else None
            if tense == "future":
                continue  # "he starts a full-time job next week": not work now
            if tense == "past":
                status = "historical"  # "he lived in approved premises after his release"
            if rule.places and cat.past_place and cat.past_place.search(before):
                status = "historical"  # "moved out of approved premises": where he was
            if status == "present" and _has_ended(cat, text, match.end()):
                status = "ended"  # "her Universal Credit has stopped": no longer so
            if status in rule.by_status or (status == "ended" and "present" in rule.by_status):
                found.append((index, match.start(), match.end(), status))
    return tuple(found)


def _has_ended(cat: Catalogue, text: str, end: int) -> bool:
    """Whether the words just after a cue say it came to an end ("ESA stopped", "his
    tenancy has ended")."""
    return cat.ended is not None and bool(cat.ended.match(text, end))


_POSSESSIVE = re.compile(r"\b([A-Z][a-z]+)(?:'s|\u2019s)\s+(?:[a-z]+\s+)?$")
# Capitalised words before "'s" that are not another person: pronouns ("He's drinking"),
# days and months ("Monday's test") and bodies whose "'s" is no one's circumstance.
_NOT_NAMES = frozenset(
    "he she it that there who what where here one let today tonight yesterday tomorrow "
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december council court probation "
    "everyone nobody someone".split()
)


# Another person named as the subject just before the cue: "Jade has a catalogue debt".
_NAMED_SUBJECT = re.compile(
    r"\b([A-Z][a-z]+) (?:has|had|owes|owed|has run up|ran up|is in|was in)"
    r" (?:an? |some |a lot of |lots of )?(?:[a-z]+ ){0,2}$"
)


# Other people named as the subject of a home, right before the cue: "Mia-Rose and Alfie
# still live with their dad" is where the children live, not the person.
_NAMED_RESIDENTS = re.compile(
    r"\b((?-i:[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:(?:,| and) (?-i:[A-Z][a-z]+(?:-[A-Z][a-z]+)?))*)"
    r" (?:(?:are|is|were|was|have been|has been) )?(?:still |now |both |also |currently |"
    r"usually |mostly )?$"
)
# Capitalised words that open a sentence without naming anyone else ("They live with",
# "Still living with").
_NOT_RESIDENTS = frozenset("they we i you now still currently also both usually mostly".split())
_HOME_CUE = re.compile(r"(?:lives?|living|stays?|staying|moved|stopping)\b", re.IGNORECASE)


def _someone_elses(before: str, names: frozenset[str], cue: str = "") -> bool:
    """Whether the cue follows another named person's possessive ("Sandra's gambling",
    "Craig's debts") or that person as its subject ("Jade has a catalogue debt", "Mia-Rose
    and Alfie still live with their dad"): ConText knows "his mum's", not the names of the
    people around him. A subject that includes one of the person's own names is theirs."""
    found = _POSSESSIVE.search(before) or _NAMED_SUBJECT.search(before)
    if found is None and _HOME_CUE.match(cue):
        found = _NAMED_RESIDENTS.search(before)
    if found is None:
        return False
    people = re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)?", found.group(1).lower())
    return not any(
        n in names or n in _NOT_NAMES or n in _NOT_RESIDENTS or n.split("-")[0] in names
        for n in people
    )


def person_names(name: str | None) -> frozenset[str]:
    """The person's own names, lower case, as notes use them in a possessive ("Dean's")."""
    return frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", name or ""))


def _dated_before(evidence: Evidence, note: Note, days: int) -> bool:
    """Whether the sentence dates what it says only to more than `days` before its contact."""
    said_on = dt.date.fromisoformat(note.date)
    dates = event_dates(evidence.text, said_on)
    return bool(dates) and all((said_on - d).days > days for d in dates)


def _aged(evidence: Evidence, note: Note, today: dt.date, days: int) -> bool:
    """Whether the sentence dates what it says, every date more than `days` before today."""
    dates = event_dates(evidence.text, dt.date.fromisoformat(note.date))
    return bool(dates) and all((today - d).days > days for d in dates)


def cue_findings(
    note: Note, doc: Doc, cat: Catalogue, today: dt.date, names: frozenset[str] = frozenset()
) -> list[Finding]:
    """Findings of the cue rules, each match asserted by ConText. With the person's
    `names`, a cue after another person's name ("Sandra's gambling") is about them."""
    found: list[Finding] = []
    age = _age_days(note, today)
    for index, start, end, status in _matches(note.text):
        rule = cat.rules[index]
        before = note.text[max(0, start - 40) : start]
        if names and status == "present" and _someone_elses(before, names, note.text[start:end]):
            status = "other_person"
        if rule.fresh_days is not None and age > rule.fresh_days:
            continue
        evidence = sentence_of(doc, note, start, end)
        if rule.fresh_days is not None and _dated_before(evidence, note, rule.fresh_days):
            continue  # "he was drunk when arrested in 2015": not drinking in the last months
        if rule.aged_days is not None and not _aged(evidence, note, today, rule.aged_days):
            continue  # "stopped drinking in June": only once June is three months gone
        if status == "ended":
            # What the cue says when present is what has now ended.
            for code, value in rule.by_status["present"].items():
                found.append(Finding(code, value, rule.confidence, evidence, rule.id, ends=True))
        elif status in rule.by_status:
            for code, value in rule.by_status[status].items():
                found.append(Finding(code, value, rule.confidence, evidence, rule.id))
        else:
            continue  # another named person's, and the cue says nothing of others
        for code, value in rule.ends.items():
            found.append(Finding(code, value, rule.confidence, evidence, rule.id, ends=True))
    return found


def _last_used(evidence: Evidence, status: str, age: int, today: dt.date) -> str | None:
    """LAST_SIX or MORE_THAN_SIX when the note says so, else None (never a guess)."""
    if status == "current":
        # "says he last used it in custody in May": current to the extractor, but the
        # sentence dates the last use, and that date decides.
        dated = _LAST_TIME.search(evidence.text) and event_dates(
            evidence.text, dt.date.fromisoformat(evidence.date)
        )
        if dated and all((today - d).days > RECENT_DAYS for d in dated):
            return "MORE_THAN_SIX"
        return "LAST_SIX" if age <= RECENT_DAYS else None
    years = [int(y) for y in _YEAR.findall(evidence.text)]
    if years and (today - dt.date(max(years), 12, 31)).days > RECENT_DAYS:
        return "MORE_THAN_SIX"
    if _LONG_AGO.search(evidence.text):
        return "MORE_THAN_SIX"
    if _NOT_SINCE.search(evidence.text) or _LAST_TIME.search(evidence.text):
        # "has not used spice since a relapse in March", "he last had any the day before
        # his arrest in April": the date is the last use
        dates = event_dates(evidence.text, dt.date.fromisoformat(evidence.date))
        if dates and all((today - d).days > RECENT_DAYS for d in dates):
            return "MORE_THAN_SIX"
        if dates and all(0 <= (today - d).days <= RECENT_DAYS for d in dates):
            return "LAST_SIX"  # "not used crack since a lapse in early August": then
    if (
        status == "historical"
        and len(evidence.text) <= _ONE_STATEMENT
        and _USED.search(evidence.text)
    ):
        # "admits using crack twice in September": use the sentence dates, every date
        # within the six months, was within them (not in a dictated run-on, whose dates
        # belong to other statements)
        dates = event_dates(evidence.text, dt.date.fromisoformat(evidence.date))
        if dates and all(0 <= (today - d).days <= RECENT_DAYS for d in dates):
            return "LAST_SIX"
    return None


# A sentence short enough to be one statement, and words saying a drug was used.
_ONE_STATEMENT = 200
_USED = re.compile(
    r"\b(?:used|using|smoked|smoking|took|taking|injected|injecting|lapsed?|relapsed?|clean"
    r"|stayed off|been off)\b",
    re.IGNORECASE,
)


# "He has not used spice since a relapse in custody", "no crack since September": a denial
# of use since a time says the person used before it, so it is past use, not a denial.
_NOT_SINCE = re.compile(
    r"\b(?:has not|hasn't|have not|haven't|had not|hadn't|not|never) (?:used|taken|smoked|"
    r"touched|had|injected)\b[^.;]{0,40}?\bsince\b|\bno (?:[\w-]+ ){1,2}?since\b",
    re.IGNORECASE,
)


# "He last had any the day before his arrest in April": the sentence dates the last use.
_LAST_TIME = re.compile(
    r"\blast (?:had|used|took|smoked|injected|tried|touched)\b|\blast (?:use|used)\b",
    re.IGNORECASE,
)


def substance_findings(
    note: Note, doc: Doc, cat: Catalogue, today: dt.date, names: frozenset[str] = frozenset()
) -> list[Finding]:
    """Drug use answers from the entry's substances (current or past use, never a denial).
    With the person's `names`, a drug the entry gives as someone else's in a sentence whose
    subject is the person by name is read again (see `_own_sentence`)."""
    found: list[Finding] = []
    for item in note.data.get("substances") or []:
        status, drug = item.get("status"), cat.substances.get(item.get("name", ""))
        ev = item.get("evidence") or {}
        if drug is None or "start" not in ev:
            continue
        evidence = sentence_of(doc, note, ev["start"], ev["end"])
        if status == "other_person" and _own_sentence(evidence.text, names):
            status = _own_reading(doc, ev["start"], ev["end"]) or status
        if status == "negated" and _NOT_SINCE.search(evidence.text):
            status = "historical"
        elif status in ("negated", "other_person") and _own_list_item(doc, ev["start"], ev["end"]):
            status = "current"  # "Alcohol: denies; Drugs: cannabis every night"
        if status not in ("current", "historical"):
            continue
        rule = f"substance:{item['name']}:{status}"
        found.append(Finding("drug_use", "YES", 0.85, evidence, rule))
        found.append(Finding("select_misused_drugs", drug, 0.85, evidence, rule))
        last = _last_used(evidence, status, _age_days(note, today), today)
        if last:
            code = f"drug_last_used_{drug.lower()}"
            found.append(Finding(code, last, 0.8, evidence, rule))
    return found


# A sentence that opens with a name and a verb: "Lee says he has not used spice since March".
_NAMED_OPENING = re.compile(r"\s*([A-Z][a-z]+)\s+[a-z]+")
# Words naming someone else in the sentence: then the entry's other-person reading stands.
_OTHER_WORDS = re.compile(
    r"\b(?:partner|girlfriend|boyfriend|wife|husband|friends?|mum|mother|dad|father|brother|"
    r"sister|son|daughter|cousin|uncle|aunt|associates?|housemates?|flatmates?)\b",
    re.IGNORECASE,
)


def _own_sentence(sentence: str, names: frozenset[str]) -> bool:
    """Whether the sentence opens with one of the person's own names and names nobody else:
    the entry may still read its drug as someone else's, not knowing whose the name is
    (a keywork note from an approved premises calls him "Lee" throughout)."""
    opening = _NAMED_OPENING.match(sentence)
    return (
        opening is not None
        and opening.group(1).lower() in names
        and not _OTHER_WORDS.search(sentence)
    )


def _own_reading(doc: Doc, start: int, end: int) -> str | None:
    """The entry's status words for our own ConText reading of a drug in the person's own
    sentence: "current", "historical" or "negated" (a denial of use since a time is made
    historical by the caller), or None when ours also finds someone else."""
    status = _status(doc, start, end)
    return {"present": "current", "historical": "historical", "negated": "negated"}.get(
        status or ""
    )


def findings(
    note: Note,
    cat: Catalogue,
    today: dt.date,
    names: frozenset[str] = frozenset(),
    roles: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Everything one note answers (`names`: the person's own, see `person_names`;
    `roles`: first names the person's notes give a role, see `named.name_roles`)."""
    doc = parse(note.text)
    found = cue_findings(note, doc, cat, today, names)
    found += substance_findings(note, doc, cat, today, names)
    found += named_findings(note, doc, roles or {})
    if _UNAFFECTED.search(note.text):
        found = [f for f in found if f.value not in _SOMEONE_ELSES_MONEY]
    return found + _implied(found, cat)


def named_findings(note: Note, doc: Doc, roles: Mapping[str, str]) -> list[Finding]:
    """People who matter said by first names an earlier note gave a role ("Chloe and
    Lorraine are the people who matter most to him"), as the person's own statement."""
    found = []
    for start, end, options in who_matters(note.text, roles):
        if _status(doc, start, end) != "present":
            continue
        evidence = sentence_of(doc, note, start, end)
        for option in options:
            found.append(Finding(_IMPORTANT, option, 0.7, evidence, "named_people"))
    for start, end, option in who_lives_with(note.text, roles):
        if _status(doc, start, end) != "present":
            continue
        if clause_tense(note.text, start, end) in ("future", "past"):
            continue
        evidence = sentence_of(doc, note, start, end)
        found.append(Finding("living_with", option, 0.7, evidence, "named_household"))
    return found


_IMPORTANT = "personal_relationships_community_important_people"


# "It does not affect his own money": another person's debt or gambling the note speaks of
# (a brother's, which their parents paid off) is not someone else's debt or gambling
# affecting the person's finances.
_UNAFFECTED = re.compile(
    r"\b(?:does not|doesn't|do not|don't|did not|didn't|has not|hasn't|have not|haven't|not)"
    r" (?:really )?affect(?:ed)? (?:his|her|their) (?:own )?(?:money|finances|income|budget)\b",
    re.IGNORECASE,
)
_SOMEONE_ELSES_MONEY = frozenset({"YES_SOMEONE_ELSES_DEBT", "YES_SOMEONE_ELSES_GAMBLING"})


def _implied(found: list[Finding], cat: Catalogue) -> list[Finding]:
    """The options the found ones say too (`implies` in san_questions.json): a child who
    visits every other Saturday is a child living elsewhere, though no note says both."""
    extra = []
    for f in found:
        question = cat.index.get(f.code)
        implied = question.implies.get(f.value) if question else None
        if implied is not None:
            extra.append(replace(f, value=implied))
    return extra
