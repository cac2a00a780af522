"""Does transcribing a dictation in parts, as the server does, cost words?

`python -m bench.speech_chunks [--dictations N] [--min-part S ...]` transcribes one long
dictation made of whole bench dictations one after another (about three minutes), and the
first N bench dictations, as one file and as the chat page's chunks are handled (a partial
pass every [speech] partial_every_s over the audio received so far, once at least
`min_part_s` is untranscribed, cut at its last pause; then the rest at stop), once per
`--min-part` value. It prints the word error rate (normalised) of each way and where the
transcripts in parts differ from the whole one, so that a word lost or invented at a cut
shows. Same engine, same prompt, one run: the differences are the cutting's.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import json
import sys

import numpy as np

from assistant.settings import load_settings
from bench.speech import HERE, OTHERS
from bench.speech_words import normalised_words, wer
from speech import SpeechEngine
from speech.audio import SAMPLE_RATE, decode
from speech.prompt import initial_prompt
from speech.transcript import Transcript, join
from speech.wording import for_officer

LONG_S = 180.0
PAUSE_S = 0.8


def in_parts(engine: SpeechEngine, samples: np.ndarray, prompt: str) -> Transcript:
    """The transcript the server would show: partial passes while speaking, then the rest."""
    every = engine.settings.partial_every_s
    parts, next_s = [], 0.0
    for heard in np.arange(every, samples.size / SAMPLE_RATE, every):
        part, next_s = engine.transcribe_from(
            samples[: int(heard * SAMPLE_RATE)], next_s, prompt, final=False
        )
        parts.append(part)
    part, _ = engine.transcribe_from(samples, next_s, prompt, final=True)
    return join([*parts, part])


def long_dictation(items: list[dict], audio: dict) -> tuple[np.ndarray, str]:
    """Whole dictations one after another, with a pause between, until LONG_S is reached."""
    pause = np.zeros(int(PAUSE_S * SAMPLE_RATE), dtype=np.float32)
    pieces, texts, total = [], [], 0
    for item in items:
        pieces += [audio[item["id"]], pause]
        texts.append(item["text"])
        total += audio[item["id"]].size + pause.size
        if total >= LONG_S * SAMPLE_RATE:
            break
    return np.concatenate(pieces), " ".join(texts)


def differences(whole: str, parts: str) -> list[str]:
    """Where the two transcripts differ, word by word (normalised)."""
    a, b = normalised_words(whole), normalised_words(parts)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op != "equal":
            out.append(f"{' '.join(a[i1:i2])!r} -> {' '.join(b[j1:j2])!r}")
    return out


def main(argv: list[str] | None = None) -> int:
    """Print word error rates whole and in parts, and the differences."""
    parser = argparse.ArgumentParser(prog="bench.speech_chunks")
    parser.add_argument("--dictations", type=int, default=0, help="also the first N dictations")
    parser.add_argument("--min-part", type=float, nargs="*", default=[0.0, 20.0])
    args = parser.parse_args(argv)
    settings = load_settings().speech
    items = [json.loads(line) for line in (HERE / "dictations.jsonl").read_text().splitlines()]
    names = [n for item in items for n in item["names"]] + OTHERS
    prompt = initial_prompt(names)
    engine = SpeechEngine(settings)
    audio = {item["id"]: decode(HERE / f"{item['id']}.ogg") for item in items}
    long_samples, long_ref = long_dictation(items, audio)
    cases = [("long", long_samples, long_ref)]
    cases += [(item["id"], audio[item["id"]], item["text"]) for item in items[: args.dictations]]
    print(f"long: {long_samples.size / SAMPLE_RATE:.0f} s; every {settings.partial_every_s} s")
    for key, samples, ref in cases:
        whole = for_officer(engine.transcribe(samples, prompt), names).text
        line = f"{key}: whole {wer([ref], [whole]):.3f}"
        changes = []
        for min_part in args.min_part:
            engine.settings = dataclasses.replace(settings, min_part_s=min_part)
            parts = for_officer(in_parts(engine, samples, prompt), names).text
            line += f", in parts (min {min_part:g} s) {wer([ref], [parts]):.3f}"
            changes += [f"  min {min_part:g}: {d}" for d in differences(whole, parts)]
        engine.settings = settings
        print(line, flush=True)
        print("\n".join(changes), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
