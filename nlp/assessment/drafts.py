"""Each area's section written as an assessor writes it, every sentence linked to its note.

Sentences are chosen, never invented: the newest sentence behind each answer (the current
situation), then risks and protective factors, then actions. Each is rewritten into the
third person (`rewrite`), kept only when whole, and said once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

from nlp.assessment.answers import Answer
from nlp.assessment.dates import event_dates, relative_time, uk_date
from nlp.assessment.findings import Evidence, Note
from nlp.assessment.questions import Area, Catalogue
from nlp.assessment.rewrite import is_whole, name_first, third_person
from nlp.assessment.sources import (
    action_evidence,
    flag_evidence,
    need_evidence,
    substance_evidence,
)
from nlp.render import render

GROUPS = ("situation", "risks", "actions")
DATE_OLDER_THAN_DAYS = 31  # a sentence this much older than the section's newest is dated
MAX_PER_GROUP = 6
SAME_FACT = 0.6  # share of content words above which two sentences say the same thing
_WORD = re.compile(r"[a-z0-9']+")
# Words every sentence about the person shares: they say nothing about which fact it is.
_COMMON = set(
    "a an the and or but of to in on at for with by from he she they his her their him them "
    "it its is are was were be been being has have had do does did this that there who which "
    "person probation officer".split()
)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a draft, its group and the note sentence it came from."""

    text: str
    group: str
    evidence: Evidence

    def to_json(self) -> dict[str, Any]:
        """The sentence object of the assessment JSON."""
        return {"text": self.text, "group": self.group, "evidence": self.evidence.to_json()}


def words(text: str) -> set[str]:
    """The lower-case content words of a text (for the same-fact test)."""
    return set(_WORD.findall(text.lower())) - _COMMON


def same_fact(a: str, b: str) -> bool:
    """Whether two sentences say the same thing (most of their content words shared)."""
    wa, wb = words(a), words(b)
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= SAME_FACT


@dataclass(frozen=True)
class Candidate:
    """Note sentences that could say one fact (newest first) and the fact in plain words."""

    evidence: tuple[Evidence, ...]
    fact: str = ""


def fact_sentence(code: str, value: str, name: str, cat: Catalogue) -> str:
    """A pre-filled answer in plain words (templates/text/assessment_fact.txt.j2), or ""."""
    drug = ""
    if code.startswith("drug_last_used_"):
        drug = cat.question("select_misused_drugs").option_label(
            code.removeprefix("drug_last_used_").upper()
        )
    return render("assessment_fact.txt.j2", code=code, value=value, who=name, drug=drug)


def _answer_candidates(
    area: Area, answers: dict[str, Answer], cat: Catalogue, name: str
) -> list[Candidate]:
    found: list[Candidate] = []
    codes = [q.code for q in area.questions]
    if area.area == "drug_use":
        codes += sorted(c for c in answers if c.startswith("drug_last_used_"))
    # Drugs last used at the same time, said in the same sentences, are one fact: a
    # sentence is used once in a section, so a second drug would otherwise go unsaid.
    drugs: dict[tuple[str, tuple[Evidence, ...]], list[str]] = {}
    for code in codes:
        answer = answers.get(code)
        if answer is None or answer.value in (None, []):
            continue
        if code == "select_misused_drugs":
            continue  # each drug's newest sentence is added from the substances below
        if isinstance(answer.value, list):
            found += [Candidate((ev,)) for ev in answer.evidence]
            continue
        # Only the newest contact's words: an older sentence may describe a past situation
        # ("staying at approved premises") that led to the same answer.
        newest = tuple(e for e in answer.evidence if e.date == answer.evidence[0].date)
        if code.startswith("drug_last_used_"):
            drugs.setdefault((str(answer.value), newest), []).append(code)
        else:
            found.append(Candidate(newest, fact_sentence(code, answer.value, name, cat)))
    for (value, newest), group in drugs.items():
        found.append(Candidate(newest, _drugs_fact(group, value, name, cat)))
    return found


def _drugs_fact(codes: list[str], value: str, name: str, cat: Catalogue) -> str:
    """One plain-words sentence for drugs last used at the same time ("... has used
    cannabis and cocaine within the last six months.")."""
    drugs = cat.question("select_misused_drugs")
    labels = [drugs.option_label(c.removeprefix("drug_last_used_").upper()) for c in codes]
    named = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"
    return render("assessment_fact.txt.j2", code=codes[0], value=value, who=name, drug=named)


def candidates(
    area: Area, answers: dict[str, Answer], notes: list[Note], cat: Catalogue, name: str
) -> dict[str, list[Candidate]]:
    """What each group of the section could say, in order."""
    flags = {c for c, a in cat.links["flags"].items() if a == area.area}
    situation = _answer_candidates(area, answers, cat, name)
    if area.area == "drug_use":
        situation += [Candidate((ev,)) for ev in substance_evidence(notes, set(cat.substances))]
    risks = [ev for _, _, ev in flag_evidence(notes, flags)]
    if situation or risks:
        # A strength the extractor put under an area nothing else in the notes answers is
        # more often a misfiled sentence ("the alcohol worker" under drug use) than a fact.
        risks += need_evidence(notes, area.area, ("strength",))
    # An action older than the newest answer in the area led to where things are now
    # ("a referral to CAS3" before "he has moved into CAS3"): history, not a current action.
    since = max((e.date for c in situation for e in c.evidence), default="")
    recent = [
        ev for ev in action_evidence(notes, area.area, cat.links["actions"]) if ev.date >= since
    ]
    return {
        "situation": situation,
        "risks": [Candidate((ev,)) for ev in risks],
        "actions": [Candidate((ev,)) for ev in recent],
    }


def _is_old(sentence: Sentence, newest: dt.date) -> bool:
    said_on = dt.date.fromisoformat(sentence.evidence.date)
    return (newest - said_on).days > DATE_OLDER_THAN_DAYS


def _newest(sentences: list[Sentence]) -> dt.date:
    return max(dt.date.fromisoformat(s.evidence.date) for s in sentences)


def _dated(sentences: list[Sentence]) -> list[Sentence]:
    """Sentences from a contact a month or more older than the section's newest say when
    they were said ("He uses cannabis daily (note of 2 July 2026)."), so an old present tense does
    not read as now; one that already names a time is left as it is, unless the time is
    relative to the contact ("moved in last week (note of 27 August 2026)")."""
    if not sentences:
        return sentences
    newest = _newest(sentences)
    out = []
    for s in sentences:
        said_on = dt.date.fromisoformat(s.evidence.date)
        dateless = not event_dates(s.text, said_on)
        if (_is_old(s, newest) and dateless) or relative_time(s.text):
            # "(note of ...)": the date the words were written, not when "tomorrow" is
            s = replace(s, text=f"{s.text[:-1]} (note of {uk_date(said_on)}){s.text[-1]}")
        out.append(s)
    return out


def draft(
    area: Area, answers: dict[str, Answer], notes: list[Note], cat: Catalogue, name: str
) -> list[Sentence]:
    """The section's sentences: whole, third person, each fact once, in group order (the
    answers' order within the situation), old ones dated, the first naming the person."""
    sentences = _dated(_chosen(area, answers, notes, cat, name))
    if sentences:
        first = sentences[0]
        sentences[0] = replace(first, text=name_first(first.text, name))
    return sentences


def _chosen(
    area: Area, answers: dict[str, Answer], notes: list[Note], cat: Catalogue, name: str
) -> list[Sentence]:
    chosen: list[Sentence] = []
    used: set[tuple[int, int]] = set()
    for group, items in candidates(area, answers, notes, cat, name).items():
        count = 0
        for item in items:
            if count >= MAX_PER_GROUP or any((e.entry_id, e.start) in used for e in item.evidence):
                continue  # said already: a sentence behind two answers is written once
            whole = [e for e in item.evidence if is_whole(e.text)]
            if whole:
                ev, text = whole[0], third_person(whole[0].text, name)
            elif item.fact and item.evidence:
                ev, text = item.evidence[0], item.fact
            else:
                continue
            if any(same_fact(text, s.text) for s in chosen):
                continue
            used.add((ev.entry_id, ev.start))
            chosen.append(Sentence(text, group, ev))
            count += 1
    return chosen
