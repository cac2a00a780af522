"""Local dictation: speech to text on this machine with faster-whisper, nothing sent out.

`transcribe(audio) -> Transcript` is the interface; `SpeechEngine(settings)` loads a model
once for many recordings (the web service's warm workers, the CLI's batches).
"""

from speech.audio import AudioRefused
from speech.engine import ModelError, SpeechEngine, transcribe
from speech.settings import SpeechSettings
from speech.transcript import Segment, Transcript, Word

__all__ = [
    "AudioRefused",
    "ModelError",
    "Segment",
    "SpeechEngine",
    "SpeechSettings",
    "Transcript",
    "Word",
    "transcribe",
]
