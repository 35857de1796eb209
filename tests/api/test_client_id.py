"""Client identity: X-Forwarded-For only from trusted proxies."""

from __future__ import annotations

import pytest

from patentnav.api.client_id import client_id, parse_networks

TRUSTED = parse_networks(["10.0.0.0/8", "::1"])


def test_peer_is_the_client_without_a_trusted_proxy():
    assert client_id("198.51.100.7", "203.0.113.5", TRUSTED) == "198.51.100.7"
    assert client_id("198.51.100.7", None, []) == "198.51.100.7"


def test_trusted_proxy_passes_on_the_nearest_untrusted_hop():
    # A client may prepend anything; the hop the proxy itself appended is what counts.
    assert client_id("10.1.2.3", "1.2.3.4, 203.0.113.5", TRUSTED) == "203.0.113.5"
    assert client_id("::1", "203.0.113.5, 10.0.0.9", TRUSTED) == "203.0.113.5"


def test_garbage_in_the_header_is_an_identity_not_an_error():
    assert client_id("10.1.2.3", "not-an-ip", TRUSTED) == "not-an-ip"
    assert client_id("10.1.2.3", " , ", TRUSTED) == "10.1.2.3"


def test_a_bad_trusted_proxy_entry_is_named():
    with pytest.raises(ValueError, match="proxy 'nope'"):
        parse_networks(["nope"])
