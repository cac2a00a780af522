"""Need areas discussed in the contact and whether each is a current need."""

from __future__ import annotations

from nlp.analysis import Analysis, TokenSpan
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
    need = [s for s in _cues(a, area, "need") if a.own_status(s) in now]
    strength = [s for s in _cues(a, area, "strength") if a.status(s) in now]
    resolved = [s for s in _cues(a, area, "resolved") if a.status(s) == "present"]
    evidence: list[Evidence] = []
    is_need = False
    if area == "drug_use":
        own = [m for m in mentions if m.status != "other_person"]
        mention += [m.span for m in own]
        current = [m.span for m in own if m.status == "current"]
        need += current
        if test is not None and test.evidence:
            evidence.append(test.evidence)
    for flag in flags:
        if FLAG_NEEDS.get(flag.code) == area and flag.status == "present":
            is_need = True
            evidence.append(flag.evidence)
    need = [s for s in need if not _resolved_near(a, s, resolved, area)]
    is_need = is_need or bool(need)
    if not (mention or need or strength or evidence):
        return None
    status = "need" if is_need else "strength" if strength else "no_need"
    decisive = need if is_need else strength or mention
    for span in sorted(decisive or mention)[:3]:
        ev = a.clause_evidence(span)
        if all(ev.start != e.start for e in evidence):
            evidence.append(ev)
    return Need(area=area, status=status, evidence=tuple(evidence[:3]))


def _resolved_near(a: Analysis, span: TokenSpan, resolved: list[TokenSpan], area: str) -> bool:
    """A problem that the same sentence (or, for housing, the note) says is settled."""
    if area == "accommodation":
        return bool(resolved)
    sent = a.sentence(span[0])
    return any(sent.start <= r[0] < sent.end for r in resolved)


def _cues(a: Analysis, area: str, role: str) -> list[TokenSpan]:
    """Cues of one role for one area, about the person themselves."""
    spans = a.spans(f"need|{area}|{role}")
    blockers = a.spans(f"need|{area}|not_after")
    spans = [s for s in spans if not any(b[1] == s[0] or b[0] <= s[0] < b[1] for b in blockers)]
    if area == "relationships_community":
        spans = [s for s in spans if _anchored(a, s)]
    asserted: tuple[str, ...] = ASSERTED
    if area == "relationships_community":  # a past relationship is no mention
        asserted = ("present", "negated", "hypothetical", "other_person")
    elif area in OTHERS_INVOLVED:
        asserted = (*ASSERTED, "other_person")
    return [s for s in spans if a.status(s) in asserted]


def _anchored(a: Analysis, span: TokenSpan) -> bool:
    """A relationship cue counts beside a family, partner or friend word that is not
    just who the person lives with."""
    text = a.doc[span[0] : span[1]].text.lower()
    if text not in _ANCHOR_REQUIRED:
        return True
    sent = a.sentence(span[0])
    start = sent.start
    for anchor in a.in_sentence("need|relationships_community|anchors", sent):
        before = {t.norm_ for t in a.doc[max(start, anchor[0] - 4) : anchor[0]]}
        if not _NOT_THEIRS & before:
            return True
    return False


_RELATIONSHIPS = resource("needs.json")["areas"]["relationships_community"]
_NOT_THEIRS = set(_RELATIONSHIPS["anchor_blocked_after"])
_ANCHOR_REQUIRED = {p.lower() for p in _RELATIONSHIPS["anchor_required"] if "|" not in p}
