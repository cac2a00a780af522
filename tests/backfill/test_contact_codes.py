"""An export's contact type code is evidence of the contact type when the note does not say it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.backfill.contact_codes import type_from_export
from assistant.backfill.sources import read_notes
from assistant.cli_nlp import extract_chunk


def test_known_codes_map_and_unknown_codes_are_read_by_their_description() -> None:
    assert type_from_export("CHVS", None) == "home_visit"
    assert type_from_export(" cohv ", "") == "home_visit"
    # The codes the contract names for each type on export.
    assert type_from_export("COAP", None) == "office_visit"
    assert type_from_export("CTOA", None) == "telephone"
    assert type_from_export("COVC", None) == "video"
    assert type_from_export("CMOB", None) == "text_or_email"
    assert type_from_export("COOO", None) == "other_face_to_face"
    assert type_from_export("ZZ99", "Planned Office Visit (NS)") == "office_visit"
    assert type_from_export("ZZ98", "Telephone Contact") == "telephone"
    assert type_from_export("ZZ97", "Video call with case") == "video"
    assert type_from_export("ZZ96", "Email/Text from PoP") == "text_or_email"
    # The code, when known, wins over a description that says something else.
    assert type_from_export("CHVS", "Office visit") == "home_visit"


def test_a_code_of_unknown_meaning_is_not_guessed() -> None:
    assert type_from_export("C031", None) is None
    assert type_from_export("ZZ99", "Other contact") is None
    # 'videotape' is not a video call: whole words only.
    assert type_from_export(None, "videotape evidence reviewed") is None
    assert type_from_export(None, None) is None


def test_the_description_column_is_read_from_an_export(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "CRN,Contact Date,Contact Type Code,Contact Type Description,Notes\n"
        "X300001,01/02/2022,ZZ99,Office Visit,Kept the appointment.\n"
        "X300001,02/02/2022,ZZ99,,Kept the appointment.\n",
        encoding="utf-8",
    )
    first, second = read_notes(str(path))
    assert first["contact_type_description"] == "Office Visit"
    assert "contact_type_description" not in second


def _entry(extractor: Any, text: str, **export: str) -> dict[str, Any]:
    item = {"id": "n1", "text": text, "reference_date": "2022-03-10", **export}
    [entry] = extract_chunk(extractor, None, [item])
    return entry


def test_the_code_fills_the_type_only_when_the_note_does_not_say_it(extractor: Any) -> None:
    silent = "Talked through his week and his job search. Next appointment in two weeks."
    assert _entry(extractor, silent)["contact"]["type"] is None
    assert _entry(extractor, silent, contact_type="CHVS")["contact"]["type"] == "home_visit"
    by_words = _entry(
        extractor, silent, contact_type="ZZ99", contact_type_description="Telephone Contact"
    )
    assert by_words["contact"]["type"] == "telephone"
    assert _entry(extractor, silent, contact_type="C031")["contact"]["type"] is None
    # The note's own words win over the code.
    spoken = "Phoned him today. Talked through his week and his job search."
    assert _entry(extractor, spoken)["contact"]["type"] == "telephone"
    assert _entry(extractor, spoken, contact_type="CHVS")["contact"]["type"] == "telephone"


def test_the_record_says_the_type_the_code_gave(extractor: Any) -> None:
    silent = "Talked through his week and his job search. Next appointment on 24/3 at 10am."
    plain = _entry(extractor, silent)
    assert plain["summary"].startswith("Contact on")
    coded = _entry(extractor, silent, contact_type="CHVS")
    assert coded["summary"].startswith("Home visit on")
    assert coded["next_appointment"]["type"] == "home_visit"
    # Everything else in the record is as extraction wrote it.
    assert coded["summary"].split("\n")[1:-1] == plain["summary"].split("\n")[1:-1]
