"""First names an earlier note gave a role, read in a later note's "people who matter"."""

from __future__ import annotations

from nlp.assessment import assess
from nlp.assessment.named import name_roles, who_matters
from tests.assessment.helpers import TODAY, note

ROLES = {"Bev": "FAMILY", "Sam": "PARTNER_INTIMATE_RELATIONSHIP"}


def test_roles_come_from_a_role_word_before_or_after_the_name() -> None:
    texts = ["He lives near his sister, Bev, in Crewe.", "Sam, his partner, came too."]
    assert name_roles(texts, frozenset()) == ROLES


def test_a_name_given_two_roles_or_the_persons_own_name_has_none() -> None:
    texts = ["His friend Jo drove him.", "His cousin Jo was there.", "Her son Ray Dunn is 4."]
    assert name_roles(texts, frozenset({"ray", "dunn"})) == {}


def test_named_people_who_matter_most_answer_by_their_roles() -> None:
    text = "He says Sam and Bev are the people who matter most to him."
    assert [options for _, _, options in who_matters(text, ROLES)] == [
        ["PARTNER_INTIMATE_RELATIONSHIP", "FAMILY"]
    ]


def test_a_name_without_a_role_leaves_the_sentence_unread() -> None:
    text = "He says Sam and Toni are the people who matter most to him."
    assert who_matters(text, ROLES) == []


def test_a_history_reads_a_name_introduced_in_an_earlier_note() -> None:
    notes = [
        ("2026-03-01", "He came with his sister, Bev, who helps with his letters."),
        (
            "2026-06-01",
            "He has a partner, Sam. He says Sam and Bev are the people who matter most.",
        ),
    ]
    person = {"crn": "X2", "name": "Ray Dunn", "as_of": TODAY.isoformat()}
    entries = [note(i + 1, d, t) for i, (d, t) in enumerate(notes)]
    got = assess(person, entries, TODAY)["answers"]
    assert sorted(got["personal_relationships_community_important_people"]["value"]) == [
        "FAMILY",
        "PARTNER_INTIMATE_RELATIONSHIP",
    ]
