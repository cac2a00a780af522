"""Need areas discussed in the contact and whether each is a current need."""

from __future__ import annotations

import re
from functools import cache

from nlp.analysis import Analysis, TokenSpan
from nlp.facts.flags import asked_about
from nlp.facts.households import lives_with_the_person, someone_elses_home
from nlp.facts.substances import SubstanceMention
from nlp.model import NEED_AREAS, DrugTest, Evidence, Need, RiskFlag
from nlp.resources import resource

ASSERTED = ("present", "negated", "historical", "hypothetical")
OTHERS_INVOLVED = ("relationships_community", "accommodation")
FLAG_NEEDS = {
    code: spec["implies_need"]
    for code, spec in resource("flags.json")["flags"].items()
    if spec.get("implies_need")
}


def needs(
    a: Analysis,
    mentions: list[SubstanceMention],
    test: DrugTest | None,
    flags: tuple[RiskFlag, ...],
) -> tuple[Need, ...]:
    """Every area the note discusses about the person, with its status and evidence."""
    out = []
    for area in NEED_AREAS:
        need = _area(a, area, mentions, test, flags)
        if need:
            out.append(need)
    return tuple(out)


def _area(
    a: Analysis,
    area: str,
    mentions: list[SubstanceMention],
    test: DrugTest | None,
    flags: tuple[RiskFlag, ...],
) -> Need | None:
    mention = _cues(a, area, "mention")
    # Relationships are with other people, and "a friend's sofa" is the person's own housing.
    now = ("present", "other_person") if area in OTHERS_INVOLVED else ("present",)
    need = [
        s
        for s in _cues(a, area, "need")
        if a.own_status(s) in now and _holds(a, s, now) and not asked_about(a, s)
    ]
    strength = [s for s in _cues(a, area, "strength") if a.status(s) in now]
    resolved = [s for s in _cues(a, area, "resolved") if a.status(s) == "present"]
    evidence: list[Evidence] = []
    is_need = False
    if area == "drug_use":
        mention = [m for m in mention if not _a_drinking_lapse(a, m, mentions)]
        mention = [m for m in mention if not _a_missed_review(a, m)]
        need = [m for m in need if not _a_drinking_lapse(a, m, mentions)]
        need = [m for m in need if not _a_missed_review(a, m)]
        own = [m for m in mentions if m.status != "other_person"]
        mention += [m.span for m in own]
        current = [m.span for m in own if m.status == "current"]
        need += current
        if test is not None and test.evidence and not _against(test, need):
            evidence.append(test.evidence)
    for flag in flags:
        if FLAG_NEEDS.get(flag.code) == area and flag.status == "present":
            is_need = True
            evidence.append(flag.evidence)
    need = [s for s in need if not _resolved_near(a, s, resolved, area)]
    is_need = is_need or bool(need)
    heading = _field_heading(a.text, area)
    if heading is not None and not (mention or need or strength):
        evidence.append(a.evidence_chars(*heading))  # "Subs: nil", "Health: toothache"
    stated = _stated(a.text, area)
    if stated is not None:  # "An explicit statement ('drug use remains a need') decides."
        is_need = stated[0]
        evidence.insert(0, a.evidence_chars(stated[1], stated[2]))
    if not (mention or need or strength or evidence):
        return None
    status = "need" if is_need else "strength" if strength else "no_need"
    decisive = need if is_need else strength or mention
    for span in sorted(decisive or mention)[:3]:
        ev = a.clause_evidence(span)
        if all(ev.start != e.start for e in evidence):
            evidence.append(ev)
    if area == "drug_use" and test is not None and test.evidence and _against(test, need):
        evidence.append(test.evidence)  # a clear test is context here, not the reason
    return Need(area=area, status=status, evidence=tuple(evidence[:3]))


def _against(test: DrugTest, need: list[TokenSpan]) -> bool:
    """A negative test beside a drug-use need ("negative for opiates, still on his
    script"): it does not support the need, so it is quoted after what does."""
    return bool(need) and test.result == "negative"


_LAPSE_WORDS = frozenset({"relapse", "relapsed", "lapse", "lapsed"})


def _a_drinking_lapse(a: Analysis, span: TokenSpan, mentions: list[SubstanceMention]) -> bool:
    """ "The relapse shook him and he has not had a drink since": a lapse in a sentence about
    drinking that names no drug is a lapse into drink, not drug use."""
    if a.doc[span[0] : span[1]].text.lower() not in _LAPSE_WORDS:
        return False
    sent = a.sentence(span[0])
    drink = any(sent.start <= s[0] < sent.end for s in a.spans("need|alcohol_use|mention"))
    drug = any(sent.start <= m.span[0] < sent.end for m in mentions) or any(
        t.lower_ in ("drug", "drugs", "using", "used") for t in sent
    )
    return drink and not drug


_ORDER_NAMES = frozenset({"drr", "drug rehabilitation requirement"})
_ABSENCES = ("outcome|failed_to_attend", "outcome|unacceptable_absence", "outcome|rescheduled")


def _a_missed_review(a: Analysis, span: TokenSpan) -> bool:
    """ "FTA - DRR review, 09:30", "did not attend his DRR review": the order's name in the
    sentence of a missed appointment names the appointment; nothing was said of drug use."""
    if a.doc[span[0] : span[1]].text.lower() not in _ORDER_NAMES:
        return False
    sent = a.sentence(span[0])
    return any(sent.start <= s[0] < sent.end for key in _ABSENCES for s in a.spans(key))


def _holds(a: Analysis, span: TokenSpan, now: tuple[str, ...]) -> bool:
    """A need cue ConText leaves present that the sentence's parse still reads as present:
    "asked about self-harm, which he denied", "Self-harm: asked, denies" are no need."""
    if a.own_status(span) != a.assertion(span).status:
        return True  # the cue carries its own negation: "no job" says there is a need
    return a.fact_status(span) in now


def _resolved_near(a: Analysis, span: TokenSpan, resolved: list[TokenSpan], area: str) -> bool:
    """A problem that the same sentence (or, for housing, the note) says is settled."""
    if area == "accommodation":
        return bool(resolved)
    sent = a.sentence(span[0])
    return any(sent.start <= r[0] < sent.end for r in resolved)


def _cues(a: Analysis, area: str, role: str) -> list[TokenSpan]:
    """Cues of one role for one area, about the person themselves."""
    spans = a.spans(f"need|{area}|{role}")
    if not spans and (area, role) != ("relationships_community", "mention"):
        return []  # most areas of most notes: nothing to filter (32 calls a note)
    blockers = a.spans(f"need|{area}|not_after")
    spans = [s for s in spans if not any(b[1] == s[0] or b[0] <= s[0] < b[1] for b in blockers)]
    other_senses = a.spans(f"need|{area}|not_cue")  # "the bus broke down"
    spans = [s for s in spans if not any(n[0] <= s[0] < n[1] for n in other_senses)]
    followers = {b[0] for b in a.spans(f"need|{area}|not_before")}
    spans = [s for s in spans if s[1] not in followers]  # "thinking about ending his life"
    if area == "relationships_community":
        spans = [s for s in spans if _anchored(a, s, names=role == "mention")]
        if role == "mention":  # "her two children live with her": her household
            living = a.spans("need|accommodation|mention")
            spans += [s for s in living if lives_with_the_person(a, s)]
    elif area == "accommodation":  # "his daughter, who lives with her mum"
        spans = [s for s in spans if someone_elses_home(a, s) is None]
    asserted: tuple[str, ...] = ASSERTED
    if area == "relationships_community":  # a past relationship is no mention
        asserted = ("present", "negated", "hypothetical", "other_person")
    elif area in OTHERS_INVOLVED:
        asserted = (*ASSERTED, "other_person")
    spans = [s for s in spans if a.status(s) in asserted]
    if area not in OTHERS_INVOLVED:
        # "her partner Kyle is kind and does not drink": a denial nearer the word than the
        # partner wins in ConText, but the clause is still the partner's, not the person's.
        spans = [s for s in spans if not _negated_in_someone_elses_clause(a, s)]
    return spans


_PRONOUN_SUBJECTS = frozenset(("he", "she", "they", "i", "we"))


def _negated_in_someone_elses_clause(a: Analysis, span: TokenSpan) -> bool:
    """A negated area word whose clause is someone else's, with no pronoun of its own
    before the word: what another person does not do says nothing of the person's own
    situation. A pronoun may be the person again ("... and she does not use drugs
    herself"), so the word is then kept."""
    if a.status(span) != "negated" or a.clause_of(span) != "other":
        return False
    start = next((lo for (lo, hi), _whose in a.whose if lo <= span[0] < hi), span[0])
    return not any(t.lower_ in _PRONOUN_SUBJECTS for t in a.doc[start : span[0]])


def _anchored(a: Analysis, span: TokenSpan, names: bool) -> bool:
    """A relationship cue counts beside a family, partner or friend word that is not
    just who the person lives with (or, for a mention, a name given to one)."""
    text = a.doc[span[0] : span[1]].text.lower()
    if text not in _ANCHOR_REQUIRED:
        return True
    sent = a.sentence(span[0])
    start = sent.start
    for anchor in a.in_sentence("need|relationships_community|anchors", sent):
        before = {t.norm_ for t in a.doc[max(start, anchor[0] - 4) : anchor[0]]}
        if not _NOT_THEIRS & before:
            return True
    return names and _names_a_relative(a, sent.start, sent.end)


def _names_a_relative(a: Analysis, start: int, end: int) -> bool:
    """A name the note introduced by a family or partner word ("his sister Debbie ... he
    stays in touch with Debbie") stands for that word."""
    if a.people is None:
        return False
    names = {n for n, rel in a.people.names.items() if rel and rel not in _NOT_THEIRS}
    return any(t.lower_ in names for t in a.doc[start:end])


_RELATIONSHIPS = resource("needs.json")["areas"]["relationships_community"]
_NOT_THEIRS = set(_RELATIONSHIPS["anchor_blocked_after"])


def _spelled_out(phrase: str) -> set[str]:
    """Every literal form of a cue phrase with 'a|b' alternatives ("helped him|her" is
    "helped him" and "helped her"), so that each needs its anchor."""
    forms = [""]
    for word in phrase.lower().split():
        forms = [f"{f} {w}".strip() for f in forms for w in word.split("|")]
    return set(forms)


_ANCHOR_REQUIRED = {
    form for p in _RELATIONSHIPS["anchor_required"] if "_" not in p for form in _spelled_out(p)
}


# An officer's own verdict on an area: "Accom = need", "alcohol remains a need",
# "recorded family relationships as a need", "ETE: working full time; not a need".
_GAP = r"[^.;\n!?]{0,40}?"
_NEED = (
    r"(?:a\s+|an\s+)?(?:current\s+|key\s+|clear\s+|significant\s+|priority\s+|identified\s+"
    r"|ongoing\s+|main\s+)?(?:area\s+of\s+)?need\b"
)
_IS = r"\b(?:remains?|is|are|as|still|continues?\s+to\s+be)\s+(?:still\s+)?"
_MARK = r"\s*(?:=|->|→|:|–)\s*"
_NOT = r"\b(?:not|no\s+longer|isn't|never)\s+(?:currently\s+|now\s+|really\s+)?"


@cache
def _statement_patterns(area: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(need, no need) statements about one area, by the names officers give it."""
    names = sorted(resource("needs.json")["area_names"][area], key=len, reverse=True)
    n = "|".join(re.escape(x) for x in names)
    name = rf"\b(?:{n})\b"
    # a field, on its own line or after a sentence: "Drugs: ...; remains a need"
    field = rf"(?:^|(?<=[.!?] ))[ \t]*[-•*]?[ \t]*{name}[ \t]*:[^\n]{{0,160}}?"
    yes = (
        rf"{name}(?:{_MARK}|{_GAP}{_IS}){_NEED}|\brecorded\s+(?:{n})\s+as\s+{_NEED}"
        rf"|{field}{_IS}{_NEED}"
    )
    no = (
        rf"{name}{_GAP}{_NOT}{_NEED}|{name}{_GAP}\bno\s+need\b(?!\s+(?:to|for)\b)"
        rf"|\bno\s+(?:{n})\s+need\b"
        rf"|{field}{_NOT}{_NEED}"
    )
    flags = re.IGNORECASE | re.MULTILINE
    return re.compile(yes, flags), re.compile(no, flags)


def _stated(text: str, area: str) -> tuple[bool, int, int] | None:
    """The last outright statement that the area is (True) or is not (False) a need, with
    its character span, or None when the note states neither."""
    if "need" not in text.lower():  # every statement says "need": most notes skip the scans
        return None
    yes, no = _statement_patterns(area)
    found = [
        (m.start(), not _negated_before(text, m.start()), m.end())
        for m in yes.finditer(text)
        if _nearest(m[0]) == area
    ]
    found += [(m.start(), False, m.end()) for m in no.finditer(text) if _nearest(m[0]) == area]
    if not found:
        return None
    start, is_need, end = max(found, key=lambda f: (f[2], not f[1]))
    return is_need, start, end


# A field whose content says nothing was covered: "Alcohol: N/A", "Health: not discussed".
_NOT_COVERED = r"(?:n/?a\b|not\s+(?:discussed|covered|asked|applicable)|-\s*$|$)"


@cache
def _field_pattern(area: str) -> re.Pattern[str]:
    """A field headed by the area's name, at a line's start or after a sentence or a
    semicolon: "Subs: nil", "; Health: toothache, dentist booked"."""
    names = sorted(resource("needs.json")["area_names"][area], key=len, reverse=True)
    n = "|".join(re.escape(x) for x in names)
    return re.compile(
        rf"(?:^|(?<=[.!?;] ))[ \t]*[-•*]?[ \t]*(?:{n})[ \t]*:(?![ \t]*{_NOT_COVERED})[^\n;.]+",
        re.IGNORECASE | re.MULTILINE,
    )


def _field_heading(text: str, area: str) -> tuple[int, int] | None:
    """The first field the note heads with the area's name: the officer covered the area,
    "no issues" included, so it was discussed whatever words the field holds."""
    m = _field_pattern(area).search(text)
    return (m.start(), m.end()) if m else None


@cache
def _area_names() -> tuple[re.Pattern[str], dict[str, str]]:
    """Every area name as one pattern, and the area each name stands for."""
    names = resource("needs.json")["area_names"]
    every = {n.lower(): area for area, ns in names.items() if not area.startswith("_") for n in ns}
    alternatives = "|".join(re.escape(n) for n in sorted(every, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE), every


def _nearest(statement: str) -> str | None:
    """The area named last before the verdict: "work is fine, alcohol is a need" is about
    alcohol, not work."""
    pattern, area_of = _area_names()
    names = list(pattern.finditer(statement))
    return area_of.get(names[-1][0].lower()) if names else None


_NEGATOR = re.compile(r"(?:\b(?:not|never|no longer)\b|n't\b|\bdont\b)[^.;,\n]*$", re.IGNORECASE)


def _negated_before(text: str, start: int) -> bool:
    """ "I don't see his mental health as a need": the verdict denied before the area."""
    return _NEGATOR.search(text, max(0, start - 40), start) is not None
