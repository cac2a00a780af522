"""What correcting probation terms (speech/vocabulary.py) changes, right and wrong.

`python -m bench.speech_vocab [--transcripts FILE.json]` measures two things:

- false corrections on text that is already right: every typed note of the project's
  labelled note sets (tests/fixtures, /work/shared/eval-dev when present) is passed through
  as if the model had heard it perfectly. Any word changed is a false correction; any
  suggestion is a false alarm the officer must read past. Counted per thousand words.
- on real transcripts (the JSON that `python -m bench.speech --out` writes): word error rate
  with caseload names and British spellings only, and with terms corrected as well, and
  each change or suggestion judged against what was said (a term that is in the reference
  is right; any other is wrong).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from bench.speech_words import wer
from speech.names import respell
from speech.transcript import Segment, Transcript, Word
from speech.vocabulary import correct
from speech.wording import reword

ROOT = Path(__file__).resolve().parent.parent
TYPED = [
    *sorted((ROOT / "tests" / "fixtures").glob("notes*.jsonl")),
    ROOT / "tests" / "fixtures" / "holdout_notes.jsonl",
    Path("/work/shared/eval-dev/notes.jsonl"),
    Path("/work/shared/eval-dev/notes_voices.jsonl"),
]


def as_heard(text: str) -> Transcript:
    """Text as a transcript that heard every word (one segment per line)."""
    segments = []
    for line in (ln for ln in text.splitlines() if ln.strip()):
        words = tuple(Word(t, 0.0, 0.0, 1.0) for t in line.split())
        segments.append(Segment(line, 0.0, 0.0, words))
    return Transcript(text, tuple(segments), 0.0)


def marks(found: Transcript) -> list[tuple[str, str | None]]:
    """The words correcting changed (respelled) or marked with a suggestion."""
    return [(w.text, w.suggestion) for w in found.words if w.respelled or w.suggestion]


def typed_false_alarms(paths: list[Path]) -> tuple[int, int, int, list[tuple[str, str | None]]]:
    """Words, changes and suggestions made on typed notes, and what they were."""
    words = changes = suggestions = 0
    seen: list[tuple[str, str | None]] = []
    for path in (p for p in paths if p.exists()):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line).get("text", "")
            heard = as_heard(text)
            found = correct(heard)
            words += len(heard.words)
            for text_, suggestion in marks(found):
                changes += suggestion is None
                suggestions += suggestion is not None
                seen.append((text_, suggestion))
    return words, changes, suggestions, seen


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def judged(refs: dict[str, str], heard: dict[str, Transcript], names: list[str]) -> dict:
    """Word error rate before and after, and changes and suggestions right or wrong."""
    ids = sorted(refs)
    heard = {i: reword(respell(heard[i], names)) for i in ids}  # what the officer saw before
    after = {i: correct(heard[i], names) for i in ids}
    tally = {"changed_right": 0, "changed_wrong": 0, "suggested_right": 0, "suggested_wrong": 0}
    for i in ids:
        said = _letters(refs[i])
        before = {(w.text, w.start) for w in heard[i].words if w.respelled or w.suggestion}
        for word in after[i].words:
            if not (word.respelled or word.suggestion) or (word.text, word.start) in before:
                continue  # unmarked, or marked already (a caseload name, a confusion)
            term = word.suggestion or word.text
            kind = "suggested" if word.suggestion else "changed"
            right = _letters(term) in said
            tally[f"{kind}_{'right' if right else 'wrong'}"] += 1
            print(f"  {i}: {word.text!r} {'~' + term if word.suggestion else ''} right={right}")
    before_wer = wer([refs[i] for i in ids], [heard[i].text for i in ids])
    after_wer = wer([refs[i] for i in ids], [after[i].text for i in ids])
    return {"wer_before": before_wer, "wer_after": after_wer, **tally}


def main(argv: list[str] | None = None) -> int:
    """Print false alarms on typed notes, and (with --transcripts) the effect on transcripts."""
    parser = argparse.ArgumentParser(prog="bench.speech_vocab")
    parser.add_argument("--transcripts", type=Path, help="JSON from bench.speech --out")
    args = parser.parse_args(argv)
    words, changes, suggestions, seen = typed_false_alarms(TYPED)
    print(f"typed notes: {words} words, {changes} changed, {suggestions} suggestions")
    print(
        f"  per 1000 words: {1000 * changes / max(1, words):.2f} changed, "
        f"{1000 * suggestions / max(1, words):.2f} suggested"
    )
    for text, suggestion in seen:
        print(f"  {text!r} {'~' + suggestion if suggestion else '(changed)'}")
    if args.transcripts:
        data = json.loads(args.transcripts.read_text())
        heard = {i: Transcript.from_json(t) for i, t in data["heard"].items()}
        for key, value in judged(data["refs"], heard, data["names"]).items():
            print(f"{key:>16}: {value:.3f}" if isinstance(value, float) else f"{key:>16}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
