"""Behavioural cases for history said in words (headings that name a history and cover their
line, numbered items that end it, a past time, someone who was a user) and for words inside
the name of something else (an Act, an order, a requirement, a scheme, a fellowship, a drink)
or a witness's or victim's part, which are no flag or substance of the person's. Used by
suite.py; lexicon `lexicons/history.json`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

Entry = dict[str, Any]
LEX = json.loads((Path(__file__).resolve().parent / "lexicons" / "history.json").read_text("utf-8"))
Status = Callable[[Entry, str], "str | None"]


def history_cases(
    case: Callable[..., Any],
    people: list[dict[str, str]],
    fill: Callable[..., str],
    frame: Callable[[dict[str, str], str], str],
    substances: dict[str, list[str]],
    statuses: tuple[Status, Status],
) -> Iterable[Any]:
    """Cases as `case(capability, kind, texts, check)`; `substances` maps each code to its
    words, `statuses` are the suite's substance and flag readers."""
    substance_status, flag_status = statuses
    words = [(code, ws[0]) for code, ws in substances.items()]
    years = LEX["years"]
    k = 0
    for code, word in words:
        for person in people:
            for template in LEX["historical"]:
                k += 1
                text = frame(
                    person, fill(template, person, person["first"], W=word, Y=years[k % 4])
                )
                yield case(
                    "history in words is historical",
                    "MFT",
                    (text,),
                    lambda e, c=code: substance_status(e[0], c) == "historical",
                )
            past, now = (
                frame(person, fill(t, person, person["first"], W=word))
                for t in (LEX["historical"][6], LEX["current_after_history"][k % 2])
            )
            yield case(
                "use now after a history is current",
                "DIR",
                (past, now),
                lambda e, c=code: (
                    substance_status(e[0], c) == "historical"
                    and substance_status(e[1], c) == "current"
                ),
            )
    yield from _heading_and_item_cases(case, people, fill, frame, words, substance_status)
    for code, templates in LEX["named_not_flag"].items():
        for template in templates:
            for person in people:
                k += 1
                text = frame(person, fill(template, person, person["first"], Y=years[k % 4]))
                yield case(
                    "a named thing is no flag",
                    "MFT",
                    (text,),
                    lambda e, c=code: flag_status(e[0], c) != "present",
                )
    for code, templates in LEX["named_not_substance"].items():
        for template in templates:
            for person in people:
                yield case(
                    "a named thing is no substance",
                    "MFT",
                    (frame(person, fill(template, person, person["first"])),),
                    lambda e, c=code: substance_status(e[0], c) is None,
                )
    for template in LEX["requirement_not_use"]:
        for person in people:
            yield case(
                "a named thing is no substance",
                "MFT",
                (frame(person, fill(template, person, person["first"])),),
                lambda e: not e[0].get("substances"),
            )


def _heading_and_item_cases(
    case: Callable[..., Any],
    people: list[dict[str, str]],
    fill: Callable[..., str],
    frame: Callable[[dict[str, str], str], str],
    words: list[tuple[str, str]],
    substance_status: Status,
) -> Iterable[Any]:
    """A heading that names a past ("Previous convictions:", "PMH:") covers its whole line,
    however long the list; a numbered item ("2)") ends what the item before it said."""
    for i, (code, word) in enumerate(words):
        other = words[(i + 1) % len(words)][1]
        for person in people:
            for template in LEX["heading_lists"]:
                yield case(
                    "a history heading covers its line",
                    "MFT",
                    (frame(person, fill(template, person, person["first"], W=word)),),
                    lambda e, c=code: substance_status(e[0], c) == "historical",
                )
            for template in LEX["numbered_items"]:
                yield case(
                    "a numbered item ends a history",
                    "MFT",
                    (frame(person, fill(template, person, person["first"], W=word, V=other)),),
                    lambda e, c=code: substance_status(e[0], c) == "current",
                )
