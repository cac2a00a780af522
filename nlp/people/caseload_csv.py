"""Reading the officer's caseload CSV: columns crn,name, optional aliases (;-separated), dob."""

from __future__ import annotations

import csv
import io
from os import PathLike
from typing import Any

Row = tuple[str, str, tuple[str, ...], str | None]


class CaseloadError(ValueError):
    """The caseload CSV cannot be used; the message says why in one line."""


def read_caseload_csv(path: str | PathLike[str]) -> list[Row]:
    """(crn, name, aliases, dob) rows of a caseload CSV; BOM, blank lines, extra columns ok."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            text = f.read()
    except FileNotFoundError:
        raise CaseloadError(f"caseload CSV not found: {path}") from None
    except UnicodeDecodeError:
        raise CaseloadError(f"caseload CSV is not UTF-8 text: {path}") from None
    return _rows(text)


def _rows(text: str) -> list[Row]:
    """Parse caseload CSV text, with one-line errors naming the line."""
    try:
        return _parse(csv.reader(io.StringIO(text), strict=True))
    except csv.Error as e:
        raise CaseloadError(f"caseload CSV cannot be read: {e}") from None


def _parse(reader: Any) -> list[Row]:
    header: list[str] | None = None
    for row in reader:
        if any(cell.strip() for cell in row):
            header = [cell.strip().lower() for cell in row]
            break
    if header is None:
        raise CaseloadError("caseload CSV is empty: it needs a header row crn,name")
    if "crn" not in header or "name" not in header:
        raise CaseloadError(f"caseload CSV must have columns crn,name (found: {','.join(header)})")
    c_crn, c_name = header.index("crn"), header.index("name")
    c_alias = header.index("aliases") if "aliases" in header else None
    c_dob = header.index("dob") if "dob" in header else None
    width = len(header)
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for row in reader:
        if len(row) < width:
            if not any(cell.strip() for cell in row):
                continue
            row = row + [""] * (width - len(row))
        line = reader.line_num
        crn, name = row[c_crn].strip().upper(), " ".join(row[c_name].split())
        if not crn or not name:
            if not any(cell.strip() for cell in row):
                continue
            raise CaseloadError(f"caseload CSV line {line}: crn and name must both be filled in")
        if crn in seen:
            raise CaseloadError(
                f"caseload CSV line {line}: CRN {crn} is already on line {seen[crn]}"
            )
        seen[crn] = line
        aliases = (
            tuple(a.strip() for a in row[c_alias].split(";") if a.strip())
            if c_alias is not None
            else ()
        )
        dob = row[c_dob].strip() or None if c_dob is not None else None
        rows.append((crn, name, aliases, dob))
    return rows
