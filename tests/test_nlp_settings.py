"""Each `[nlp]` setting of config.toml changes what the extractor does (person_cutoff,
person_margin, context_window), read from a config file as the app and CLI read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import cli_nlp, workers
from assistant.settings import load_settings
from nlp.extractor import Extractor
from nlp.people.caseload import Caseload, CaseloadPerson
from nlp.settings import NlpSettings

PEOPLE = [
    CaseloadPerson("T000001", "Marek Szymanowski"),
    CaseloadPerson("T000002", "Odette Fairweather"),
    CaseloadPerson("T000003", "Odette Fairweathers"),
]
# Not far past a negation in words, but past a short window.
FAR_NEGATION = "Office visit. He has not touched any of the ketamine, pills or weed, he says."


def _config(tmp_path: Path, **nlp: float) -> Path:
    lines = ["[nlp]"] + [f"{k} = {v}" for k, v in nlp.items()]
    path = tmp_path / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "caseload.csv"
    rows = ["crn,name"] + [f"{p.crn},{p.name}" for p in PEOPLE]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_person_cutoff_decides_whether_a_misspelt_name_is_a_person(tmp_path: Path) -> None:
    loose = load_settings(_config(tmp_path, person_cutoff=80.0)).nlp
    strict = load_settings(_config(tmp_path, person_cutoff=99.5)).nlp
    assert Caseload.from_people(PEOPLE, loose).lookup("Marek Szymanowsky").crn == "T000001"
    assert Caseload.from_people(PEOPLE, strict).lookup("Marek Szymanowsky").crn is None


def test_person_margin_decides_when_two_close_people_are_asked_about(tmp_path: Path) -> None:
    wide = load_settings(_config(tmp_path, person_margin=20.0)).nlp
    narrow = load_settings(_config(tmp_path, person_margin=0.1)).nlp
    asked = Caseload.from_people(PEOPLE, wide).lookup("Odette Fairwether")
    assert asked.crn is None and {c.crn for c in asked.candidates} >= {"T000002", "T000003"}
    assert Caseload.from_people(PEOPLE, narrow).lookup("Odette Fairwether").crn == "T000002"


def test_cli_and_workers_build_caseloads_with_the_configured_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _config(tmp_path, person_cutoff=97.0, person_margin=1.5)
    caseload = cli_nlp.read_caseload(str(_csv(tmp_path)), str(config))
    assert (caseload.cutoff, caseload.margin) == (97.0, 1.5)
    monkeypatch.setattr(workers, "_nlp_settings", load_settings(config).nlp)
    pooled = workers._caseload([{"crn": "T000001", "name": "Marek Szymanowski"}])
    assert (pooled.cutoff, pooled.margin) == (97.0, 1.5)


def _statuses(extractor: Extractor, window: int) -> set[str]:
    settings = NlpSettings(context_window=window)
    narrow = Extractor.from_parts(settings, extractor.nlp, extractor.vocabulary)
    entry = narrow.extract(FAR_NEGATION, "2026-03-02").to_json()
    return {s["status"] for s in entry["substances"] if s["name"] == "cannabis"}


def test_context_window_is_how_far_a_negation_reaches(extractor: Extractor) -> None:
    assert _statuses(extractor, 12) == {"negated"}
    assert _statuses(extractor, 2) and _statuses(extractor, 2) != {"negated"}
