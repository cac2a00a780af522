"""Substance mentions with their status, and the drug test taken in the contact."""

from __future__ import annotations

from dataclasses import dataclass

from nlp.analysis import Analysis, TokenSpan
from nlp.facts.flags import other_named
from nlp.model import DrugTest, Substance
from nlp.resources import resource

STATUS = {"present": "current"}
MEDICINES = frozenset(resource("substances.json")["medicines"])
RESULT_ORDER = ("refused", "not_provided", "positive", "negative")
# A bare "test" or "sample" is a drug test only next to one of these.
DRUG_CONTEXT = {"drug", "drugs", "urine", "ua", "uds", "dt", "oral", "swab", "saliva", "mdt"}
NOT_DRUG = {
    "covid",
    "lateral",
    "pregnancy",
    "driving",
    "theory",
    "card",
    "cscs",
    "exam",
    "eye",
    "blood",
    "breath",
    "breathalyser",
    "hearing",
    "maths",
    "english",
    "skills",
}


@dataclass(frozen=True)
class SubstanceMention:
    """One substance named in the note."""

    name: str
    span: TokenSpan
    status: str


def substance_mentions(a: Analysis, person_words: set[str] | None = None) -> list[SubstanceMention]:
    """Every substance the note names, street names only beside a drug cue."""
    candidates: list[tuple[TokenSpan, str, str]] = []
    for key, span in a.spans_prefixed("sub|"):
        parts = key.split("|")
        if len(parts) == 3 and parts[2] in ("term", "street"):
            candidates.append((span, parts[1], parts[2]))
    # "Cocaine Anonymous", "a can of Coke", "a crack in the screen": the word names another thing.
    named = a.spans("sub|not_substance")
    candidates = [c for c in candidates if not any(n[0] <= c[0][0] < n[1] for n in named)]
    terms = [c for c in candidates if c[2] == "term"]
    kept: list[tuple[TokenSpan, str]] = []
    for span, name, kind in sorted(candidates, key=lambda c: (c[0][0], -c[0][1])):
        if kind == "street" and not _near_drug_cue(a, span, terms):
            continue
        if kept and span[0] < kept[-1][0][1]:
            continue  # inside a longer mention ("crack cocaine" holds "cocaine")
        kept.append((span, name))
    abstinent = a.spans("sub|abstinence")
    prescribed = _prescribed_statements(a)
    out = []
    for span, name in kept:
        if name in MEDICINES and a.statement_index(span[0]) in prescribed:
            continue  # "prescribed pregabalin by her GP, takes it as directed": not misuse
        raw = a.fact_status(span)
        status = STATUS.get(raw, raw)
        if status == "current" and person_words is not None and other_named(a, span, person_words):
            status = "other_person"
        # "used heroin for years but has been clean since 2023": use ended, whatever the tense.
        if status == "current" and any(_same_clause(a, cue, span) for cue in abstinent):
            status = "historical"
        out.append(SubstanceMention(name, span, status))
    return out


# A statement that opens by pointing back at what was just named: "Both are prescribed",
# "They are on prescription from his GP", "It is prescribed for his back".
_POINTING_BACK = frozenset({"both", "all", "it", "they", "these", "those", "each", "which"})


def _prescribed_statements(a: Analysis) -> set[int]:
    """Statements in which a medicine is the person's prescription: one with a prescription
    cue and no sign of misuse, and the one before a statement that opens by pointing back at
    it ("... positive for benzodiazepines only. Both are prescribed")."""
    prescribed = {a.statement_index(s[0]) for s in a.spans("sub|prescribed_context")}
    prescribed -= {a.statement_index(s[0]) for s in a.spans("sub|not_prescribed")}
    for sent in a.sents:
        index = a.statement_index(sent.start)
        if index in prescribed and index > 0 and sent[0].lower_ in _POINTING_BACK:
            prescribed.add(index - 1)
    return prescribed


# "clean from heroin since the summer but admitted cannabis at the weekend": a contrast
# after the abstinence cue turns to something else. Before it, the contrast is the
# abstinence itself ("used heroin for years but has been clean since 2023").
_CONTRAST = {"but", "however", "although", "though", "whereas", "yet", "except"}


def _same_clause(a: Analysis, cue: TokenSpan, span: TokenSpan) -> bool:
    """Whether an abstinence cue speaks of the mention: the same statement, and no contrast
    word between the cue and a mention after it."""
    if a.statement_index(cue[0]) != a.statement_index(span[0]):
        return False
    if span[0] < cue[0]:
        return True
    return not any(t.lower_ in _CONTRAST for t in a.doc[cue[1] : span[0]])


# Words of amount between a drug verb and a street name ("used a bit of brown", "smoked a
# little bit of the white"): they say how much, so they do not count towards the distance.
_AMOUNT_WORDS = frozenset(("a", "bit", "of", "little", "some", "the", "few", "couple"))
_CUE_REACH = 3


def _reach_back(a: Analysis, span: TokenSpan, start: int) -> int:
    """The first token a drug cue before a street name may stand on: three words back,
    not counting words of amount."""
    i, steps = span[0], 0
    while i > start and steps < _CUE_REACH:
        i -= 1
        steps += a.doc[i].lower_ not in _AMOUNT_WORDS
    return i


def _near_drug_cue(a: Analysis, span: TokenSpan, terms: list[tuple[TokenSpan, str, str]]) -> bool:
    sent = a.sentence(span[0])
    lo, hi = _reach_back(a, span, sent.start), min(sent.end, span[1] + _CUE_REACH)
    cues = a.spans("sub|cue") + [t[0] for t in terms]
    return any(lo <= c[0] < hi and c != span for c in cues)


def drug_test(
    a: Analysis, mentions: list[SubstanceMention]
) -> tuple[DrugTest | None, list[SubstanceMention]]:
    """The drug test of this contact, and the mentions with the test's statuses applied."""
    for cue in a.spans("dt|cues"):
        if a.clause_of(cue) == "other":
            continue  # "his brother tested positive for cocaine at work"
        sent = a.sentence(cue[0])
        words = {t.norm_ for t in sent}
        cue_words = {t.norm_ for t in a.doc[cue[0] : cue[1]]}
        if words & NOT_DRUG:
            continue
        if cue_words <= {"test", "tested", "sample"} and not (
            words & DRUG_CONTEXT or any(sent.start <= m.span[0] < sent.end for m in mentions)
        ):
            continue
        lo, hi = max(sent.start, cue[0] - 4), min(sent.end, cue[1] + 14)
        results = {r: [s for s in a.spans(f"dt|{r}") if lo <= s[0] < hi] for r in RESULT_ORDER}
        # The result said nearest the test ("swab positive for amphetamine; has not tested
        # positive for cannabis since April": positive), the order breaking ties.
        found_results = [
            (abs(s[0] - cue[1]), RESULT_ORDER.index(r), r)
            for r, spans in results.items()
            for s in spans
        ]
        result = min(found_results)[2] if found_results else None
        if result is None:
            continue
        evidence_end = max([cue[1]] + [s[1] for r in results.values() for s in r])
        evidence = a.evidence(
            (min([cue[0]] + [s[0] for r in results.values() for s in r]), evidence_end)
        )
        tested = [m for m in mentions if lo <= m.span[0] < sent.end]
        positive, negative = results["positive"], results["negative"]
        found: list[str] = []
        updated: list[SubstanceMention] = []
        for m in mentions:
            if (
                m in tested
                and positive
                and _after(m, positive)
                and _nearest(m, positive, negative)
                and m.status in ("current", "hypothetical")
            ):
                found.append(m.name)
                m = SubstanceMention(m.name, m.span, "current")
            elif m in tested and negative and _after(m, negative) and m.status == "current":
                m = SubstanceMention(m.name, m.span, "negated")
            updated.append(m)
        if result == "negative" and found:
            result = "positive"
        subs = tuple(dict.fromkeys(found)) if result == "positive" else ()
        return DrugTest(result=result, substances=subs, evidence=evidence), updated
    return None, mentions


def _after(m: SubstanceMention, cues: list[TokenSpan]) -> bool:
    return any(c[0] <= m.span[0] for c in cues)


def _nearest(m: SubstanceMention, positive: list[TokenSpan], negative: list[TokenSpan]) -> bool:
    """The mention follows a positive cue more closely than any negative one."""
    pos = max((c[0] for c in positive if c[0] <= m.span[0]), default=-1)
    neg = max((c[0] for c in negative if c[0] <= m.span[0]), default=-1)
    return pos > neg


def substances(mentions: list[SubstanceMention], a: Analysis) -> tuple[Substance, ...]:
    """One entry per substance and status; a current substance has only that status."""
    out: list[Substance] = []
    for name in dict.fromkeys(m.name for m in mentions):
        mine = [m for m in mentions if m.name == name]
        current = [m for m in mine if m.status == "current"]
        chosen = current[:1] or list({m.status: m for m in reversed(mine)}.values())[::-1]
        out.extend(Substance(name, m.status, a.evidence(m.span)) for m in chosen)
    return tuple(out)
