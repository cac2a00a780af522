"""Dictation over the JSON API: one recording at once, or a recording sent in chunks.

Audio is read into memory, transcribed in a warm worker and dropped; the audit log records
that a transcription happened and how long the audio was, never what was said.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web

from assistant.auth import CASE_ROLES, roles
from assistant.dictation import DictationError, Dictations, transcribe_once
from assistant.middlewares import OWN_BODY, error_response
from assistant.typedefs import db_key, extraction_key, settings_key, user_key
from speech.transcript import Transcript
from storage import audit, people

routes = web.RouteTableDef()
API = "/api/v1"
TRANSCRIBE_PATH = f"{API}/transcribe"
dictations_key = web.AppKey("dictations", Dictations)


async def dictation_context(app: web.Application) -> AsyncIterator[None]:
    """The in-memory dictations, on the app's warm workers; all dropped at shutdown."""
    app[dictations_key] = Dictations(app[extraction_key], app[settings_key].speech)
    yield
    app[dictations_key].drop_all()


async def _refused(request: web.Request, exc: DictationError) -> web.Response:
    """The officer's message with the error's status, as every other API error is shaped."""
    return await error_response(request, exc.status, str(exc))


async def _audio(request: web.Request, limit: int) -> bytes:
    """The raw request body, refused with 413 as soon as it passes `limit` bytes."""
    if request.content_length is not None and request.content_length > limit:
        raise web.HTTPRequestEntityTooLarge(max_size=limit, actual_size=0, text=_too_large(limit))
    if request.path not in OWN_BODY:  # read (and timed) by the middleware, within its limit
        data = bytearray(await request.read())
        if len(data) > limit:
            raise web.HTTPRequestEntityTooLarge(
                max_size=limit, actual_size=0, text=_too_large(limit)
            )
        if not data:
            raise web.HTTPBadRequest(text="No audio was sent. Record again.")
        return bytes(data)
    data = bytearray()
    try:  # the slow-client deadline every other body gets in the middleware
        async with asyncio.timeout(request.app[settings_key].server.body_timeout_s):
            async for block in request.content.iter_chunked(64 * 1024):
                data += block
                if len(data) > limit:
                    data.clear()
                    raise web.HTTPRequestEntityTooLarge(
                        max_size=limit, actual_size=0, text=_too_large(limit)
                    )
    except TimeoutError:
        data.clear()
        raise web.HTTPRequestTimeout(text="The recording took too long to send.") from None
    if not data:
        raise web.HTTPBadRequest(text="No audio was sent. Record again.")
    return bytes(data)


def _too_large(limit: int) -> str:
    return (
        f"The recording is larger than casenotes accepts ({limit // 1024:,} KB). "
        "Dictate the contact in shorter parts."
    )


async def _names(request: web.Request) -> list[str]:
    """The officer's caseload names, for the prompt and for respelling."""
    rows = await request.app[db_key].read(people.caseload_rows, request[user_key])
    return [r["name"] for r in rows]


async def _answer(request: web.Request, transcript: Transcript, via: str) -> web.Response:
    user = request[user_key]
    detail = {"seconds": round(transcript.duration_s, 1), "via": via}
    await request.app[db_key].write(audit.append, user.id, "transcribe", None, None, detail)
    threshold = request.app[settings_key].speech.low_confidence
    body: dict[str, Any] = transcript.to_json(threshold)
    body["unsure"] = [w.text for w in transcript.unsure(threshold)]
    return web.json_response(body, headers={"Cache-Control": "no-store"})


@routes.post(TRANSCRIBE_PATH, name="api_transcribe")
@roles(*CASE_ROLES)
async def transcribe(request: web.Request) -> web.Response:
    """Transcribe one recording sent as the request body (WAV, Ogg/Opus, WebM, MP3, M4A)."""
    settings = request.app[settings_key].speech
    audio = await _audio(request, settings.max_audio_bytes)
    try:
        found = await transcribe_once(
            request.app[extraction_key], settings, audio, await _names(request)
        )
    except DictationError as exc:
        return await _refused(request, exc)
    finally:
        del audio
    return await _answer(request, found, "api")


@routes.post(f"{API}/dictations", name="api_dictation_start")
@roles(*CASE_ROLES)
async def start(request: web.Request) -> web.Response:
    """Start a recording sent in chunks; returns its id."""
    key = request.app[dictations_key].start(request[user_key].id, await _names(request))
    return web.json_response({"id": key}, status=201)


@routes.post(f"{API}/dictations/{{key}}/audio", name="api_dictation_audio")
@roles(*CASE_ROLES, hide=True)
async def add_audio(request: web.Request) -> web.Response:
    """Append the next chunk of the recording (the body, as MediaRecorder gives it)."""
    chunk = await _audio(request, request.app[settings_key].server.max_body_bytes)
    try:
        held = request.app[dictations_key].add(
            request.match_info["key"], request[user_key].id, chunk
        )
    except DictationError as exc:
        return await _refused(request, exc)
    return web.json_response({"received_bytes": held})


@routes.post(f"{API}/dictations/{{key}}/finish", name="api_dictation_finish")
@roles(*CASE_ROLES, hide=True)
async def finish(request: web.Request) -> web.Response:
    """Stop: the transcript of the whole recording. Its audio is dropped either way."""
    try:
        found = await request.app[dictations_key].finish(
            request.match_info["key"], request[user_key].id
        )
    except DictationError as exc:
        return await _refused(request, exc)
    return await _answer(request, found, "dictation")


@routes.delete(f"{API}/dictations/{{key}}", name="api_dictation_cancel")
@roles(*CASE_ROLES, hide=True)
async def cancel(request: web.Request) -> web.Response:
    """Abandon a recording; its audio is dropped."""
    try:
        request.app[dictations_key].cancel(request.match_info["key"], request[user_key].id)
    except DictationError as exc:
        return await _refused(request, exc)
    return web.Response(status=204)
