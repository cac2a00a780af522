"""The card a supervisor decides on in Teams: approve, or return with a comment (checked by
`assistant.services.review`, as on the web review screen)."""

from __future__ import annotations

from typing import Any

import jinja2

from assistant.teams.cards import entry_url, execute, note, open_url, render
from storage.models import Entry

COMMENT_MAX = 2000


def review_card(
    env: jinja2.Environment,
    entry: Entry,
    person_name: str,
    base_url: str,
    *,
    comment: str = "",
    error: str | None = None,
) -> dict[str, Any]:
    """Approve, or return with a comment, the version of the entry shown."""
    here = {"entry_id": entry.id, "version": entry.current_version}
    context = {
        "fallback": f"Review the casenotes entry for {entry.crn}.",
        "title": f"{person_name} ({entry.crn})",
        "version": entry.current_version,
        "notice": note("Nothing was decided. " + error, "attention") if error else None,
        "error": None,
        "comment": comment,
        "max_length": COMMENT_MAX,
        "actions": [
            execute("Approve", "approve", here, style="positive", no_inputs=True),
            execute("Return to the officer", "return", here),
            open_url("Open in casenotes", entry_url(base_url, entry)),
        ],
    }
    return render(env, "review", context)
