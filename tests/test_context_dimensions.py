"""ConText's three dimensions beside the one status: a mention can be denied and past at once."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from nlp.context.assertion import Assertion, ContextRules, classify_target, make_context_nlp

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "nlp/schemas/context-result.schema.json").read_text()
)


@pytest.fixture(scope="module")
def classify():  # type: ignore[no-untyped-def]
    nlp, rules = make_context_nlp(), ContextRules.load()
    return lambda text, target: classify_target(nlp, text, target, rules)


@pytest.mark.parametrize(
    ("text", "target", "status", "negated", "temporality", "experiencer"),
    [
        # Denied and past: the status keeps the denial, the time says past.
        (
            "She denies any history of self-harm.",
            "self-harm",
            "negated",
            True,
            "historical",
            "person",
        ),
        (
            "No previous convictions for violence.",
            "violence",
            "negated",
            True,
            "historical",
            "person",
        ),
        ("He denies using cocaine last year.", "cocaine", "negated", True, "historical", "person"),
        # Stopped is past, not denied.
        ("He stopped using heroin in 2019.", "heroin", "historical", False, "historical", "person"),
        # Someone else's past.
        (
            "His brother used to deal cocaine.",
            "cocaine",
            "other_person",
            False,
            "historical",
            "other",
        ),
        # A condition.
        (
            "If he drinks again he will be recalled.",
            "drinks",
            "hypothetical",
            False,
            "hypothetical",
            "person",
        ),
        # Denied now.
        (
            "He has not used cannabis since his release.",
            "cannabis",
            "negated",
            True,
            "recent",
            "person",
        ),
        # Nothing said: present in every dimension.
        ("He is using crack daily.", "crack", "present", False, "recent", "person"),
    ],
)
def test_each_dimension_is_decided_by_its_own_cues(  # type: ignore[no-untyped-def]
    classify, text, target, status, negated, temporality, experiencer
) -> None:
    got = classify(text, target)
    assert (got.status, got.negated, got.temporality, got.experiencer) == (
        status,
        negated,
        temporality,
        experiencer,
    )
    jsonschema.validate(got.to_json(), SCHEMA)


@pytest.mark.parametrize(
    "text",
    [
        "His mum says he has not drunk since Christmas.",
        "Possible history of overdose, not confirmed.",
        "Her ex-partner was violent towards her in 2020.",
        "He was worried he might lose the flat if the rent is not paid.",
        "Previous convictions: none.",
        "Drug history: heroin from 19, clean since 2022.",
    ],
)
def test_the_dimensions_never_contradict_the_status(classify, text: str) -> None:  # type: ignore[no-untyped-def]
    for word in {w.strip(".,:") for w in text.split()} - {""}:
        got = classify(text, word)
        if got.status == "negated":
            assert got.negated
        if got.status in ("historical", "hypothetical"):
            assert got.temporality == got.status
        assert (got.status == "other_person") <= (got.experiencer == "other")
        if got.status == "present":
            assert (got.negated, got.temporality, got.experiencer) == (False, "recent", "person")


def test_a_status_alone_implies_its_dimensions() -> None:
    assert Assertion("historical").temporality == "historical"
    assert Assertion("negated").negated is True
    assert Assertion("other_person").experiencer == "other"
    assert Assertion("hypothetical").to_json()["temporality"] == "hypothetical"
    # Older stored results without the dimensions still read.
    assert Assertion.from_json({"status": "negated", "triggers": []}) == Assertion("negated")
