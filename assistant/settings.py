"""Settings read once from config.toml into frozen dataclasses; tests build them directly."""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlp.settings import NlpSettings
from speech.settings import SpeechSettings
from storage.pg import PgTarget, is_url

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
    extract_queue_s: float = 60.0
    """Longest a note waits for a free worker before the officer is told (the note is kept)."""
    extract_hung_s: float = 120.0
    """A reading past `extract_timeout_s` is answered but left to finish in its worker (slow
    is not hung); still going at this, or its worker silent, the workers are replaced."""
    max_body_bytes: int = 256 * 1024
    """Request bodies larger than this are refused with 413 before they are read."""
    public_url: str = "http://127.0.0.1:8080"
    """Base URL used in links sent outside the app (Teams cards, notifications)."""
    db_read_threads: int = 4
    """Threads running database reads off the event loop (writes always use one thread)."""
    extractor: str = "nlp:load"
    """`module:function` that builds the extractor in each worker process."""
    header_timeout_s: float = 10.0
    """A connection must send a request's headers within this (and is closed after this
    long idle between requests), so slow clients cannot hold connections open."""
    body_timeout_s: float = 30.0
    """A request's body must arrive within this once its headers have (408 otherwise)."""
    trusted_proxies: tuple[str, ...] = ()
    """Addresses or networks (CIDR) of reverse proxies in front of the app: from these the
    client's address is read from `X-Forwarded-For` (the per-address sign-in limit)."""


@dataclass(frozen=True)
class StorageSettings:
    """Where the database lives."""

    database: str = "data/casenotes.db"
    """SQLite file, relative to the project root unless absolute; or a PostgreSQL URL,
    `postgresql://user@host:port/dbname`, with the password in `password_env`."""
    password_env: str = "CASENOTES_DB_PASSWORD"
    """Environment variable holding the PostgreSQL password (never written in this file);
    unset, the URL's own password or none is used (peer, trust or a .pgpass file)."""
    audit_key_env: str = "CASENOTES_AUDIT_KEY"
    """Environment variable holding the HMAC key that signs the audit chain's head (kept in
    `<database>.audit-head` and logged daily); unset, the head is not signed."""


@dataclass(frozen=True)
class AuthSettings:
    """Sign-in, sessions and secrets (secrets by environment variable name only)."""

    session_idle_minutes: int = 30
    session_max_hours: int = 12
    max_failed_logins: int = 5
    """Failed sign-ins before an account is locked for `lockout_minutes`."""
    lockout_minutes: int = 15
    """How long a lock lasts; also the window failures per address are counted over."""
    max_failed_logins_per_address: int = 30
    """Failed sign-ins from one client address within `lockout_minutes` before 429."""
    failed_sign_in_delay_s: float = 1.0
    """Seconds a failed sign-in waits before answering, so guessing passwords is slow."""
    secret_env: str = "CASENOTES_SECRET"
    """Environment variable holding the secret used to sign CSRF tokens."""
    cookie_secure: bool | str = "auto"
    """Mark cookies Secure and send HSTS: true, false, or "auto" (on unless `server.host` is
    a loopback address, where plain HTTP is only reachable from this machine)."""
    requests_per_minute: int = 120
    """Requests one user may make in a minute before being told to slow down."""
    token_days: int = 90
    """API tokens made by `assistant token create` stop working after this many days."""


@dataclass(frozen=True)
class TeamsSettings:
    """Microsoft Teams: the bot endpoint, the outgoing webhook and channel notifications.

    Every URL is a setting so tests point them at loopback; secrets are named by
    environment variable only. `app_id`, `tenant_id` and the secret may also come from
    the environment (`CASENOTES_TEAMS_APP_ID`, `CASENOTES_TEAMS_TENANT_ID`, `app_secret_env`).
    """

    app_id: str = ""
    """The bot's Microsoft App ID: the audience incoming tokens must carry. Empty: bot off."""
    tenant_id: str = ""
    """Single-tenant bots: the tenant bot tokens are requested from ("" = botframework.com)."""
    app_secret_env: str = "CASENOTES_TEAMS_APP_SECRET"
    """Environment variable holding the bot's client secret."""
    openid_metadata_url: str = "https://login.botframework.com/v1/.well-known/openidconfiguration"
    """Where the keys that sign Bot Connector tokens are published."""
    issuer: str = "https://api.botframework.com"
    token_url: str = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"
    """Client-credentials endpoint for the bot's own token; `{tenant}` is filled in."""
    token_scope: str = "https://api.botframework.com/.default"
    channel_id: str = "msteams"
    """The channel the signing key must be endorsed for."""
    clock_skew_s: int = 300
    """Leeway on token expiry and not-before, as Microsoft specifies (5 minutes)."""
    keys_cache_hours: float = 24.0
    """How long fetched signing keys are trusted before they are fetched again."""
    http_timeout_s: float = 5.0
    """Longest wait for any call to Microsoft: metadata, keys, token, connector, notification."""
    webhook_secret_env: str = "CASENOTES_TEAMS_WEBHOOK_SECRET"
    """Environment variable holding the outgoing webhook's base64 shared secret."""
    webhook_reply_s: float = 4.0
    """The outgoing webhook answers within this, inside Teams' 5-second limit."""
    notify_url_env: str = "CASENOTES_TEAMS_NOTIFY_URL"
    """Environment variable holding the channel's incoming-webhook / Workflows URL."""
    notify_detail: str = "counts"
    """What channel messages may say: "counts" (counts and a link) or "entry" (adds the CRN)."""
    link_code_minutes: int = 15
    """How long a code for linking a Teams user to an account stays valid."""


@dataclass(frozen=True)
class RetentionSettings:
    """How long records are kept."""

    entry_years: int = 7
    audit_years: int = 7


@dataclass(frozen=True)
class BackfillSettings:
    """`assistant backfill`: bulk reading of historical notes."""

    partition_notes: int = 256
    """Notes per partition: the unit of work sent to a worker and of resuming after a crash."""
    workers: int = 2
    """Extraction processes (local pool) or workers (a Dask LocalCluster) when not given."""
    scheduler_timeout_s: float = 30.0
    """How long to keep trying to reach a Dask scheduler named by --scheduler."""


@dataclass(frozen=True)
class AccuracySettings:
    """`assistant accuracy`: what officers' corrections may be used for."""

    export_allowed: bool = False
    """Whether `--export` may write corrected notes (their full text) for test sets."""


@dataclass(frozen=True)
class Settings:
    """Everything the service needs, built once at start-up."""

    nlp: NlpSettings = field(default_factory=NlpSettings)
    server: ServerSettings = field(default_factory=ServerSettings)
    storage: StorageSettings = field(default_factory=StorageSettings)
    auth: AuthSettings = field(default_factory=AuthSettings)
    retention: RetentionSettings = field(default_factory=RetentionSettings)
    teams: TeamsSettings = field(default_factory=TeamsSettings)
    speech: SpeechSettings = field(default_factory=SpeechSettings)
    backfill: BackfillSettings = field(default_factory=BackfillSettings)
    accuracy: AccuracySettings = field(default_factory=AccuracySettings)

    @property
    def secure_cookies(self) -> bool:
        """Whether cookies are marked Secure and HSTS sent (`auth.cookie_secure`)."""
        value = self.auth.cookie_secure
        if isinstance(value, bool):
            return value
        if value != "auto":
            raise SettingsError('auth.cookie_secure must be true, false or "auto"')
        host = self.server.host.strip("[]")
        if host == "localhost":
            return False
        try:
            return not ipaddress.ip_address(host).is_loopback
        except ValueError:  # a host name other than localhost
            return True

    @property
    def database(self) -> Path | PgTarget:
        """What `storage.db.open_db` opens: the SQLite file, or the PostgreSQL database with
        the password read from `storage.password_env` now (so a rotation needs a restart
        only, not an edit)."""
        if is_url(self.storage.database):
            password = os.environ.get(self.storage.password_env) or None
            return PgTarget.from_url(self.storage.database, password)
        return self.database_path

    @property
    def uses_postgres(self) -> bool:
        """Whether `[storage] database` names a PostgreSQL server."""
        return is_url(self.storage.database)

    @property
    def database_path(self) -> Path:
        """The database file as an absolute path. With PostgreSQL there is no file: this is
        where files kept beside the database go (the signed audit head), `data/<dbname>.pg`."""
        if is_url(self.storage.database):
            return (
                PROJECT_ROOT
                / "data"
                / f"{PgTarget.from_url(self.storage.database).database_name}.pg"
            )
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
