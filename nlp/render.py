"""Section drafts and the contact summary, rendered from jinja2 templates in templates/text/."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from nlp.govuk_dates import govuk_date

TEXT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "text"


def longdate(value: str | dt.date | None) -> str:
    """An ISO date as an officer writes it: 'Wednesday 14 January 2026'."""
    if value is None:
        return "an unrecorded date"
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day:%A} {day.day} {day:%B %Y}"


@cache
def environment(directory: str = str(TEXT_TEMPLATES)) -> Environment:
    """The text template environment (plain text: no HTML escaping here; pages escape)."""
    env = Environment(
        loader=FileSystemLoader(directory),
        autoescape=False,
        trim_blocks=False,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        undefined=StrictUndefined,
        auto_reload=False,  # templates ship with the code: no stat of the file per render
    )
    env.filters["longdate"] = longdate
    env.filters["govuk_date"] = govuk_date
    return env


def render(name: str, **context: Any) -> str:
    """Render one text template with blank lines squeezed out."""
    text = environment().get_template(name).render(**context)
    lines = [line.rstrip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)
