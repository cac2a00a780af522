"""The web tests' stand-in extractor, with notes that take a while or never finish.

"[slow]" in a note keeps a worker busy for half a second, so other notes are still being read
when one of them crashes ("[crash]", from the base stand-in) or hangs ("[hang]").
"""

from __future__ import annotations

import time
from typing import Any

from tests.web.fake_nlp import FakeExtractor

SLOW_S = 0.5


class SlowFakeExtractor(FakeExtractor):
    """FakeExtractor whose extract can be made slow or hung by a marker in the note."""

    def extract(self, text, reference_date, caseload=None):  # type: ignore[no-untyped-def]
        if "[hang]" in text:
            time.sleep(120)
        if "[slow]" in text:
            time.sleep(SLOW_S)
        return super().extract(text, reference_date, caseload)


def load(settings: Any = None) -> SlowFakeExtractor:
    """Like nlp.load."""
    return SlowFakeExtractor()
