"""Synthesise dictation audio with espeak-ng en-gb voices: the test clips and the bench set.

Run: `python scripts/make_speech_audio.py` (needs `apt-get install -y espeak-ng`). Each line
of a `.jsonl` list (id, voice, text) becomes `<id>.ogg` beside it: 16 kHz mono Opus at
24 kbit/s, small enough to commit. espeak-ng's output is the same on every run, so the files
only change when a text does. Synthetic speech is a smoke test, not a measure of real voices.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import BinaryIO

import av
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
LISTS = (ROOT / "tests/fixtures/speech/clips.jsonl", ROOT / "bench/speech/dictations.jsonl")
RATE = 16_000


def speak(text: str, voice: str) -> np.ndarray:
    """espeak-ng's WAV for `text`, as 16 kHz mono int16 samples."""
    wav = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", "165", "--stdout", text], check=True, capture_output=True
    ).stdout
    with av.open(io.BytesIO(wav)) as container:
        resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
        parts = [
            out.to_ndarray().reshape(-1)
            for frame in container.decode(audio=0)
            for out in resampler.resample(frame)
        ]
    return np.concatenate(parts).astype(np.int16)


def write_opus(samples: np.ndarray, target: Path | BinaryIO) -> None:
    """Write int16 mono samples as Ogg/Opus to a file or a file-like object."""
    with av.open(
        str(target) if isinstance(target, Path) else target, "w", format="ogg"
    ) as container:
        stream = container.add_stream("libopus", rate=48_000)
        stream.bit_rate = 24_000
        stream.layout = "mono"
        resampler = av.AudioResampler(format="s16", layout="mono", rate=48_000)
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = RATE
        for resampled in resampler.resample(frame) + resampler.resample(None):
            for packet in stream.encode(resampled):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)


def main() -> int:
    """Write every list's audio; print one line per file."""
    for listing in LISTS:
        for line in listing.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            out = listing.parent / f"{item['id']}.ogg"
            write_opus(speak(item["text"], item["voice"]), out)
            print(f"{out.relative_to(ROOT)}: {out.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
