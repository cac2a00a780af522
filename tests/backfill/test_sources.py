"""Reading historical notes: JSONL, nDelius CSV exports and Parquet, bad records as errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.backfill.runner import with_ids
from assistant.backfill.sources import count_notes, parse_contact_date, read_notes
from assistant.cli_nlp import InputError
from bench.backfill_notes import generate, write_csv, write_jsonl


def test_jsonl_lines_read_as_batch_items_and_a_bad_line_is_an_error_item(tmp_path: Path) -> None:
    path = tmp_path / "notes.jsonl"
    path.write_bytes(
        b'{"id": "a", "text": "Seen at the office.", "reference_date": "2022-04-01"}\n'
        b"{not json\n"
        b'{"id": "c", "reference_date": "2022-04-02"}\n'
        b'{"id": "d", "text": "caf\xe9"}\n'
    )
    items = list(read_notes(str(path)))
    assert items[0]["text"] == "Seen at the office."
    assert "not valid JSON" in items[1]["error"]
    assert items[2] == {"id": "c", "error": "line 3 has no text field 'text'"}
    assert "not valid UTF-8" in items[3]["error"]
    assert count_notes(str(path)) == 4


def test_an_ndelius_export_maps_its_columns_and_uk_dates(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "Contact Id,CRN,Contact Date,Contact Type Code,Notes\n"
        'K1,x200001,04/03/2021,COAP,"Kept the appointment, on time."\n'
        "K2,X200002,2021-03-05T10:30:00,CHVS,Home visit done\n",
        encoding="utf-8",
    )
    items = list(read_notes(str(path)))
    assert items == [
        {"id": "K1", "crn": "X200001", "text": "Kept the appointment, on time.",
         "reference_date": "2021-03-04", "contact_type": "COAP"},
        {"id": "K2", "crn": "X200002", "text": "Home visit done",
         "reference_date": "2021-03-05", "contact_type": "CHVS"},
    ]  # fmt: skip
    assert count_notes(str(path)) == 2


def test_an_export_row_without_crn_or_with_a_bad_date_is_an_error_and_the_rest_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(
        b"CRN,CONTACT_DATE,CONTACT_TYPE,NOTES\n"
        b",01/02/2020,COAP,no person\n"
        b"X200001,30/02/2020,COAP,no such day\n"
        b"X200001,01/02/2020,COAP,bad byte \xff here\n"
        b"X200001,02/02/2020,COAP,fine\n"
    )
    items = list(read_notes(str(path)))
    assert [i.get("error", "ok") for i in items] == [
        "row 2 has no CRN",
        "row 3: contact date is not a date (YYYY-MM-DD or DD/MM/YYYY)",
        "row 4: the notes are not valid UTF-8 text",
        "ok",
    ]
    assert all(i["id"] for i in items)


def test_an_export_without_ids_gets_the_same_id_for_the_same_row_on_every_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "CRN,CONTACT_DATE,CONTACT_TYPE_CODE,NOTES\nX200001,01/02/2020,COAP,first\n"
        "X200001,01/02/2020,COAP,second\nX200001,01/02/2020,COAP,first\n",
        encoding="utf-8",
    )
    ids = [i["id"] for i in read_notes(str(path))]
    assert ids == [i["id"] for i in read_notes(str(path))]
    assert ids[0] == ids[2] != ids[1]


def test_jsonl_notes_without_ids_get_content_ids() -> None:
    items = [{"text": "one", "reference_date": "2020-01-01"}, {"text": "two"}, {"text": "one",
             "reference_date": "2020-01-01"}]  # fmt: skip
    ids = [i["id"] for i in with_ids(iter(items))]
    assert ids[0] == ids[2] != ids[1]


def test_an_export_missing_a_required_column_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("CRN,NOTES\nX200001,hello\n", encoding="utf-8")
    with pytest.raises(InputError, match="no contact date column"):
        list(read_notes(str(path)))


def test_other_file_kinds_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\.jsonl, \.csv or \.parquet"):
        read_notes(str(tmp_path / "notes.xlsx"))


def test_contact_dates_in_the_forms_exports_use() -> None:
    assert parse_contact_date(" 7/11/2019 ") == "2019-11-07"
    assert parse_contact_date("2019-11-07 09:00:00") == "2019-11-07"
    with pytest.raises(ValueError):
        parse_contact_date("next Tuesday")


def test_parquet_with_batch_columns_or_export_columns_reads_like_the_text_forms(
    tmp_path: Path,
) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    notes = generate(5)
    pq.write_table(pa.Table.from_pylist(notes), tmp_path / "batch.parquet")
    from_parquet = list(read_notes(str(tmp_path / "batch.parquet")))
    from_jsonl = list(read_notes(str(write_jsonl(notes, tmp_path / "n.jsonl"))))
    assert from_parquet == from_jsonl
    assert count_notes(str(tmp_path / "batch.parquet")) == 5

    export = [
        {"CRN": n["crn"], "CONTACT_DATE": n["reference_date"], "CONTACT_TYPE_CODE":
         n["contact_type"], "NOTES": n["text"], "CONTACT_ID": n["id"]} for n in notes
    ]  # fmt: skip
    pq.write_table(pa.Table.from_pylist(export), tmp_path / "export.parquet")
    from_csv = list(read_notes(str(write_csv(notes, tmp_path / "n.csv"))))
    assert list(read_notes(str(tmp_path / "export.parquet"))) == from_csv
    assert json.dumps(from_csv)  # plain JSON-able items, as workers receive them
