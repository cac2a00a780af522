"""Drafts of SAN's practitioner analysis for an area, each with the evidence behind it.

Strengths are offered as YES when an answer is a protective factor. Serious harm is YES when
a harm flag is recorded now, or a note ties the area to an offence that harmed or threatened
someone. Reoffending is YES when a note ties the area to offending ("he was drunk when he
was arrested") and the area is a current need. Otherwise the draft is blank with the reason,
so the officer sees what the notes lack rather than a guess.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from nlp.assessment.answers import Answer
from nlp.assessment.findings import Evidence, Note, parse
from nlp.assessment.questions import Area, Catalogue
from nlp.assessment.rewrite import is_whole, third_person
from nlp.assessment.sources import flag_evidence, need_evidence
from nlp.resources import resource

MAX_LINKS = 3  # the newest sentences tying an area to offending: enough to show the link


def _unique(evidence: list[Evidence]) -> list[Evidence]:
    seen: dict[tuple[int, int], Evidence] = {}
    for ev in evidence:
        seen.setdefault((ev.entry_id, ev.start), ev)
    return list(seen.values())


def _details(evidence: list[Evidence], name: str) -> str:
    return " ".join(third_person(ev.text, name) for ev in evidence if is_whole(ev.text))


def _values(answer: Answer) -> list[str]:
    return answer.value if isinstance(answer.value, list) else [str(answer.value)]


def _answers_in(
    area: Area, answers: dict[str, Answer], wanted: dict[str, list[str]]
) -> list[Evidence]:
    """The newest whole sentence behind each of the area's answers that `wanted` lists."""
    found: list[Evidence] = []
    codes = {q.code for q in area.questions}
    for code, answer in answers.items():
        template = "drug_last_used" if code.startswith("drug_last_used_") else code
        if template not in codes or answer.status != "answered":
            continue
        if any(v in wanted.get(template, []) for v in _values(answer)):
            whole = [e for e in answer.evidence if is_whole(e.text)]
            found.extend(whole[:1] or answer.evidence[:1])
    return found


@cache
def _link_patterns() -> dict[str, re.Pattern[str]]:
    raw = resource("san_cues.json")["offence_links"]
    words = {k: raw[k] for k in ("offence", "harm", "denial", "back", "then")} | raw["areas"]
    return {k: re.compile(rf"\b(?:{v})\b", re.IGNORECASE) for k, v in words.items()}


_NOT_AREAS = ("offence", "harm", "denial", "back", "then")


def _areas_named(words: str) -> frozenset[str]:
    patterns = _link_patterns()
    return frozenset(k for k in patterns if k not in _NOT_AREAS and patterns[k].search(words))


def _linked_pair(first: str, second: str) -> frozenset[str]:
    """The areas two neighbouring sentences link to offending between them: the offence,
    then the area with words pointing back to it ("He was arrested for theft. He said he
    needed money for drink."), or the area, then the offence with words following on from
    it ("He had been drinking all day. He then assaulted a man."). Neither may deny."""
    patterns = _link_patterns()
    if patterns["denial"].search(first) or patterns["denial"].search(second):
        return frozenset()
    if patterns["offence"].search(first) and patterns["back"].search(second):
        return _areas_named(second)
    if patterns["offence"].search(second) and patterns["then"].search(second):
        return _areas_named(first)
    return frozenset()


@lru_cache(maxsize=4096)
def _offence_sentences(text: str) -> tuple[tuple[int, str, frozenset[str]], ...]:
    """(start, words, areas they name) of each sentence of a note that talks of offending
    without denying a link, and of each pair of neighbouring sentences that make the link
    between them; read once per note text and process, like the cue matches."""
    patterns = _link_patterns()
    found = []
    sents = [(sent.start_char, sent.text.strip()) for sent in parse(text).sents]
    for start, words in sents:
        if patterns["offence"].search(words) and not patterns["denial"].search(words):
            named = _areas_named(words)
            if named:
                found.append((start, words, named))
    for (start, first), (_, second) in zip(sents, sents[1:], strict=False):
        named = _linked_pair(first, second)
        if named and first and second:
            end = text.index(second, start + len(first)) + len(second)
            found.append((start, text[start:end], named))
    return tuple(found)


def offence_links(notes: list[Note], area: str) -> list[Evidence]:
    """Sentences, newest first, that talk of offending and of this area together ("He was
    drunk when he was arrested"); a denial ("denies drink played a part") links nothing."""
    found: list[Evidence] = []
    for note in sorted(notes, key=lambda n: (n.date, n.entry_id), reverse=True):
        for start, text, areas in _offence_sentences(note.text):
            if area in areas:
                found.append(Evidence(note.entry_id, note.date, text, start, start + len(text)))
                if len(found) == MAX_LINKS:
                    return found
    return found


def _draft(value: str | None, evidence: list[Evidence], reason: str) -> tuple[Any, ...]:
    return (value, evidence, "" if value else reason)


def analyse(
    area: Area, answers: dict[str, Answer], notes: list[Note], cat: Catalogue, name: str
) -> dict[str, dict[str, Any]]:
    """The three practitioner analysis drafts of an area, keyed by SAN code."""
    topic = area.title.lower()
    strengths = _unique(
        _answers_in(area, answers, cat.links["protective"])
        + need_evidence(notes, area.area, ("strength",))
    )
    harm_codes = {c for c in cat.links["harm_flags"] if cat.links["flags"].get(c) == area.area}
    links = offence_links(notes, area.area)
    harmful = [ev for ev in links if _link_patterns()["harm"].search(ev.text)]
    harm = _unique([ev for _, _, ev in flag_evidence(notes, harm_codes, ("present",))] + harmful)
    needs = _unique(
        need_evidence(notes, area.area, ("need",)) + _answers_in(area, answers, cat.links["needs"])
    )
    if not links:
        why_not = f"No note links {topic} to offending."
    else:
        why_not = f"Notes link {topic} to offending, but none records a current need here."
    drafts = {
        "strengths_or_protective_factors": _draft(
            "YES" if strengths else None,
            strengths,
            f"No answer or note records a strength or protective factor in {topic}.",
        ),
        "risk_of_serious_harm": _draft(
            "YES" if harm else None,
            harm,
            f"No risk flag or note links {topic} to harm to others.",
        ),
        "risk_of_reoffending": _draft(
            "YES" if links and needs else None, _unique(links + needs), why_not
        ),
    }
    return {
        area.analysis_code(suffix): {
            "value": value,
            "status": "draft" if value else "blank",
            "details": _details(evidence, name) if value else "",
            "reason": reason,
            "evidence": [ev.to_json() for ev in evidence],
        }
        for suffix, (value, evidence, reason) in drafts.items()
    }
