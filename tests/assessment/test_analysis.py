"""Practitioner analysis drafts: linked to reoffending or serious harm only when a note says so."""

from __future__ import annotations

import datetime as dt

from nlp.assessment import assess
from tests.assessment.helpers import note

TODAY = dt.date(2026, 9, 1)
PERSON = {"crn": "Z900002", "name": "Ade Munro"}
REOFFENDING = "alcohol_use_practitioner_analysis_risk_of_reoffending"
HARM = "alcohol_use_practitioner_analysis_risk_of_serious_harm"


def run(*notes):  # type: ignore[no-untyped-def]
    return assess(PERSON, list(notes), TODAY)["answers"]


def test_drink_tied_to_his_offending_and_drinking_now_is_linked_to_reoffending() -> None:
    link = "He said he had been drinking all day before he was arrested for the burglary."
    got = run(
        note(1, "2026-05-04", link),
        note(2, "2026-08-20", "He is drinking most nights, about six cans."),
    )
    draft = got[REOFFENDING]
    assert draft["value"] == "YES" and draft["status"] == "draft"
    assert draft["evidence"][0]["text"] == link
    assert "arrested for the burglary" in draft["details"]
    assert draft["reason"] == ""


def test_drinking_with_no_offence_talk_is_blank_with_the_reason() -> None:
    got = run(note(1, "2026-08-20", "He is drinking most nights, about six cans."))
    draft = got[REOFFENDING]
    assert draft["value"] is None and draft["status"] == "blank"
    assert draft["reason"] == "No note links alcohol use to offending."
    assert draft["details"] == ""


def test_a_denied_link_links_nothing() -> None:
    got = run(
        note(1, "2026-08-20", "He denies that drink played any part in his offence."),
        note(2, "2026-08-25", "He is drinking most nights, about six cans."),
    )
    assert got[REOFFENDING]["value"] is None


def test_a_link_without_a_current_need_is_left_for_the_officer() -> None:
    got = run(note(1, "2026-08-20", "He was drunk when he was arrested for theft in 2015."))
    draft = got[REOFFENDING]
    assert draft["value"] is None
    assert draft["reason"].startswith("Notes link alcohol use to offending, but none records")
    assert draft["evidence"], "the link is still shown as evidence"


def test_drink_tied_to_a_violent_offence_is_linked_to_serious_harm() -> None:
    got = run(note(1, "2026-08-20", "He was drunk when he assaulted a man outside the pub."))
    assert got[HARM]["value"] == "YES"
    calm = run(note(1, "2026-08-20", "He is drinking most nights, about six cans."))
    assert calm[HARM]["value"] is None and calm[HARM]["reason"]


def test_a_link_made_across_two_neighbouring_sentences_counts() -> None:
    link = "He was arrested for shoplifting in May. He told me he needed money for drink."
    got = run(
        note(1, "2026-06-01", "Reported on time. " + link),
        note(2, "2026-08-20", "He is drinking most nights, about six cans."),
    )
    draft = got[REOFFENDING]
    assert draft["value"] == "YES"
    assert draft["evidence"][0]["text"] == link
    text = "Reported on time. " + link
    start = draft["evidence"][0]["start"]
    assert text[start : draft["evidence"][0]["end"]] == link  # traceable to the note


def test_drinking_then_a_violent_offence_in_the_next_sentence_is_serious_harm() -> None:
    got = run(note(1, "2026-08-20", "He had been drinking since noon. He then assaulted a man."))
    assert got[HARM]["value"] == "YES"


def test_neighbouring_sentences_that_do_not_point_at_each_other_link_nothing() -> None:
    unrelated = "He was arrested for theft last year. He drinks about six cans most nights."
    denied = "He was arrested for theft. He denies drink had anything to do with it."
    for text in (unrelated, denied):
        got = run(note(1, "2026-08-20", text))
        assert got[REOFFENDING]["value"] is None
        assert got[REOFFENDING]["reason"] == "No note links alcohol use to offending."
