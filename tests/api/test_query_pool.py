"""The query pool: a runaway query is stopped on time and others keep being answered.

Nothing here depends on the machine's speed. A runaway query is one that cannot finish (a cross
product of the pilot graph with itself four times), so only the pool can end it; a query on the
in-memory store, which the pool cannot stop, is held on a :class:`threading.Event` until the test
releases it. Elapsed times are only ever checked from below (a wait lasted at least its limit);
the waits that would hang if the pool broke have generous guards.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from patentnav.api.main import create_app
from patentnav.api.query_pool import ProcessQueryPool, ThreadQueryPool, open_pool
from patentnav.api.sparql_exec import QueryFailure, QueryJob
from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.store import OxigraphStore, open_store
from patentnav.settings import Settings

# A cross product of the pilot graph (~1,200 triples) with itself four times: ~2e12 solutions to count,
# hours of work for the engine on any machine.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# The query a _HeldStore holds until the test releases it.
HELD = "ASK { ?s ?p ?o }  # held"
JSON = "application/sparql-results+json"
# A limit that only guards against a hang. A fresh worker process is still importing when its first
# job arrives, and that start-up counts against the job's limit: warm-ups and checks that a pool still
# answers use this one, the runaway query the short limit under test.
GENEROUS = 120.0


def _until(condition: Callable[[], bool]) -> None:
    """Wait (synchronisation only, nothing timed is asserted) until ``condition()`` holds."""
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, "the pool never got there"
        time.sleep(0.005)


class _HeldStore(OxigraphStore):
    """An in-memory store whose query ``HELD`` runs until the test sets ``release`` (``finished`` is set after)."""

    started: threading.Event
    release: threading.Event
    finished: threading.Event

    def query(self, sparql: str, **kwargs):
        if sparql == HELD:
            self.started.set()
            released = self.release.wait(timeout=GENEROUS)  # a broken pool fails the test instead of hanging it
            self.finished.set()
            if not released:
                raise RuntimeError("the test never released the held query")
        return super().query(sparql, **kwargs)


@pytest.fixture
def held_store() -> Iterator[_HeldStore]:
    store = _HeldStore(url="memory://", inner=ox.Store())
    store.started, store.release, store.finished = threading.Event(), threading.Event(), threading.Event()
    store.load_graph("urn:t:g", "".join(f"<urn:t:s{i}> <urn:t:p> {i} .\n" for i in range(20)))
    yield store
    store.release.set()  # never leave a pool thread blocked after the test


@pytest.fixture
def disk_store(tmp_path):
    store = open_store(f"oxigraph://{tmp_path / 'store'}")
    ensure_seeded(store)
    store.flush()
    return store


def test_disk_store_gets_worker_processes_memory_store_threads(disk_store, store):
    """An on-disk store is queried by worker processes (which can be killed), any other store by threads."""
    pool = open_pool(disk_store, size=1, timeout=5)
    try:
        assert isinstance(pool, ProcessQueryPool)
    finally:
        pool.close()
    pool = open_pool(store, size=1, timeout=5)
    assert isinstance(pool, ThreadQueryPool)
    pool.close()


@pytest.mark.timeout(300)
def test_a_runaway_query_is_killed_at_the_timeout_and_its_worker_replaced(disk_store):
    """A query that cannot finish is stopped after its limit with a 503; its worker process was killed, not left
    running, and a new worker in its place answers the next query."""
    pool = open_pool(disk_store, size=1, timeout=GENEROUS)
    try:
        assert b'"n"' in pool.run(QueryJob(COUNT, accept=JSON)).body  # the worker is up
        (worker,) = pool._workers
        pool.timeout = 1
        start = time.monotonic()
        with pytest.raises(QueryFailure) as info:
            pool.run(QueryJob(RUNAWAY, accept=JSON))
        assert time.monotonic() - start >= 1, "the query was failed before its limit"
        failure = info.value
        assert failure.status == 503 and failure.title == "Query timed out"
        assert "1 s limit" in failure.detail
        assert worker.process.exitcode == -signal.SIGKILL, "the runaway's worker must be killed"
        (replacement,) = pool._workers
        assert replacement is not worker and replacement.process.is_alive()
        pool.timeout = GENEROUS
        assert b'"n"' in pool.run(QueryJob(COUNT, accept=JSON)).body
    finally:
        pool.close()


@pytest.mark.timeout(300)
def test_other_queries_are_answered_while_a_runaway_one_holds_a_worker(disk_store):
    """With two workers, one busy with a query that cannot finish, the other keeps answering. When the busy worker
    dies the runaway gets a 500, and the pool starts a new worker in its place."""
    # The limit is never reached: the test ends the runaway itself. ``queue_wait`` is short so that a pool
    # that made the other queries wait for the busy worker fails at once instead of hanging.
    pool = open_pool(disk_store, size=2, timeout=GENEROUS, queue_wait=30)
    try:
        assert b'"n"' in pool.run(QueryJob(COUNT, accept=JSON)).body
        outcome: dict[str, QueryFailure] = {}

        def runaway() -> None:
            try:
                pool.run(QueryJob(RUNAWAY, accept=JSON))
            except QueryFailure as exc:
                outcome["failure"] = exc

        thread = threading.Thread(target=runaway, daemon=True)
        thread.start()
        _until(lambda: pool._idle.qsize() == 1)  # the runaway has taken a worker
        (busy,) = [w for w in pool._workers if w not in list(pool._idle.queue)]
        for _ in range(3):
            assert b'"n"' in pool.run(QueryJob(COUNT, accept=JSON)).body
            assert thread.is_alive() and not outcome, "answered while the runaway query runs"
        busy.process.kill()  # as a crash in the engine would
        thread.join(timeout=60)
        assert not thread.is_alive()
        failure = outcome["failure"]
        assert failure.status == 500 and "worker stopped" in failure.detail
        assert len(pool._workers) == 2 and busy not in pool._workers
        for _ in range(2):
            assert b'"n"' in pool.run(QueryJob(COUNT, accept=JSON)).body
    finally:
        pool.close()


def test_api_times_out_with_a_problem_and_keeps_answering(disk_store):
    """Through the API a runaway query gets a 503 problem with Retry-After, and the endpoint keeps answering."""
    settings = Settings(store=disk_store.url, query_timeout=1.5, query_workers=2)
    with TestClient(create_app(settings, store=disk_store)) as c:
        r = c.get("/sparql", params={"query": RUNAWAY})
        assert r.status_code == 503
        assert r.json()["title"] == "Query timed out" and "1.5 s limit" in r.json()["detail"]
        assert r.headers["retry-after"] == "5"
        # The next query may meet a worker still starting (the killed one's replacement, or the other one
        # on a loaded machine), whose start-up would count against a short limit.
        c.app.state.query_pool.timeout = GENEROUS
        assert c.get("/sparql", params={"query": COUNT}).status_code == 200


def test_updates_reach_worker_processes(disk_store):
    """A SPARQL update through the API is seen by the worker processes' next query."""
    settings = Settings(store=disk_store.url, update_token="tok", query_workers=1)
    with TestClient(create_app(settings, store=disk_store)) as c:
        ask = {"query": "ASK { <urn:t:a> ?p ?o }"}
        assert c.get("/sparql", params=ask, headers={"accept": JSON}).json()["boolean"] is False
        r = c.post(
            "/sparql",
            content="INSERT DATA { GRAPH <urn:t:g> { <urn:t:a> <urn:t:p> 1 } }",
            headers={"authorization": "Bearer tok", "content-type": "application/sparql-update"},
        )
        assert r.status_code == 204
        assert c.get("/sparql", params=ask, headers={"accept": JSON}).json()["boolean"] is True


def test_memory_store_timeout_answers_while_the_query_still_runs(held_store):
    """On an in-memory store the client gets its 503 at the limit although the query cannot be stopped. The query
    keeps its slot until it really ends (the pool is bounded, it does not pile up threads), then gives it back."""
    pool = ThreadQueryPool(held_store, size=1, timeout=0.2, queue_wait=0.2)
    try:
        with pytest.raises(QueryFailure) as info:
            pool.run(QueryJob(HELD, accept=JSON))
        assert not held_store.finished.is_set(), "the client must be answered before the query ends"
        assert info.value.status == 503 and info.value.title == "Query timed out"
        assert "background" in info.value.detail
        with pytest.raises(QueryFailure) as busy:
            pool.run(QueryJob(COUNT, accept=JSON))
        assert busy.value.title == "Server busy"
        held_store.release.set()
        assert pool.gate.acquire("probe", timeout=GENEROUS), "the ended query never gave its slot back"
        pool.gate.release("probe")
        assert held_store.started.is_set() and held_store.finished.is_set()
        assert b'"n"' in pool.run(QueryJob(COUNT, accept=JSON)).body
    finally:
        held_store.release.set()
        pool.close()


def _seeded_memory_store() -> OxigraphStore:
    store = open_store("memory://")
    ensure_seeded(store)
    return store


@pytest.mark.timeout(300)
@pytest.mark.parametrize("workers", ["threads", "processes"])
def test_a_queued_query_waits_past_the_execution_timeout(workers, request):
    """A query queued behind a busy slot for longer than the execution timeout is answered when the slot frees,
    not refused: waiting has its own limit (``queue_wait``), a long queue is not the waiting query's fault."""
    store = request.getfixturevalue("disk_store") if workers == "processes" else _seeded_memory_store()
    pool = open_pool(store, size=1, timeout=GENEROUS, queue_wait=GENEROUS)
    try:
        assert b'"n"' in pool.run(QueryJob(COUNT, accept=JSON)).body  # the worker is up
        pool.timeout = 0.3
        assert pool.gate.acquire("a", timeout=GENEROUS)  # client A's query holds the only slot
        outcome: dict[str, object] = {}

        def client_b() -> None:
            try:
                outcome["answer"] = pool.run(QueryJob(COUNT, accept=JSON), client="b")
            except QueryFailure as exc:
                outcome["failure"] = exc

        thread = threading.Thread(target=client_b, daemon=True)
        thread.start()
        _until(lambda: pool.gate.waiting("b") == 1)
        time.sleep(3 * pool.timeout)  # B has now waited three times the execution timeout (or longer)...
        assert thread.is_alive() and not outcome, f"B must still be waiting, not {outcome}"  # ...and still waits
        pool.timeout = GENEROUS  # B's own run may meet a worker still starting
        pool.gate.release("a")
        thread.join(timeout=GENEROUS)
        assert not thread.is_alive()
        assert "failure" not in outcome, outcome
        assert b'"n"' in outcome["answer"].body
    finally:
        pool.close()


def test_queue_wait_defaults_to_twice_the_timeout_and_bounds_the_wait(held_store):
    """Without ``queue_wait`` a query waits twice the execution timeout for a slot, then gets 503 "Server busy":
    after the timeout, and while the query holding the slot still runs (the wait is bounded, not the query)."""
    for queue_wait, expected in ((None, 6), (1, 1)):
        pool = ThreadQueryPool(held_store, size=1, timeout=3, queue_wait=queue_wait)
        assert pool.queue_wait == expected
        pool.close()
    pool = ThreadQueryPool(held_store, size=1, timeout=0.2)
    try:
        with pytest.raises(QueryFailure):
            pool.run(QueryJob(HELD, accept=JSON))  # holds the only thread until released
        start = time.monotonic()
        with pytest.raises(QueryFailure) as busy:
            pool.run(QueryJob(COUNT, accept=JSON))
        waited = time.monotonic() - start
        assert busy.value.title == "Server busy" and "0.4 s" in busy.value.detail
        assert waited >= 0.4 - 1e-3, f"refused after {waited:.3f} s, before its 0.4 s wait"
        assert not held_store.finished.is_set(), "the wait must end by its own limit, not when the slot frees"
    finally:
        held_store.release.set()
        pool.close()


def test_queue_wait_setting_reaches_the_pool(disk_store):
    """``query_timeout`` and ``query_queue_wait`` reach the API's pool; an unset wait is twice the timeout."""
    # Limits long enough for the first query to meet a worker process still starting, on any machine.
    settings = Settings(store=disk_store.url, query_timeout=60, query_queue_wait=110, query_workers=1)
    with TestClient(create_app(settings, store=disk_store)) as c:
        assert c.get("/sparql", params={"query": COUNT}).status_code == 200
        pool = c.app.state.query_pool
        assert (pool.timeout, pool.queue_wait) == (60, 110)
    settings = Settings(store=disk_store.url, query_timeout=60, query_workers=1)
    with TestClient(create_app(settings, store=disk_store)) as c:
        assert c.get("/sparql", params={"query": COUNT}).status_code == 200
        assert c.app.state.query_pool.queue_wait == 120


def _patents(c: TestClient) -> int:
    query = "PREFIX pnav: <https://w3id.org/patentnav/ontology#> SELECT (COUNT(?p) AS ?n) WHERE { ?p a pnav:Patent }"
    r = c.get("/sparql", params={"query": query}, headers={"accept": JSON})
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_a_query_after_an_ingest_sees_the_new_patents(disk_store):
    """Worker processes see the patents of an ``/ingest`` in the next query."""
    sample = Path(__file__).parents[2] / "data" / "samples" / "synthetic_cnipa.csv"
    settings = Settings(store=disk_store.url, ingest_token="tok", query_workers=2)
    with TestClient(create_app(settings, store=disk_store)) as c:
        assert _patents(c) == 0
        with sample.open("rb") as f:
            r = c.post(
                "/ingest",
                files={"file": (sample.name, f, "text/csv")},
                headers={"authorization": "Bearer tok"},
            )
        assert r.status_code == 200, r.text
        assert _patents(c) == r.json()["patents_added"] > 0


def test_workers_read_snapshots_that_do_not_pile_up(disk_store, tmp_path):
    """Workers read checkpoints of the store, move to the newest after a write, and old ones are deleted."""
    pool = open_pool(disk_store, size=2, timeout=GENEROUS)
    try:
        root = pool.snapshots.root
        assert root.parent == tmp_path and root.name == "store.snapshots"
        count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:t:g> { ?s ?p ?o } }"
        for n in range(1, 8):
            disk_store.update(f"INSERT DATA {{ GRAPH <urn:t:g> {{ <urn:t:s{n}> <urn:t:p> {n} }} }}")
            pool.refresh()
            answer = pool.run(QueryJob(count, accept="text/csv"))
            assert answer.body.split()[-1] == str(n).encode()  # the new data, at once
            # the newest snapshot and at most one older one per worker, never the live store
            assert 1 <= len(pool.snapshots.on_disk()) <= 3
            assert all(p.parent == root for p in pool.snapshots.on_disk())
        # exactly the newest snapshot and those a worker still has open are left
        held = {w.snapshot for w in pool._workers if w.snapshot}
        assert {str(p) for p in pool.snapshots.on_disk()} == held | {pool.snapshots.current}
    finally:
        pool.close()
    assert not root.exists()
