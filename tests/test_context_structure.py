"""Who and when from the sentence's structure (nlp.context.ended, nlp.context.others), through
the real extractor and a caseload, so the person on probation is known by name."""

from __future__ import annotations

import pytest

OPENING = "Office appointment today with John Mercer, on time. "


def _entry(extractor, caseload, text: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return extractor.extract(OPENING + text, "2026-05-11", caseload).to_json()  # type: ignore[no-any-return]


def _flag(extractor, caseload, text: str, code: str) -> str | None:  # type: ignore[no-untyped-def]
    statuses = {
        f["status"] for f in _entry(extractor, caseload, text)["risk_flags"] if f["code"] == code
    }
    return "present" if "present" in statuses else (min(statuses) if statuses else None)


def _substance(extractor, caseload, text: str, name: str) -> str | None:  # type: ignore[no-untyped-def]
    statuses = {
        s["status"] for s in _entry(extractor, caseload, text)["substances"] if s["name"] == name
    }
    return "current" if "current" in statuses else (min(statuses) if statuses else None)


@pytest.mark.parametrize(
    ("text", "code", "status"),
    [
        # An agency ending its part, with the risk as subject or object.
        ("The MARAC case was closed in January.", "domestic_abuse", "historical"),
        (
            "Children's services closed their involvement with the family in March.",
            "child_safeguarding",
            "historical",
        ),
        ("The crisis team discharged him three weeks ago.", "mental_health", "historical"),
        # The risk itself passing, or a later "that has stopped" pointing back at it.
        (
            "He says the suicidal thoughts he had over Christmas have gone.",
            "self_harm",
            "historical",
        ),
        (
            "Over the winter he was cutting himself, he says that has stopped.",
            "self_harm",
            "historical",
        ),
        # Controls: stopping medication is the risk, and an open case is current.
        (
            "He stopped his medication last week and is hearing voices again.",
            "mental_health",
            "present",
        ),
        (
            "The MARAC case is still open after the incident at the weekend.",
            "domestic_abuse",
            "present",
        ),
    ],
)
def test_an_ended_risk_is_historical(
    extractor, caseload, text: str, code: str, status: str
) -> None:  # type: ignore[no-untyped-def]
    assert _flag(extractor, caseload, text, code) == status


@pytest.mark.parametrize(
    ("text", "name", "status"),
    [
        # Introduced by a relation word set off by commas, then named alone.
        (
            "He lives with his uncle, Desmond, who is unwell. Desmond smokes cannabis daily.",
            "cannabis",
            "other_person",
        ),
        # A relative as the subject of a reported clause.
        (
            "He told me that his cousin was caught with cocaine at a festival.",
            "cocaine",
            "other_person",
        ),
        # Someone else's place, and someone else's property.
        ("Police found spice in his lodger's bedroom during the search.", "spice", "other_person"),
        ("He says the cannabis belonged to the driver of the car.", "cannabis", "other_person"),
        # A neighbour with "the" and where they live.
        ("The woman upstairs has been selling pregabalin.", "pregabalin", "other_person"),
        # Controls: the person's own use, own room, own words.
        ("His uncle, Desmond, visited. He smokes cannabis daily himself.", "cannabis", "current"),
        ("Police found spice in his bedroom during the search.", "spice", "current"),
    ],
)
def test_someone_else_by_name_place_or_ownership(
    extractor, caseload, text: str, name: str, status: str
) -> None:  # type: ignore[no-untyped-def]
    assert _substance(extractor, caseload, text, name) == status


def test_the_pronoun_the_note_does_not_use_for_the_person_is_someone_else(  # type: ignore[no-untyped-def]
    extractor, caseload
) -> None:
    """A note about a woman (Joan Mercer): "he is back on heroin" is someone else."""
    note = (
        "Home visit to Joan Mercer. She was in good spirits and she has kept her flat tidy. "
        "She saw her brother in town and she thinks he is back on heroin."
    )
    subs = extractor.extract(note, "2026-05-11", caseload).to_json()["substances"]
    assert {s["name"]: s["status"] for s in subs}.get("heroin") == "other_person"


def test_a_partners_abuse_stays_the_persons_risk(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    """The pronoun rule leaves abuse alone: "he hit her" in a note about a woman is hers."""
    note = (
        "Home visit to Joan Mercer. She was tearful and she said her partner hit her "
        "on Saturday night; she has a bruise on her arm."
    )
    flags = extractor.extract(note, "2026-05-11", caseload).to_json()["risk_flags"]
    assert {f["code"]: f["status"] for f in flags}.get("domestic_abuse") == "present"


def test_a_one_word_verdict_in_a_field_applies_to_its_heading(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    text = (
        "\nRisk:\nDomestic abuse – he was the perpetrator in a relationship that ended years "
        "ago; no contact with her since and no new partner or incidents reported to police "
        "in that time. Historic.\n"
    )
    assert _flag(extractor, caseload, text, "domestic_abuse") == "historical"


def test_group_talk_about_a_risk_is_not_the_risk(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    text = "In the workshop the group discussed carrying blades; he took part well."
    assert _flag(extractor, caseload, text, "weapons") != "present"


@pytest.mark.parametrize(
    ("text", "code", "status"),
    [
        (
            "He says the blade he had at the hostel was a one-off; he has not carried one since.",
            "weapons",
            "historical",
        ),
        ("He was not charged and says the knife in the car is not his.", "weapons", "other_person"),
        # A named child of unknown relation: their safety is the person's concern.
        (
            "Child safeguarding – Amber (3) remains on a child protection plan; core group next "
            "week.",
            "child_safeguarding",
            "present",
        ),
    ],
)
def test_single_events_disowned_things_and_named_children(
    extractor, caseload, text: str, code: str, status: str
) -> None:  # type: ignore[no-untyped-def]
    assert _flag(extractor, caseload, text, code) == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # A bare year the entity model leaves out still dates the clause.
        ("He last used heroin in the autumn of 2021 and has a script now.", "historical"),
        # The offence the order was made for is past, whatever follows it.
        (
            "We went over his index offence – heroin was found in his jacket when he was searched.",
            "historical",
        ),
        ("He used heroin at the weekend, the first time since 2021.", "current"),
    ],
)
def test_dated_and_index_offence_mentions(extractor, caseload, text: str, status: str) -> None:  # type: ignore[no-untyped-def]
    assert _substance(extractor, caseload, text, "heroin") == status


def test_a_verdict_covers_the_whole_field_not_only_its_heading(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    text = (
        "\nRisk:\nDomestic abuse – her former partner assaulted her in a relationship that "
        "ended long ago; he was jailed and there has been no contact. Historic.\n"
    )
    assert _flag(extractor, caseload, text, "domestic_abuse") == "historical"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # A former partner's abuse that the parse shows is over is historical, not present.
        ("Her former partner is in prison and the MARAC case was closed in April.", "historical"),
        # Current abuse by a partner stays the person's risk.
        ("She said her partner hit her again on Saturday night.", "present"),
    ],
)
def test_a_partners_abuse_is_present_only_while_current(
    extractor, caseload, text: str, status: str
) -> None:  # type: ignore[no-untyped-def]
    note = f"Home visit to Joan Mercer. She was calm and she was pleased to see me. {text}"
    flags = extractor.extract(note, "2026-05-11", caseload).to_json()["risk_flags"]
    statuses = {f["status"] for f in flags if f["code"] == "domestic_abuse"}
    assert ("present" if "present" in statuses else min(statuses)) == status


def test_an_index_offence_named_in_passing_does_not_date_the_rest(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    """ "the victim of his index offence, despite the no-contact condition": the trigger
    covers a description of the offence, not every word after a mention of it."""
    text = (
        "He has been phoning his ex-partner, the victim of his index offence, despite the "
        "no-contact condition on his licence."
    )
    assert _flag(extractor, caseload, text, "condition_breach") == "present"


def test_note_people_names_others_with_their_relation_and_the_persons_pronoun(extractor) -> None:  # type: ignore[no-untyped-def]
    from nlp.context.others import note_people

    doc = extractor.nlp(
        "Saw Joan today. She is well and she has moved. Her brother, Marlon, stays with her "
        "and her friend Tasha visits. She says Marlon is drinking."
    )
    people = note_people(doc, {"joan", "mercer"})
    assert people.names.get("marlon") == "brother"
    assert people.names.get("tasha") == "friend"
    assert "joan" not in people.names
    assert people.gender == "f"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # The entity model reads "Children" in "Children's services" as a person's name.
        ("Children's services have concerns about how the baby is fed.", "present"),
        ("Children's services are not involved with the family.", "negated"),
        ("Children's services no longer involved; they closed the case in March.", "historical"),
        ("Not known to children's services.", "negated"),
    ],
)
def test_an_agency_is_not_someone_else(extractor, caseload, text: str, status: str) -> None:  # type: ignore[no-untyped-def]
    assert _flag(extractor, caseload, text, "child_safeguarding") == status
