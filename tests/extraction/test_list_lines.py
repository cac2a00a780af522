"""A bulleted or paragraphed note is split into its items, so evidence stays in one item."""

from __future__ import annotations

import spacy

from nlp.text import list_lines  # noqa: F401  (registers probation_list_lines)


def _sentences(text: str) -> list[str]:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("probation_list_lines")
    return [s.text.strip() for s in nlp(text).sents]


def test_list_items_and_blank_lines_start_sentences_but_a_wrapped_line_does_not() -> None:
    text = "Home visit\n- partner in\n* kids at school\n2) rent paid\n\nSaw him\nlater that day"
    assert _sentences(text) == [
        "Home visit",
        "- partner in",
        "* kids at school",
        "2) rent paid",
        "Saw him\nlater that day",
    ]


def test_a_bulleted_note_keeps_each_item_as_its_own_evidence(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Craig Lomax - office visit\n"
        "- came on time, polite\n"
        "- girlfriend rang police last week after a row, worry about domestic abuse\n"
        "- drinks most nights, 6 cans\n"
        "- next appt Mon 3pm"
    )
    entry = extractor.extract(text, "2026-05-14", caseload).to_json()
    evidence = [e["text"] for n in entry["needs"] for e in n["evidence"]]
    evidence += [f["evidence"]["text"] for f in entry["risk_flags"]]
    assert any("domestic abuse" in e for e in evidence)
    assert evidence and all("\n" not in e for e in evidence), evidence
