"""The web tests' stand-in extractor, with notes that take a while or never finish.

"[slow]" in a note keeps a worker busy for half a second, so other notes are still being read
when one of them crashes ("[crash]", from the base stand-in), hangs ("[hang]": two minutes
asleep, its heartbeat still going, like a very slow reading) or freezes ("[freeze]": the
worker stops itself with SIGSTOP, heartbeat and all, like a worker that has stopped answering).
A worker that finds the file named by CASENOTES_TEST_LOAD_FAILS fails to load, as a restart
can on a host too starved to load the model.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

from tests.web.fake_nlp import FakeExtractor

SLOW_S = 0.5


class SlowFakeExtractor(FakeExtractor):
    """FakeExtractor whose extract can be made slow or hung by a marker in the note."""

    def extract(self, text, reference_date, caseload=None):  # type: ignore[no-untyped-def]
        if "[hang]" in text:
            time.sleep(120)
        if "[freeze]" in text:
            os.kill(os.getpid(), signal.SIGSTOP)
        if "[slow]" in text:
            time.sleep(SLOW_S)
        return super().extract(text, reference_date, caseload)


def load(settings: Any = None) -> SlowFakeExtractor:
    """Like nlp.load."""
    fails = os.environ.get("CASENOTES_TEST_LOAD_FAILS")
    if fails and Path(fails).exists():
        raise RuntimeError("the model could not be loaded")
    return SlowFakeExtractor()
