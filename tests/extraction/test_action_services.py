"""Referrals named by the service they go to (a literacy class, ESOL, a 101 call to the
police), and fields after a semicolon kept apart so that a referral in one field does not
borrow a service named in the next. Our own sentences."""

from __future__ import annotations

from typing import Any

import pytest

from nlp.text.lines import statement_starts

REFERENCE = "2026-06-15"
OPENING = "Office appointment today with Dean Marsh, on time. "


def _actions(extractor: Any, body: str) -> set[str]:
    entry = extractor.extract(OPENING + body, REFERENCE).to_json()
    return {a["code"] for a in entry["actions"]}


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (
            "Reading is hard for him, so I referred him to a literacy class.",
            "refer_employment",
        ),
        (
            "The ETE worker put him down for the CSCS card course.",
            "refer_employment",
        ),
        ("I booked him onto an ESOL course at the college.", "refer_employment"),
        ("With his consent I rang 101 to report the threats from his neighbour.", "police_liaison"),
    ],
)
def test_a_referral_named_by_its_service(extractor: Any, body: str, code: str) -> None:
    assert code in _actions(extractor, body)


@pytest.mark.parametrize(
    "body",
    [
        "He passed his CSCS card test last week.",
        "He still goes to his English class on Tuesdays.",
        "Finance: I helped him ask for a reconsideration today; ETE: starts college in Jan.",
    ],
)
def test_no_employment_referral_without_one(extractor: Any, body: str) -> None:
    assert "refer_employment" not in _actions(extractor, body)


def test_a_field_after_a_semicolon_is_a_statement_of_its_own() -> None:
    import spacy

    doc = spacy.blank("en")("Accom: hostel; ETE: none; he is well; Next appt: Tues.")
    opened = {doc[i].text for i in statement_starts(doc)}
    assert opened == {"ETE", "Next"}


@pytest.mark.parametrize(
    "body",
    [
        "We phoned the Jobcentre together to sort out his claim.",
        "I rang DWP with him to help with his claim, which had been closed in error.",
    ],
)
def test_help_with_a_benefit_claim_is_a_finance_action(extractor, body: str) -> None:
    """A claim helped along in the session, though no claim type or service is named."""
    assert "refer_finance" in _actions(extractor, body)


def test_a_claim_only_mentioned_is_no_action(extractor) -> None:
    assert _actions(extractor, "He said his benefit claim is going through fine.") == set()
