"""Teams settings as the service runs with them: config.toml, then the environment."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping

from assistant.settings import TeamsSettings

APP_ID_ENV = "CASENOTES_TEAMS_APP_ID"
TENANT_ID_ENV = "CASENOTES_TEAMS_TENANT_ID"


def effective(settings: TeamsSettings, environ: Mapping[str, str] | None = None) -> TeamsSettings:
    """`settings` with app ID and tenant from the environment where those are set (non-empty)."""
    env = os.environ if environ is None else environ
    changes: dict[str, object] = {}
    if env.get(APP_ID_ENV, "").strip():
        changes["app_id"] = env[APP_ID_ENV].strip()
    if env.get(TENANT_ID_ENV, "").strip():
        changes["tenant_id"] = env[TENANT_ID_ENV].strip()
    return dataclasses.replace(settings, **changes) if changes else settings  # type: ignore[arg-type]


def secret(name: str, environ: Mapping[str, str] | None = None) -> str:
    """The secret held in environment variable `name` ("" when unset)."""
    env = os.environ if environ is None else environ
    return env.get(name, "").strip()
