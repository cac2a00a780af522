"""Risk flags with their ConText status, and the enforcement decision of the contact."""

from __future__ import annotations

from spacy.tokens import Token

from nlp.analysis import Analysis, TokenSpan
from nlp.context.clauses import TITLES, other_people
from nlp.context.others import NotePeople, someone_named
from nlp.context.syntax import relative_owned
from nlp.facts.contact import decided
from nlp.facts.curfew import back_after_curfew
from nlp.model import FLAG_CODES, Evidence, RiskFlag

# Abuse in the person's own relationship is theirs whether they did it or suffered it.
OWN_WHEN_OTHER = {"domestic_abuse"}
PRESENT_ONLY = {"mental_health", "condition_breach"}
# A condition the person was under ("on the tag till the 20th", "had a curfew last year") is
# no past breach: only a breach in so many words is one.
PAST_ONLY_IF_STRONG = {"condition_breach"}


def risk_flags(a: Analysis, person_words: set[str]) -> tuple[RiskFlag, ...]:
    """One flag per code and status; a present flag has only that status."""
    out: list[RiskFlag] = []
    for code in FLAG_CODES:
        found: list[tuple[str, TokenSpan]] = []
        negators = a.spans(f"flag|{code}|negated_by")
        found += [("negated", s) for s in negators]
        strong = a.spans(f"flag|{code}|present_only")
        not_cues = a.spans(f"flag|{code}|not_cue")
        for span in a.spans(f"flag|{code}|cue"):
            if any(n[0] <= span[0] < n[1] for n in negators + not_cues):
                continue
            if asked_about(a, span):  # "I asked about self-harm and she said there has been none"
                if _answered_no(a, span):
                    found.append(("negated", span))
                continue
            label = f"flag|{code}|cue"
            # A cue that carries its own negation ("did not return for his curfew") says it.
            status = a.fact_status(span, label)
            if status == "negated" and _inside(span, strong):
                status = "present" if a.own_status(span) == "present" else status
            if status == "present" and other_named(a, span, person_words, label):
                status = "other_person"
            if (
                status == "other_person"
                and code in OWN_WHEN_OTHER
                and not relative_owned(*a.syntax_view(span))
            ):
                # A partner's abuse is the person's risk: present while current, else as it
                # stands ("the MARAC case was closed in June" is historical).
                status = a.when_status(span, label)
            if (
                status == "present"
                and code in PRESENT_ONLY
                and not _inside(span, strong)
                and not (code == "condition_breach" and back_after_curfew(a, span))
            ):
                continue
            if status == "historical" and code in PAST_ONLY_IF_STRONG and not _inside(span, strong):
                continue
            found.append((status, span))
        present = [s for st, s in found if st == "present"]
        if present:
            out.append(RiskFlag(code, "present", a.clause_evidence(min(present))))
            continue
        seen: dict[str, TokenSpan] = {}
        for status, span in sorted(found, key=lambda f: f[1]):
            seen.setdefault(status, span)
        out.extend(RiskFlag(code, st, a.clause_evidence(sp)) for st, sp in seen.items())
    return tuple(out)


NO_WORDS = {"no", "not", "none", "never", "denies", "denied", "nil", "n't", "nothing"}


ASKED_REACH = 8
CLAUSE_BREAKS = {",", ";", ":", "and", "but", "so", "then", "-", "–"}


def asked_about(a: Analysis, span: TokenSpan) -> bool:
    """The cue is what was asked about: "asked if he has any weapons at the hostel"."""
    for q in a.spans("flag_asked"):
        if q[1] <= span[0] <= q[1] + ASKED_REACH and a.sentence_index(q[0]) == a.sentence_index(
            span[0]
        ):
            between = {t.lower_ for t in a.doc[q[1] : span[0]]}
            if not between & CLAUSE_BREAKS:
                return True
    return False


def _answered_no(a: Analysis, span: TokenSpan) -> bool:
    sent = a.sentence(span[0])
    return any(t.lower_ in NO_WORDS for t in a.doc[span[1] : sent.end])


def _inside(span: TokenSpan, others: list[TokenSpan]) -> bool:
    return any(o[0] <= span[0] and span[1] <= o[1] for o in others)


def other_named(a: Analysis, span: TokenSpan, person_words: set[str], label: str = "") -> bool:
    """Someone else named just before the cue in its sentence is who it is about; but for
    a child's safety, "her daughter Mia (14) is on a child protection plan" is the
    person's own child, so a name only a child word introduced does not move it."""
    sent = a.sentence(span[0])
    return any(
        sent.start <= ent.start
        and ent.end <= span[0]
        and span[0] - ent.end <= 6
        # "taken to Pinderfields last night after an overdose": a place, not who did it.
        and not (ent.start > sent.start and a.doc[ent.start - 1].lower_ in PLACE_BEFORE)
        # "Jo told Dr Shah she stopped her sertraline": who was told is not who did it.
        and not _told(a, ent.start, sent.start)
        and not (a.people is not None and _own_child(ent[0], a.people, label))
        for ent in other_people(a.doc, person_words)
    )


def _told(a: Analysis, start: int, sent_start: int) -> bool:
    """Whether a name is the one told ("told PC Ward", "informed Dr Shah"), titles skipped."""
    i = start - 1
    while i > sent_start and a.doc[i].lower_ in TITLES:
        i -= 1
    return i >= sent_start and a.doc[i].lower_ in TOLD_BEFORE


def _own_child(name: Token, people: NotePeople, label: str) -> bool:
    """A child of the person's, named, where the label keeps a child's matter theirs."""
    return label.startswith("flag|child") and not someone_named(name, people, label)


PLACE_BEFORE = {"to", "at", "in", "into", "from"}
TOLD_BEFORE = {"told", "tell", "tells", "telling", "informed", "informs", "reassured", "warned"}


ENFORCEMENT_ORDER = ("recall", "breach", "warning_letter")


def enforcement(a: Analysis) -> tuple[str, Evidence | None]:
    """The enforcement decision taken in this contact: recall, breach, warning letter or none."""
    for code in ENFORCEMENT_ORDER:
        for span in a.spans(f"enf|{code}"):
            if a.status(span) == "present" and decided(a, span):
                return code, a.evidence(span)
    return "none", None
