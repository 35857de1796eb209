"""The query pool: a runaway query is stopped on time and others keep being answered."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from patentnav.api.main import create_app
from patentnav.api.query_pool import ProcessQueryPool, ThreadQueryPool, open_pool
from patentnav.api.sparql_exec import QueryFailure, QueryJob
from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.store import open_store
from patentnav.settings import Settings

# A cross product of the pilot graph with itself four times: hours of work for the engine.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
JSON = "application/sparql-results+json"


@pytest.fixture
def disk_store(tmp_path):
    store = open_store(f"oxigraph://{tmp_path / 'store'}")
    ensure_seeded(store)
    store.flush()
    return store


def test_disk_store_gets_worker_processes_memory_store_threads(disk_store, store):
    pool = open_pool(disk_store, size=1, timeout=5)
    try:
        assert isinstance(pool, ProcessQueryPool)
    finally:
        pool.close()
    pool = open_pool(store, size=1, timeout=5)
    assert isinstance(pool, ThreadQueryPool)
    pool.close()


def test_runaway_query_is_killed_and_others_are_answered_meanwhile(disk_store):
    pool = open_pool(disk_store, size=2, timeout=2)
    try:
        assert b'"n"' in pool.run(QueryJob(COUNT, accept=JSON)).body  # warm both paths
        outcome: dict[str, object] = {}

        def runaway() -> None:
            start = time.monotonic()
            try:
                pool.run(QueryJob(RUNAWAY, accept=JSON))
            except QueryFailure as exc:
                outcome["failure"] = exc
            outcome["seconds"] = time.monotonic() - start

        thread = threading.Thread(target=runaway)
        thread.start()
        time.sleep(0.3)
        answered = []
        while thread.is_alive():
            started = time.monotonic()
            pool.run(QueryJob(COUNT, accept=JSON))
            answered.append(time.monotonic() - started)
        thread.join()
        failure = outcome["failure"]
        assert isinstance(failure, QueryFailure)
        assert failure.status == 503 and failure.title == "Query timed out"
        assert "2 s limit" in failure.detail
        assert 2 <= outcome["seconds"] < 6
        assert len(answered) >= 3, "other queries must be answered while the runaway one runs"
        assert max(answered) < 1.5
        # The killed worker was replaced: the pool still answers with both workers.
        assert b'"n"' in pool.run(QueryJob(COUNT, accept=JSON)).body
    finally:
        pool.close()


def test_api_times_out_with_a_problem_and_keeps_answering(disk_store):
    settings = Settings(store=disk_store.url, query_timeout=1.5, query_workers=2)
    with TestClient(create_app(settings, store=disk_store)) as c:
        r = c.get("/sparql", params={"query": RUNAWAY})
        assert r.status_code == 503
        assert r.json()["title"] == "Query timed out"
        assert r.headers["retry-after"] == "5"
        assert c.get("/sparql", params={"query": COUNT}).status_code == 200


def test_updates_reach_worker_processes(disk_store):
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


def test_memory_store_timeout_answers_at_once():
    # A small store, so the query that cannot be stopped ends on its own about a second later.
    store = open_store("memory://")
    store.load_graph("urn:t:g", "".join(f"<urn:t:s{i}> <urn:t:p> {i} .\n" for i in range(40)))
    pool = ThreadQueryPool(store, size=1, timeout=0.2, queue_wait=0.2)
    start = time.monotonic()
    with pytest.raises(QueryFailure) as info:
        pool.run(QueryJob(RUNAWAY, accept=JSON))
    assert time.monotonic() - start < 1
    assert info.value.status == 503 and "background" in info.value.detail
    # Its slot stays taken until it finishes: the pool is bounded, not leaking threads.
    with pytest.raises(QueryFailure) as busy:
        pool.run(QueryJob(COUNT, accept=JSON))
    assert busy.value.title == "Server busy"
    pool.close()


def test_a_queued_query_waits_past_the_execution_timeout(disk_store):
    # One worker, a 1 s timeout: client A's two runaway queries hold it for about 2 s, so client B's
    # short query queues longer than the timeout. It is answered, not refused: waiting has its own limit.
    pool = open_pool(disk_store, size=1, timeout=1, queue_wait=6)
    try:
        assert b'"n"' in pool.run(QueryJob(COUNT, accept=JSON)).body  # the worker is up
        failures: list[QueryFailure] = []

        def client_a() -> None:
            try:
                pool.run(QueryJob(RUNAWAY, accept=JSON))
            except QueryFailure as exc:
                failures.append(exc)

        runaways = [threading.Thread(target=client_a) for _ in range(2)]
        for thread in runaways:
            thread.start()
            time.sleep(0.2)  # A's second query queues before B's
        started = time.monotonic()
        answer = pool.run(QueryJob(COUNT, accept=JSON))
        waited = time.monotonic() - started
        for thread in runaways:
            thread.join()
        assert b'"n"' in answer.body
        assert waited > pool.timeout, "B must have queued longer than the execution timeout"
        assert [f.title for f in failures] == ["Query timed out", "Query timed out"]
    finally:
        pool.close()


def test_queue_wait_defaults_to_twice_the_timeout_and_bounds_the_wait():
    store = open_store("memory://")
    store.load_graph("urn:t:g", "".join(f"<urn:t:s{i}> <urn:t:p> {i} .\n" for i in range(50)))
    assert ThreadQueryPool(store, size=1, timeout=3).queue_wait == 6
    pool = ThreadQueryPool(store, size=1, timeout=0.2, queue_wait=0.3)
    with pytest.raises(QueryFailure):
        pool.run(QueryJob(RUNAWAY, accept=JSON))  # holds the only thread a few seconds more
    start = time.monotonic()
    with pytest.raises(QueryFailure) as busy:
        pool.run(QueryJob(COUNT, accept=JSON))
    assert 0.25 < time.monotonic() - start < 0.8
    assert busy.value.title == "Server busy" and "0.3 s" in busy.value.detail
    pool.close()


def test_queue_wait_setting_reaches_the_pool(disk_store):
    settings = Settings(store=disk_store.url, query_timeout=4, query_queue_wait=11, query_workers=1)
    with TestClient(create_app(settings, store=disk_store)) as c:
        assert c.get("/sparql", params={"query": COUNT}).status_code == 200
        pool = c.app.state.query_pool
        assert (pool.timeout, pool.queue_wait) == (4, 11)
    settings = Settings(store=disk_store.url, query_timeout=4, query_workers=1)
    with TestClient(create_app(settings, store=disk_store)) as c:
        assert c.get("/sparql", params={"query": COUNT}).status_code == 200
        assert c.app.state.query_pool.queue_wait == 8


def _patents(c: TestClient) -> int:
    query = "PREFIX pnav: <https://w3id.org/patentnav/ontology#> SELECT (COUNT(?p) AS ?n) WHERE { ?p a pnav:Patent }"
    r = c.get("/sparql", params={"query": query}, headers={"accept": JSON})
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_a_query_after_an_ingest_sees_the_new_patents(disk_store):
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
    pool = open_pool(disk_store, size=2, timeout=10)
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
