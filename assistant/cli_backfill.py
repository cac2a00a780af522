"""`assistant backfill`: historical notes in bulk to entries, and optionally into the record."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from assistant.cli_nlp import one_line_errors

if TYPE_CHECKING:
    from assistant.backfill.runner import Store


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the backfill subcommand."""
    p = sub.add_parser(
        "backfill",
        help="historical notes (JSONL, nDelius CSV, Parquet) to entries, resumably",
        description="Read historical notes in bulk. A rerun after a crash or Ctrl+C does "
        "only the partitions not yet finished.",
    )
    p.add_argument("notes", metavar="NOTES", help=".jsonl, .csv (nDelius export) or .parquet")
    p.add_argument("--out", metavar="ENTRIES", required=True, help=".jsonl or .parquet")
    p.add_argument("--engine", choices=("local", "dask"), default="local")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="a running Dask scheduler")
    p.add_argument("--workers", type=int, help="processes or local Dask workers")
    p.add_argument("--caseload", metavar="FILE.csv", help="people to match names against")
    p.add_argument("--into-db", action="store_true", help="store as historical entries")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_backfill)


@one_line_errors
def cmd_backfill(args: argparse.Namespace) -> int:
    """Run (or resume) a backfill and print a summary on stderr."""
    from assistant.backfill.runner import Options, run_backfill
    from assistant.cli_nlp import InputError
    from assistant.settings import load_settings
    from storage.db import open_db
    from storage.historical import rebuild_history_sections

    settings = load_settings(args.config)
    if args.scheduler and args.engine != "dask":
        raise InputError("--scheduler needs --engine dask")
    if args.workers is not None and args.workers < 1:
        raise InputError("--workers must be at least 1")
    opts = Options(
        notes=args.notes,
        out=args.out,
        engine=args.engine,
        scheduler=args.scheduler,
        workers=args.workers or settings.backfill.workers,
        partition_notes=settings.backfill.partition_notes,
        config=args.config,
        caseload=args.caseload,
        scheduler_timeout_s=settings.backfill.scheduler_timeout_s,
    )
    stream = sys.stderr if sys.stderr.isatty() and not args.quiet else None
    db = open_db(settings.database) if args.into_db else None
    stored: Counter[str] = Counter()
    try:
        try:
            summary = run_backfill(opts, progress_stream=stream, store=_store(db, stored))
        except BrokenProcessPool:
            raise InputError(
                "an extraction process stopped unexpectedly (out of memory?); the finished "
                "partitions are kept: run the same command again to go on"
            ) from None
        lines = summary.lines()
        if db is not None:
            lines.append(
                f"backfill: into the record: {stored['stored']:,} stored, "
                f"{stored['already']:,} already there, {stored['unattached']:,} with no such "
                "person or no allocated officer"
            )
            if not summary.failed:
                people = rebuild_history_sections(db)
                lines.append(f"backfill: section drafts rebuilt for {people:,} people")
    finally:
        if db is not None:
            db.close()
    for line in lines:
        print(line, file=sys.stderr)
    return 1 if summary.errors or summary.failed else 0


def _store(db: Any, stored: Counter[str]) -> Store | None:
    """Each finished partition into the database too, counting what happened."""
    if db is None:
        return None

    from storage.historical import store_historical

    def store(chunk: list[dict[str, Any]], results: list[dict[str, Any]]) -> None:
        stored.update(store_historical(db, chunk, results))

    return store
