"""Rule-based rewriting of a note's sentence into an assessor's third person.

The officer's "I" becomes "the probation officer", "we" the officer and the person; quoted
speech is left as said. A sentence that is not whole (no verb, no capital, no full stop) is
refused rather than patched, so drafts never carry fragments.
"""

from __future__ import annotations

import re

from nlp.assessment.dates import spelled_dates

OFFICER = "the probation officer"
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’|(?<![\w])'[^']{2,}?'(?![\w])")
# Present-tense verbs an officer writes after "I": conjugated for the third person.
_PRESENT = {
    "advise",
    "agree",
    "ask",
    "believe",
    "consider",
    "discuss",
    "encourage",
    "expect",
    "explain",
    "feel",
    "hope",
    "intend",
    "know",
    "need",
    "note",
    "plan",
    "remain",
    "remind",
    "request",
    "suggest",
    "suspect",
    "think",
    "want",
    "will",
    "understand",
    "wonder",
    "worry",
    "have",
    "do",
    "am",
    "can",
    "could",
    "would",
    "should",
    "may",
    "might",
    "must",
    "shall",
}
_MODALS = {"will", "can", "could", "would", "should", "may", "might", "must", "shall"}
_FIRST = [
    (re.compile(r"\bI(?:'m|’m| am)\b"), OFFICER + " is"),
    (re.compile(r"\bI(?:'ve|’ve)\b"), OFFICER + " has"),
    (re.compile(r"\bI(?:'ll|’ll)\b"), OFFICER + " will"),
    (re.compile(r"\bI(?:'d|’d)\b"), OFFICER + " would"),
    (re.compile(r"\bmyself\b", re.IGNORECASE), OFFICER),
    (re.compile(r"\b(?:this|the) writer\b|\bwriter\b", re.IGNORECASE), OFFICER),
    (re.compile(r"\bmy\b", re.IGNORECASE), OFFICER + "'s"),
    (re.compile(r"\bmine\b"), OFFICER + "'s"),
    (re.compile(r"\bme\b"), OFFICER),
    (re.compile(r"\bour\b", re.IGNORECASE), "their"),
]
_I_VERB = re.compile(r"\bI\s+([a-z]+)\b")
_I = re.compile(r"\bI\b")
_WE = re.compile(r"\b(?:we|We|us)\b(?:'ve|’ve)?")
_POP = re.compile(r"\b(?:PoP|POP|the PoP)\b")
_AUX = re.compile(
    r"\b(?:is|are|was|were|am|be|been|being|has|have|had|do|does|did|will|would|can|could|"
    r"should|may|might|must|shall|says|said|reports?|reported|told|made|went|got|gave|saw|"
    r"met|took|left|came|spoke|agreed|denied|denies|lives|works|uses|drinks|remains?|feels?|"
    r"wants?|needs?|knows?|thinks?|seems?|appears?|continues?|attends?|engages?|"
    r"lost|paid|kept|sent|spent|felt|held|put|cut|hit|quit|ran|won|sold|bought)\b"
    r"|\b\w{3,}ed\b|\b(?:he|she|they|it|probation|officer)\s+(?:\w+ly\s+)?\w+s\b",
    re.IGNORECASE,
)
_SHORTHAND = re.compile(r"^[\w' ]{1,30}\s[-–—:]\s")
_PRONOUN_START = re.compile(r"^(He|She|They)\b|^(His|Her|Their)\b")


def _third(verb: str) -> str:
    if verb in _MODALS:
        return verb
    if verb in ("have", "am", "do"):
        return {"have": "has", "am": "is", "do": "does"}[verb]
    if re.search(r"(?:s|sh|ch|x|z|o)$", verb):
        return verb + "es"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ies"
    return verb + "s"


def _rewrite_plain(text: str, name: str) -> str:
    for pattern, replacement in _FIRST:
        text = pattern.sub(replacement, text)
    text = _I_VERB.sub(
        lambda m: f"{OFFICER} {_third(m.group(1)) if m.group(1) in _PRESENT else m.group(1)}",
        text,
    )
    text = _I.sub(OFFICER, text)
    text = _WE.sub(
        lambda m: f"{OFFICER} and {name}" + (" have" if m.group(0).endswith("ve") else ""), text
    )
    return _POP.sub(name, text)


# Shorthand leaves out the subject ("Drinks 2-3 cans a day.", "Has a bank account."): a
# sentence that opens with one of these verbs is about the person, so their name goes first.
_SUBJECT_VERBS = (
    "Drinks|Lives|Uses|Says|Reports|Admits|Denies|Works|Smokes|Claims|Gets|Has|Is|"
    "Continues|Remains|Attends|Stays|Takes|Feels|Wants|Needs|Sees|Owes|Receives|Struggles|"
    "Shares|Rents|Owns|Spends|Gambles|Misses|Collects|Started|Stopped|Moved|Finished|"
    "Admitted|Denied|Reported|Said|Was|Went|Got|Left|Agreed|Accepted|Disclosed|Explained|"
    "Had|Did|Does|Came|Comes|Rang|Called|Lost|Found|Spent|Paid|Pays|Split|Returned|Missed|"
    "Relapsed|Completed|Signed|Applied|Enrolled|Passed|Failed|Talked|Talks|Spoke|Speaks|Mentioned|"
    "Described|Confirmed|Presented|Appeared|Seemed|Arrived|Attended|Engaged"
)
_SUBJECTLESS = re.compile(
    rf"^(?:(?:Still|Now|Currently|Also|Often|Usually|Sometimes) (?i:{_SUBJECT_VERBS})"
    rf"|(?:{_SUBJECT_VERBS}))\b"
)
_QUESTION = re.compile(r"^(?:Is|Has|Was) (?:he|she|they|it|there)\b")
# A headed note's label ("Accom: ", "Finance: ", "Health: ") heads a section of the note,
# not a sentence of the draft, whatever case follows it ("Alc: says 1-2 cans a day." is
# then no whole sentence, and the answer is said in plain words).
_HEADING = re.compile(
    r"^(?![^:]*\b(?:said|says|told|tells|reported|reports|stated|states|explained|asked)\b)"
    r"[A-Z][A-Za-z/&']*(?: [A-Za-z/&']+){0,2}:\s+(?=[A-Za-z0-9])"
)
# "Offered a flat.", "Back in touch with her sister.": shorthand passives and states.
_PASSIVE = re.compile(
    r"^(?:Offered|Referred|Given|Placed|Put|Told|Advised|Released|Recalled|Discharged|"
    r"Evicted|Housed|Rehoused|Diagnosed|Prescribed|Sanctioned|Warned)\b"
)
_STATE = re.compile(
    r"^(?:Back in touch|In touch|In contact|Out of work|In work|Unable to|Not working|"
    r"Not drinking|Not using|Not looking|"
    # "Unemployed and on Universal Credit.": a state said by its adjective alone
    r"Unemployed|Employed|Self-employed|Retired|Homeless|Single|Sober|Abstinent|"
    r"On (?:UC|Universal Credit|ESA|PIP|benefits|a methadone script|methadone))\b"
)
# "Still drinking 2-3 cans most days.": a progressive with neither subject nor "is".
_PROGRESSIVE = re.compile(
    r"^(?:(?:Still|Now|Currently|Also) )?(?i:drinking|using|living|staying|working|smoking|"
    r"claiming|attending|engaging|sleeping|looking|getting|receiving|struggling|gambling|"
    r"sofa surfing|renting|sharing|volunteering|studying|labouring|paying|waiting|caring|"
    r"training|keeping)\b"
)


def without_heading(sentence: str) -> str:
    """The sentence without a headed note's label ("Accom: Remains at CAS3." -> "Remains at
    CAS3.")."""
    return _HEADING.sub("", sentence.strip())


def with_subject(sentence: str, name: str) -> str:
    """A shorthand sentence with no subject given the person's name as its subject
    ("Drinks 2-3 cans of cider a day." -> "Kerry Booth drinks 2-3 cans of cider a day.")."""
    if _PROGRESSIVE.match(sentence) or _STATE.match(sentence):
        return f"{name} is {sentence[:1].lower()}{sentence[1:]}"
    if _PASSIVE.match(sentence):
        return f"{name} has been {sentence[:1].lower()}{sentence[1:]}"
    if not _SUBJECTLESS.match(sentence) or _QUESTION.match(sentence):
        return sentence
    return f"{name} {sentence[:1].lower()}{sentence[1:]}"


def third_person(sentence: str, name: str) -> str:
    """The sentence with the officer's first person rewritten, quoted speech untouched,
    and a shorthand sentence with no subject given the person's name."""
    sentence = with_subject(without_heading(sentence), name)
    out, last = [], 0
    for quote in _QUOTED.finditer(sentence):
        out.append(_rewrite_plain(sentence[last : quote.start()], name))
        out.append(quote.group(0))
        last = quote.end()
    out.append(_rewrite_plain(sentence[last:], name))
    text = spelled_dates("".join(out).strip())
    return text[:1].upper() + text[1:] if text else text


def name_first(sentence: str, name: str) -> str:
    """A section's opening sentence names the person rather than starting "He" or "She"."""
    match = _PRONOUN_START.match(sentence)
    if not match:
        return sentence
    rest = sentence[match.end() :]
    if match.group(1):
        rest = _expanded(rest)
    text = (name if match.group(1) else f"{name}'s") + rest
    return text[:1].upper() + text[1:]


# A contraction after the pronoun a name replaces: "She's behind on council tax" must not
# become "Bethany Carrow's behind"; "she's" is "she has" before a past participle.
_CONTRACTED = re.compile(r"^['’](s|re|ve|ll|d)\b\s*(\w*)", re.IGNORECASE)
_HAS_BEFORE = {
    "been", "got", "gone", "had", "done", "started", "stopped", "moved", "lost", "found",
    "made", "told", "said", "left", "finished", "missed", "attended", "completed", "applied",
    "returned", "spent", "taken", "given", "seen", "used", "relapsed", "signed", "paid",
    "received", "kept", "managed", "agreed", "decided", "asked", "not", "never", "already",
    "just", "since", "recently",
}  # fmt: skip


def _expanded(rest: str) -> str:
    """The words after a replaced pronoun with its contraction spelled out for one person."""
    match = _CONTRACTED.match(rest)
    if not match:
        return rest
    short, after = match.group(1).lower(), match.group(2).lower()
    if short == "s":
        # "she's not" is "she is not" unless a participle follows ("she's not used since")
        has = after in _HAS_BEFORE and after not in {"not", "never", "already", "just"}
        verb = "has" if has else "is"
    elif short == "re":
        verb = "is"
    elif short == "ve":
        verb = "has"
    elif short == "ll":
        verb = "will"
    else:
        verb = "had" if after in _HAS_BEFORE else "would"
    return f" {verb}" + (" " if match.group(2) else "") + rest[match.end() - len(match.group(2)) :]


def is_whole(sentence: str) -> bool:
    """A whole sentence: a capital (or digit) first, a full stop last and a verb inside
    (a headed note's label is not counted: "Finance: UC paid." is not whole)."""
    text = without_heading(sentence)
    if len(text.split()) < 3 or not (text[:1].isupper() or text[:1].isdigit()):
        return False
    if not re.search(r"[.!?][\"”’')]*$", text):
        return False
    label = _SHORTHAND.search(text)
    if label and not _AUX.search(label.group(0)):
        return False  # "Heroin - denies.": note shorthand, not a sentence
    shorthand = _PROGRESSIVE.match(text) or _STATE.match(text) or _PASSIVE.match(text)
    return bool(_AUX.search(_QUOTED.sub("", text)) or shorthand)


def unquoted(sentence: str) -> str:
    """The sentence without its quoted speech (what the first-person check reads)."""
    return _QUOTED.sub("", sentence)
