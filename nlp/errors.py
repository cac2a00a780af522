"""Domain errors raised by the extraction library."""

from __future__ import annotations

import datetime as dt


class NlpError(ValueError):
    """Base class for input the extractor refuses, with a message fit for an officer."""


class EmptyNote(NlpError):
    """The note has no words in it."""

    def __init__(self) -> None:
        super().__init__("the note is empty: type or dictate what happened in the contact")


class NoteTooLong(NlpError):
    """The note is longer than the case record accepts."""

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(
            f"the note is {length:,} characters long; the limit is {limit:,}: "
            "split it into separate contacts or shorten it"
        )
        self.length = length
        self.limit = limit


# Reference dates accepted: near year 1 or 9999, relative dates worked out from them overflow.
EARLIEST_REFERENCE = dt.date(1900, 1, 1)
LATEST_REFERENCE = dt.date(2199, 12, 31)


class BadReferenceDate(NlpError):
    """The reference date is not an ISO date."""

    def __init__(self, value: object) -> None:
        super().__init__(
            f"reference_date must be an ISO date YYYY-MM-DD from {EARLIEST_REFERENCE.year} "
            f"to {LATEST_REFERENCE.year}, "
            f"not {str(value)[:40]!r}"
        )
