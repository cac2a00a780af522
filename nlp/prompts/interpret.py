"""The chat interpreter: a short officer prompt to an intent, a person, a date and slots."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from nlp.datetimes.dates import find_dates, find_times
from nlp.people.caseload import Caseload, PersonMatch
from nlp.people.names import find_crns, given_names, word_lists
from nlp.people.subject import find_subject
from nlp.prompts.corrections import clause_corrections, parse_correction, several
from nlp.prompts.cues import IntentCues, correct, load_cues, words_of
from nlp.prompts.dates import SENTENCE, contact_date, filter_date, first_date, prompt_dates
from nlp.text.homophones import fix_homophones

INTENTS = (
    "new_contact",
    "add_note",
    "set_field",
    "show_case",
    "list_drafts",
    "submit",
    "search",
    "help",
)
# Commands scored like intents (their cues are in intents.json) but said to the caller as
# set_field slots on the conversation's entry, so the contract's intents stay as they are:
# "discard this draft", "scrap that", "bin it" set the draft's status to discarded.
COMMANDS: dict[str, dict[str, Any]] = {
    "discard": {"field": "status", "value": "discarded"},
}
_PRIORITY = (
    "help",
    "discard",
    "list_drafts",
    "submit",
    "set_field",
    "new_contact",
    "search",
    "show_case",
)
_MINUTES = re.compile(r"(\d{1,3})\s*(?:mins?|minutes?|m)\b", re.IGNORECASE)
_NOTE_WORDS = 20  # a prompt this long is a note, whatever commands it contains
_TERSE_WORDS = 8  # "OV with Kelly today": short enough to be a command, not a note


@dataclass(frozen=True)
class Interpretation:
    """What the officer asked for; `to_json()` is contract interpretation/1."""

    intent: str
    crn: str | None
    date: str | None
    slots: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The contract's interpretation object."""
        return {"intent": self.intent, "crn": self.crn, "date": self.date, "slots": self.slots}


def interpret(text: str, reference_date: dt.date, caseload: Caseload | None) -> Interpretation:
    """Read a chat prompt (or a pasted contact note) against the reference date and caseload."""
    cues = load_cues()
    person = _person(text, caseload)
    if person is None and caseload is not None:
        # "Office visit with Jonny Smithers today, ...": a person's name that fits nobody on
        # the caseload is asked about, never filed under whoever the chat was working on.
        person = _stranger(text)
    correction = parse_correction(text, reference_date)
    # Read clause by clause once: all commands is a correction; some is a note that says which.
    changes, others = ([], []) if correction else clause_corrections(text, reference_date)
    correction = correction or several(changes, others)
    if correction is not None:  # "remove self-harm", "drug test negative": a correction
        crn = person.crn if person is not None else None
        if person is not None and crn is None and correction.get("field") != "person":
            correction = correction | {"person": person.to_json()}
        return Interpretation("set_field", crn, None, correction)
    words = words_of(text, cues, caseload)
    values = _values(words, cues)
    intent = _intent(text, words, cues, person, values)
    if intent in COMMANDS:  # "discard Sam's draft": the person says which draft was meant
        crn = person.crn if person is not None else None
        named = {"person": person.to_json()} if person is not None else {}
        return Interpretation("set_field", crn, None, COMMANDS[intent] | named)
    moving = bool(cues.fields["person"].spans(words))
    if intent == "set_field" and moving and person is None and len(words) > _TERSE_WORDS:
        intent = "add_note"  # "this is for his benefit claim, ...": a note, naming nobody
    if person is None and caseload is not None and intent in ("show_case", "new_contact"):
        person = _unknown_name(text)  # "show me Zak Smith": asked about, never guessed
    slots: dict[str, Any] = {}
    if person is not None:
        slots["person"] = person.to_json()
    day: dt.date | None = None
    heard = _heard(text)
    if intent in ("new_contact", "add_note"):
        day = contact_date(heard, reference_date, cues)
        if "contact_type" in values:
            slots["contact_type"] = values["contact_type"]
        if intent == "new_contact" and "outcome" in values:
            slots["outcome"] = values["outcome"]
        if intent == "add_note" and changes:
            # Part of it reads as changes ("the search was at her mum's, it's not a new
            # offence for her"): chat asks whether the draft it is working on was meant.
            slots["as_changes"] = {"changes": changes, "not_understood": others}
    elif intent == "set_field":
        if moving:
            # "not Tyrone, it's Brad": the entry's person is the one named after the cue.
            person = _person_after_cue(text, caseload) or person
            slots.pop("person", None)
            if person is not None:
                slots["person"] = person.to_json()
        day = _set_field_slots(heard, words, cues, values, reference_date, slots)
    elif intent in ("list_drafts", "search"):
        day = filter_date(heard, reference_date)
        if intent == "search":
            slots["query"] = _query(text, words, cues, person)
    elif intent == "help" and not cues.intents["help"].score(words):
        slots["understood"] = False  # not a request for help: the reply says so, then helps
    crn = person.crn if person is not None else None
    return Interpretation(intent, crn, day.isoformat() if day else None, slots)


def _heard(text: str) -> str:
    """The prompt with dictation's sound-alike numbers put right ("at for pm", "the forth"),
    for reading its dates and times; names are read from what was typed."""
    fixed = fix_homophones(text)
    return fixed[0] if fixed is not None else text


_MOVE_APPOINTMENT = re.compile(
    r"\b(?:move|moved|moving|rearrange|reschedule|push|bring)\b.{0,40}?"
    r"\b(?:appointment|appt|apt|session|visit)\b.{0,40}?\b(?:to|till|until)\b",
    re.I,
)
_MOVED_TO = re.compile(r"\b(?:to|till|until)\s+(?:the\s+|next\s+|this\s+|on\s+)?$", re.I)


def _moved_to(text: str, dates: list[Any]) -> list[Any]:
    """Of several dates, those a "to" leads to ("move Monday's appointment to Wednesday")."""
    if len(dates) < 2:
        return dates
    after = [d for d in dates if _MOVED_TO.search(text, max(0, d.start - 16), d.start)]
    return after or dates


def _person(text: str, caseload: Caseload | None) -> PersonMatch | None:
    if caseload is not None:
        return find_subject(caseload, text)
    crns = find_crns(text)
    if not crns:
        return None
    crn, start, end = crns[0]
    return PersonMatch(text[start:end], crn, None, (), start, end)


_PERSON_CUE_END = re.compile(
    r"\b(?:for|about|to|under|with|it'?s|its|it is|is|be)\s+", re.IGNORECASE
)


def _person_after_cue(text: str, caseload: Caseload | None) -> PersonMatch | None:
    """The person named after the last "for", "to", "it's"... of a person-change prompt."""
    for m in reversed(list(_PERSON_CUE_END.finditer(text))):
        found = _person(text[m.end() :], caseload)
        if found is not None:
            if found.start is None or found.end is None:
                return found
            start, end = found.start + m.end(), found.end + m.end()
            return PersonMatch(found.name, found.crn, found.score, found.candidates, start, end)
    return None


_NAME_AFTER_INTRO = re.compile(
    r"\b(?:for|me|about|re|with|open|show)\s+"
    r"((?:[A-Z][a-z'’-]+|[A-Z]{2,}\b)(?:\s+(?:[A-Z][a-z'’-]+))?)"
)


def _unknown_name(text: str) -> PersonMatch | None:
    """A capitalised name after "for", "me" or "about" that fits nobody on the caseload."""
    lists = word_lists()
    for m in _NAME_AFTER_INTRO.finditer(text):
        words = m.group(1).split()
        lowered = [w.lower().removesuffix("'s").removesuffix("’s") for w in words]
        if any(w in lists.calendar or w in lists.common or w in lists.titles for w in lowered):
            continue
        if find_crns(m.group(1)):
            continue
        return PersonMatch(m.group(1), None, None, (), m.start(1), m.end(1))
    return None


_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z][A-Za-z'’]*)*")
_OWNED = {"his", "her", "their", "my", "our", "your", "pc", "dc", "ds", "di", "sgt", "cllr"}
# Where a first name alone stands as the contact's subject: "OV with Jonny", "saw Jonny".
_SEEN_WITH = {"with", "saw", "seen", "visited", "see", "ov", "hv", "tc", "for"}
# Words after a town that shares a first name's spelling ("Bradford", "Chester", "Preston").
_PLACE_WORDS = {
    "council", "magistrates", "crown", "court", "courts", "road", "street", "lane", "avenue",
    "hospital", "station", "centre", "center", "house", "prison", "college", "university",
    "city", "town", "police", "probation", "jobcentre", "library", "park", "hostel", "lodge",
    "estate", "close", "way", "drive", "square", "hall", "academy", "school", "team", "office",
}  # fmt: skip


def _stranger(text: str) -> PersonMatch | None:
    """A person's name the prompt gives as its subject that is on nobody's caseload: a known
    first name, capitalised, with a surname or in a contact's place ("with Jonny Smithers",
    "saw Jonny today", "Jonny attended"); never a relative ("his son Dean"), an officer
    ("PC Ward") or a word that is also common ("Will see him")."""
    lists = word_lists()
    given = given_names()
    tokens = list(_WORD.finditer(text))
    for i, m in enumerate(tokens):
        first = m.group(0)
        low = first.lower()
        if not first[0].isupper() or first.isupper() or low not in given:
            continue
        if low in lists.common or low in lists.calendar or low in lists.titles:
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        last = None
        if nxt and nxt.group(0)[0].isupper() and not text[m.end() : nxt.start()].strip():
            if nxt.group(0).lower().rstrip("'’") in _PLACE_WORDS:
                continue  # "Bradford Council", "Preston Crown Court": a place, not a person
            if nxt.group(0).lower() not in lists.common | lists.calendar:
                last = nxt
        before = [t.group(0).lower() for t in tokens[max(0, i - 2) : i]]
        if any(w in lists.relations or w in _OWNED or w in lists.titles for w in before):
            continue
        after = (last and tokens[i + 2 : i + 3]) or tokens[i + 1 : i + 2]
        follows = [t.group(0).lower() for t in after]
        placed = (before and before[-1] in _SEEN_WITH) or (
            follows and (follows[0] in lists.contact_after or follows[0] in lists.followers)
        )
        if not (last or placed):
            continue
        end = last.end() if last else m.end()
        return PersonMatch(text[m.start() : end], None, None, (), m.start(), end)
    return None


def _intent(
    text: str,
    words: list[str],
    cues: IntentCues,
    person: PersonMatch | None,
    values: dict[str, str],
) -> str:
    """Pick the intent: a note when it reads like one, else the best-scoring cues."""
    if not words:
        return "help"
    scores = {intent: phrases.score(words) for intent, phrases in cues.intents.items()}
    note = _note_score(text, words, cues, person)
    if person is not None:
        for intent, bonus in cues.person_bonus.items():
            scores[intent] += bonus
        if "contact_type" in values and not note and len(words) <= _TERSE_WORDS:
            for intent, bonus in cues.person_type_bonus.items():  # "OV with Kelly today"
                scores[intent] += bonus
    elif values:
        scores["set_field"] += cues.value_bonus
    if words[0] in cues.question_words or text.rstrip().endswith("?"):
        scores["search"] += cues.question_bonus
        note /= 2
    asking = max(scores["help"], scores["search"])
    if len(words) >= _NOTE_WORDS and asking < 8:
        return "add_note"
    best = max(_PRIORITY, key=lambda i: (scores[i], -_PRIORITY.index(i)))
    if note > scores[best] or (note and note == scores[best] and best != "help"):
        return "add_note"
    if scores[best] > 0:
        return best
    if person is not None:
        return "show_case"
    return "add_note" if len(words) >= 8 else "help"


def _note_score(text: str, words: list[str], cues: IntentCues, person: PersonMatch | None) -> float:
    """How much the prompt reads like a contact note (what happened) rather than a command."""
    facts = cues.note_facts.score(words, start_bonus=False)
    narrative = sum(
        1
        for w in words
        if w in cues.narrative or (len(w) > 5 and w.endswith("ed") and w not in cues.vocabulary)
    )
    score = facts + 0.5 * min(narrative, 6)
    if not score:
        return 0.0
    sentences = len(SENTENCE.split(text.strip()))
    score += 1.5 * (sentences - 1) + (len(words) >= 10)
    if person is not None and person.start is not None and person.start < 3:
        score += 1  # "Lucy attended ...": the note opens with its subject
    return score


def _values(words: list[str], cues: IntentCues) -> dict[str, str]:
    """Outcome and contact-type codes the prompt names, skipping negated ones ("not a HV")."""
    found: dict[str, str] = {}
    for slot, codes in cues.values.items():
        spans = []
        for code, phrases in codes.items():
            for start, end in phrases.spans(words):
                spans.append((start, -(end - start), code))
        for start, _, code in sorted(spans):
            if any(w in cues.value_negators for w in words[max(0, start - 2) : start]):
                continue  # "a phone call not an office visit"
            found[slot] = code
            break
    return found


def _set_field_slots(
    text: str,
    words: list[str],
    cues: IntentCues,
    values: dict[str, str],
    reference: dt.date,
    slots: dict[str, Any],
) -> dt.date | None:
    """Fill field/value (and date, time) for set_field; return the date being set."""
    named = [f for f, phrases in cues.fields.items() if phrases.spans(words)]
    if "next_appointment" not in named and _MOVE_APPOINTMENT.search(text):
        named.insert(0, "next_appointment")  # "move Monday's appt for Rory to Wednesday"
    if "person" in named:
        slots["field"] = "person"
        return None
    dates = _moved_to(text, prompt_dates(text))
    times = find_times(text)
    time = times[0].value.strftime("%H:%M") if times else None
    minutes = _MINUTES.search(text)
    if "next_appointment" in named:
        cue = _NEXT_CUE.search(text)
        later = [d for d in dates if cue and d.start >= cue.start()]
        # "office visit today, next appt Friday 10am": the date after the cue is the one set
        day = first_date(later or dates, reference, "future")
        after = [t for t in times if cue and t.start >= cue.start()]
        if after:
            time = after[0].value.strftime("%H:%M")
        slots.update(field="next_appointment", date=day.isoformat() if day else None, time=time)
        if "contact_type" in values:
            slots["type"] = values["contact_type"]
        return day
    for slot in named:
        if slot in values:
            slots.update(field=slot, value=values[slot])
            return None
        if slot in ("duration_minutes", "late_minutes") and minutes:
            slots.update(field=slot, value=int(minutes.group(1)))
            return None
        if slot == "location":
            slots.update(field=slot, value=_after(text, list(cues.fields["location"].weights)))
            return None
    for slot in ("outcome", "contact_type"):
        if slot in values:
            slots.update(field=slot, value=values[slot])
            return None
    if dates and ("date" in named or not times):
        day = first_date(dates, reference, "past")
        slots.update(field="date", value=day.isoformat() if day else None)
        if time:
            slots["time"] = time
        return day
    if time:
        slots.update(field="start_time", value=time)
        return None
    slots["field"] = named[0] if named else None
    return None


_NEXT_CUE = re.compile(
    r"\b(?:next|appt|appointment|booked|book|rebook\w*|see (?:him|her|them))\b", re.I
)


def _after(text: str, phrases: list[str]) -> str | None:
    """The words after the first of some phrases ("location Leeds office" gives the place)."""
    for phrase in phrases:
        m = re.search(rf"\b{re.escape(phrase)}\b(?:\s+(?:is|was|to|at|as|:))?\s*(.+)", text, re.I)
        if m:
            return m.group(1).strip(" .") or None
    return None


def _query(text: str, words: list[str], cues: IntentCues, person: PersonMatch | None) -> str:
    """The search terms: the prompt less its cue words, the person and the date."""
    cut = text
    if person is not None and person.start is not None and person.end is not None:
        cut = cut[: person.start] + " " + cut[person.end :]
    for mention in reversed(find_dates(cut)):
        cut = cut[: mention.start] + " " + cut[mention.end :]
    drop = {w for phrase in cues.intents["search"].weights for w in phrase.split()}
    drop |= {"notes", "note", "for", "the", "a", "any", "me", "my", "all", "since", "from", "s"}
    kept = []
    for raw in re.findall(r"[\w'/-]+", cut):
        word = raw.lower().replace("'", "")
        if word in drop or (word not in cues.vocabulary and correct(word, cues) in drop):
            continue
        kept.append(raw)
    return " ".join(kept)
