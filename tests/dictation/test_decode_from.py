"""Decoding only a recording's tail gives the same samples as decoding all of it and cutting."""

from __future__ import annotations

import io
from pathlib import Path

import av
import numpy as np
import pytest

from scripts.make_speech_audio import write_opus
from speech import AudioRefused
from speech.audio import SAMPLE_RATE, decode, decode_from

CLIPS = Path(__file__).resolve().parent.parent / "fixtures" / "speech"


def _speech() -> np.ndarray:
    one = np.concatenate([decode(CLIPS / "visit.ogg"), decode(CLIPS / "late.ogg")])
    return np.concatenate([one, one])  # about 20 s


def _ogg(samples: np.ndarray) -> bytes:
    out = io.BytesIO()
    write_opus((samples * 32767).astype(np.int16), out)
    return out.getvalue()


def _webm(samples: np.ndarray) -> bytes:
    """WebM/Opus, as Chrome's MediaRecorder sends it."""
    out = io.BytesIO()
    with av.open(out, "w", format="webm") as container:
        stream = container.add_stream("libopus", rate=48_000)
        stream.layout = "mono"
        resampler = av.AudioResampler(format="s16", layout="mono", rate=48_000)
        pcm = (samples * 32767).astype(np.int16).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        for resampled in resampler.resample(frame) + resampler.resample(None):
            for packet in stream.encode(resampled):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out.getvalue()


@pytest.mark.parametrize("encode", [_ogg, _webm])
@pytest.mark.parametrize("from_s", [0.0, 0.3, 4.0, 13.5])
def test_the_tail_is_the_same_samples_as_a_whole_decode_cut(encode, from_s):
    data = encode(_speech())
    whole = decode(data)[int(from_s * SAMPLE_RATE) :]
    tail = decode_from(data, from_s)
    assert tail.size == whole.size
    assert np.abs(tail - whole).max() < 1e-3


def test_bad_and_long_audio_are_refused_as_by_a_whole_decode():
    with pytest.raises(AudioRefused, match="could not be read"):
        decode_from(b"\x00\x01 not audio" * 200, 5.0)
    with pytest.raises(AudioRefused, match="minutes long"):
        decode_from(_ogg(_speech()), 5.0, max_duration_s=10.0)
