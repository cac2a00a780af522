"""The vocabularies under nlp/resources/ load, compile and name only contract codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from nlp import model
from nlp.resources import RESOURCES, resource
from nlp.text.phrases import literal_forms, phrase_pattern
from nlp.text.vocab import Vocabulary, cue_groups


def test_every_resource_is_json_with_a_doc_line() -> None:
    for path in sorted(Path(RESOURCES).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert "_doc" in data or "_about" in data, f"{path.name} says nowhere what it is for"


def test_codes_in_resources_are_contract_codes() -> None:
    assert set(resource("substances.json")["substances"]) == set(model.SUBSTANCES)
    assert set(resource("needs.json")["areas"]) == set(model.NEED_AREAS)
    assert set(resource("flags.json")["flags"]) == set(model.FLAG_CODES)
    assert set(resource("actions.json")["actions"]) == set(model.ACTION_CODES)
    contact = resource("contact.json")
    assert set(contact["contact_type"]) == set(model.CONTACT_TYPES)
    assert set(contact["outcome"]) == set(model.OUTCOMES)
    assert set(contact["enforcement"]) == set(model.ENFORCEMENTS)
    for spec in resource("flags.json")["flags"].values():
        assert spec["implies_need"] in (None, *model.NEED_AREAS)


@pytest.mark.parametrize("key", sorted(cue_groups()))
def test_every_phrase_compiles(key: str) -> None:
    nlp = spacy.blank("en")
    for phrase in cue_groups()[key]:
        assert phrase.strip(), f"empty phrase under {key}"
        forms = literal_forms(phrase, nlp.make_doc)
        assert forms or phrase_pattern(phrase, nlp.make_doc), phrase


def test_required_abbreviations_are_explained() -> None:
    known = {k.upper() for k in resource("abbreviations.json")["abbreviations"]}
    for abbr in (
        "ATTC",
        "FTA",
        "UA",
        "OV",
        "HV",
        "TC",
        "POP",
        "NFA",
        "CAS3",
        "AP",
        "DA",
        "MARAC",
        "MASH",
        "RAR",
        "UPW",
        "DRR",
        "ATR",
        "ETE",
        "UC",
    ):
        assert abbr in known


def test_vocabulary_builds_on_a_blank_pipeline() -> None:
    vocabulary = Vocabulary.build(spacy.blank("en"))
    assert len(vocabulary.matcher) == len(cue_groups())
    assert "heroin" in vocabulary.fuzzy_terms
    assert "changed" in vocabulary.protected
