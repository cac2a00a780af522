"""The floors the labelled set must hold (`make eval` prints the same table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.assessment.evaluate import Report, evaluate, load_people

SETS = Path(__file__).resolve().parent.parent / "fixtures" / "assessment"
PRECISION_FLOOR = 0.95  # issue 16: answers right in 95% of cases where one is given
COVERAGE_FLOOR = 0.85


@pytest.fixture(scope="module")
def report(extractor) -> Report:  # type: ignore[no-untyped-def]
    # every labelled set in the folder, as `make eval` scores them
    people = [p for path in sorted(SETS.glob("*.json")) for p in load_people(path)]
    return evaluate(people, lambda text, date: extractor.extract(text, date).to_json())


def test_prefilled_answers_are_right_where_given(report: Report) -> None:
    total = report.total()
    assert total.given >= 100, "the sets must exercise enough answers to mean something"
    assert total.precision is not None and total.precision >= PRECISION_FLOOR, total.wrong


def test_most_labelled_answers_are_prefilled(report: Report) -> None:
    total = report.total()
    assert total.coverage is not None and total.coverage >= COVERAGE_FLOOR, total.wrong


def test_every_area_is_labelled_and_scored(report: Report) -> None:
    assert all(score.labelled > 0 for score in report.areas.values())


def test_no_draft_has_a_fragment_repeat_first_person_or_untraceable_sentence(
    report: Report,
) -> None:
    assert report.sentences >= 80
    assert report.draft_problems == []
