"""Audio front-end changes tried before Whisper (bench/speech_tune.py's `_frontend` configs).

Each is general signal processing, not fitted to a voice: a fixed loudness, a high-pass
filter, and band-limited resampling from the recording's own rate instead of PyAV's
default resampler. Each takes the 16 kHz samples the engine would hear and the recording's
path (resampling decodes it again at its own rate) and returns 16 kHz samples.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from speech.audio import SAMPLE_RATE

TARGET_DBFS = -20.0
"""Speech level after loudness normalisation (root mean square of the voiced frames)."""
HIGH_PASS_HZ = 100.0
"""Below this is rumble, handling noise and mains hum, not speech that Whisper uses."""
FRAME = 400  # 25 ms at 16 kHz, Whisper's own analysis window


def loudness(samples: np.ndarray, _path: str = "") -> np.ndarray:
    """`samples` scaled so their voiced frames sit at TARGET_DBFS, peaks kept under 1."""
    frames = samples[: samples.size // FRAME * FRAME].reshape(-1, FRAME)
    if frames.size == 0:
        return samples
    rms = np.sqrt((frames.astype(np.float64) ** 2).mean(axis=1))
    loud = rms[rms > rms.max() / 100]  # within 40 dB of the loudest frame: the speech
    level = float(np.sqrt((loud**2).mean())) if loud.size else 0.0
    if level <= 0:
        return samples
    gain = 10 ** (TARGET_DBFS / 20) / level
    peak = float(np.abs(samples).max()) * gain
    if peak > 0.99:
        gain *= 0.99 / peak
    return (samples * gain).astype(np.float32)


def high_pass(samples: np.ndarray, _path: str = "") -> np.ndarray:
    """`samples` without what lies below HIGH_PASS_HZ (zero phase, a 20 Hz ramp, by FFT)."""
    spectrum = np.fft.rfft(samples.astype(np.float64))
    freqs = np.fft.rfftfreq(samples.size, 1 / SAMPLE_RATE)
    ramp = np.clip((freqs - (HIGH_PASS_HZ - 20)) / 20, 0.0, 1.0)
    return np.fft.irfft(spectrum * ramp, n=samples.size).astype(np.float32)


def band_limited(samples: np.ndarray, path: str = "") -> np.ndarray:
    """The recording decoded at its own rate and resampled to 16 kHz by FFT (an ideal
    low-pass at 8 kHz), instead of PyAV's default resampler."""
    import av

    with av.open(path) as container:
        stream = container.streams.audio[0]
        rate = stream.codec_context.sample_rate
        resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
        parts = [
            f.to_ndarray().reshape(-1)
            for frame in container.decode(stream)
            for f in resampler.resample(frame)
        ]
        parts += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    native = np.concatenate(parts).astype(np.float64)
    out_n = int(round(native.size * SAMPLE_RATE / rate))
    spectrum = np.fft.rfft(native)[: out_n // 2 + 1]
    resampled = np.fft.irfft(spectrum, n=out_n) * (out_n / native.size)
    return resampled.astype(np.float32)


FRONTENDS: dict[str, Callable[[np.ndarray, str], np.ndarray]] = {
    "loudness": loudness,
    "high_pass": high_pass,
    "band_limited": band_limited,
    "high_pass_loudness": lambda s, p: loudness(high_pass(s, p), p),
}


def apply(name: str | None, samples: np.ndarray, path: Path | str) -> np.ndarray:
    """The samples through the named front-end (unchanged for None)."""
    return samples if name is None else FRONTENDS[name](samples, str(path))
