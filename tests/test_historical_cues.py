"""Historical cues added for issue 11 (a time before the note, said in words probation
officers use), and what they must leave alone."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("At the time of the offence he was drinking every day.", "drinking"),
        ("At the time of the index offence, she was sofa surfing.", "sofa surfing"),
        ("He was using crack cocaine at the time of his arrest.", "crack cocaine"),
        ("Growing up she saw domestic abuse between her parents.", "domestic abuse"),
        ("He grew up around drug dealing on the estate.", "drug dealing"),
        ("He was bullied and excluded in childhood.", "excluded"),
        ("During adolescence she self-harmed.", "self-harmed"),
        ("He describes himself as an ex-heroin user.", "heroin"),
        ("She is an ex smoker.", "smoker"),
        ("Offending history is significant for burglary, theft and robbery.", "robbery"),
        ("Drug history was positive for amphetamine.", "amphetamine"),
    ],
)
def test_said_of_a_time_before_the_note(classify, text: str, target: str) -> None:  # type: ignore[no-untyped-def]
    assert classify(text, target) == "historical"


@pytest.mark.parametrize(
    ("text", "target", "status"),
    [
        ("He tested positive for cocaine today.", "cocaine", "present"),
        ("Her ex is a heroin user.", "heroin", "other_person"),
        ("His ex-partner drinks heavily.", "drinks", "other_person"),
        ("He drinks daily now; at the time of the offence he did not.", "drinks", "present"),
        (
            "At the time of the offence he was using heroin but he now uses crack.",
            "crack",
            "present",
        ),
    ],
)
def test_what_the_new_cues_leave_alone(  # type: ignore[no-untyped-def]
    classify, text: str, target: str, status: str
) -> None:
    assert classify(text, target) == status


@pytest.mark.parametrize(
    ("text", "target"),
    [
        # A heading that names a history covers the line it opens.
        ("Offending history: burglary, theft and two assaults on door staff.", "assaults"),
        ("Substance misuse history - heroin from 19, crack later.", "crack"),
        # A history named after its subject, before or after the word.
        ("His self-harm history is long; he last cut in 2019.", "self-harm"),
        ("His drug history includes heroin and crack.", "heroin"),
        # Someone who was a user, smoker or drinker.
        ("He was a heavy drinker but has been dry since March.", "drinker"),
        ("She was a daily cannabis smoker until her pregnancy.", "cannabis"),
        # A time set in the past by words, not a date.
        ("Back then he was carrying a knife most days.", "knife"),
        ("In those days she drank every night.", "drank"),
        ("He showed me an old stab wound on his arm.", "stab"),
        # Uncertain and past: the history wins, both are kept out of "present".
        ("Possible history of self-harm, not confirmed by the GP.", "self-harm"),
        # The probation meaning the general cues must keep.
        ("He used heroin in the past, abstinent now.", "heroin"),
        ("He has previous convictions for violence.", "violence"),
    ],
)
def test_general_history_cues(classify, text: str, target: str) -> None:  # type: ignore[no-untyped-def]
    assert classify(text, target) == "historical"


@pytest.mark.parametrize(
    ("text", "target", "status"),
    [
        # An age is not an old thing.
        ("She is 19 years old and smokes cannabis daily.", "cannabis", "present"),
        ("A 24-year-old man who uses crack.", "crack", "present"),
        # Taking a history is not having one.
        ("I took a full history of his drug use.", "drug use", "present"),
        # "current" after a history ends it.
        ("We went over his drug history and his current use of cannabis.", "cannabis", "present"),
        ("He currently drinks; he was a heavy drinker for years.", "drinks", "present"),
    ],
)
def test_what_the_general_cues_leave_alone(  # type: ignore[no-untyped-def]
    classify, text: str, target: str, status: str
) -> None:
    assert classify(text, target) == status
