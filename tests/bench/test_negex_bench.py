"""bench/negex.py reads the NegEx annotation format, scores each axis and skips when absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import negex

# Our own sentences in the set's layout: id, report, finding, sentence (finding in capitals),
# negation, temporality, experiencer.
ROWS = [
    ("1", "He denies any CHEST PAIN today.", "chest pain", "Negated", "Recent", "Patient"),
    ("2", "History of ASTHMA as a child.", "asthma", "Affirmed", "Historical", "Patient"),
    ("3", "Asthma: she has ASTHMA now.", "asthma", "Affirmed", "Recent", "Patient"),
    ("4", "His mother had DIABETES.", "diabetes", "Affirmed", "Recent", "Family member"),
]


def _file(tmp_path: Path) -> Path:
    lines = ["header line that is not a row"]
    lines += [f"{i}\t \t{t}\t{s}\t{n}\t{h}\t{w}" for i, s, t, n, h, w in ROWS]
    path = tmp_path / "annotations.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_rows_are_read_with_each_axis(tmp_path: Path) -> None:
    rows = negex.parse(_file(tmp_path).read_text(encoding="utf-8"))
    assert [r.target for r in rows] == ["chest pain", "asthma", "asthma", "diabetes"]
    assert [r.negated for r in rows] == [True, False, False, False]
    assert [r.historical for r in rows] == [False, True, False, False]
    assert [r.other_person for r in rows] == [False, False, False, True]


def test_the_capitalised_occurrence_is_the_finding() -> None:
    sentence = "Asthma: she has ASTHMA now."
    assert negex.annotated_occurrence(sentence, "asthma") == (16, 22)
    assert negex.annotated_occurrence("asthma and wheeze", "asthma") == (0, 6)
    assert negex.annotated_occurrence("wheeze", "asthma") is None


def test_scores_count_each_status_against_its_axis(tmp_path: Path) -> None:
    rows = negex.parse(_file(tmp_path).read_text(encoding="utf-8"))
    statuses = negex.classify(rows, window=8)
    assert statuses[:3] == ["negated", "historical", "present"]
    scores = negex.scores(rows, statuses)
    assert scores["negated"] == (1.0, 1.0, 1.0, 1)
    assert scores["historical"] == (1.0, 1.0, 1.0, 1)


def test_perfect_and_empty_f1() -> None:
    assert negex.f1([(True, True), (False, False)]) == (1.0, 1.0, 1.0, 1)
    assert negex.f1([(True, False), (False, True)]) == (0.0, 0.0, 0.0, 1)


def test_a_missing_set_is_skipped_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("NEGEX_ANNOTATIONS", raising=False)
    monkeypatch.setenv("NEGEX_REPO", str(tmp_path / "absent"))
    assert negex.main([]) == 0
    assert "skipped" in capsys.readouterr().out


def test_a_given_file_is_scored_and_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(negex, "append_row", lambda name, values, digits=2: tmp_path)
    assert negex.main([str(_file(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "sentences 4" in out and "negated" in out and "F1 1.000" in out


def test_misses_are_named_by_kind(tmp_path: Path) -> None:
    rows = negex.parse(_file(tmp_path).read_text(encoding="utf-8"))
    assert negex.error_kind(rows[0], "negated") is None
    assert negex.error_kind(rows[1], "present") == "historical -> present"
    assert negex.error_kind(rows[2], "historical") == "present -> historical"
    both = negex.Annotated("No HISTORY of asthma.", "asthma", True, True, False, False)
    assert negex.error_kind(both, "negated") == "both: negated+historical -> negated"


def test_errors_are_printed_grouped_and_not_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    recorded: list[str] = []
    monkeypatch.setattr(negex, "append_row", lambda name, *a, **k: recorded.append(name))
    monkeypatch.setattr(
        negex, "assess", lambda rows, window: [negex.Assertion("present")] * len(rows)
    )
    assert negex.main([str(_file(tmp_path)), "--errors", "historical", "--no-record"]) == 0
    out = capsys.readouterr().out
    assert "== historical -> present (1)" in out and "[asthma]  History of ASTHMA" in out
    assert "negated -> present" not in out  # only kinds naming the status asked for
    assert recorded == []


def test_a_bare_list_line_holds_nothing_but_the_finding() -> None:
    bare = negex.Annotated("HYPERTENSION.", "Hypertension", False, True, False, False)
    said = negex.Annotated("History of HYPERTENSION.", "hypertension", False, True, False, False)
    assert negex.bare_line(bare) and not negex.bare_line(said)


def test_negation_room_keeps_f1_at_the_floor() -> None:
    # 100 found, 5 false alarms, 5 missed: F1 0.95 already, so no room.
    assert negex.negation_room(100, 5, 5) == 0
    room = negex.negation_room(100, 0, 0)
    lost = 2 * (100 - room) / (2 * (100 - room) + room)
    assert lost >= 0.95 and 2 * (99 - room) / (2 * (99 - room) + room + 1) < 0.95


def test_the_ceiling_leaves_out_negated_and_bare_findings() -> None:
    rows = [
        negex.Annotated("History of ASTHMA.", "asthma", False, True, False, False),
        negex.Annotated("ASTHMA.", "asthma", False, True, False, False),
        negex.Annotated("No history of ASTHMA.", "asthma", True, True, False, False),
        negex.Annotated("No WHEEZE.", "wheeze", True, False, False, False),
    ]
    top = negex.ceiling(rows, ["historical", "present", "negated", "negated"])
    assert (top["gold"], top["also_negated"], top["bare_lines"]) == (3, 1, 1)
    assert top["status_ceiling"] == pytest.approx(2 * 1 / (3 + 1))


def test_a_table_gets_a_new_header_when_its_columns_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench import results

    monkeypatch.setattr(results, "RESULTS_DIR", tmp_path)
    results.append_row("t", {"a": 1.0})
    results.append_row("t", {"a": 2.0})
    results.append_row("t", {"a": 3.0, "b": 4.0})
    lines = (tmp_path / "t.tsv").read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[2:] for line in lines] == [
        ["a"],
        ["1.00"],
        ["2.00"],
        ["a", "b"],
        ["3.00", "4.00"],
    ]


def test_dimensions_score_negated_and_historical_together() -> None:
    rows = [negex.Annotated("No history of ASTHMA.", "asthma", True, True, False, False)]
    found = negex.assess(rows, window=8)
    assert [a.status for a in found if a] == ["negated"]
    dims = negex.dimension_scores(rows, found)
    assert dims["negated_dimension"][2] == 1.0
    assert dims["historical_dimension"][2] == 1.0
