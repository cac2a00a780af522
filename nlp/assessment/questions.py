"""SAN's questions, options and codes as data (nlp/resources/san_questions.json)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from nlp.resources import resource


@dataclass(frozen=True)
class Question:
    """One SAN question: its code, our label, options (code → our label) and how it merges."""

    code: str
    area: str
    label: str
    kind: str
    options: dict[str, str]
    exclusive: tuple[str, ...] = ()
    depends: tuple[str, str] | None = None
    per_option_of: str | None = None
    merge: str = "latest"
    stale_after: tuple[str, ...] = ()
    yields: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    drift_days: int | None = None  # a situation that changes with time (see change.is_change)
    # an option that says another too: children who visit live elsewhere
    implies: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    # one option ended puts the older contact's whole answer out of date (the household)
    ends_whole: bool = False
    # a newer contact saying the state goes on ("still working for the firm") in words that
    # give this value keeps an older contact's more exact one (self-employed)
    still: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def option_label(self, value: str) -> str:
        """Our label of an option code (the code itself when unknown)."""
        return self.options.get(value, value)


@dataclass(frozen=True)
class Area:
    """One SAN area with its questions in the assessment's order."""

    area: str
    san_section: str
    prefix: str
    title: str
    questions: tuple[Question, ...]
    analysis: tuple[tuple[str, str], ...] = field(default=())

    def analysis_code(self, suffix: str) -> str:
        """SAN's code of a practitioner analysis question in this area."""
        return f"{self.prefix}_practitioner_analysis_{suffix}"


@dataclass(frozen=True)
class Rule:
    """A cue: a compiled pattern and the answers it gives per ConText status."""

    id: str
    pattern: re.Pattern[str]
    by_status: dict[str, dict[str, str]]
    confidence: float
    fresh_days: int | None = None
    aged_days: int | None = None
    not_after: re.Pattern[str] | None = None
    ends: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def places(self) -> bool:
        """Whether the cue says where the person lives (so leaving it puts it in the past)."""
        return any("current_accommodation" in a for a in self.by_status.values())


@dataclass(frozen=True)
class Catalogue:
    """All areas, questions by code and the cue rules, with the SAN version they follow."""

    version: str
    source: str
    areas: tuple[Area, ...]
    rules: tuple[Rule, ...]
    index: dict[str, Question] = field(default_factory=dict, compare=False, hash=False)
    substances: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    links: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    past_place: re.Pattern[str] | None = field(default=None, compare=False, hash=False)
    not_now: re.Pattern[str] | None = field(default=None, compare=False, hash=False)
    ended: re.Pattern[str] | None = field(default=None, compare=False, hash=False)

    def area(self, name: str) -> Area:
        """The area with this contract code."""
        return next(a for a in self.areas if a.area == name)

    def question(self, code: str) -> Question:
        """The question with this code."""
        return self.index[code]


def _question(area: str, raw: dict[str, Any], drift: dict[str, Any]) -> Question:
    depends = raw.get("depends")
    return Question(
        code=raw["code"],
        area=area,
        label=raw["label"],
        kind=raw["kind"],
        options=dict(raw["options"]),
        exclusive=tuple(raw.get("exclusive", ())),
        depends=(depends[0], depends[1]) if depends else None,
        per_option_of=raw.get("per_option_of"),
        merge=raw.get("merge", "latest"),
        stale_after=tuple(raw.get("stale_after", ())),
        yields=dict(raw.get("yields", {})),
        implies=dict(raw.get("implies", {})),
        ends_whole=bool(raw.get("ends_whole", False)),
        still=dict(raw.get("still", {})),
        drift_days=int(drift["days"]) if raw["code"] in drift["questions"] else None,
    )


def _rule(raw: dict[str, Any]) -> Rule:
    # Whole words only: a cue never matches inside a longer word.
    alternatives = "|".join(f"(?:{p})" for p in raw["patterns"])
    return Rule(
        id=raw["id"],
        pattern=re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w])", re.IGNORECASE),
        by_status={k: dict(v) for k, v in raw["by_status"].items()},
        confidence=float(raw["confidence"]),
        fresh_days=raw.get("fresh_days"),
        aged_days=raw.get("aged_days"),
        not_after=re.compile(raw["not_after"], re.IGNORECASE) if raw.get("not_after") else None,
        ends=dict(raw.get("ends", {})),
    )


@cache
def catalogue() -> Catalogue:
    """Load and check the questions and cues once."""
    questions, cues = resource("san_questions.json"), resource("san_cues.json")
    analysis = tuple((q["suffix"], q["label"]) for q in questions["analysis"]["questions"])
    areas = tuple(
        Area(
            area=a["area"],
            san_section=a["san_section"],
            prefix=a["prefix"],
            title=a["title"],
            questions=tuple(_question(a["area"], q, questions["drift"]) for q in a["questions"]),
            analysis=analysis,
        )
        for a in questions["areas"]
    )
    index = {q.code: q for a in areas for q in a.questions}
    unknown = set(questions["drift"]["questions"]) - set(index)
    if unknown:
        raise ValueError(f"drift names questions that do not exist: {sorted(unknown)}")
    rules = tuple(_rule(r) for r in cues["rules"])
    for rule in rules:
        for answers in rule.by_status.values():
            for code, value in answers.items():
                if code not in index or value not in index[code].options:
                    raise ValueError(f"cue {rule.id}: {value} is not an option of {code}")
    substances = {k: v for k, v in questions["substances"].items() if not k.startswith("_")}
    links = questions["links"]
    past_place = re.compile(cues["past_place"]["pattern"], re.IGNORECASE)
    not_now = re.compile(cues["not_now"]["pattern"], re.IGNORECASE)
    ended = re.compile(cues["ended"]["pattern"], re.IGNORECASE)
    return Catalogue(
        questions["version"],
        questions["source"],
        areas,
        rules,
        index,
        substances,
        links,
        past_place,
        not_now,
        ended,
    )
