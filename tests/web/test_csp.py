"""The CSP allows the GOV.UK template's inline script by its hash, and nothing else inline."""

from __future__ import annotations

import base64
import hashlib
import re

from assistant.csp import govuk_inline_script, script_hash
from tests.web.conftest import sign_in


def _inline_scripts(page: str) -> list[str]:
    return re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", page, re.S)


def test_script_hash_is_the_csp_sha256_of_the_text():
    expected = base64.b64encode(hashlib.sha256(b"alert(1)").digest()).decode()
    assert script_hash("alert(1)") == f"'sha256-{expected}'"


async def test_every_inline_script_on_a_page_is_allowed_by_the_policy(client):
    await sign_in(client, "olivia")
    for path in ("/login", "/", "/drafts", "/search"):
        resp = await client.get(path)
        page = await resp.text()
        policy = resp.headers["Content-Security-Policy"]
        scripts = _inline_scripts(page)
        assert scripts == [govuk_inline_script()], path
        assert script_hash(scripts[0]) in policy
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy


def test_a_changed_script_is_not_allowed():
    changed = govuk_inline_script().replace("js-enabled", "js-enabled evil")
    assert script_hash(changed) != script_hash(govuk_inline_script())
