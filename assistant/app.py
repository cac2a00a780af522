"""`create_app(settings)`: everything a request needs, built once and torn down in order."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from functools import partial
from pathlib import Path

import jinja2
from aiohttp import web

from assistant import api, api_speech, exports, signin
from assistant.audit_signing import audit_signing
from assistant.dbpool import DbPool
from assistant.middlewares import setup_middlewares
from assistant.services import events
from assistant.settings import PROJECT_ROOT, Settings
from assistant.teams import notify
from assistant.teams import routes as teams_routes
from assistant.teams.runtime import teams_context
from assistant.typedefs import (
    db_key,
    extraction_key,
    settings_key,
    templates_key,
)
from assistant.views import (
    accuracy_page,
    admin,
    assessment_page,
    cases,
    chat_page,
    draft_pages,
    entries,
    entry_groups,
    health,
    password,
    review,
    search_page,
    teams_link,
)
from assistant.views.present import label_lower
from assistant.workers import ExtractionPool
from nlp.govuk_dates import govuk_date

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
TEMPLATES_DIR = PROJECT_ROOT / "templates"


def make_templates() -> jinja2.Environment:
    """Project templates first, then govuk-frontend-jinja's under its own prefix."""
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
            jinja2.PrefixLoader(
                {"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja")}
            ),
        ]
    )
    env = jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "xml"), disabled_extensions=("txt.j2",), default=True
        ),
        undefined=jinja2.ChainableUndefined,
    )
    env.filters["govuk_date"] = govuk_date  # every date a person reads: "7 December 2026"
    env.filters["label_lower"] = label_lower  # a label inside a sentence, acronyms kept
    return env


async def _database(app: web.Application) -> AsyncIterator[None]:
    import storage.db
    import storage.pg

    settings = app[settings_key]
    path = settings.database
    # Open once here so migrations run before the first request, on no request's time.
    storage.db.open_db(path).conn.close()
    pool = DbPool(
        partial(storage.db.open_db, path),
        settings.server.db_read_threads,
        counts_apart=storage.pg.is_url(path),
    )
    app[db_key] = pool
    yield
    pool.close()


def _extraction(pool: ExtractionPool | None):
    async def ctx(app: web.Application) -> AsyncIterator[None]:
        settings = app[settings_key]
        owned = pool is None
        workers = pool or ExtractionPool(
            settings.nlp,
            settings.server.workers,
            settings.server.extract_timeout_s,
            loader=settings.server.extractor,
            queue_s=settings.server.extract_queue_s,
            hung_s=settings.server.extract_hung_s,
        )
        app[extraction_key] = workers
        if owned:
            try:
                await workers.warm()
            except Exception:  # noqa: BLE001 - pages still work; each turn reports the failure
                log.exception("extraction workers failed to start; notes are kept unread")
        yield
        if owned:
            workers.close()

    return ctx


def create_app(settings: Settings, *, extraction: ExtractionPool | None = None) -> web.Application:
    """The web application.

    Args:
        extraction: an already warm pool to share (tests); by default the app starts its own.
    """
    app = web.Application(client_max_size=settings.server.max_body_bytes)
    app[settings_key] = settings
    app[templates_key] = make_templates()
    app.cleanup_ctx.extend(
        [
            _database,
            signin.signing_context,
            audit_signing,
            _extraction(extraction),
            teams_context,
            api_speech.dictation_context,
        ]
    )
    setup_middlewares(app)
    events.subscribe(app, notify.entry_changed)  # the channel hears of submit and return
    for module in (
        health,
        signin,
        chat_page,
        entries,
        entry_groups,
        cases,
        assessment_page,
        review,
        accuracy_page,
        search_page,
        admin,
        draft_pages,
        exports,
        api,
        api_speech,
        teams_routes,
        teams_link,
        password,
    ):
        app.router.add_routes(module.routes)
    app.router.add_static("/assets/", STATIC_DIR, name="assets", append_version=False)
    app.router.add_get("/favicon.ico", _favicon)
    return app


async def _favicon(request: web.Request) -> web.Response:
    """Browsers ask for /favicon.ico on pages with no icon link (the plain-text exports):
    point them at our icon rather than answer 404."""
    raise web.HTTPMovedPermanently("/assets/images/favicon.svg")
