"""The `assistant` command: one entry point, a subcommand per job, each in its own module."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

# Each module has `register(subparsers)`; its subcommands set `func(args) -> int`.
COMMAND_MODULES = (
    "assistant.cli_nlp",
    "assistant.cli_admin",
    "assistant.cli_server",
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="assistant",
        description="casenotes: contact notes to structured probation case entries, locally.",
    )
    parser.add_argument("--config", help="path to config.toml (default: the project's own)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand and return its exit status."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
