"""Threats from an ex or partner towards the person make domestic abuse present (the
contract's flag covers a victim as well as a perpetrator); threats from someone outside
the relationship do not. Sentences written for these tests."""

from __future__ import annotations

import pytest

REF = "2026-06-15"


def _flags(extractor, sentence: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    entry = extractor.extract(f"Phone call with Kelly. {sentence}", REF)
    return {f.code: f.status for f in entry.risk_flags}


@pytest.mark.parametrize(
    "sentence",
    [
        "She says her ex has been sending her threatening messages since Friday.",
        "Her ex-partner sent her threatening texts at the weekend.",
        "She is getting threats from her ex again and has blocked his number.",
    ],
)
def test_threats_from_an_ex_are_domestic_abuse(extractor, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert _flags(extractor, sentence).get("domestic_abuse") == "present"


def test_threats_from_a_dealer_are_not(extractor) -> None:  # type: ignore[no-untyped-def]
    sentence = "A dealer has been sending her threatening messages about money she owes."
    assert "domestic_abuse" not in _flags(extractor, sentence)
