"""Who hears that an entry was submitted or returned (the Teams channel notifier), without
the service layer importing any channel."""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web

from storage.models import Entry

Listener = Callable[[web.Application, Entry], None]
listeners_key = web.AppKey("entry_listeners", list[Listener])


def subscribe(app: web.Application, listener: Listener) -> None:
    """Call `listener(app, entry)` after each status change made through the services."""
    app.setdefault(listeners_key, []).append(listener)


def entry_changed(app: web.Application, entry: Entry) -> None:
    """Tell every listener; a listener queues its own work and never raises into the caller."""
    for listener in app.get(listeners_key, []):
        listener(app, entry)
