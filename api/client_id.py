"""Who is asking: the peer address, or ``X-Forwarded-For`` when the peer is a trusted proxy.

The header is anyone's to write, so it is believed only from peers listed in
``PATENTNAV_TRUSTED_PROXIES`` (addresses or networks). Walking the header from the
right, each hop that is itself a trusted proxy is skipped; the first untrusted
address is the client (so a client cannot choose its own identity by prepending
addresses).

>>> trusted = parse_networks(["127.0.0.1"])
>>> client_id("127.0.0.1", "203.0.113.9, 127.0.0.1", trusted)
'203.0.113.9'
>>> client_id("198.51.100.7", "203.0.113.9", trusted)
'198.51.100.7'
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

__all__ = ["Network", "client_id", "parse_networks"]

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> list[Network]:
    """Addresses or CIDR networks; raise ``ValueError`` naming a bad entry."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as exc:
            raise ValueError(f"trusted proxy {value!r} is not an IP address or network: {exc}") from exc
    return networks


def _trusted(address: str, trusted: list[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_id(peer: str | None, forwarded_for: str | None, trusted: list[Network]) -> str:
    """The client's identity for fairness and per-client limits."""
    peer = peer or "unknown"
    if not forwarded_for or not _trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            return hop
    return hops[0] if hops else peer
