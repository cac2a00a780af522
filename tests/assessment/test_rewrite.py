"""The officer's first person into an assessor's third person; fragments refused."""

from __future__ import annotations

import pytest

from nlp.assessment.checks import first_person, is_fragment
from nlp.assessment.rewrite import is_whole, name_first, third_person

NAME = "Ray Quill"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("I made a referral to Shelter.", "The probation officer made a referral to Shelter."),
        ("I think he is coping.", "The probation officer thinks he is coping."),
        ("I've asked him for payslips.", "The probation officer has asked him for payslips."),
        ("I am worried about his mood.", "The probation officer is worried about his mood."),
        ("He rang me twice.", "He rang the probation officer twice."),
        (
            "He showed me my letter.",
            "He showed the probation officer the probation officer's letter.",
        ),
        ("We agreed a plan.", "The probation officer and Ray Quill agreed a plan."),
        ("Writer advised him to bank it.", "The probation officer advised him to bank it."),
        ('He said "I am fine" and left.', 'He said "I am fine" and left.'),
    ],
)
def test_first_person_becomes_the_probation_officer(written: str, expected: str) -> None:
    rewritten = third_person(written, NAME)
    assert rewritten == expected
    assert not first_person(rewritten)


def test_quoted_speech_keeps_its_first_person_and_is_not_flagged() -> None:
    assert not first_person('She said "I just want my kids back."')
    assert first_person("She told me she was fine.")


def test_an_opening_pronoun_becomes_the_name() -> None:
    assert name_first("She lives alone.", NAME) == "Ray Quill lives alone."
    assert name_first("His flat is damp.", NAME) == "Ray Quill's flat is damp."
    assert name_first("The flat is damp.", NAME) == "The flat is damp."


@pytest.mark.parametrize(
    "text", ["Drug test negative.", "and then left early", "housing - CAS3", "Hostel."]
)
def test_notes_shorthand_is_not_a_whole_sentence(text: str) -> None:
    assert not is_whole(text)
    assert is_fragment(text)


@pytest.mark.parametrize(
    "text", ["He lives alone.", "She attended late.", "They were evicted in May."]
)
def test_whole_sentences_are_whole(text: str) -> None:
    assert is_whole(text) and not is_fragment(text)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Drinks 2-3 cans of lager a night.", "Ana Roe drinks 2-3 cans of lager a night."),
        ("Has a bank account with the Co-op.", "Ana Roe has a bank account with the Co-op."),
        ("Still lives at her nan's.", "Ana Roe still lives at her nan's."),
        # A sentence with its own subject is left alone.
        ("Says he will attend.", "Ana Roe says he will attend."),
        ("Is he working?", "Is he working?"),
        ("She drinks at weekends.", "She drinks at weekends."),
        ("Housing is stable.", "Housing is stable."),
        ("Still drinking 2-3 cans most days.", "Ana Roe is still drinking 2-3 cans most days."),
        ("Sofa surfing at a friend's.", "Ana Roe is sofa surfing at a friend's."),
        ("Accom: Remains at CAS3 for now.", "Ana Roe remains at CAS3 for now."),
        (
            "ETE: Offered a trial shift at the cafe.",
            "Ana Roe has been offered a trial shift at the cafe.",
        ),
        ("Family: Back in touch with her dad.", "Ana Roe is back in touch with her dad."),
        # a state said by its adjective alone, as an IOM note writes it
        ("Unemployed and claiming UC.", "Ana Roe is unemployed and claiming UC."),
        (
            "Still labouring for a roofer when there is work.",
            "Ana Roe is still labouring for a roofer when there is work.",
        ),
        ("On ESA and PIP since May.", "Ana Roe is on ESA and PIP since May."),
        # a past verb with the subject dropped, as a quick note writes it
        ("Had a row with her mum on Sunday.", "Ana Roe had a row with her mum on Sunday."),
        ("Lost her job at the depot in May.", "Ana Roe lost her job at the depot in May."),
        ("Mr Roe said: he is fine.", "Mr Roe said: he is fine."),
        ("She said: It is over.", "She said: It is over."),
    ],
)
def test_a_shorthand_sentence_with_no_subject_gets_the_persons_name(
    sentence: str, expected: str
) -> None:
    assert third_person(sentence, "Ana Roe") == expected


def test_a_progressive_with_no_subject_is_whole_once_named() -> None:
    assert is_whole("Still drinking 2-3 cans most days.")
    assert not is_whole("Drug test negative.")
    assert not is_whole("Finance: UC paid.")  # the label does not make it a sentence


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("She's behind on her council tax.", "Ray Quill is behind on her council tax."),
        ("He's been sleeping at his brother's.", "Ray Quill has been sleeping at his brother's."),
        ("He's got a job at the depot.", "Ray Quill has got a job at the depot."),
        ("She’s not drinking at all.", "Ray Quill is not drinking at all."),
        ("They're staying with a friend.", "Ray Quill is staying with a friend."),
        ("He'll ring the council tomorrow.", "Ray Quill will ring the council tomorrow."),
        ("She'd been sofa surfing.", "Ray Quill had been sofa surfing."),
    ],
)
def test_a_contracted_pronoun_replaced_by_the_name_is_spelled_out(sentence, expected) -> None:
    """ "She's behind" opening a section had become "Ray Quill's behind"."""
    assert name_first(sentence, NAME) == expected


def test_a_narrative_past_tense_with_no_subject_is_given_the_name() -> None:
    """ "Talked about his flat - ..." opened an Accommodation draft with no subject."""
    assert third_person("Talked about his flat and the rent.", NAME) == (
        "Ray Quill talked about his flat and the rent."
    )
