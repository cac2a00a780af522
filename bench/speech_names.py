"""Could a general rule bring back the caseload names the model missed? Candidates, measured.

`python -m bench.speech_names --transcripts FILE.json [--spec tiny:5]` (FILE from
bench.speech_models or bench.speech_tune `--out`) tries three rules a name corrector could
add to speech/names.py, none of them shipped:

- `glued`: a word that ends in a caseload surname of six letters or more, with one to
  three letters before it ("impritchard"), becomes that surname;
- `sound`: a word of any case with the sound key (speech/phonetic.py) of exactly one
  caseload surname, and a letter score of 60 or more, becomes that surname;
- `first_name`: a caseload surname (of one person only) not preceded by that person's
  first name gets it put before it: the only kind of rule that could restore a whole name
  whose first name was lost.

Each is judged twice: on the bench transcripts, the names restored in full and every
change that made a word the reference does not have; and on the typed notes of the
project (tests/fixtures, /work/shared/eval-dev: text as if heard perfectly, with both
caseloads), where every change is a false correction.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz

from bench.speech_tune import OTHERS, load_items
from bench.speech_vocab import TYPED, as_heard
from speech.names import respell
from speech.phonetic import sound_key

ROOT = Path(__file__).resolve().parent.parent
CASELOADS = [
    ROOT / "tests" / "fixtures" / "caseload.csv",
    Path("/work/shared/eval-dev/caseload.csv"),
]
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")

Rule = Callable[[str, list[list[str]]], str]


def unique_surnames(people: list[list[str]]) -> dict[str, list[str]]:
    """Lower-case surname -> the one person who has it (surnames two people share are out)."""
    seen: dict[str, list[list[str]]] = {}
    for name in people:
        seen.setdefault(name[-1].lower(), []).append(name)
    return {s: names[0] for s, names in seen.items() if len(names) == 1}


def glued(text: str, people: list[list[str]]) -> str:
    """Split a surname of six letters or more off one to three letters glued before it."""
    surnames = {s: n[-1] for s, n in unique_surnames(people).items() if len(s) >= 6}

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        for surname, spelled in surnames.items():
            lower = word.lower()
            glue = lower[: len(lower) - len(surname)]
            if lower.endswith(surname) and 1 <= len(glue) <= 3 and glue.isalpha():
                return spelled  # not "O'Doherty": a different name, not a gluing
        return word

    return _WORD.sub(fix, text)


def sound(text: str, people: list[list[str]]) -> str:
    """A word with one caseload surname's sound key and a letter score of 60 takes it."""
    keys: dict[str, str | None] = {}
    for surname, name in unique_surnames(people).items():
        key = sound_key(surname)
        if len(key) >= 3:
            keys[key] = name[-1] if key not in keys else None

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        spelled = keys.get(sound_key(word))
        if not spelled or word.lower() == spelled.lower():
            return word
        return spelled if fuzz.ratio(word.lower(), spelled.lower()) >= 60 else word

    return _WORD.sub(fix, text)


def first_name(text: str, people: list[list[str]]) -> str:
    """A caseload surname without its person's first name before it gets that name."""
    owners = unique_surnames(people)
    words = text.split(" ")
    out: list[str] = []
    for word in words:
        core = re.sub(r"\W+$", "", re.sub(r"^\W+", "", word))
        name = owners.get(core.lower()) if core[:1].isupper() else None
        before = re.sub(r"\W", "", out[-1]) if out else ""
        if name is not None and before.lower() != name[0].lower():
            out.append(name[0])
        out.append(word)
    return " ".join(out)


RULES: dict[str, Rule] = {
    "glued": glued,
    "sound": sound,
    "first_name": first_name,
    "glued_first_name": lambda text, people: first_name(glued(text, people), people),
}


def changed_words(before: str, after: str) -> list[str]:
    """Words of `after` that `before` does not have, in order (what a rule wrote)."""
    left = Counter(before.split())
    made = []
    for word in after.split():
        if left[word] > 0:
            left[word] -= 1
        else:
            made.append(word)
    return made


def caseload_people() -> list[list[str]]:
    """The people of both caseloads, each as a list of name words."""
    people = []
    for path in (p for p in CASELOADS if p.exists()):
        with path.open(encoding="utf-8") as f:
            people += [row["name"].split() for row in csv.DictReader(f)]
    return [p for p in people if len(p) >= 2]


def on_typed(rule: Rule, people: list[list[str]]) -> tuple[int, int, list[str]]:
    """Words in the typed notes and the words the rule changed (all false corrections)."""
    words, wrong, seen = 0, 0, []
    for path in (p for p in TYPED if p.exists()):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line).get("text", "")
            words += len(text.split())
            made = changed_words(text, rule(text, people))
            wrong += len(made)
            seen += made
    return words, wrong, seen


def on_bench(rule: Rule, hyps: dict[str, str], people: list[list[str]]) -> tuple[int, ...]:
    """(names in full before, after; surnames before, after; changed words the reference
    does not have)."""
    before = after = surnames_before = surnames_after = wrong = 0
    for item in load_items("bench"):
        heard = hyps[item["id"]]
        fixed = rule(heard, people)
        before += sum(n in heard for n in item["names"])
        after += sum(n in fixed for n in item["names"])
        surnames_before += sum(n.split()[-1] in heard for n in item["names"])
        surnames_after += sum(n.split()[-1] in fixed for n in item["names"])
        said = set(_WORD.findall(item["text"]))
        wrong += sum(1 for w in changed_words(heard, fixed) if w.strip(".,;:") not in said)
    return before, after, surnames_before, surnames_after, wrong


def glued_suggestions(text: str, people: list[list[str]]) -> list[tuple[str, str]]:
    """(word, surname) for each glued surname the shipped corrector (speech/names.py)
    suggests in `text` taken as heard."""
    found = respell(as_heard(text), [" ".join(p) for p in people])
    return [
        (w.text, w.suggestion)
        for w in found.words
        if w.suggestion
        and w.text.lower().rstrip(".,;:!?").endswith(w.suggestion.lower())
        and w.text.lower().rstrip(".,;:!?") != w.suggestion.lower()
    ]


def shipped(hyps: dict[str, str], bench_people: list[list[str]]) -> None:
    """Print the shipped glued-surname suggestions on the bench and on the typed notes."""
    right = wrong = 0
    for item in load_items("bench"):
        for word, surname in glued_suggestions(hyps[item["id"]], bench_people):
            ok = surname in item["text"]
            right, wrong = right + ok, wrong + (not ok)
            print(f"  bench {item['id']}: {word!r} ~{surname} right={ok}")
    typed = [
        (word, surname)
        for path in TYPED
        if path.exists()
        for line in path.read_text(encoding="utf-8").splitlines()
        for word, surname in glued_suggestions(json.loads(line).get("text", ""), caseload_people())
    ]
    print(f"shipped glued suggestions: bench {right} right, {wrong} wrong; typed notes {typed}")


def main(argv: list[str] | None = None) -> int:
    """Print, per rule, names restored and wrong changes on the bench and the typed notes."""
    parser = argparse.ArgumentParser(prog="bench.speech_names")
    parser.add_argument("--transcripts", type=Path, required=True)
    parser.add_argument("--spec", default="tiny:5", help="which transcripts in the file")
    args = parser.parse_args(argv)
    hyps = json.loads(args.transcripts.read_text())["hyps"][args.spec]
    items = load_items("bench")
    bench_people = [n.split() for n in [*(n for i in items for n in i["names"]), *OTHERS]]
    typed_people = caseload_people()
    print("rule\tbench names\tsurnames\twrong changes\ttyped words\ttyped changes (all wrong)")
    for name, rule in RULES.items():
        before, after, s_before, s_after, wrong = on_bench(rule, hyps, bench_people)
        words, typed_wrong, seen = on_typed(rule, typed_people)
        print(f"{name}\t{before}->{after}\t{s_before}->{s_after}\t{wrong}\t{words}\t{typed_wrong}")
        if seen:
            print(f"  e.g. {sorted(set(seen))[:12]}")
    shipped(hyps, bench_people)
    return 0


if __name__ == "__main__":
    sys.exit(main())
