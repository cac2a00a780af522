"""Police liaison is what the officer asks of or tells the police in this contact; the
person's own report to the police, or the officer asking the person about police contact,
is not. An existing MARAC plan is not a new referral. Sentences written for these tests."""

from __future__ import annotations

import pytest

REF = "2026-06-15"


def _codes(extractor, note: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {a.code for a in extractor.extract(note, REF).actions}


@pytest.mark.parametrize(
    "sentence",
    [
        "She told me she reported her ex to the police on Saturday.",
        "He rang the police himself when the lads came to his door.",
        "Asked about any police contact, he says none.",
        "I asked him whether he has had any contact with the police since we last met.",
        "I asked her if the police have been in touch about the assault.",
        "A police DV disclosure was done in October under Clare's law.",
        "Me 14:02: any trouble with the police this week?",
    ],
)
def test_not_police_liaison(extractor, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert "police_liaison" not in _codes(extractor, f"Office visit with Kelly. {sentence}")


@pytest.mark.parametrize(
    "sentence",
    [
        "I will ring the police today so the messages are logged, and she agreed.",
        "I emailed the IOM officer to ask whether there has been any police contact with him.",
        "I will phone the police after the visit to pass on the new address.",
        "I told the police about the threats he described.",
    ],
)
def test_police_liaison_by_the_officer(extractor, sentence: str) -> None:  # type: ignore[no-untyped-def]
    note = f"Office visit with Kelly. {sentence}"
    owners = {a.code: a.owner for a in extractor.extract(note, REF).actions}
    assert owners.get("police_liaison") == "officer"


@pytest.mark.parametrize(
    "sentence",
    [
        "She is already open to MARAC and the IDVA is in touch weekly.",
        "MARAC heard her case in May; the safety plan is still in place.",
        "She was referred to MARAC by the police in the summer.",
        "I checked she still has her MARAC safety plan, and I emailed her IDVA.",
        "Her MARAC case was heard in March and nothing has changed.",
    ],
)
def test_an_existing_marac_is_no_new_referral(extractor, sentence: str) -> None:  # type: ignore[no-untyped-def]
    note = f"Office visit with Kelly, she attended on time. {sentence}"
    assert "safeguarding_referral" not in _codes(extractor, note)


def test_a_new_marac_referral_is_one(extractor) -> None:  # type: ignore[no-untyped-def]
    note = "Office visit with Kelly. Given the threats I have made a MARAC referral today."
    assert "safeguarding_referral" in _codes(extractor, note)
