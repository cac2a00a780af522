"""Historical notes from JSONL, an nDelius contact export (CSV) or Parquet, as batch items.

Every source yields dicts shaped like `extract --batch` input (`id`, `text`,
`reference_date`, and `crn`, `contact_type` and `contact_type_description` where the source
has them), or
`{"id", "error"}` for a record that cannot be read, so the run can go on past it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from assistant.cli_nlp import InputError, read_jsonl

Item = dict[str, Any]

# nDelius exports name their columns in capitals with underscores or spaces, and not always
# the same way; each field accepts these spellings once case, spaces and underscores go.
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "crn": ("crn", "casereferencenumber"),
    "contact_date": ("contactdate", "date"),
    "contact_type": ("contacttypecode", "contacttype", "typecode", "type"),
    "contact_type_description": ("contacttypedescription", "contacttypedesc", "description"),
    "text": ("notes", "note", "contactnotes", "text"),
    "id": ("contactid", "id", "noteid"),
}
REQUIRED_CSV = ("crn", "contact_date", "text")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def read_notes(path: str) -> Iterator[Item]:
    """Items from a .jsonl, .csv or .parquet file (chosen by its name)."""
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".json", ".ndjson"):
        return read_jsonl(path, ("text",))
    if suffix == ".csv":
        return read_csv(path)
    if suffix == ".parquet":
        return read_parquet(path)
    raise InputError(f"{path}: notes must be .jsonl, .csv or .parquet")


def count_notes(path: str) -> int | None:
    """About how many records the file holds (for the progress bar), cheaply; None if unknown."""
    suffix = Path(path).suffix.lower()
    try:
        if suffix == ".parquet":
            return int(_parquet().ParquetFile(path).metadata.num_rows)
        with Path(path).open("rb") as f:
            lines = sum(1 for line in f if line.strip())
    except (OSError, InputError, ValueError):
        return None
    return max(0, lines - 1) if suffix == ".csv" else lines


def _key(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name).casefold()


def _columns(header: list[str], where: str) -> dict[str, int]:
    """Which column index holds each field; InputError naming what is missing."""
    keys = [_key(h) for h in header]
    found: dict[str, int] = {}
    for field, spellings in CSV_COLUMNS.items():
        for spelling in spellings:
            if spelling in keys:
                found[field] = keys.index(spelling)
                break
    missing = [f for f in REQUIRED_CSV if f not in found]
    if missing:
        raise InputError(
            f"{where} has no {', '.join(m.replace('_', ' ') for m in missing)} column "
            "(an nDelius contact export has CRN, contact date, contact type code and notes)"
        )
    return found


def read_csv(path: str) -> Iterator[Item]:
    """Items from an nDelius contact export; the header row names the columns."""
    try:
        raw = Path(path).open("rb")  # noqa: SIM115 (closed by the with below; open errors first)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    with raw:
        # Undecodable bytes become U+FFFD here and the record is reported below, so one bad
        # row does not stop a file of millions.
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
        rows = csv.reader(text)
        header = next(rows, None)
        if header is None:
            return
        columns = _columns(header, path)
        for number, row in enumerate(rows, start=2):
            if any(cell.strip() for cell in row):
                yield csv_item(
                    {f: row[i] if i < len(row) else "" for f, i in columns.items()}, number
                )


def csv_item(values: dict[str, str], number: int) -> Item:
    """One export row as a batch item, or an error item saying what is wrong with it."""
    crn = values.get("crn", "").strip().upper()
    text = values.get("text", "")
    note_id = values.get("id", "").strip() or _derived_id(crn, values)
    if "\ufffd" in text:
        return {"id": note_id, "error": f"row {number}: the notes are not valid UTF-8 text"}
    if not crn:
        return {"id": note_id, "error": f"row {number} has no CRN"}
    try:
        when = parse_contact_date(values.get("contact_date", ""))
    except ValueError:
        return {
            "id": note_id,
            "error": f"row {number}: contact date is not a date (YYYY-MM-DD or DD/MM/YYYY)",
        }
    item: Item = {"id": note_id, "crn": crn, "text": text, "reference_date": when}
    if values.get("contact_type", "").strip():
        item["contact_type"] = values["contact_type"].strip()
    if values.get("contact_type_description", "").strip():
        item["contact_type_description"] = values["contact_type_description"].strip()
    return item


def parse_contact_date(value: str) -> str:
    """An export's contact date (ISO, ISO with a time, or UK DD/MM/YYYY) as YYYY-MM-DD."""
    value = value.strip()
    uk = _UK_DATE.match(value)
    if uk:
        return date(int(uk[3]), int(uk[2]), int(uk[1])).isoformat()
    return datetime.fromisoformat(value).date().isoformat()


def _derived_id(crn: str, values: dict[str, str]) -> str:
    # An export without contact ids still gets ids that are the same on every run, so a rerun
    # and a repeated row are recognised: the CRN, date, type and text decide it.
    digest = hashlib.sha256(
        json.dumps(
            [
                crn,
                values.get("contact_date", ""),
                values.get("contact_type", ""),
                values.get("text", ""),
            ]
        ).encode()
    ).hexdigest()[:16]
    return f"{crn}-{digest}"


def _parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(
            "reading Parquet needs pyarrow: pip install 'casenotes[parquet]'"
        ) from None
    return pq


def read_parquet(path: str) -> Iterator[Item]:
    """Items from a Parquet file with either batch columns (id, text, reference_date, crn)
    or an export's (CRN, contact date, contact type code, notes), read in row groups."""
    pq = _parquet()
    try:
        file = pq.ParquetFile(path)
    except OSError as exc:
        raise InputError(f"cannot read {path} as Parquet: {exc}") from None
    names = file.schema_arrow.names
    batch_style = "text" in names
    if not batch_style:
        _columns(names, path)
    number = 0
    for batch in file.iter_batches(batch_size=4096):
        for row in batch.to_pylist():
            number += 1
            yield _batch_row(row, number) if batch_style else _export_row(names, row, number)


def _batch_row(row: dict[str, Any], number: int) -> Item:
    if not isinstance(row.get("text"), str):
        return {"id": row.get("id"), "error": f"row {number} has no text"}
    item = {k: _plain(v) for k, v in row.items() if v is not None}
    if "id" in item:
        item["id"] = str(item["id"])
    return item


def _export_row(names: list[str], row: dict[str, Any], number: int) -> Item:
    columns = _columns(names, "the Parquet file")
    values = {f: _plain(row[names[i]]) for f, i in columns.items()}
    return csv_item({f: "" if v is None else str(v) for f, v in values.items()}, number)


def _plain(value: Any) -> Any:
    return value.isoformat()[:10] if isinstance(value, date) else value
