"""The Content-Security-Policy: our scripts are files under /assets/, plus the one inline
script the GOV.UK page template carries, allowed by its hash rather than 'unsafe-inline'."""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache

from jinja2 import PackageLoader

# The template's body-class snippet; without it the browser logs a CSP violation on every
# page. It is rendered without a nonce (we set no cspNonce), so its text is fixed.
_INLINE_SCRIPT = re.compile(r"<script\s*\{%- if cspNonce %\}.*?\{% endif %\}>(.*?)</script>", re.S)


@cache
def govuk_inline_script() -> str:
    """The text of the GOV.UK template's inline script, read from the installed package, so
    the hash follows an upgrade of govuk-frontend-jinja."""
    loader = PackageLoader("govuk_frontend_jinja")
    source, _, _ = loader.get_source(None, "template.html")  # type: ignore[arg-type]
    found = _INLINE_SCRIPT.search(source)
    if found is None:
        raise RuntimeError("the GOV.UK page template has no inline body-class script")
    return found.group(1)


def script_hash(text: str) -> str:
    """A CSP source expression allowing exactly this inline script."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@cache
def policy() -> str:
    """The policy every response carries: nothing inline except the GOV.UK snippet."""
    return (
        f"default-src 'self'; script-src 'self' {script_hash(govuk_inline_script())}; "
        "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    )
