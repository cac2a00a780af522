"""Behavioural cases for the contact record: the next appointment's day and time in the
forms officers write them (shorthand, 24-hour, Welsh, dictation sound-alikes, after another
date) and lateness from booked and arrival times. Used by suite.py."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

Entry = dict[str, Any]
LEX = json.loads(
    (Path(__file__).resolve().parent / "lexicons" / "appointments.json").read_text("utf-8")
)


def _next_is(day: str, time: str) -> Callable[[list[Entry]], bool]:
    def check(entries: list[Entry]) -> bool:
        nxt = entries[0].get("next_appointment") or {}
        return nxt.get("date") == day and nxt.get("time") == time

    return check


def _late_is(minutes: int) -> Callable[[list[Entry]], bool]:
    return lambda entries: entries[0]["contact"].get("late_minutes") == minutes


def contact_cases(
    case: Callable[..., Any], people: list[dict[str, str]], fill: Callable[..., str]
) -> Iterable[Any]:
    """Cases as `case(capability, kind, texts, check)`, about each of `people`."""
    k = 0
    for day, date in LEX["days"].items():
        for when, time in LEX["times"].items():
            for person in people:
                k += 1
                frame = f"Office appointment today with {person['name']}. "
                template = LEX["next_templates"][k % len(LEX["next_templates"])]
                text = fill(template, person, person["first"], D=day, T=when)
                yield case(
                    "next appointment day and time", "MFT", (frame + text,), _next_is(date, time)
                )
                if not day.lower().startswith("next"):  # "Next next Tuesday" is no fragment
                    fragment = LEX["fragment_templates"][k % len(LEX["fragment_templates"])]
                    text = fill(fragment, person, person["first"], D=day, T=when)
                    yield case(
                        "next appointment in a fragment",
                        "MFT",
                        (frame + text,),
                        _next_is(date, time),
                    )
                other = LEX["after_other_date"][k % len(LEX["after_other_date"])]
                text = fill(other, person, person["first"], D=day, T=when)
                yield case(
                    "next appointment after another date",
                    "MFT",
                    (frame + text,),
                    _next_is(date, time),
                )
    for person in people:
        for text, (day, time) in LEX["week_commencing"].items():
            frame = f"Office appointment today with {person['name']}. "
            yield case(
                "next appointment in a week commencing",
                "MFT",
                (frame + fill(text, person, person["first"]),),
                _next_is(day, time),
            )
        for template in LEX["outright_next_after_booking"]:
            text = fill(template, person, person["first"], name=person["name"])
            yield case(
                "next appointment named after a booking",
                "MFT",
                (text,),
                _next_is("2026-06-18", "16:00"),
            )
    for sentence, minutes in LEX["lateness"].items():
        for person in people:
            frame = f"Office appointment today with {person['name']}. "
            text = frame + fill(sentence, person, person["first"])
            yield case("lateness from booked and arrival times", "MFT", (text,), _late_is(minutes))
            yield case(
                "booked time is not the next appointment",
                "MFT",
                (text,),
                lambda entries: entries[0].get("next_appointment") is None,
            )


def _words(person: dict[str, str]) -> dict[str, str]:
    """The name and pronoun slots of a person, lower and capitalised."""
    words = {"name": person["name"], "he": person["he"], "him": person["him"], "his": person["his"]}
    return {**words, **{k.capitalize(): v.capitalize() for k, v in words.items() if k != "name"}}


def setting_cases(case: Callable[..., Any], people: list[dict[str, str]]) -> Iterable[Any]:
    """Contact type where the setting decides it, and who owns a referral done for someone."""
    for sentence, ctype in LEX["settings"].items():
        for person in people:
            yield case(
                "contact type in other settings",
                "MFT",
                (sentence.format(**_words(person)),),
                lambda e, t=ctype: e[0]["contact"].get("type") == t,
            )
    for sentence, outcome in LEX["absences"].items():
        for person in people:
            yield case(
                "missed session outcome",
                "MFT",
                (sentence.format(**_words(person)),),
                lambda e, o=outcome: e[0]["contact"].get("outcome") == o,
            )
    for sentence, (code, owner) in LEX["owners"].items():
        for person in people:
            for opening in ("Office visit with {name}. ", "Phone call with {name}. "):
                yield case(
                    "action owner",
                    "MFT",
                    ((opening + sentence).format(**_words(person)),),
                    lambda e, c=code, o=owner: (
                        {a["code"]: a["owner"] for a in e[0]["actions"]}.get(c) == o
                    ),
                )
