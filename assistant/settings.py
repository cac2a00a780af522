"""Settings read once from config.toml into frozen dataclasses; tests build them directly."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlp.settings import NlpSettings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "config.toml"


class SettingsError(ValueError):
    """config.toml is missing, unreadable or names an unknown setting."""


@dataclass(frozen=True)
class ServerSettings:
    """Where and how the web service listens."""

    host: str = "127.0.0.1"
    port: int = 8080
    workers: int = 2
    """Warm extraction worker processes, each loading the model once."""
    extract_timeout_s: float = 20.0
    """Longest an extraction may take before the officer is told and the draft kept."""
    max_body_bytes: int = 256 * 1024
    """Request bodies larger than this are refused with 413 before they are read."""
    public_url: str = "http://127.0.0.1:8080"
    """Base URL used in links sent outside the app (Teams cards, notifications)."""
    db_read_threads: int = 4
    """Threads running database reads off the event loop (writes always use one thread)."""
    extractor: str = "nlp:load"
    """`module:function` that builds the extractor in each worker process."""
    """Threads running database reads off the event loop (writes always use one thread)."""


@dataclass(frozen=True)
class StorageSettings:
    """Where the database lives."""

    database: str = "data/casenotes.db"
    """SQLite file, relative to the project root unless absolute."""


@dataclass(frozen=True)
class AuthSettings:
    """Sign-in, sessions and secrets (secrets by environment variable name only)."""

    session_idle_minutes: int = 30
    session_max_hours: int = 12
    max_failed_logins: int = 5
    """Failed sign-ins before an account is locked for `lockout_minutes`."""
    lockout_minutes: int = 15
    failed_sign_in_delay_s: float = 1.0
    """Seconds a failed sign-in waits before answering, so guessing passwords is slow."""
    secret_env: str = "CASENOTES_SECRET"
    """Environment variable holding the secret used to sign CSRF tokens."""
    cookie_secure: bool = False
    """Mark cookies Secure; turn on when served over HTTPS."""
    requests_per_minute: int = 120
    """Requests one user may make in a minute before being told to slow down."""


@dataclass(frozen=True)
class RetentionSettings:
    """How long records are kept."""

    entry_years: int = 7
    audit_years: int = 7


@dataclass(frozen=True)
class Settings:
    """Everything the service needs, built once at start-up."""

    nlp: NlpSettings = field(default_factory=NlpSettings)
    server: ServerSettings = field(default_factory=ServerSettings)
    storage: StorageSettings = field(default_factory=StorageSettings)
    auth: AuthSettings = field(default_factory=AuthSettings)
    retention: RetentionSettings = field(default_factory=RetentionSettings)

    @property
    def database_path(self) -> Path:
        """The database file as an absolute path."""
        path = Path(self.storage.database)
        return path if path.is_absolute() else PROJECT_ROOT / path


def _build(cls: type, table: dict[str, Any], where: str) -> Any:
    names = {f.name: f for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in names:
            raise SettingsError(f"unknown setting {where}{key} in config.toml")
        fld = names[key]
        if dataclasses.is_dataclass(fld.default_factory if callable(fld.default_factory) else None):
            if not isinstance(value, dict):
                raise SettingsError(f"[{where}{key}] must be a table")
            values[key] = _build(fld.default_factory, value, f"{key}.")  # type: ignore[arg-type]
        else:
            values[key] = value
    return cls(**values)


def load_settings(path: str | Path | None = None) -> Settings:
    """Read config.toml (or the file named by CASENOTES_CONFIG) into Settings."""
    path = Path(path or os.environ.get("CASENOTES_CONFIG") or DEFAULT_CONFIG)
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError as exc:
        raise SettingsError(f"config file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"config file {path} is not valid TOML: {exc}") from exc
    return _build(Settings, data, "")
