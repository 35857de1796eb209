"""Fair queueing of SPARQL queries across clients, and the per-client cap."""

from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient

from patentnav.api.fair_gate import FairGate, TooManyQueries
from patentnav.api.main import create_app
from patentnav.settings import Settings

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _until(condition) -> None:
    """Wait (synchronisation only, nothing timed is asserted) until ``condition()`` holds."""
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, "the gate never got there"
        time.sleep(0.005)


def _queue(gate: FairGate, client: str, order: list[str]) -> threading.Thread:
    def take() -> None:
        assert gate.acquire(client, timeout=60)
        order.append(client)
        gate.release(client)

    thread = threading.Thread(target=take)
    thread.start()
    return thread


def test_a_flooding_client_delays_another_by_at_most_the_running_slot():
    """Six queued queries of one client do not delay another client's: it gets the next free slot."""
    gate = FairGate(slots=1)
    assert gate.acquire("flood", timeout=1)  # the one slot: a flood query is running
    order: list[str] = []
    threads = [_queue(gate, "flood", order) for _ in range(6)]
    _until(lambda: gate.waiting("flood") == 6)
    threads.append(_queue(gate, "other", order))
    _until(lambda: gate.waiting() == 7)
    gate.release("flood")
    for thread in threads:
        thread.join()
    assert order == ["other"] + ["flood"] * 6


def test_waiting_clients_take_turns():
    """Two clients' waiting queries are served round-robin, whatever order they queued in."""
    gate = FairGate(slots=1)
    assert gate.acquire("holder", timeout=1)
    order: list[str] = []
    threads = []
    for client in ("a", "a", "a", "b", "b", "b"):  # a queued all three before b arrived
        threads.append(_queue(gate, client, order))
        queued = len(threads)
        _until(lambda: gate.waiting() == queued)  # noqa: B023 - used before the loop moves on
    gate.release("holder")
    for thread in threads:
        thread.join()
    assert order == ["a", "b", "a", "b", "a", "b"]


def test_a_client_at_its_cap_is_refused_at_once_and_others_are_not():
    """Past ``per_client`` a client is refused without waiting; another client is not; the cap counts live slots."""
    gate = FairGate(slots=2, per_client=1)
    assert gate.acquire("a", timeout=1)
    with pytest.raises(TooManyQueries):
        gate.acquire("a", timeout=60)
    assert gate.acquire("b", timeout=1)
    gate.release("a")
    assert gate.acquire("a", timeout=1)  # the cap counts what is running now, not what ran


def test_a_waiter_that_gives_up_leaves_no_trace():
    """A waiter that times out leaves the queue and its client's count as they were."""
    gate = FairGate(slots=1, per_client=1)
    assert gate.acquire("a", timeout=1)
    assert gate.acquire("b", timeout=0.01) is False
    assert gate.waiting() == 0
    gate.release("a")
    assert gate.acquire("b", timeout=1)  # b's abandoned ticket counts against nothing


def _app(**settings):
    return create_app(Settings(store="memory://", query_workers=2, query_per_client=1, **settings))


def _hold(client: TestClient, who: str) -> None:
    """Start the API's pool, then take a slot for ``who``, as a running query of ``who`` would."""
    assert client.get("/sparql", params={"query": COUNT}).status_code == 200  # starts the pool
    gate = client.app.state.query_pool.gate

    def take() -> bool:
        try:
            return gate.acquire(who, timeout=60)
        except TooManyQueries:  # the in-memory pool frees the first query's slot just after its answer
            return False

    _until(take)


def test_over_the_cap_the_api_answers_429_with_retry_after():
    """A client over its cap gets a 429 problem with Retry-After from the API."""
    with TestClient(_app()) as c:
        _hold(c, "testclient")
        r = c.get("/sparql", params={"query": COUNT})
        assert r.status_code == 429
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.headers["retry-after"] == "5"
        assert r.json()["title"] == "Too many queries"


def test_forwarded_for_from_an_untrusted_peer_is_ignored():
    """X-Forwarded-For from a peer that is not a trusted proxy does not change who is counted."""
    with TestClient(_app(), client=("198.51.100.7", 5000)) as c:
        _hold(c, "198.51.100.7")
        r = c.get("/sparql", params={"query": COUNT}, headers={"x-forwarded-for": "203.0.113.5"})
        assert r.status_code == 429  # still counted as the peer, whatever the header says


def test_forwarded_for_from_a_trusted_proxy_names_the_client():
    """Behind a trusted proxy each forwarded client has its own cap, and the proxy's own queries theirs."""
    with TestClient(_app(trusted_proxies=["127.0.0.0/8"]), client=("127.0.0.1", 5000)) as c:
        _hold(c, "127.0.0.1")
        forwarded = {"x-forwarded-for": "203.0.113.5"}
        assert c.get("/sparql", params={"query": COUNT}, headers=forwarded).status_code == 200
        assert c.get("/sparql", params={"query": COUNT}).status_code == 429  # the proxy itself is capped
