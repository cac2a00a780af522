"""Compare Whisper decoding settings on the tuning dictations (not the bench set).

`python -m bench.speech_tune [CONFIG ...]` transcribes bench/speech/tune/*.ogg (espeak-ng
voices reading texts written for tuning) once per named configuration and prints word
error rate overall and by voice, caseload names right and CPU seconds. Settings are chosen
here and then checked once on the bench set (bench/speech.py), so the bench figures are not
tuned to their own texts.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.speech_words import wer
from speech import SpeechEngine, SpeechSettings
from speech.audio import SAMPLE_RATE, decode
from speech.prompt import initial_prompt
from speech.transcript import Segment, Transcript, text_of
from speech.wording import for_officer

TUNE = Path(__file__).resolve().parent / "speech" / "tune"
OTHERS = ["Kerry Ashworth", "Declan Muir", "Priti Sandhu", "Gareth Llewellyn", "Rosa Benedetti"]
BASE: dict[str, Any] = {
    "beam_size": 5,
    "vad_filter": True,
    "word_timestamps": True,
    "condition_on_previous_text": False,
}
CONFIGS: dict[str, dict[str, Any]] = {
    "base": {},
    "greedy": {"beam_size": 1},
    "no_fallback": {"temperature": 0.0},
    "no_timestamps": {"without_timestamps": True},
    "hotwords": {"hotwords": "@names"},
    "pad_vad": {"vad_parameters": {"speech_pad_ms": 800, "min_silence_duration_ms": 1000}},
    "patience2": {"patience": 2.0},
    "no_vad": {"vad_filter": False},
    "names_only_prompt": {"initial_prompt": "@names_only"},
    "no_prompt": {"initial_prompt": None},
    "lead_pad": {"_lead_s": 0.5},
    "beam3": {"beam_size": 3},
    "vad_low": {"vad_parameters": {"threshold": 0.35}},
    "pad_vad_short": {"vad_parameters": {"speech_pad_ms": 200}},
    "hallucination": {"hallucination_silence_threshold": 1.0},
    "rep_penalty": {"repetition_penalty": 1.1},
}


def run(engine: SpeechEngine, items: list[dict], audio: dict, names: list[str], extra: dict):
    """Transcripts of every item under one configuration, and the CPU seconds they took."""
    options = BASE | {"initial_prompt": initial_prompt(names)} | extra
    if options.get("hotwords") == "@names":
        options["hotwords"] = ", ".join(names)
    if options.get("initial_prompt") == "@names_only":
        options["initial_prompt"] = "People: " + ", ".join(names) + "."
    lead = np.zeros(int(options.pop("_lead_s", 0.0) * SAMPLE_RATE), dtype=np.float32)
    texts, cpu = [], 0.0
    for item in items:
        started = time.process_time()
        samples = np.concatenate([lead, audio[item["id"]]])
        found, _ = engine._model.transcribe(samples, language="en", **options)
        segments = tuple(Segment(s.text.strip(), s.start, s.end, tuple(_words(s))) for s in found)
        heard = Transcript(text_of(segments), segments, 0.0)
        texts.append(for_officer(heard, names).text if heard.words else heard.text)
        cpu += time.process_time() - started
    return texts, cpu


def _words(raw: Any) -> list:
    from speech.transcript import Word

    return [Word(w.word.strip(), w.start, w.end, w.probability) for w in raw.words or ()]


def main(argv: list[str]) -> int:
    """Print one line per configuration."""
    items = [json.loads(line) for line in (TUNE / "tune.jsonl").read_text().splitlines()]
    names = [n for item in items for n in item["names"]] + OTHERS
    audio = {item["id"]: decode(TUNE / f"{item['id']}.ogg") for item in items}
    engine = SpeechEngine(SpeechSettings())
    engine.transcribe(audio[items[0]["id"]])  # load the VAD
    refs = [item["text"] for item in items]
    voices = sorted({item["voice"] for item in items})
    print("config\tWER\t" + "\t".join(voices) + "\tnames\tcpu_s", flush=True)
    for name in argv or list(CONFIGS):
        texts, cpu = run(engine, items, audio, names, CONFIGS[name])
        by_voice = []
        for voice in voices:
            idx = [i for i, item in enumerate(items) if item["voice"] == voice]
            by_voice.append(f"{wer([refs[i] for i in idx], [texts[i] for i in idx]):.3f}")
        right = sum(n in t for item, t in zip(items, texts, strict=True) for n in item["names"])
        total = sum(len(item["names"]) for item in items)
        print(
            f"{name}\t{wer(refs, texts):.3f}\t" + "\t".join(by_voice) + f"\t{right}/{total}"
            f"\t{cpu:.1f}",
            flush=True,
        )
        if "-v" in sys.argv:
            for item, text in zip(items, texts, strict=True):
                print(f"  {item['id']}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main([a for a in sys.argv[1:] if not a.startswith("-")]))
