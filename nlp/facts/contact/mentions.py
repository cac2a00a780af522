"""Date and time expressions of a note, found once and shared by every contact rule."""

from __future__ import annotations

from dataclasses import dataclass

from nlp.datetimes.dates import DateMention, find_dates
from nlp.datetimes.times import TimeMention, find_times


@dataclass(frozen=True)
class Mentions:
    """Date and time expressions of the note, found once."""

    dates: tuple[DateMention, ...]
    times: tuple[TimeMention, ...]

    @classmethod
    def of(cls, text: str) -> Mentions:
        """Find every date and time in the text."""
        return cls(tuple(find_dates(text)), tuple(find_times(text)))

    def dates_in(self, start: int, end: int) -> list[DateMention]:
        """Date mentions inside the character range."""
        return [m for m in self.dates if m.start >= start and m.end <= end]

    def times_in(self, start: int, end: int) -> list[TimeMention]:
        """Time mentions inside the character range."""
        return [m for m in self.times if m.start >= start and m.end <= end]
