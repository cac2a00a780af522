"""Over-size request bodies are refused with 413 early, without the server reading them whole.

Raw sockets against a running server, so the test sees exactly how much of a body was
sent when the answer came back: a declared Content-Length over the limit is answered
before any of the body is sent; a chunked body that keeps growing is answered once it
passes the limit, long before the sender runs out, and the server then closes the
connection rather than read the rest.
"""

from __future__ import annotations

import json
import logging
import socket
from urllib.parse import urlsplit

import pytest
import requests

from tests.hostile.conftest import LiveServer

CHUNK = 4096


def connect(live: LiveServer) -> socket.socket:
    """A TCP connection to the live server."""
    url = urlsplit(live.url)
    sock = socket.create_connection((url.hostname, url.port), timeout=10)
    return sock


def head(path: str, headers: dict[str, str]) -> bytes:
    """A POST request line and headers."""
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """Read one HTTP response (Content-Length framed): status, headers, body."""
    data = b""
    while b"\r\n\r\n" not in data:
        part = sock.recv(65536)
        assert part, "the server closed the connection without answering"
        data += part
    top, _, rest = data.partition(b"\r\n\r\n")
    status_line, *header_lines = top.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines)}
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        part = sock.recv(65536)
        assert part
        rest += part
    return int(status_line.split()[1]), headers, rest[:length]


def session_cookie(live: LiveServer) -> str:
    """A signed-in session for the chat form."""
    from tests.web.conftest import CSRF, PASSWORD

    http = requests.Session()
    page = http.get(f"{live.url}/login", timeout=10)  # the form's pre-session token
    token = CSRF.search(page.text).group(1)
    resp = http.post(
        f"{live.url}/login",
        data={"username": "olivia", "password": PASSWORD, "csrf_token": token},
        headers={"Origin": live.url},
        allow_redirects=False,
        timeout=10,
    )
    assert resp.status_code == 303
    return "; ".join(f"{k}={v}" for k, v in http.cookies.items())


@pytest.mark.parametrize("path", ["/api/v1/entries", "/api/v1/chat", "/", "/login"])
def test_declared_length_over_the_limit_is_answered_before_the_body_is_sent(
    live: LiveServer, path: str
) -> None:
    limit = live.settings.server.max_body_bytes
    with connect(live) as sock:
        headers = {**live.auth, "Content-Type": "application/json", "Content-Length": "10000000"}
        sock.sendall(head(path, headers))  # and not one byte of the 10 MB body
        status, got, body = response(sock)
        assert status == 413
        assert got["content-type"].startswith(("application/json", "text/html"))
        assert f"larger than casenotes accepts ({limit // 1024} KB)" in body.decode()
        assert got["connection"] == "close"  # the connection ends after the answer


@pytest.mark.parametrize("path", ["/api/v1/entries", "/"])
def test_chunked_body_growing_past_the_limit_is_cut_off(live: LiveServer, path: str) -> None:
    limit = live.settings.server.max_body_bytes
    cap = 50 * limit  # the sender would go on this long if the server let it
    headers = {"Transfer-Encoding": "chunked"}
    if path == "/":
        headers |= {
            "Cookie": session_cookie(live),
            "Content-Type": "application/x-www-form-urlencoded",
        }
        start = b"text="
    else:
        headers |= {**live.auth, "Content-Type": "application/json"}
        start = b'{"crn": "X100001", "text": "'
    sent = 0
    with connect(live) as sock:
        sock.sendall(head(path, headers))
        sock.settimeout(0.05)
        piece = start + b"x" * (CHUNK - len(start))
        answered = None
        while sent < cap:
            try:
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            except (BrokenPipeError, ConnectionResetError):
                break  # the server stopped reading and closed
            sent += len(piece)
            piece = b"x" * CHUNK
            try:
                answered = sock.recv(1, socket.MSG_PEEK)
            except TimeoutError:
                continue
            if answered:
                break
        sock.settimeout(10)
        assert sent < 4 * limit, f"the server read {sent:,} bytes of a {limit:,}-byte limit"
        status, got, body = response(sock)
        assert status == 413
        assert f"larger than casenotes accepts ({limit // 1024} KB)" in body.decode()
        assert got["connection"] == "close"  # the connection ends after the answer
    entries = requests.get(f"{live.url}/api/v1/entries", headers=live.auth, timeout=10).json()
    assert not any("xxxx" in e["note_text"] for e in entries["entries"])


def test_a_long_note_under_the_byte_limit_is_read(live: LiveServer) -> None:
    limit = live.settings.server.max_body_bytes
    text = "Sam Reed attended. " + "\U0001f600" * (12_000 - 19)  # 4 bytes each in UTF-8
    body = json.dumps({"text": text, "crn": "X100001"}, ensure_ascii=False).encode()
    assert limit * 2 // 3 < len(body) < limit
    with connect(live) as sock:
        headers = {
            **live.auth,
            "Content-Type": "application/json",
            "Content-Length": str(len(body)),
        }
        sock.sendall(head("/api/v1/entries", headers) + body)
        status, _, answer = response(sock)
    assert status == 201, answer


def test_a_request_line_too_long_is_a_400_and_logged_without_its_text(
    live: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="aiohttp.server")
    url = f"{live.url}/api/v1/search?q=Priya+Natt+" + "a" * 9000
    resp = requests.get(url, headers=live.auth, timeout=10)
    assert resp.status_code == 400
    logged = [r for r in caplog.records if r.name == "aiohttp.server"]
    assert any("LineTooLong" in r.getMessage() for r in logged)
    for record in logged:
        assert "Priya" not in caplog.text
        assert record.exc_info is None
