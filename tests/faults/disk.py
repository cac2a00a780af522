"""A full disk, injected at the SQLite level: the server's writer connection may not grow.

`PRAGMA max_page_count` holds for the connection that sets it, so running it through the
app's one writer thread makes every later write that needs a new page fail exactly as a
full disk does (SQLITE_FULL, "database or disk is full"), with nothing in product code
knowing about tests.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from assistant.typedefs import db_key

UNLIMITED_PAGES = 1_073_741_823  # SQLite's default for max_page_count


def _limit(pages: int | None) -> Any:
    def limit(database: Database) -> int:
        if pages is not None:
            _use_free_pages(database)
        current = database.execute("PRAGMA page_count").fetchone()[0]
        wanted = UNLIMITED_PAGES if pages is None else current + pages
        return int(database.execute(f"PRAGMA max_page_count = {wanted}").fetchone()[0])

    return limit


def _use_free_pages(database: Database) -> None:
    """Take up the file's free pages too, as a full disk leaves no room anywhere."""
    free, size = (
        database.execute(f"PRAGMA {p}").fetchone()[0] for p in ("freelist_count", "page_size")
    )
    if free:
        database.execute("CREATE TABLE IF NOT EXISTS test_filler (b BLOB)")
        database.execute("INSERT INTO test_filler VALUES (zeroblob(?))", [free * size])
        database.conn.commit()


async def fill(app: Any, pages: int = 0) -> None:
    """From now on the database may grow by only `pages` pages."""
    await app[db_key].write(_limit(pages))


async def free(app: Any) -> None:
    """Space again."""
    await app[db_key].write(_limit(None))


def fill_now(database: Database) -> int:
    """The same, called on the writer's own connection (from inside a storage call)."""
    return int(_limit(0)(database))
