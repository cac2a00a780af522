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
    ],
)
def test_action_owner(extractor, note: str, code: str, owner: str) -> None:  # type: ignore[no-untyped-def]
    found = {a.code: a.owner for a in extractor.extract(note, REF).actions}
    assert found.get(code) == owner
