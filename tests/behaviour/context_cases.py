"""Behavioural cases for whose a risk is and whether it still holds, read from the sentence's
structure: an ended risk (a case closed, a team's discharge, thoughts that have gone), other
people by name, relation, neighbourhood, place or ownership, talk about a risk in general,
and a denial after the target. Used by suite.py; lexicon `lexicons/context.json`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

Entry = dict[str, Any]
LEX = json.loads((Path(__file__).resolve().parent / "lexicons" / "context.json").read_text("utf-8"))
Status = Callable[[Entry, str], "str | None"]


def context_cases(
    case: Callable[..., Any],
    people: list[dict[str, str]],
    fill: Callable[..., str],
    frame: Callable[[dict[str, str], str], str],
    lexicons: dict[str, Any],
    statuses: tuple[Status, Status],
) -> Iterable[Any]:
    """Cases as `case(capability, kind, texts, check)`. `lexicons` holds the suite's
    substances, relations and other first names; `statuses` its substance and flag readers."""
    substance_status, flag_status = statuses
    words = [(code, w) for code, ws in lexicons["substances"].items() for w in ws]
    relations, others = lexicons["relations"], lexicons["other_first_names"]
    months = LEX["months"]
    k = 0
    for code, templates in LEX["ended"].items():
        for template in templates:
            for month in months:
                for person in people:
                    k += 1
                    text = frame(person, fill(template, person, person["first"], M=month))
                    for style, texts in (("MFT", (text,)), ("INV", (text, _bulleted(text)))):
                        yield case(
                            "ended risk is historical" if style == "MFT" else "style ended risk",
                            style,
                            texts,
                            lambda e, c=code: all(flag_status(x, c) == "historical" for x in e),
                        )
    for code, word in words:
        for person in people:
            k += 1
            slots = {
                "W": word,
                "R": relations[k % len(relations)],
                "O": others[k % len(others)],
                "M": months[k % len(months)],
            }
            template = LEX["named_other"][k % len(LEX["named_other"])]
            yield case(
                "someone named or related",
                "MFT",
                (frame(person, fill(template, person, person["first"], **slots)),),
                lambda e, c=code: substance_status(e[0], c) == "other_person",
            )
            neighbour = LEX["neighbours"][k % len(LEX["neighbours"])]
            yield case(
                "neighbour or other resident",
                "MFT",
                (frame(person, fill(neighbour, person, person["first"], **slots)),),
                lambda e, c=code: substance_status(e[0], c) == "other_person",
            )
            yield case(
                "found in someone else's place",
                "DIR",
                tuple(
                    frame(person, fill(LEX[key], person, person["first"], **slots))
                    for key in ("place_own", "place_other")
                ),
                lambda e, c=code: (
                    substance_status(e[0], c) == "current"
                    and substance_status(e[1], c) == "other_person"
                ),
            )
            other = LEX["other_pronoun"][person["he"]]
            yield case(
                "someone else by the other pronoun",
                "MFT",
                (
                    frame(
                        person,
                        fill(
                            LEX["other_pronoun"]["templates"][k % 2],
                            person,
                            person["first"],
                            W=word,
                            R=other["relations"][k % len(other["relations"])],
                            X=other["pronoun"],
                        ),
                    ),
                ),
                lambda e, c=code: substance_status(e[0], c) == "other_person",
            )
            denial = LEX["denied_after"][k % len(LEX["denied_after"])]
            yield case(
                "denial after the target",
                "MFT",
                (frame(person, fill(denial, person, person["first"], **slots)),),
                lambda e, c=code: substance_status(e[0], c) == "negated",
            )
    yield from _field_lines(case, people, fill, words, substance_status)
    for code, templates in LEX["general_talk"].items():
        for template in templates:
            for person in people:
                yield case(
                    "talk about a risk in general",
                    "MFT",
                    (frame(person, fill(template, person, person["first"])),),
                    lambda e, c=code: flag_status(e[0], c) != "present",
                )
    yield from _who_and_when(case, people, fill, frame, relations, flag_status)


def _who_and_when(
    case: Callable[..., Any],
    people: list[dict[str, str]],
    fill: Callable[..., str],
    frame: Callable[[dict[str, str], str], str],
    relations: list[str],
    flag_status: Status,
) -> Iterable[Any]:
    """The one told is no subject; an age in the past dates a matter; a clause going on
    after "after his nan died" is the person's again; a child named by "his daughter" is
    the person's own for safeguarding, someone else's child is not."""
    for k, person in enumerate(people):
        for code, templates in _entries(LEX["told_listener"]):
            for template in templates:
                yield case(
                    "the one told is not the subject",
                    "MFT",
                    (frame(person, fill(template, person, person["first"])),),
                    lambda e, c=code: flag_status(e[0], c) == "present",
                )
        for code, templates in _entries(LEX["age_history"]):
            for template in templates:
                yield case(
                    "an age in the past is history",
                    "MFT",
                    (frame(person, fill(template, person, person["first"])),),
                    lambda e, c=code: flag_status(e[0], c) == "historical",
                )
        for j, template in enumerate(LEX["resumed_main"]["self_harm"] * 3):
            relation = relations[(k + j) % len(relations)]
            yield case(
                "a clause going on after a subordinate one",
                "MFT",
                (frame(person, fill(template, person, person["first"], R=relation)),),
                lambda e: flag_status(e[0], "self_harm") in ("historical", "negated"),
            )
        named = LEX["own_child_named"]
        for child in named["names"]:
            for own, other in zip(named["own"], named["other"], strict=True):
                yield case(
                    "own child by name",
                    "DIR",
                    tuple(
                        frame(person, fill(t, person, person["first"], C=child))
                        for t in (own, other)
                    ),
                    lambda e: (
                        flag_status(e[0], "child_safeguarding") == "present"
                        and flag_status(e[1], "child_safeguarding") == "other_person"
                    ),
                )


def _entries(section: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """A lexicon section's codes with their templates, without its note."""
    return [(code, ts) for code, ts in section.items() if not code.startswith("_")]


def _bulleted(text: str) -> str:
    """The note's body as a headed field: "Risk:" then a bullet."""
    opening, _, body = text.partition(". ")
    return f"{opening}.\nRisk:\n- {body}"


def _shorthand_note(person: dict[str, str], line: str) -> str:
    """A shorthand note in which `line` stands on a line of its own."""
    return f"TC {person['name']} 1000, on time.\n{line}\nNext TC Thurs 10:00."


def _field_lines(
    case: Callable[..., Any],
    people: list[dict[str, str]],
    fill: Callable[..., str],
    words: list[tuple[str, str]],
    substance_status: Status,
) -> Iterable[Any]:
    """A line headed by the substance: a later 'never touched it' denies it, a later
    admission keeps it current (DIR), and an earlier year in brackets dates it."""
    for k, (code, word) in enumerate(words):
        for j, person in enumerate(people):
            slots = {"W": word[0].upper() + word[1:]}
            denied = LEX["field_line_denied"][(k + j) % len(LEX["field_line_denied"])]
            used = LEX["field_line_used"][(k + j) % len(LEX["field_line_used"])]
            yield case(
                "denial later on a shorthand line",
                "DIR",
                tuple(
                    _shorthand_note(person, fill(t, person, person["first"], **slots))
                    for t in (denied, used)
                ),
                lambda e, c=code: (
                    substance_status(e[0], c) == "negated"
                    and substance_status(e[1], c) == "current"
                ),
            )
            dated = LEX["bracketed_year"][(k + j) % len(LEX["bracketed_year"])]
            yield case(
                "earlier year in brackets",
                "MFT",
                (_shorthand_note(person, fill(dated, person, person["first"], **slots)),),
                lambda e, c=code: substance_status(e[0], c) == "historical",
            )
