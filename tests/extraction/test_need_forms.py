"""Need areas written in shorthand and plural statements: "Alc ->", "Accom ->", "ETE -> none",
"family relationships remain the main area of need", benefits such as Carer's Allowance."""

from __future__ import annotations

import pytest

REF = "2026-06-15"


def _needs(extractor, note: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {n.area: n.status for n in extractor.extract(note, REF).needs}


@pytest.mark.parametrize(
    ("line", "area"),
    [
        ("Alc -> 2 cans at weekends, says it's under control.", "alcohol_use"),
        ("Accom -> still at his nan's, no issues.", "accommodation"),
        ("Money -> gets Carer's Allowance for his dad, managing.", "finance"),
    ],
)
def test_shorthand_area_names(extractor, line: str, area: str) -> None:  # type: ignore[no-untyped-def]
    note = f"OV 1400 on time.\n{line}\nNext -> Thurs 18/6 14:00."
    assert area in _needs(extractor, note)


def test_ete_none_on_a_shorthand_line_is_a_need(extractor) -> None:  # type: ignore[no-untyped-def]
    note = "OV 1400 on time.\nETE -> none at present.\nNext -> Thurs 18/6 14:00."
    assert _needs(extractor, note).get("employment_education") == "need"


@pytest.mark.parametrize(
    "statement",
    [
        "Family relationships remain the main area of need.",
        "Parenting remains the main area of need for her.",
    ],
)
def test_a_plural_or_parenting_statement_decides(extractor, statement: str) -> None:  # type: ignore[no-untyped-def]
    note = f"Home visit at 10. Her mum and sister visit often. {statement}"
    assert _needs(extractor, note).get("relationships_community") == "need"
