"""An officer's outright verdict on an area decides whether it is a need (labelling
conventions: "An explicit statement ('drug use remains a need') decides"). Our own
sentences."""

from __future__ import annotations

from typing import Any

import pytest

from nlp.facts.needs import _stated


@pytest.mark.parametrize(
    ("text", "area", "is_need"),
    [
        ("Alcohol remains a need: still drinking at weekends.", "alcohol_use", True),
        ("Accom = need (sofa surfing).", "accommodation", True),
        ("I have recorded family relationships as a need.", "relationships_community", True),
        ("- Thinking: acts on impulse; remains a need.", "thinking_behaviours_attitudes", True),
        ("Alcohol -> dry since May = improving, not a need now.", "alcohol_use", False),
        ("ETE: full time at the depot; no longer a need.", "employment_education", False),
        ("I don't see his mental health as a need at present.", "health_wellbeing", False),
        ("Work is going well, but drugs remain a need.", "drug_use", True),
        (
            "Facilitators: thinking and behaviour remains an area of need.",
            "thinking_behaviours_attitudes",
            True,
        ),
    ],
)
def test_outright_statements_decide(text: str, area: str, is_need: bool) -> None:
    stated = _stated(text, area)
    assert stated is not None
    assert stated[0] is is_need


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("Work is going well, but drugs remain a need.", "employment_education"),
        ("He says he needs work.", "employment_education"),
        ("There is no need to refer him to housing.", "accommodation"),
    ],
)
def test_no_verdict_on_an_area_not_judged(text: str, area: str) -> None:
    assert _stated(text, area) is None


def test_a_verdict_overrides_the_cues(extractor: Any) -> None:
    note = (
        "Office visit with Kim, on time. She is living in a hostel while she waits for a flat. "
        "She has been sober for eight months and goes to meetings; alcohol is not a need now. "
        "Her relationship with her mum has broken down again and I have recorded family "
        "relationships as a need."
    )
    needs = {
        n["area"]: n["status"] for n in extractor.extract(note, "2026-06-10").to_json()["needs"]
    }
    assert needs["alcohol_use"] != "need"
    assert needs["relationships_community"] == "need"
    assert needs["accommodation"] == "need"


@pytest.mark.parametrize(
    ("note", "area", "is_need"),
    [
        ("Office visit with Kim.\nRisk:\n- Self-harm: asked, denies.", "health_wellbeing", False),
        (
            "Office visit with Kim. Her PIP stopped last month and she is struggling to pay bills.",
            "finance",
            True,
        ),
        (
            "Office visit with Kim. Her debt relief order was approved in May, so the debts are "
            "dealt with.",
            "finance",
            False,
        ),
    ],
)
def test_need_cues_read_with_their_sentence(
    extractor: Any, note: str, area: str, is_need: bool
) -> None:
    needs = {
        n["area"]: n["status"] for n in extractor.extract(note, "2026-06-10").to_json()["needs"]
    }
    assert (needs.get(area) == "need") is is_need
