"""Dictations in progress: audio held in memory while the officer speaks, never on disk.

The browser sends a chunk every second or so. Once `partial_every_s` has passed since the
last partial transcription, the audio so far is transcribed up to its last pause in a warm
worker, in the background; when the officer stops, only the rest is left to do. Whatever
happens, the audio is dropped when the dictation finishes, fails, is cancelled or expires.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assistant.speech_jobs import SpeechFailed, SpeechRefused, dictation_job, transcribe_job
from speech.settings import SpeechSettings
from speech.transcript import Transcript, join

log = logging.getLogger(__name__)

IDLE_S = 120.0
"""A dictation with no chunk for this long is dropped (a closed tab, a lost connection)."""


class DictationError(Exception):
    """A dictation request the officer must be told about; `status` is the HTTP status."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass
class Dictation:
    """One officer's recording in progress."""

    user_id: int
    names: list[str]
    """The officer's caseload: in the prompt, and respelled where heard nearly right."""
    audio: bytearray = field(default_factory=bytearray)
    next_s: float = 0.0
    parts: list[Transcript] = field(default_factory=list)
    partial: asyncio.Task | None = None
    partial_at: float = 0.0
    touched: float = 0.0


class Dictations:
    """The dictations in progress, by id; at most one per officer."""

    def __init__(
        self, pool: Any, settings: SpeechSettings, clock: Callable[[], float] = time.monotonic
    ):
        self._pool = pool
        self._settings = settings
        self._clock = clock
        self._open: dict[str, Dictation] = {}

    def __len__(self) -> int:
        return len(self._open)

    def held_bytes(self) -> int:
        """Audio bytes held in memory across all dictations (tests check it drops to 0)."""
        return sum(len(d.audio) for d in self._open.values())

    def start(self, user_id: int, names: list[str]) -> str:
        """A new dictation for this officer; any earlier one of theirs is dropped."""
        self._expire()
        for key in [k for k, d in self._open.items() if d.user_id == user_id]:
            self._drop(key)
        key = secrets.token_urlsafe(16)
        now = self._clock()
        self._open[key] = Dictation(user_id, names, partial_at=now, touched=now)
        return key

    def add(self, key: str, user_id: int, chunk: bytes) -> int:
        """Append a chunk; returns the bytes held. May start a partial transcription."""
        dictation = self._get(key, user_id)
        if len(dictation.audio) + len(chunk) > self._settings.max_audio_bytes:
            self._drop(key)
            raise DictationError(_too_long(self._settings), status=413)
        dictation.audio += chunk
        dictation.touched = now = self._clock()
        if (
            dictation.partial is None
            and now - dictation.partial_at >= self._settings.partial_every_s
        ):
            dictation.partial_at = now
            dictation.partial = asyncio.create_task(self._partial(dictation))
        return len(dictation.audio)

    async def finish(self, key: str, user_id: int) -> Transcript:
        """The whole transcript; the dictation and its audio are gone afterwards."""
        dictation = self._get(key, user_id)
        try:
            if dictation.partial is not None:
                await asyncio.shield(dictation.partial)
            result = await self._run(dictation, final=True)
            return join([*dictation.parts, result])
        finally:
            self._drop(key)

    def drop_all(self) -> None:
        """Drop every dictation (the server is stopping)."""
        for key in list(self._open):
            self._drop(key)

    def cancel(self, key: str, user_id: int) -> None:
        """Drop a dictation and its audio."""
        self._get(key, user_id)
        self._drop(key)

    async def _partial(self, dictation: Dictation) -> None:
        try:
            dictation.parts.append(await self._run(dictation, final=False))
        except Exception as exc:  # noqa: BLE001 - the final pass reads all the audio again
            # The audio so far may end mid-frame; only the kind of failure is logged.
            log.info(
                "a partial transcription failed (%s); the final pass covers it", type(exc).__name__
            )
        finally:
            dictation.partial = None

    async def _run(self, dictation: Dictation, final: bool) -> Transcript:
        args = (self._settings, bytes(dictation.audio), dictation.next_s, dictation.names, final)
        result = await run(self._pool, dictation_job, args, self._settings.timeout_s)
        dictation.next_s = result["next_s"]
        return Transcript.from_json(result["part"])

    def _get(self, key: str, user_id: int) -> Dictation:
        self._expire()
        dictation = self._open.get(key)
        if dictation is None or dictation.user_id != user_id:
            raise DictationError("That recording has ended or expired. Record again.", status=404)
        return dictation

    def _drop(self, key: str) -> None:
        dictation = self._open.pop(key, None)
        if dictation is not None:
            dictation.audio.clear()
            if dictation.partial is not None:
                dictation.partial.cancel()

    def _expire(self) -> None:
        cutoff = self._clock() - IDLE_S
        for key in [k for k, d in self._open.items() if d.touched < cutoff]:
            self._drop(key)


def _too_long(settings: SpeechSettings) -> str:
    return (
        f"The recording is larger than casenotes accepts ({settings.max_audio_bytes // 1024:,} "
        "KB). Dictate the contact in shorter parts."
    )


async def run(pool: Any, fn: Any, args: tuple, timeout_s: float) -> dict[str, Any]:
    """Run a speech job in the warm workers, turning every failure into a DictationError."""
    try:
        result: dict[str, Any] = await pool.run_job(fn, args, timeout_s)
        return result
    except SpeechRefused as exc:
        raise DictationError(str(exc), status=422) from None
    except SpeechFailed as exc:
        raise DictationError(str(exc), status=503) from None
    except RuntimeError:  # timed out, or the workers stopped under it
        raise DictationError(
            "Transcribing took too long or stopped. Nothing was kept: record again.", status=503
        ) from None


async def transcribe_once(
    pool: Any, settings: SpeechSettings, audio: bytes, names: list[str]
) -> Transcript:
    """A whole recording sent at once."""
    result = await run(pool, transcribe_job, (settings, audio, names), settings.timeout_s)
    return Transcript.from_json(result)
