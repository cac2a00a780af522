"""A heading that names a past covers its line; a numbered item inside a line ends what the
item before it said, in ConText's scopes and in the checks on the parse (issue 11)."""

from __future__ import annotations

import pytest
import spacy

from nlp.context.syntax import item_of, item_starts

NOTE = "Office appointment today, on time. "


@pytest.mark.parametrize(
    ("text", "target"),
    [
        # Far past the word window, still under the heading.
        (
            "Previous convictions: theft, burglary, two common assaults and affray in a pub.",
            "affray",
        ),
        ("Pre-cons: shoplifting, criminal damage, drunk and disorderly, then robbery.", "robbery"),
        ("Antecedents: burglary, wounding and supplying heroin to others.", "heroin"),
        ("PMH: asthma, back pain, low mood, anxiety and a psychosis after spice use.", "spice"),
        ("PAST MEDICAL HISTORY: asthma, eczema, back pain, low mood and hepatitis C.", "hepatitis"),
        (
            "Employment history - labouring, then warehouse work, then a forklift licence.",
            "forklift",
        ),
        # A history significant for a list reaches its end.
        ("Drug history is significant for heroin, crack, street valium and later spice.", "spice"),
    ],
)
def test_a_heading_that_names_a_past_covers_its_line(classify, text: str, target: str) -> None:  # type: ignore[no-untyped-def]
    assert classify(text, target) == "historical"


@pytest.mark.parametrize(
    ("text", "target", "status"),
    [
        # The heading's value can still deny.
        ("Previous convictions: none for violence.", "violence", "negated"),
        # Named without a colon it is a topic, not a heading.
        (
            "We went through his offending history and his current cannabis use.",
            "cannabis",
            "present",
        ),
        # A numbered item ends the item before it.
        (
            "Plan: 1) Previous heroin use noted 2) Smokes cannabis most evenings",
            "cannabis",
            "present",
        ),
        (
            "Summary: a) history of self-harm b) Sleeping rough this week",
            "Sleeping rough",
            "present",
        ),
        # A bracketed age is not an item.
        ("His son Dean (19) Smokes cannabis daily.", "cannabis", "other_person"),
    ],
)
def test_what_headings_and_items_leave_alone(classify, text: str, target: str, status: str) -> None:  # type: ignore[no-untyped-def]
    assert classify(text, target) == status


def test_items_are_found_and_cut_out_with_their_parse() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Plan: 1) Past use discussed 2) Uses cocaine 3) Housing stable")
    assert [doc[i].text for i in item_starts(doc)] == ["1", "2", "3"]
    cocaine = [t.i for t in doc if t.text == "cocaine"][0]
    item, start, end = item_of(doc, cocaine, cocaine + 1)
    assert item.text.strip() == "2) Uses cocaine" and item[start].text == "cocaine"
    plain = nlp("His son (19) Smokes; she is aged 3) Fine")
    assert item_starts(plain) == []
    assert item_of(plain, 1, 2)[0] is plain


def test_the_parse_of_another_item_does_not_decide(extractor) -> None:  # type: ignore[no-untyped-def]
    text = NOTE + "Summary: 1) Past cannabis use discussed 2) Smokes cocaine most evenings"
    entry = extractor.extract(text, "2026-05-11").to_json()
    found = {s["name"]: s["status"] for s in entry["substances"]}
    assert found == {"cannabis": "historical", "cocaine": "current"}
