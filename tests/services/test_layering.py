"""The services and chat sit below the channels: they never import a channel's module, so
Teams, the API and the pages call them and not the other way round."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "assistant"
BELOW_CHANNELS = [*sorted((ROOT / "services").glob("*.py")), ROOT / "chat.py"]
CHANNELS = ("assistant.teams", "assistant.views", "assistant.api", "assistant.exports")


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


@pytest.mark.parametrize("path", BELOW_CHANNELS, ids=lambda p: p.name)
def test_no_channel_is_imported(path: Path) -> None:
    found = {n for n in imported(path) for c in CHANNELS if n == c or n.startswith(c + ".")}
    assert found == set()
