"""The one loader of the JSON vocabularies and rules kept beside this file."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

RESOURCES = Path(__file__).resolve().parent


@cache
def resource(name: str) -> dict[str, Any]:
    """One JSON resource file, parsed once per process."""
    with (RESOURCES / name).open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data
