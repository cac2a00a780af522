"""Teams outgoing-webhook authentication: HMAC-SHA256 of the raw body, as Teams signs it."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac


def signature(secret_b64: str, body: bytes) -> str:
    """The base64 HMAC-SHA256 of `body` keyed by the base64-decoded shared secret."""
    key = base64.b64decode(secret_b64, validate=True)
    return base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode("ascii")


def verify(secret_b64: str, body: bytes, authorization: str | None) -> bool:
    """True when `Authorization: HMAC <sig>` signs exactly these body bytes with the secret."""
    if not authorization or not secret_b64:
        return False
    scheme, _, sent = authorization.strip().partition(" ")
    if scheme.upper() != "HMAC" or not sent.strip():
        return False
    try:
        expected = signature(secret_b64, body)
    except (binascii.Error, ValueError):
        return False  # a secret that is not base64 signs nothing
    # Bytes, so a non-ASCII header is simply unequal rather than a TypeError.
    return hmac.compare_digest(
        expected.encode("ascii"), sent.strip().encode("utf-8", "surrogateescape")
    )
