"""A contact's own section drafts, from the real extractor: assessor's prose, not pastes."""

from __future__ import annotations

from nlp.assessment.checks import text_problems

NOTE = (
    "Office visit. I saw Kim today and she told me she has been sleeping rough. "
    'Heroin - denies. She said "I am not going back to the hostel". '
    "I made a referral to the council housing team."
)


def test_sections_are_whole_third_person_sentences_in_order(extractor) -> None:  # type: ignore[no-untyped-def]
    entry = extractor.extract(NOTE, "2026-11-20").to_json()
    sections = entry["sections"]
    accommodation = sections["accommodation"]
    assert accommodation.startswith("Accommodation is a current area of need")
    assert "told the probation officer she has been sleeping rough" in accommodation
    assert accommodation.endswith(
        "The probation officer made a referral to the council housing team."
    )
    for text in sections.values():
        assert "recorded as" not in text and "The contact note records" not in text
        assert text_problems(text) == []


def test_shorthand_becomes_plain_words(extractor) -> None:  # type: ignore[no-untyped-def]
    entry = extractor.extract(NOTE, "2026-11-20").to_json()
    drugs = entry["sections"].get("drug_use", "")
    assert "Heroin - denies" not in drugs
    assert "denied using heroin." in drugs
