"""One contact's section draft for one need area, written as an assessor writes it.

The same rules as the whole assessment's drafts (`drafts`, `rewrite`): whole sentences of
the note in the third person, each said once, the situation first, then risks and
protective factors, then actions; where the note has no whole sentence for a fact, the
fact in plain words (templates/text/section.txt.j2).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nlp.assessment.drafts import same_fact
from nlp.assessment.findings import Note, parse, sentence_of
from nlp.assessment.rewrite import is_whole, name_first, third_person
from nlp.assessment.sources import referral_area
from nlp.render import render


@dataclass(frozen=True)
class Fact:
    """Something the section says: where in the note, its group, and plain words for it."""

    start: int
    end: int
    group: str
    plain: str = ""


def _sentences(note_text: str, facts: list[Fact], who: str) -> list[str]:
    doc = parse(note_text)
    note = Note(0, "", note_text, {})
    chosen: list[str] = []
    used: set[int] = set()
    for group in ("situation", "risks", "actions"):
        for fact in (f for f in facts if f.group == group):
            if fact.start < 0 or fact.end > len(note_text):  # no words of the note for it
                plain = fact.plain[:1].upper() + fact.plain[1:]
                if plain and plain not in chosen:  # one item each: never merged as "the same"
                    chosen.append(plain)
                continue
            ev = sentence_of(doc, note, fact.start, fact.end)
            if ev.start in used:
                continue
            text = third_person(ev.text, who) if is_whole(ev.text) else fact.plain
            if not text:
                continue
            text = name_first(text, who) if not chosen else text
            text = text[:1].upper() + text[1:]
            if any(same_fact(text, c) for c in chosen):
                continue
            used.add(ev.start)
            chosen.append(text)
    return chosen


def _span(item: Any) -> tuple[int, int]:
    ev = item.evidence
    return ev.start, ev.end


def entry_section(
    note_text: str,
    need: Any,
    who: str,
    *,
    substances: list[Any],
    flags: list[Any],
    actions: list[Any],
    drug_test: Any,
) -> str:
    """The section text for one need of one contact (extraction's model objects)."""
    facts = [
        Fact(e.start, e.end, "situation")
        for e in need.evidence
        if referral_area(note_text[e.start : e.end]) in (None, need.area)
    ]
    for s in substances:
        plain = render("section_fact.txt.j2", kind="substance", item=s, who=who)
        facts.append(Fact(*_span(s), "situation", plain))
    for f in flags:
        plain = render("section_fact.txt.j2", kind="flag", item=f, who=who)
        facts.append(Fact(*_span(f), "risks", plain))
    for a in actions:
        plain = render("section_fact.txt.j2", kind="action", item=a, who=who)
        facts.append(Fact(*_span(a), "actions", plain))
    return render(
        "section.txt.j2",
        need=need,
        who=who,
        sentences=_sentences(note_text, facts, who),
        drug_test=drug_test,
    )
