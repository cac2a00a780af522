"""Status from the sentence's structure (nlp.context.syntax), through the real extractor."""

from __future__ import annotations

import pytest

NOTE = "Office appointment today, on time. "


def _substances(extractor, text: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    entry = extractor.extract(NOTE + text, "2026-05-11").to_json()
    return {s["name"]: s["status"] for s in entry["substances"]}


def _flags(extractor, text: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    entry = extractor.extract(NOTE + text, "2026-05-11").to_json()
    return {f["code"]: f["status"] for f in entry["risk_flags"]}


@pytest.mark.parametrize(
    ("text", "name", "status"),
    [
        ("Asked about ketamine, she denied ever taking it.", "ketamine", "negated"),
        ("I asked whether he had smoked spice, which he denied.", "spice", "negated"),
        (
            "Another tenant has been dealing pregabalin on the landing.",
            "pregabalin",
            "other_person",
        ),
        (
            "He last used crack in the spring of 2021 and is doing well.",
            "crack_cocaine",
            "historical",
        ),
        # Controls: the same words where the person's own use stands.
        ("He has been smoking spice daily and denied it was a problem.", "spice", "current"),
        ("She took ketamine at the weekend.", "ketamine", "current"),
        ("He has used cannabis since 2019.", "cannabis", "current"),
    ],
)
def test_substance_status_from_structure(extractor, text: str, name: str, status: str) -> None:  # type: ignore[no-untyped-def]
    assert _substances(extractor, text).get(name) == status


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("In the group exercise they talked about carrying knives.", False),
        ("We covered what happens to people caught with a blade.", False),
        ("He admitted carrying a knife in town last week.", True),
        ("We discussed the knife he carries for protection.", True),
    ],
)
def test_talk_about_a_risk_is_not_the_risk(extractor, text: str, present: bool) -> None:  # type: ignore[no-untyped-def]
    assert (_flags(extractor, text).get("weapons") == "present") is present


def test_shorthand_status_after_the_cue_on_its_own_line(extractor) -> None:  # type: ignore[no-untyped-def]
    text = (
        "\nCannabis: smokes most evenings\nHeroin = historic (stopped 2021)"
        "\nSelf-harm: asked, denies\n"
    )
    subs = _substances(extractor, text)
    assert subs["cannabis"] == "current" and subs["heroin"] == "historical"
    assert _flags(extractor, text).get("self_harm") == "negated"


def test_a_trigger_stops_at_a_new_field_line(extractor) -> None:  # type: ignore[no-untyped-def]
    """ "stopped" on one line is not history for the next line's cue."""
    text = "\nAlcohol: stopped in 2020\nCocaine: uses at weekends"
    assert _substances(extractor, text)["cocaine"] == "current"


def test_only_sentences_holding_a_cue_are_parsed(extractor) -> None:  # type: ignore[no-untyped-def]
    """nlp.pipe runs without the parser; a substance's sentence is parsed on its own."""
    assert "parser" not in extractor.nlp.pipe_names and extractor.parser is not None
    from nlp.text.clean import clean

    cleaned = clean(NOTE + "The weather was cold. Asked about spice, he denied using it.")
    a = extractor.analyse(cleaned, extractor.nlp(cleaned.text))
    (span,) = a.spans("sub|spice|term")
    assert a.fact_status(span) == "negated"
    assert len(a._parsed) == 1  # the cue's sentence, not the other two


def test_the_shared_embedding_runs_only_on_parsed_sentences(extractor) -> None:  # type: ignore[no-untyped-def]
    """The note's doc carries no tok2vec output (nothing but the parser reads it); a sentence
    parsed on its own does, and is parsed all the same."""
    from nlp.text.clean import clean

    assert "tok2vec" not in extractor.nlp.pipe_names and "ner" in extractor.nlp.pipe_names
    cleaned = clean(NOTE + "Asked about spice, he denied using it.")
    doc = extractor.nlp(cleaned.text)
    assert doc.tensor.size == 0 and doc.ents  # NER embeds the words itself
    parsed = extractor.parser(doc[-4].sent)
    assert parsed.tensor.size > 0 and parsed.has_annotation("DEP")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("His cousin Rory (19) lives with him. Rory smokes cannabis in the flat.", "other_person"),
        ("Rory (nephew) stays at weekends. Rory was caught with cannabis.", "other_person"),
        ("His cousin Rory visited. He smokes cannabis most nights himself.", "current"),
    ],
)
def test_someone_introduced_by_a_relation_word_is_someone_else_later(  # type: ignore[no-untyped-def]
    extractor, caseload, text: str, status: str
) -> None:
    note = f"Office appointment today with John Mercer, on time. {text}"
    entry = extractor.extract(note, "2026-05-11", caseload).to_json()
    assert {s["name"]: s["status"] for s in entry["substances"]}["cannabis"] == status
