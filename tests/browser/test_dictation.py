"""Dictation in Chromium with a fake microphone playing a synthetic clip: record, stop with
Escape, the transcript lands in the message box with unclear words marked; axe-clean."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from speech.audio import SAMPLE_RATE, decode
from tests.browser.conftest import ARGS, CHROMIUM
from tests.browser.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.browser
CLIP = Path(__file__).resolve().parent.parent / "fixtures" / "speech" / "visit.ogg"


@pytest.fixture(scope="module")
def fake_microphone(tmp_path_factory) -> tuple[Path, float]:
    """The clip as the WAV file Chromium's fake microphone plays, with silence around it."""
    samples = decode(CLIP)
    pad = np.zeros(SAMPLE_RATE, dtype=np.float32)
    audio = np.concatenate([pad, samples, pad, pad])
    # At 48 kHz, the rate Chromium captures at, so it does not resample the file itself.
    seconds = audio.size / SAMPLE_RATE
    rate = 48_000
    audio = np.interp(
        np.arange(int(seconds * rate)) / rate, np.arange(audio.size) / SAMPLE_RATE, audio
    )
    path = tmp_path_factory.mktemp("mic") / "dictation.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((audio * 32767).astype("<i2").tobytes())
    return path, seconds


def _chromium(extra: list[str]):
    from playwright.sync_api import sync_playwright

    manager = sync_playwright().start()
    return manager, manager.chromium.launch(executable_path=str(CHROMIUM), args=ARGS + extra)


def test_dictate_stop_with_escape_and_check_the_words(server, fake_microphone):
    wav, seconds = fake_microphone
    manager, browser = _chromium(
        [
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={wav}%noloop",
        ]
    )
    try:
        page = browser.new_page()
        sign_in(page, server, "olivia")
        page.fill("#text", "Note for Sam Reed.")
        button = page.get_by_role("button", name="Dictate")
        assert button.is_visible()
        button.click()
        page.wait_for_selector("text=Recording")
        assert page.get_by_role("button", name="Stop dictating").is_visible()
        assert_accessible(page)
        page.wait_for_timeout(int((seconds - 0.5) * 1000))
        assert page.locator("#dictation-timer").inner_text() != "0:00"
        page.keyboard.press("Escape")
        page.wait_for_selector("text=Dictation added to the message box", timeout=60_000)
        text = page.input_value("#text")
        assert text.startswith("Note for Sam Reed. ")
        assert "looking for work" in text.lower() and "appointment" in text.lower()
        assert page.evaluate("document.activeElement.id") == "text"
        unsure = page.locator("#dictation-marked mark").all_inner_texts()
        if unsure:  # marked words are shown for checking, each one a word of the transcript
            assert page.locator("#dictation-check").is_visible()
            assert all(word in text for word in unsure)
        assert_accessible(page)
        assert page.get_by_role("button", name="Dictate").is_enabled()
    finally:
        browser.close()
        manager.stop()


def test_no_microphone_gives_a_clear_message(server):
    manager, browser = _chromium([])  # headless, no fake device: no microphone to be had
    try:
        page = browser.new_page()
        sign_in(page, server, "olivia")
        page.get_by_role("button", name="Dictate").click()
        alert = page.get_by_role("alert")
        alert.wait_for()
        assert "microphone" in alert.inner_text()
        assert not page.locator("#dictation-recording").is_visible()
        assert page.get_by_role("button", name="Dictate").is_enabled()
        assert_accessible(page)
    finally:
        browser.close()
        manager.stop()
