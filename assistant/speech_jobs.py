"""Dictation jobs that run inside the warm worker processes (never on the event loop).

The speech model loads on a worker's first dictation and stays loaded; a worker that only
ever reads notes never pays for it. Audio arrives as bytes and is decoded in memory.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from speech.prompt import initial_prompt
from speech.settings import SpeechSettings
from speech.wording import for_officer

log = logging.getLogger(__name__)

# One loaded engine per worker process (per-process state, like workers._extractor).
_engine: Any = None


class SpeechRefused(Exception):
    """The audio could not be transcribed; the message is for the officer (picklable)."""


class SpeechFailed(Exception):
    """The engine failed for a reason that is not the audio's; the message is generic."""


def _engine_for(settings: SpeechSettings) -> Any:
    global _engine
    if _engine is None or _engine.settings != settings:
        from speech.engine import SpeechEngine

        _engine = SpeechEngine(settings)
    return _engine


def transcribe_job(settings: SpeechSettings, audio: bytes, names: list[str]) -> dict[str, Any]:
    """Run in a worker: the transcript of one whole recording, as JSON; `names` are the
    officer's caseload, put in the prompt and respelled where heard nearly right."""

    def work(engine: Any) -> dict[str, Any]:
        found = for_officer(engine.transcribe(audio, initial_prompt(names)), names)
        return found.to_json(settings.low_confidence)

    return _guarded(work, settings)


def dictation_job(
    settings: SpeechSettings, audio: bytes, start_s: float, names: list[str], final: bool
) -> dict[str, Any]:
    """Run in a worker: transcribe a dictation so far from `start_s`, up to its last pause
    (or to its end when `final`). Returns {"part": transcript JSON, "next_s": float}."""

    def work(engine: Any) -> dict[str, Any]:
        part, next_s = engine.transcribe_rest(audio, start_s, initial_prompt(names), final)
        return {"part": for_officer(part, names).to_json(settings.low_confidence), "next_s": next_s}

    return _guarded(work, settings)


def _guarded(work: Any, settings: SpeechSettings) -> dict[str, Any]:
    from speech.audio import AudioRefused
    from speech.engine import ModelError

    try:
        result: dict[str, Any] = work(_engine_for(settings))
        return result
    except AudioRefused as exc:
        raise SpeechRefused(str(exc)) from None
    except ModelError as exc:
        log.error("speech model not loaded: %s", exc)  # a path and a setting, no audio
        raise SpeechFailed(
            "Dictation is not available: the speech model could not be loaded."
        ) from None
    except Exception as exc:
        # Where it failed, never the message (it may quote what was said).
        frames = "".join(traceback.format_tb(exc.__traceback__))
        log.error("transcription failed with %s at\n%s", type(exc).__name__, frames)
        raise SpeechFailed("The recording could not be transcribed. Try again.") from None
