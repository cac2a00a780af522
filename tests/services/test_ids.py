"""The one id parser: ASCII digits only, at most 12 of them."""

from __future__ import annotations

import pytest

from assistant.services import parse_number, require_id
from storage.errors import NotFound


@pytest.mark.parametrize(
    ("raw", "number"),
    [("0", 0), ("42", 42), ("000123", 123), ("9" * 12, 10**12 - 1), (7, 7), (0, 0)],
)
def test_ascii_digits_are_numbers(raw, number) -> None:
    assert parse_number(raw) == number


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "1" * 13,
        "١٢",  # Arabic-Indic digits: isdigit() and isdecimal() both accept these
        "²",  # superscript two: isdigit() accepts it
        "１２",  # fullwidth digits
        "-1",
        "+1",
        " 1",
        "1.0",
        "0x1",
        None,
        True,
        False,
        -1,
        10**12,
        1.0,
        ["1"],
    ],
)
def test_anything_else_is_not(raw) -> None:
    assert parse_number(raw) is None


def test_require_id_refuses_as_not_found() -> None:
    assert require_id("15") == 15
    with pytest.raises(NotFound):
        require_id("١")
