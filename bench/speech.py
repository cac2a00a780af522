"""`make bench-speech`: dictation accuracy and speed on synthetic en-gb dictations.

The dictations (bench/speech/dictations.jsonl, invented people) are espeak-ng voices made
by scripts/make_speech_audio.py. Prints word error rate with and without the domain prompt
(normalised, as speech work reports it and as the target is read; raw; and the bench's
earlier normalisation, for comparison with old rows),
caseload names spelled as on the caseload, real-time factor on one thread, peak memory,
and the time from "stop" to transcript for a dictation of over 3 minutes fed as the server
feeds it (a partial pass every [speech] partial_every_s, then the rest). Synthetic speech
is a smoke test: real officers' accents, pace and rooms will do worse.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

from assistant.settings import load_settings
from bench.results import append_row
from bench.speech_words import bootstrap_interval, errors_and_words, wer
from scripts.make_speech_audio import write_opus
from speech import SpeechEngine
from speech.audio import SAMPLE_RATE, decode
from speech.prompt import initial_prompt
from speech.wording import for_officer

HERE = Path(__file__).resolve().parent / "speech"
# The officer's caseload: every dictated person plus others, as a real caseload would have.
OTHERS = ["Kerry Ashworth", "Declan Muir", "Priti Sandhu", "Gareth Llewellyn", "Rosa Benedetti"]
LONG_S = 185.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    """Run the bench, print the figures and append them to bench/results/speech.tsv."""
    parser = argparse.ArgumentParser(prog="bench.speech")
    parser.add_argument("--partial-every", type=float, help="override [speech] partial_every_s")
    parser.add_argument("--lead-silence", type=float, help="override [speech] lead_silence_s")
    parser.add_argument("--model", help="override [speech] model_path (with --sha256)")
    parser.add_argument("--sha256", help="override [speech] model_sha256")
    parser.add_argument("--out", type=Path, help="keep the transcripts (JSON), for speech_vocab")
    parser.add_argument(
        "--stop-only", action="store_true", help="only the stop-to-transcript figures (no row)"
    )
    args = parser.parse_args(argv)
    settings = load_settings().speech
    if args.partial_every is not None:
        settings = dataclasses.replace(settings, partial_every_s=args.partial_every)
    if args.lead_silence is not None:
        settings = dataclasses.replace(settings, lead_silence_s=args.lead_silence)
    if args.model is not None:
        settings = dataclasses.replace(
            settings, model_path=args.model, model_sha256=args.sha256 or settings.model_sha256
        )
    items = [json.loads(line) for line in (HERE / "dictations.jsonl").read_text().splitlines()]
    names = [n for item in items for n in item["names"]] + OTHERS
    prompt = initial_prompt(names)
    before_mb = _peak_mb()
    started = time.perf_counter()
    engine = SpeechEngine(settings)
    load_s = time.perf_counter() - started

    audio = {item["id"]: (HERE / f"{item['id']}.ogg").read_bytes() for item in items}
    engine.transcribe(audio[items[0]["id"]], prompt)  # warm: first call loads the VAD model
    if args.stop_only:
        figures = _stop_to_transcript(engine, items, audio, prompt, settings)
        labels = ("stop_to_text_s", "stop_to_text_cpu_s", "worst_partial_s", "long_audio_s")
        for label, value in zip((*labels, "stop_worst_s"), figures, strict=True):
            print(f"{label:>18}: {value:.3f}")
        print(f"partial_every_s {settings.partial_every_s}, load {os.getloadavg()[0]:.1f}")
        return 0
    refs, plain, prompted, seconds, spent, cpu = [], [], [], 0.0, 0.0, 0.0
    names_right = names_total = 0
    names_each: list[tuple[int, int]] = []
    kept: dict[str, object] = {}
    for item in items:
        refs.append(item["text"])
        plain.append(engine.transcribe(audio[item["id"]]).text)
        started, started_cpu = time.perf_counter(), time.process_time()
        raw = engine.transcribe(audio[item["id"]], prompt)
        found = for_officer(raw, names)
        spent += time.perf_counter() - started
        cpu += time.process_time() - started_cpu
        seconds += found.duration_s
        prompted.append(found.text)
        kept[item["id"]] = raw.to_json(settings.low_confidence)
        right = sum(name in found.text for name in item["names"])
        names_each.append((right, len(item["names"])))
        names_right += right
        names_total += len(item["names"])
        for name in item["names"]:
            if name not in found.text:
                print(f"  {item['id']}: {name!r} not spelled as on the caseload", file=sys.stderr)

    voices: dict[str, list[int]] = {}
    for index, item in enumerate(items):
        voices.setdefault(item["voice"], []).append(index)
    for voice, idx in voices.items():
        by_voice = wer([refs[i] for i in idx], [prompted[i] for i in idx])
        raw = wer([refs[i] for i in idx], [prompted[i] for i in idx], raw=True)
        print(f"  {voice}: WER {by_voice:.3f} (raw {raw:.3f})")
    if args.out:
        refs_by_id = {item["id"]: item["text"] for item in items}
        args.out.write_text(json.dumps({"refs": refs_by_id, "names": names, "heard": kept}))
    wer_lo, wer_hi = bootstrap_interval(errors_and_words(refs, prompted))
    names_lo, names_hi = bootstrap_interval(names_each)
    stop_s, stop_cpu, worst_pass_s, long_s, stop_worst_s = _stop_to_transcript(
        engine, items, audio, prompt, settings
    )
    row: dict[str, object] = {
        "dictations": len(items),
        "audio_s": seconds,
        "wer_prompt": wer(refs, prompted, earlier=True),
        "wer_no_prompt": wer(refs, plain, earlier=True),
        "names_right": names_right / max(1, names_total),
        "rtf_wall": spent / seconds,
        "rtf_cpu": cpu / seconds,
        "load_s": load_s,
        "peak_rss_mb": _peak_mb(),
        "model_rss_mb": _peak_mb() - before_mb,
        "long_audio_s": long_s,
        "stop_to_text_s": stop_s,
        "stop_to_text_cpu_s": stop_cpu,
        "worst_partial_s": worst_pass_s,
        "stop_worst_s": stop_worst_s,
        "partial_every_s": settings.partial_every_s,
        "load_avg_1m": os.getloadavg()[0],
        "lead_silence_s": settings.lead_silence_s,
        "wer_norm": wer(refs, prompted),
        "wer_raw": wer(refs, prompted, raw=True),
        "wer_no_prompt_norm": wer(refs, plain),
        "wer_no_prompt_raw": wer(refs, plain, raw=True),
        "model": Path(settings.model_path).name if settings.model_path else "tiny.en",
        "wer_norm_ci95": f"{wer_lo:.3f}-{wer_hi:.3f}",
        "names_ci95": f"{names_lo:.3f}-{names_hi:.3f}",
    }
    for key, cell in row.items():
        print(f"{key:>16}: {cell:.3f}" if isinstance(cell, float) else f"{key:>16}: {cell}")
    print(f"appended to {append_row('speech', row, digits=3)}")
    return 0


def _stop_to_transcript(engine, items, audio, prompt, settings) -> tuple[float, ...]:
    """Feed a >3-minute dictation as the server does; time the work left after "stop".

    Returns the wall and CPU seconds of the final pass, the slowest partial pass, the
    audio's length, and the wall seconds of stopping just after a partial pass started
    (the server waits for that pass, then runs the final one): the worst case."""
    pause = np.zeros(int(0.8 * SAMPLE_RATE), dtype=np.float32)
    parts: list[np.ndarray] = []
    while sum(p.size for p in parts) < LONG_S * SAMPLE_RATE:
        for item in items:
            parts += [decode(audio[item["id"]]), pause]
    samples = np.concatenate(parts)[: int(LONG_S * SAMPLE_RATE)]
    encoded = io.BytesIO()
    write_opus((samples * 32767).astype(np.int16), encoded)
    data = encoded.getvalue()
    every = settings.partial_every_s
    next_s, worst, last = 0.0, 0.0, 0.0
    total_s = samples.size / SAMPLE_RATE
    # While speaking: a partial pass each `every` seconds over the audio received so far.
    for heard in np.arange(every, total_s, every):
        started = time.perf_counter()
        so_far = engine.samples(data)[: int(heard * SAMPLE_RATE)]
        _part, next_s = engine.transcribe_from(so_far, next_s, prompt, final=False)
        last = time.perf_counter() - started
        worst = max(worst, last)
    # Stop: decode and transcribe what no partial pass covered.
    started, started_cpu = time.perf_counter(), time.process_time()
    engine.transcribe_rest(data, next_s, prompt, final=True)
    stop_s = time.perf_counter() - started
    return stop_s, time.process_time() - started_cpu, worst, total_s, stop_s + last


if __name__ == "__main__":
    sys.exit(main())
