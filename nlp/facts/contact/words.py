"""Words shared by the next-appointment cues and the lateness rules."""

from __future__ import annotations

import re

ARRIVAL = re.compile(
    r"\b(?:came in(?:to)?|come in(?:to)?|came to the|arrived|arr|turned up|got here|showed up|"
    r"attended|joined|logged on|answered|walked in|wandered in|strolled in|rolled in|rocked up|"
    r"got in|made it in|signed in|reported in|appeared)\b",
    re.I,
)
