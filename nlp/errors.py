"""Domain errors raised by the extraction library."""

from __future__ import annotations


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


class BadReferenceDate(NlpError):
    """The reference date is not an ISO date."""

    def __init__(self, value: object) -> None:
        super().__init__(f"reference_date must be an ISO date YYYY-MM-DD, not {value!r}")
