"""The `assistant` command: one entry point, a subcommand per job, each in its own module."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

# Each module has `register(subparsers)`; its subcommands set `func(args) -> int`.
COMMAND_MODULES = (
    "assistant.cli_nlp",
    "assistant.cli_admin",
    "assistant.cli_server",
    "assistant.cli_assess",
    "assistant.cli_speech",
    "assistant.cli_backfill",
    "assistant.cli_accuracy",
)


# Which module defines each top-level command, so `assistant extract` does not pay for
# importing the web server and the database layer (about a second of a cold start).
COMMAND_HOMES = {
    "extract": "assistant.cli_nlp",
    "interpret": "assistant.cli_nlp",
    "context": "assistant.cli_nlp",
    "transcribe": "assistant.cli_speech",
    "backfill": "assistant.cli_backfill",
    "serve": "assistant.cli_server",
    "seed-demo": "assistant.cli_server",
    "assess": "assistant.cli_assess",
    "accuracy": "assistant.cli_accuracy",
}


def _modules_for(argv: Sequence[str]) -> tuple[str, ...]:
    """The command modules to load: only the named command's, or all of them for help."""
    words = [a for a in argv if not a.startswith("-")]
    if "--config" in argv and len(words) > 0:
        words = words[1:]  # the value of --config
    home = COMMAND_HOMES.get(words[0]) if words else None
    return (home,) if home else COMMAND_MODULES


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser with the needed subcommands registered (all when argv is None)."""
    parser = argparse.ArgumentParser(
        prog="assistant",
        description="casenotes: contact notes to structured probation case entries, locally.",
    )
    parser.add_argument("--config", help="path to config.toml (default: the project's own)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES if argv is None else _modules_for(argv):
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand and return its exit status."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # Whatever this process writes (the database, its journal, backups, exports) is for
    # this account only.
    os.umask(0o077)
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(argv).parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
