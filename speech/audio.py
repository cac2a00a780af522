"""Audio in: decoded in this process by PyAV (which faster-whisper brings), 16 kHz mono.

Audio stays in memory: bytes in, samples out, nothing written to disk on the way.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16_000
PAUSE_MS = 200
"""Silence that counts as a pause to cut at while the officer speaks. The pause after a
sentence is about this long (300 ms found one cut in 18 s of dictation, 200 ms one every
3-4 s), so the part still to transcribe at stop is short; the gaps inside a word are
shorter still, and the cut is made in the middle of the pause, so no word is split."""


class AudioRefused(ValueError):
    """The audio cannot be transcribed; the message is fit to show an officer."""


UNREADABLE = (
    "The recording could not be read as audio. Record again, or send WAV, OGG/Opus, "
    "WebM, MP3 or M4A."
)


def decode(audio: bytes | str | Path, max_duration_s: float | None = None) -> np.ndarray:
    """Float32 samples at 16 kHz mono; AudioRefused for unreadable, silent-empty or long audio."""
    from faster_whisper.audio import decode_audio

    source = io.BytesIO(audio) if isinstance(audio, bytes | bytearray) else str(audio)
    if isinstance(source, io.BytesIO) and not audio:
        raise AudioRefused("The recording is empty. Record again.")
    try:
        samples = decode_audio(source, sampling_rate=SAMPLE_RATE)
    except FileNotFoundError:
        raise AudioRefused(f"No such audio file: {source}") from None
    except Exception:  # noqa: BLE001 - PyAV raises many kinds for a bad container or codec
        raise AudioRefused(UNREADABLE) from None
    if samples.size == 0:
        raise AudioRefused("The recording has no sound in it. Record again.")
    seconds = samples.size / SAMPLE_RATE
    if max_duration_s is not None and seconds > max_duration_s:
        raise AudioRefused(
            f"The recording is {seconds / 60:.1f} minutes long; casenotes accepts up to "
            f"{max_duration_s / 60:.0f} minutes. Dictate the contact in shorter parts."
        )
    return samples


def pause_before_end(samples: np.ndarray, min_s: float) -> float | None:
    """Seconds into `samples` of the middle of the last pause between two stretches of
    speech, at least `min_s` in; None when there is none yet. Cutting there never splits a
    word, so the part before it can be transcribed while the officer carries on speaking."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    chunks = get_speech_timestamps(samples, VadOptions(min_silence_duration_ms=PAUSE_MS))
    if len(chunks) < 2:
        return None
    # The last stretch may still be going on: cut in the pause before it.
    cut = (chunks[-2]["end"] + chunks[-1]["start"]) / 2 / SAMPLE_RATE
    return float(cut) if cut >= min_s else None
