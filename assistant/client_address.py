"""The client's address, as seen through the reverse proxies the app is told to trust.

Behind a proxy every request comes from the proxy's address, so the per-address sign-in
limit would count every officer together. From a trusted proxy (`server.trusted_proxies`)
the address is read from `X-Forwarded-For`, right to left, skipping trusted hops; from
anyone else the header is ignored, so a client cannot pick the address it is counted as.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from aiohttp import web

from assistant.settings import SettingsError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """`server.trusted_proxies` as networks (a bare address is a network of one)."""
    try:
        return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)
    except (ValueError, AttributeError) as exc:
        raise SettingsError(f"server.trusted_proxies: {exc} (give addresses or CIDRs)") from None


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: web.Request, networks: tuple[Network, ...]) -> str:
    """The first untrusted address on the way in, or `request.remote` with no proxy."""
    remote = request.remote or "unknown"
    if not networks or not _trusted(remote, networks):
        return remote
    hops = [h.strip() for h in request.headers.get("X-Forwarded-For", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop
    return remote
