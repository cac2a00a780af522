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


PREROLL_S = 0.5
"""Audio decoded before the wanted start and thrown away, so the Opus decoder has settled
(it needs 80 ms) and a resampler's edge falls outside what is kept."""


def decode_from(audio: bytes, from_s: float, max_duration_s: float | None = None) -> np.ndarray:
    """Samples from `from_s` seconds on, as `decode(audio)[from_s:]` would give, without
    decoding what comes before (packets are read but not decoded): at stop, only the tail of
    a long dictation is decoded. Falls back to a whole decode when timestamps are missing."""
    if from_s <= PREROLL_S:
        return decode(audio, max_duration_s)[int(max(from_s, 0.0) * SAMPLE_RATE) :]
    try:
        samples, first_s, end_s = _decode_packets_from(audio, from_s - PREROLL_S)
    except Exception:  # noqa: BLE001 - PyAV raises many kinds; the whole decode says which
        samples, first_s, end_s = None, None, 0.0
    if samples is None or first_s is None or first_s > from_s:
        return decode(audio, max_duration_s)[int(from_s * SAMPLE_RATE) :]
    if max_duration_s is not None and end_s > max_duration_s:
        decode(audio, max_duration_s)  # raises the officer's message for a long recording
    return samples[max(0, int(round((from_s - first_s) * SAMPLE_RATE))) :]


def _decode_packets_from(
    audio: bytes, skip_before_s: float
) -> tuple[np.ndarray | None, float | None, float]:
    """(samples from the first packet at or after `skip_before_s`, that packet's time, the
    recording's end time); samples None when a packet has no timestamp."""
    import av

    first_s: float | None = None
    end_s = 0.0
    parts: list[np.ndarray] = []
    with av.open(io.BytesIO(audio), mode="r", metadata_errors="ignore") as container:
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
        for packet in container.demux(stream):
            if packet.size == 0:
                continue
            if packet.pts is None or packet.time_base is None:
                return None, None, 0.0
            at = float(packet.pts * packet.time_base)
            end_s = max(end_s, at + float((packet.duration or 0) * packet.time_base))
            if at < skip_before_s:
                continue
            if first_s is None:
                first_s = max(at, 0.0)
            for frame in packet.decode():
                parts += [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
        parts += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    if not parts:
        return np.zeros(0, dtype=np.float32), first_s, end_s
    return np.concatenate(parts).astype(np.float32) / 32768.0, first_s, end_s
