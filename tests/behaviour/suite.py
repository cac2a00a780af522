"""Behavioural test cases (after CheckList, Ribeiro et al. 2020): templates crossed with the
lexicons in lexicons/, as minimum-functionality (MFT), invariance (INV) and directional
(DIR) tests, each under a capability. `run` scores them in batches with one extractor.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contact_cases import contact_cases, setting_cases
from context_cases import context_cases
from history_cases import history_cases

HERE = Path(__file__).resolve().parent
LEXICONS = HERE / "lexicons"
REFERENCE = "2026-06-15"
PER_CAPABILITY = 48  # cases sampled per capability: enough to see a rate, fast to run

Entry = dict[str, Any]
THEY = {"he": "they", "him": "them", "his": "their"}


@dataclass(frozen=True)
class Case:
    """Texts to extract and a check on their entries, in order."""

    capability: str
    kind: str  # MFT, INV or DIR
    texts: tuple[str, ...]
    check: Callable[[list[Entry]], bool]


def _lex(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((LEXICONS / name).read_text(encoding="utf-8"))
    return data


def people() -> list[dict[str, str]]:
    """The fictional caseload the suite's notes are about."""
    return list(_lex("people.json")["people"])


def _fill(template: str, person: dict[str, str], subject: str, **words: str) -> str:
    cap = {k.capitalize(): v.capitalize() for k, v in person.items() if k in ("he", "his")}
    text = template.format(S=subject, **person_words(person), **cap, **words)
    return text[0].upper() + text[1:]


def person_words(person: dict[str, str]) -> dict[str, str]:
    """The pronoun slots of a person."""
    return {"he": person["he"], "him": person["him"], "his": person["his"]}


def _frame(person: dict[str, str], body: str) -> str:
    return f"Office appointment today with {person['name']}, on time. {body}"


def _subjects(person: dict[str, str]) -> list[str]:
    return [person["first"], person["nickname"], person["he"]]


def substance_status(entry: Entry, code: str) -> str | None:
    """The status the entry gives a substance ("current" wins), or None when not listed."""
    statuses = {s["status"] for s in entry.get("substances", []) if s["name"] == code}
    return "current" if "current" in statuses else (min(statuses) if statuses else None)


def flag_status(entry: Entry, code: str) -> str | None:
    """The status the entry gives a risk flag ("present" wins), or None."""
    statuses = {f["status"] for f in entry.get("risk_flags", []) if f["code"] == code}
    return "present" if "present" in statuses else (min(statuses) if statuses else None)


def _sample(cases: list[Case], rng: random.Random) -> list[Case]:
    return cases if len(cases) <= PER_CAPABILITY else rng.sample(cases, PER_CAPABILITY)


def _substance_cases() -> Iterable[Case]:
    lex, tpl = _lex("substances.json")["substances"], _lex("templates.json")["substance"]
    relations = _lex("people.json")["relations"]
    others = _lex("people.json")["other_first_names"]
    expected = {"present": "current"}
    k = 0
    for status, templates in tpl.items():
        for code, words in lex.items():
            for word in words:
                for template in templates:
                    for person in people():
                        k += 1
                        subject = _subjects(person)[k % 3]
                        text = _fill(
                            template,
                            person,
                            subject,
                            W=word,
                            R=relations[k % len(relations)],
                            O=others[k % len(others)],
                        )
                        want = expected.get(status, status)
                        yield Case(
                            f"substance {status}",
                            "MFT",
                            (_frame(person, text),),
                            lambda e, c=code, w=want: substance_status(e[0], c) == w,
                        )


def _flag_cases() -> Iterable[Case]:
    tpl = _lex("templates.json")["flag"]
    relations = _lex("people.json")["relations"]
    k = 0
    for status in ("present", "negated", "other_person"):
        codes = tpl["_other_person_codes"] if status == "other_person" else tpl["_codes"]
        for code, phrases in codes.items():
            for phrase in phrases:
                for template in tpl[status]:
                    for person in people():
                        k += 1
                        # Someone else's act is on their own partner: "their", not "his".
                        words = person_words(person) if status != "other_person" else THEY
                        text = _fill(
                            template,
                            person,
                            _subjects(person)[k % 2],
                            W=phrase.format(**words),
                            R=relations[k % len(relations)],
                        )
                        yield Case(
                            f"flag {status}",
                            "MFT",
                            (_frame(person, text),),
                            lambda e, c=code, s=status: flag_status(e[0], c) == s,
                        )


def _need_and_action_cases() -> Iterable[Case]:
    tpl = _lex("templates.json")
    k = 0
    for code, phrases in tpl["need"]["_codes"].items():
        for phrase in phrases:
            for template in tpl["need"]["present"]:
                for person in people():
                    k += 1
                    text = _fill(template, person, _subjects(person)[k % 3], W=phrase)
                    yield Case(
                        "need discussed",
                        "MFT",
                        (_frame(person, text),),
                        lambda e, c=code: c in {n["area"] for n in e[0].get("needs", [])},
                    )
    yield from _action_cases(tpl["action"]["_codes"], "action referral", found=True)
    # The person's own report to the police, a question about police contact and an
    # existing MARAC plan are no action of this contact.
    yield from _action_cases(tpl["action"].get("_not", {}), "no action without a deed", False)


def _need_status_cases() -> Iterable[Case]:
    """Whether a discussed area is a need now: verdicts, problems, settled or left behind."""
    for sentence, (area, status) in _lex("need_status.json")["sentences"].items():
        for person in people():
            text = _frame(person, _fill(sentence, person, person["first"], name=person["first"]))
            yield Case(
                "need status",
                "MFT",
                (text,),
                # "not_need": discussed and fine or a strength, anything but a current need
                lambda e, a=area, s=status: (
                    ({n["area"]: n["status"] for n in e[0].get("needs", [])}.get(a) == "need")
                    == (s == "need")
                ),
            )


def _area_discussed_cases() -> Iterable[Case]:
    """Whether a family, household or work sentence makes an area discussed, typed and
    dictated without punctuation (the answer must not change with the style)."""
    for sentence, (area, discussed) in _lex("areas_discussed.json")["sentences"].items():
        for person in people():
            text = _frame(person, _fill(sentence, person, person["first"], name=person["first"]))
            for style, styled in (("typed", text), ("dictated", dictated(text))):
                yield Case(
                    f"area discussed ({style})",
                    "MFT",
                    (styled,),
                    lambda e, a=area, d=discussed: (
                        (a in {n["area"] for n in e[0].get("needs", [])}) is d
                    ),
                )


def dictated(text: str) -> str:
    """Dictation without punctuation, all in lower case."""
    return re.sub(r"[.,;:!?]", "", text).lower()


def spoken(text: str) -> str:
    """Dictation with spoken punctuation ("comma", "full stop")."""
    return text.replace(",", " comma").replace(".", " full stop")


def bullets(text: str) -> str:
    """Each sentence on its own bulleted line."""
    return "\n".join(f"- {s.strip()}" for s in re.split(r"(?<=\.)\s+", text) if s.strip())


STYLES = {"dictated": dictated, "spoken punctuation": spoken, "bullets": bullets}


def _style_cases(base: list[Case]) -> Iterable[Case]:
    """INV: a change of style must not change a substance's status."""
    for case in base:
        (text,) = case.texts
        code = _code_of(case)
        for style, change in STYLES.items():
            yield Case(
                f"style {style}",
                "INV",
                (text, change(text)),
                lambda e, c=code: substance_status(e[0], c) == substance_status(e[1], c),
            )


def _code_of(case: Case) -> str:
    return case.check.__defaults__[0]  # type: ignore[union-attr,index,no-any-return]


def _direction_cases() -> Iterable[Case]:
    """DIR: making a relative the subject moves a current substance to someone else's."""
    lex = _lex("substances.json")["substances"]
    relations = _lex("people.json")["relations"]
    k = 0
    for code, words in lex.items():
        for person in people():
            k += 1
            own = _fill("{S} has been using {W} most days.", person, person["first"], W=words[0])
            theirs = _fill(
                "{His} {R} has been using {W} most days.",
                person,
                person["first"],
                W=words[0],
                R=relations[k % len(relations)],
            )
            yield Case(
                "subject moves to a relative",
                "DIR",
                (_frame(person, own), _frame(person, theirs)),
                lambda e, c=code: (
                    substance_status(e[0], c) == "current"
                    and substance_status(e[1], c) == "other_person"
                ),
            )


def cases(seed: int = 11) -> list[Case]:
    """Every case, sampled to at most PER_CAPABILITY per capability, in a fixed order."""
    rng = random.Random(seed)
    by_capability: dict[str, list[Case]] = defaultdict(list)
    for case in [
        *_substance_cases(),
        *_flag_cases(),
        *_need_and_action_cases(),
        *_need_status_cases(),
        *_area_discussed_cases(),
        *_direction_cases(),
        *contact_cases(Case, people(), _fill),
        *setting_cases(Case, people()),
        *context_cases(
            Case,
            people(),
            _fill,
            _frame,
            {**_lex("substances.json"), **_lex("people.json")},
            (substance_status, flag_status),
        ),
        *history_cases(
            Case,
            people(),
            _fill,
            _frame,
            _lex("substances.json")["substances"],
            (substance_status, flag_status),
        ),
    ]:
        by_capability[case.capability].append(case)
    chosen = {cap: _sample(cs, rng) for cap, cs in by_capability.items()}
    present = chosen.get("substance present", [])
    for case in _style_cases(present[: PER_CAPABILITY // 3]):
        chosen.setdefault(case.capability, []).append(case)
    return [case for cs in chosen.values() for case in cs]


def run(extractor: Any, caseload: Any, suite: list[Case]) -> dict[str, tuple[int, int]]:
    """(passed, total) per capability; every text goes through one batched nlp.pipe."""
    texts = [t for case in suite for t in case.texts]
    items = [(t, REFERENCE) for t in texts]
    entries = [e.to_json() for e in extractor.extract_many(items, caseload, batch_size=64)]
    scores: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    i = 0
    for case in suite:
        got = entries[i : i + len(case.texts)]
        i += len(case.texts)
        scores[case.capability][0] += bool(case.check(got))
        scores[case.capability][1] += 1
    return {cap: (p, n) for cap, (p, n) in scores.items()}


def failures(extractor: Any, caseload: Any, suite: list[Case]) -> list[Case]:
    """The cases that fail (for a report or a debugging session)."""
    out = []
    for case in suite:
        got = [extractor.extract(t, REFERENCE, caseload).to_json() for t in case.texts]
        if not case.check(got):
            out.append(case)
    return out


def _action_cases(codes: dict[str, list[str]], capability: str, found: bool) -> Iterator[Case]:
    """Each sentence for each person: the action code is among the entry's actions, or not."""
    for code, sentences in codes.items():
        for sentence in sentences:
            for person in people():
                text = _fill(sentence, person, person["first"])
                yield Case(
                    capability,
                    "MFT",
                    (_frame(person, text),),
                    lambda e, c=code: (c in {a["code"] for a in e[0].get("actions", [])}) == found,
                )
