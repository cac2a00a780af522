"""Compare Whisper decoding settings, within one run, on the tuning and bench dictations.

`python -m bench.speech_tune [--set tune|bench|both] [--model DIR --sha256 HEX] [CONFIG ...]`
transcribes the dictations once per named configuration and prints word error rate raw and
normalised (bench/speech_words.py), by voice, caseload names right and CPU seconds. The
machine is shared and loaded, so configurations are compared within one run, never across
runs. Settings are chosen on the tuning set (bench/speech/tune: texts written for tuning)
and then checked on the bench set, so the bench figures are not tuned to their own texts.
`--out FILE` keeps every transcript (JSON), to rescore without transcribing again.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from bench.speech_frontend import apply as frontend_apply
from bench.speech_words import normalised_words, wer
from speech import SpeechEngine, SpeechSettings
from speech.audio import SAMPLE_RATE, decode
from speech.engine import decode_options
from speech.prompt import initial_prompt
from speech.transcript import Segment, Transcript, Word, text_of
from speech.wording import for_officer

HERE = Path(__file__).resolve().parent / "speech"
SETS = {"tune": (HERE / "tune", "tune.jsonl"), "bench": (HERE, "dictations.jsonl")}
OTHERS = ["Kerry Ashworth", "Declan Muir", "Priti Sandhu", "Gareth Llewellyn", "Rosa Benedetti"]
# More invented people: a large caseload, filling the prompt's 600 characters with names.
MORE = [
    "Liam Thornton", "Sophie Barraclough", "Imran Qureshi", "Natalie Ogden", "Craig Fairbairn",
    "Bethany Rowlands", "Kieran Doherty", "Hannah Whitworth", "Marcus Ellery", "Amira Haddad",
    "Stuart Lockhart", "Gemma Pearce", "Tyrone Baptiste",
]  # fmt: skip
CONFIGS: dict[str, dict[str, Any]] = {
    "base": {},
    "greedy": {"beam_size": 1},
    "beam3": {"beam_size": 3},
    "beam8": {"beam_size": 8},
    "patience2": {"patience": 2.0},
    "best_of1": {"best_of": 1},
    "no_fallback": {"temperature": 0.0},
    "fallback_short": {"temperature": [0.0, 0.2, 0.4]},
    "fallback_fine": {"temperature": [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]},
    "logprob_lenient": {"log_prob_threshold": -1.5},
    "compression_strict": {"compression_ratio_threshold": 2.0},
    "condition_prev": {"condition_on_previous_text": True},
    "no_timestamps": {"without_timestamps": True},
    "hotwords": {"hotwords": "@names"},
    "prompt_every_window": {"every_window": True},
    "no_prompt": {"initial_prompt": None},
    "names_only_prompt": {"initial_prompt": "@names_only"},
    "names_first_prompt": {"initial_prompt": "@names_first"},
    "names_reversed": {"initial_prompt": "@names_reversed"},
    "names_fewer": {"initial_prompt": "@names_fewer"},
    "names_more": {"initial_prompt": "@names_more"},
    "short_prompt": {"initial_prompt": "@short"},
    "sentence_prompt": {"initial_prompt": "@sentence"},
    "no_vad": {"vad_filter": False},
    "vad_pad_800": {"vad_parameters": {"speech_pad_ms": 800}},
    "vad_silence_1s": {"vad_parameters": {"min_silence_duration_ms": 1000}},
    "vad_low": {"vad_parameters": {"threshold": 0.35}},
    "suppress_blank_off": {"suppress_blank": False},
    "suppress_none": {"suppress_tokens": []},
    "rep_penalty": {"repetition_penalty": 1.1},
    "length_penalty": {"length_penalty": 1.0},
    "lead_pad": {"_lead_s": 0.5},
    "vad_high": {"vad_parameters": {"threshold": 0.65}},
    "vad_pad_100": {"vad_parameters": {"speech_pad_ms": 100}},
    "loudness": {"_frontend": "loudness"},
    "high_pass": {"_frontend": "high_pass"},
    "high_pass_loudness": {"_frontend": "high_pass_loudness"},
    "band_limited": {"_frontend": "band_limited"},
}


def prompt_for(kind: Any, names: list[str]) -> str | None:
    """The initial prompt a configuration names ("@..."), or the configuration's own."""
    if kind == "@names_only":
        return "People: " + ", ".join(names) + "."
    if kind == "@names_first":
        shipped = initial_prompt(names)
        people = "People: " + ", ".join(names) + "."
        return people + " " + shipped.replace(" " + people, "")
    if kind == "@names_reversed":  # the same caseload, the other way round
        return initial_prompt(names[::-1])
    if kind == "@names_fewer":  # a small caseload: only the people dictated about
        return initial_prompt([n for n in names if n not in OTHERS])
    if kind == "@names_more":  # a large caseload: names crowd the probation words out
        return initial_prompt([*names, *MORE])
    if kind == "@short":
        return initial_prompt(names, words=[])
    if kind == "@sentence":
        people = ", ".join(names)
        return (
            "Probation contact note, British English. Office appointment, home visit, "
            f"telephone contact. Discussed licence conditions, unpaid work hours, "
            f"accommodation, drug test, breach. People: {people}."
        )
    return kind


def run(engine: SpeechEngine, items: list[dict], audio: dict, names: list[str], extra: dict):
    """Transcripts of every item under one configuration, and the CPU seconds they took."""
    options = decode_options(engine.settings, initial_prompt(names)) | extra
    options["initial_prompt"] = prompt_for(options.get("initial_prompt"), names)
    if options.pop("every_window", False):  # the prompt before every window, as hotwords
        options["hotwords"], options["initial_prompt"] = options["initial_prompt"], None
    if options.get("hotwords") == "@names":
        options["hotwords"] = ", ".join(names)
    lead = np.zeros(int(options.pop("_lead_s", 0.0) * SAMPLE_RATE), dtype=np.float32)
    frontend = options.pop("_frontend", None)
    texts, cpu = [], 0.0
    for item in items:
        started = time.process_time()
        front = frontend_apply(frontend, audio[item["id"]], item["path"])
        samples = np.concatenate([lead, front])
        found, _ = engine.model.transcribe(samples, **options)
        segments = tuple(Segment(s.text.strip(), s.start, s.end, tuple(_words(s))) for s in found)
        heard = Transcript(text_of(segments), segments, 0.0)
        texts.append(for_officer(heard, names).text if heard.words else heard.text)
        cpu += time.process_time() - started
    return texts, cpu


def _words(raw: Any) -> list[Word]:
    return [Word(w.word.strip(), w.start, w.end, w.probability) for w in raw.words or ()]


def load_items(which: str) -> list[dict]:
    """The dictations of a set (`tune`, `bench` or `both`), each with its audio's path."""
    chosen = ("tune", "bench") if which == "both" else (which,)
    items = []
    for name in chosen:
        folder, listing = SETS[name]
        for line in (folder / listing).read_text().splitlines():
            item = json.loads(line)
            items.append(item | {"path": str(folder / f"{item['id']}.ogg"), "set": name})
    return items


def main(argv: list[str] | None = None) -> int:
    """Print one line per configuration (and per set, with `--set both`)."""
    parser = argparse.ArgumentParser(prog="bench.speech_tune")
    parser.add_argument("configs", nargs="*", help=f"from: {' '.join(CONFIGS)}")
    parser.add_argument("--set", default="tune", choices=["tune", "bench", "both"])
    parser.add_argument("--model", default="", help="a CTranslate2 Whisper model directory")
    parser.add_argument("--sha256", default="", help="SHA-256 of that model's model.bin")
    parser.add_argument("--out", type=Path, help="write every transcript to this JSON file")
    parser.add_argument("-v", action="store_true", help="print every transcript")
    args = parser.parse_args(argv)
    settings = SpeechSettings()
    if args.model:
        settings = SpeechSettings(model_path=args.model, model_sha256=args.sha256)
    items = load_items(args.set)
    names = [n for item in items for n in item["names"]] + OTHERS
    audio = {item["id"]: decode(item["path"]) for item in items}
    engine = SpeechEngine(settings)
    engine.transcribe(audio[items[0]["id"]])  # load the VAD
    voices = sorted({item["voice"] for item in items})
    print("config\tset\tWER\traw\t" + "\t".join(voices) + "\tnames\tneg_lost\tcpu_s", flush=True)
    kept: dict[str, dict[str, str]] = {}
    for name in args.configs or list(CONFIGS):
        texts, cpu = run(engine, items, audio, names, CONFIGS[name])
        kept[name] = {item["id"]: text for item, text in zip(items, texts, strict=True)}
        for part in sorted({item["set"] for item in items}):
            report(name, part, items, texts, voices, cpu)
        if args.v:
            for item, text in zip(items, texts, strict=True):
                print(f"  {item['id']}: {text}")
        if args.out:  # after each configuration, so a stopped run keeps what it did
            refs = {item["id"]: item["text"] for item in items}
            args.out.write_text(json.dumps({"refs": refs, "hyps": kept}, indent=1))
    return 0


NEGATIONS = frozenset("not no never nothing nobody none neither nor without".split())


def negations_lost(said: str, heard: str) -> int:
    """Negative words in what was said that the transcript lacks: the errors that turn a
    record's meaning round ("has not used" heard as "has used")."""
    count = Counter(w for w in normalised_words(said) if w in NEGATIONS)
    count.subtract(w for w in normalised_words(heard) if w in NEGATIONS)
    return sum(n for n in count.values() if n > 0)


def report(name, part, items, texts, voices, cpu) -> None:
    idx = [i for i, item in enumerate(items) if item["set"] == part]
    refs = [items[i]["text"] for i in idx]
    hyps = [texts[i] for i in idx]
    by_voice = []
    for voice in voices:
        mine = [i for i in idx if items[i]["voice"] == voice]
        by_voice.append(f"{wer([items[i]['text'] for i in mine], [texts[i] for i in mine]):.3f}")
    lost = sum(negations_lost(items[i]["text"], texts[i]) for i in idx)
    right = sum(n in texts[i] for i in idx for n in items[i]["names"])
    total = sum(len(items[i]["names"]) for i in idx)
    print(
        f"{name}\t{part}\t{wer(refs, hyps):.3f}\t{wer(refs, hyps, raw=True):.3f}\t"
        + "\t".join(by_voice)
        + f"\t{right}/{total}\t{lost}\t{cpu:.1f}",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
