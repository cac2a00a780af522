"""Aborted request bodies log one quiet line; slow clients are timed out.

These run the app under aiohttp's own runner on a loopback port, as `assistant serve` does,
with raw sockets, since a test client cannot send half a request.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import socket
import time

import pytest
from aiohttp import web

from assistant.app import create_app
from assistant.cli_server import server_options


@pytest.fixture
def quick(settings):
    """Short timeouts for slow clients, so the tests wait a second, not half a minute."""
    server = dataclasses.replace(settings.server, header_timeout_s=1.0, body_timeout_s=1.0)
    return dataclasses.replace(settings, server=server)


@pytest.fixture
async def served(quick, db, pool):
    """(host, port) of the app running under a real AppRunner with `serve`'s options."""
    runner = web.AppRunner(create_app(quick, extraction=pool), **server_options(quick))
    await runner.setup()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    yield "127.0.0.1", port
    await runner.cleanup()


async def _aborted_post(host: str, port: int, path: str) -> None:
    _, writer = await asyncio.open_connection(host, port)
    writer.write(
        (
            f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\n"
            "text=only+the+start"
        ).encode()
    )
    await writer.drain()
    await asyncio.sleep(0.1)
    writer.close()
    for _ in range(50):
        await asyncio.sleep(0.02)


async def test_an_aborted_body_is_one_quiet_info_line(served, caplog):
    caplog.set_level(logging.DEBUG)
    for path in ("/", "/login", "/api/v1/chat"):
        caplog.clear()
        await _aborted_post(*served, path)
        records = [r for r in caplog.records if not r.name.startswith("asyncio")]
        loud = [r for r in records if r.levelno >= logging.WARNING or r.exc_info]
        assert not loud, [(r.name, r.getMessage()) for r in loud]
        lines = [r for r in records if r.name.startswith(("aiohttp", "assistant"))]
        assert len(lines) == 1, [r.getMessage() for r in lines]
        assert lines[0].levelno == logging.INFO and "aborted" in lines[0].getMessage()


async def test_headers_sent_slowly_are_cut_off(served):
    host, port = served
    reader, writer = await asyncio.open_connection(host, port)
    began = time.monotonic()
    writer.write(b"GET /healthz HTTP/1.1\r\n")
    closed = False
    # One header line every 0.3 s, never finishing: a slowloris.
    for number in range(30):
        try:
            writer.write(f"X-Slow-{number}: a\r\n".encode())
            await writer.drain()
        except ConnectionError:
            closed = True
            break
        await asyncio.sleep(0.3)
        if reader.at_eof() or writer.is_closing():
            closed = True
            break
        try:
            if await asyncio.wait_for(reader.read(1), 0.01) == b"":
                closed = True
                break
        except TimeoutError:
            pass
    assert closed, "the server kept a connection that never finished its headers"
    assert time.monotonic() - began < 4.0
    writer.close()


async def test_a_body_sent_slowly_is_408(served):
    host, port = served
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(
        (
            f"POST /login HTTP/1.1\r\nHost: {host}:{port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n"
            "username=a"
        ).encode()
    )
    await writer.drain()
    began = time.monotonic()
    line = await asyncio.wait_for(reader.readline(), 5.0)
    assert line.startswith(b"HTTP/1.1 408"), line
    assert 0.8 < time.monotonic() - began < 4.0
    writer.close()


async def test_a_normal_request_is_not_cut_off(served):
    host, port = served
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET /healthz HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
    await writer.drain()
    line = await asyncio.wait_for(reader.readline(), 2.0)
    assert line.startswith(b"HTTP/1.1 200")
    writer.close()


async def test_a_multipart_form_still_reaches_its_handler(client):
    import aiohttp

    from tests.web.conftest import sign_in

    csrf = await sign_in(client, "olivia")
    form = aiohttp.FormData()
    form.add_field("csrf_token", csrf)
    form.add_field("text", "help")
    resp = await client.post("/", data=form, allow_redirects=False)
    assert resp.status == 303  # the CSRF token was read from the multipart body
