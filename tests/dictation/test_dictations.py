"""A dictation sent in chunks: finished sentences transcribed while the officer speaks."""

from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np
import pytest

from assistant.dictation import DictationError, Dictations
from speech import SpeechSettings
from speech.audio import SAMPLE_RATE, decode

CLIPS = Path(__file__).resolve().parent.parent / "fixtures" / "speech"
pytestmark = pytest.mark.slow


class InProcess:
    """The pool's `run_job` on a thread of this process: the same jobs, no worker start-up."""

    def __init__(self) -> None:
        self.calls: list[bool] = []

    async def run_job(self, fn, args, timeout_s):
        self.calls.append(args[-1])  # `final` of each dictation job
        return await asyncio.wait_for(asyncio.to_thread(fn, *args), timeout_s)


def _wav(samples: np.ndarray) -> bytes:
    """16-bit PCM WAV bytes (made in memory)."""
    import io
    import wave

    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes((samples * 32767).astype("<i2").tobytes())
    return out.getvalue()


def _two_sentences() -> bytes:
    first, second = decode(CLIPS / "visit.ogg"), decode(CLIPS / "late.ogg")
    pause = np.zeros(SAMPLE_RATE, dtype=np.float32)
    return _wav(np.concatenate([first, pause, second, pause[:1600]]))


async def test_partial_every_s_transcribes_the_first_sentence_before_stop():
    audio = _two_sentences()
    pool = InProcess()
    dictations = Dictations(pool, SpeechSettings(partial_every_s=0.0, min_part_s=0.0))
    key = dictations.start(1, [])
    dictations.add(key, 1, audio)  # a partial pass starts: the audio so far has a pause
    found = await dictations.finish(key, 1)
    assert pool.calls == [False, True]
    assert len({round(s.start) for s in found.segments}) >= 2
    text = found.text.lower()
    assert text.index("tuesday") < text.index("cancelled")
    assert text.count("tuesday") == 1 and text.count("cancelled") == 1  # nothing twice
    assert len(dictations) == 0 and dictations.held_bytes() == 0


async def test_no_partial_pass_before_partial_every_s():
    pool = InProcess()
    dictations = Dictations(pool, SpeechSettings(partial_every_s=3600.0))
    key = dictations.start(1, [])
    dictations.add(key, 1, _two_sentences())
    found = await dictations.finish(key, 1)
    assert pool.calls == [True] and "cancelled" in found.text


async def test_a_failed_transcription_drops_the_audio_too():
    dictations = Dictations(InProcess(), SpeechSettings(partial_every_s=3600.0))
    key = dictations.start(1, [])
    dictations.add(key, 1, b"not audio" * 100)
    with pytest.raises(DictationError) as refused:
        await dictations.finish(key, 1)
    assert refused.value.status == 422
    assert len(dictations) == 0 and dictations.held_bytes() == 0


async def test_an_idle_dictation_expires_and_one_per_officer():
    now = [0.0]
    dictations = Dictations(InProcess(), SpeechSettings(), clock=lambda: now[0])
    old = dictations.start(1, [])
    dictations.add(old, 1, b"x" * 10)
    newer = dictations.start(1, [])  # a second recording by the same officer replaces it
    with pytest.raises(DictationError):
        dictations.add(old, 1, b"x")
    now[0] = 1000.0
    with pytest.raises(DictationError, match="expired"):
        dictations.add(newer, 1, b"x")
