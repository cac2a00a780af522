"""Throwaway databases on the PostgreSQL test server (`CASENOTES_TEST_DATABASE_URL`).

Each test gets its own database, copied from a template migrated once per session, and
dropped afterwards, so tests never see each other's rows and leave nothing behind.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from storage.db import open_db


def with_database(url: str, name: str) -> str:
    """`url` pointing at database `name` (user, password, host and options kept)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin(url: str) -> psycopg.Connection:
    return psycopg.connect(url, autocommit=True)


def create_template(url: str) -> str:
    """A fresh database with every migration applied, marked as a template; its name."""
    name = f"casenotes_tpl_{secrets.token_hex(4)}"
    with _admin(url) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    open_db(with_database(url, name)).close()
    return name


def copy_template(url: str, template: str) -> str:
    """The URL of a new database copied from `template`."""
    name = f"casenotes_test_{secrets.token_hex(6)}"
    with _admin(url) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )
    return with_database(url, name)


def drop_database(url: str, name: str) -> None:
    """Drop a test database, closing any connection a test left open."""
    with _admin(url) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
