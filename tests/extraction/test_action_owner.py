"""Who does an action: the officer who books or refers the person, not the person booked."""

from __future__ import annotations

import pytest

REF = "2026-06-15"


@pytest.mark.parametrize(
    ("note", "code", "owner"),
    [
        ("Office visit. I booked him in with the debt advice service.", "refer_finance", "officer"),
        (
            "Office visit. Referred her to the housing options team today.",
            "refer_accommodation",
            "officer",
        ),
        (
            "Office visit. She agreed to self-refer to the debt advice service.",
            "refer_finance",
            "person",
        ),
        (
            "Phone call. I gave him the number for the housing options team.",
            "refer_accommodation",
            "officer",
        ),
    ],
)
def test_action_owner(extractor, note: str, code: str, owner: str) -> None:  # type: ignore[no-untyped-def]
    found = {a.code: a.owner for a in extractor.extract(note, REF).actions}
    assert found.get(code) == owner


@pytest.mark.parametrize(
    "note",
    [
        "Phone call. Her GP has given her sertraline for her low mood.",
        "Office visit. The doctor gave him diazepam after the funeral.",
        "Office visit. The housing team gave her a flat in Leyton last month.",
    ],
)
def test_a_service_giving_is_not_a_referral(extractor, note: str) -> None:  # type: ignore[no-untyped-def]
    """The service as the giver ("the GP has given her sertraline") is treatment or an
    offer already made, not the officer handing over the service's details."""
    assert extractor.extract(note, REF).actions == ()


def test_details_given_for_a_service_stay_a_referral(extractor) -> None:  # type: ignore[no-untyped-def]
    entry = extractor.extract("Office visit. Given the number for the debt advice service.", REF)
    assert [a.code for a in entry.actions] == ["refer_finance"]
