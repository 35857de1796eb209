"""Concurrent writers: an ingest in progress is never taken for an interrupted one.

Each test starts the second writer at a point the first one reports (a part bulk-loaded, a
writer waiting for a lock), so what overlaps is decided by events, not by timing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

from patentnav.graph.ingest import loader
from patentnav.graph.ingest.loader import ingest_file, list_sources, recover_interrupted
from patentnav.graph.ingest.synthetic import write_export
from patentnav.graph.store import PatentStore, open_store, select

ROWS = 600


def _patents_in(store: PatentStore, graph: str) -> int:
    query = f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?p a pnav:Patent }} }}"
    return select(store, query)[0]["n"]


@pytest.fixture
def two_files(tmp_path: Path) -> tuple[Path, Path]:
    """Two different synthetic exports (different seeds, so different SHA-256 and patents)."""
    return (
        write_export("cnipa", tmp_path / "synthetic_first.csv", rows=ROWS, seed=11),
        write_export("cnipa", tmp_path / "synthetic_second.csv", rows=200, seed=12),
    )


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many spool parts and frequent progress calls, so an ingest has a 'middle' to interrupt."""
    monkeypatch.setattr(loader, "SPOOL_PART_CHARS", 20_000)
    monkeypatch.setattr(loader, "_CHUNK", 50)


def _part_loaded(store: PatentStore, monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """An event set once the store has bulk-loaded a spool part (some of the graph is in, not all)."""
    loaded = threading.Event()
    original = store.load_quads_files

    def watched(paths, *, bulk=False, **kwargs):
        original(paths, bulk=bulk, **kwargs)
        if bulk:
            loaded.set()

    monkeypatch.setattr(store, "load_quads_files", watched)
    return loaded


@pytest.mark.embedded_only
def test_a_second_ingest_does_not_remove_a_graph_still_being_loaded(
    empty_store, two_files, small_parts, monkeypatch
) -> None:
    """The reported defect: ingest B's recovery ran while A was bulk-loading and removed A's parts."""
    first, second = two_files
    loaded = _part_loaded(empty_store, monkeypatch)
    during: list = []

    def progress(rows: int) -> None:
        if rows == 300 and not during:
            assert loaded.wait(timeout=60), "no part was loaded mid-file: the test would test nothing"
            # A is mid-file with parts of its graph loaded and no completion mark: run B to its end now.
            worker = threading.Thread(target=lambda: during.append(ingest_file(empty_store, second)))
            worker.start()
            worker.join()

    result = ingest_file(empty_store, first, transaction_limit=0, on_progress=progress)
    assert during and during[0].rows_read == 200
    assert result.patents_added == ROWS
    assert _patents_in(empty_store, result.graph) == ROWS
    assert _patents_in(empty_store, during[0].graph) == 200
    assert sorted(s["fileName"] for s in list_sources(empty_store)) == [first.name, second.name]
    assert ingest_file(empty_store, first).already_loaded


@pytest.mark.embedded_only
def test_recovery_leaves_a_live_writers_graph_alone(empty_store, two_files, small_parts, monkeypatch) -> None:
    """recover_interrupted (run by every CLI command and by the API at start) skips a graph being written."""
    first, _ = two_files
    loaded = _part_loaded(empty_store, monkeypatch)
    removed: list[list[str]] = []

    def progress(rows: int) -> None:
        if rows == 300 and not removed:
            assert loaded.wait(timeout=60)
            removed.append(recover_interrupted(empty_store))

    result = ingest_file(empty_store, first, transaction_limit=0, on_progress=progress)
    assert removed == [[]]
    assert _patents_in(empty_store, result.graph) == ROWS


@pytest.mark.embedded_only
def test_the_same_file_twice_at_once_is_loaded_once(empty_store, two_files, small_parts, monkeypatch) -> None:
    """Two concurrent ingests of one file: one loads it, the other waits and reports already_loaded."""
    first, _ = two_files
    loaded = _part_loaded(empty_store, monkeypatch)
    waiting = threading.Event()
    real_lock = loader.graph_lock

    @contextmanager
    def watched_lock(store, key, *, wait=True):
        if threading.current_thread().name == "second":
            waiting.set()  # about to wait for the first writer's lock
        with real_lock(store, key, wait=wait) as held:
            yield held

    monkeypatch.setattr(loader, "graph_lock", watched_lock)
    results: dict[str, loader.IngestResult] = {}
    second = threading.Thread(name="second", target=lambda: results.update(second=ingest_file(empty_store, first)))

    def progress(rows: int) -> None:
        if rows == 300 and not second.is_alive() and "second" not in results:
            assert loaded.wait(timeout=60)
            second.start()
            assert waiting.wait(timeout=60), "the second ingest never reached the lock"

    results["first"] = ingest_file(empty_store, first, transaction_limit=0, on_progress=progress)
    second.join(timeout=120)
    assert not second.is_alive()
    assert (results["first"].already_loaded, results["second"].already_loaded) == (False, True)
    assert results["first"].patents_added == ROWS and results["second"].patents_added == 0
    assert _patents_in(empty_store, results["first"].graph) == ROWS
    assert len(list_sources(empty_store)) == 1


_CHILD = """
import sys
from patentnav.graph.ingest import loader
from patentnav.graph.store import open_store

loader.SPOOL_PART_CHARS = 20_000
loader._CHUNK = 50
store = open_store(sys.argv[1])
original = store.load_quads_files
state = {"told": False}

def watched(paths, *, bulk=False, **kwargs):
    original(paths, bulk=bulk, **kwargs)
    if bulk and not state["told"]:
        state["told"] = True
        print("part loaded", flush=True)
        sys.stdin.readline()  # hold here, mid-ingest, until the parent says go (or kills us)

store.load_quads_files = watched
result = loader.ingest_file(store, sys.argv[2], transaction_limit=0)
print("done", result.patents_added, flush=True)
"""


@contextmanager
def _child_mid_ingest(store_url: str, path: Path):
    """A separate process ingesting ``path`` that stops, with a part loaded, until its stdin gets a line."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, store_url, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    try:
        assert proc.stdout.readline().strip() == "part loaded"
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=60)


@pytest.mark.virtuoso
def test_a_writer_in_another_process_is_left_alone_and_a_dead_one_is_cleaned(virtuoso_server, two_files) -> None:
    """Across processes (a shared SPARQL store): a live writer's graph stays; a killed writer's graph goes."""
    from tests.conftest import clear_store

    first, second = two_files
    store = open_store(virtuoso_server.store_url)
    clear_store(store)
    with _child_mid_ingest(virtuoso_server.store_url, first) as child:
        assert recover_interrupted(store) == []
        other = ingest_file(store, second)  # another file meanwhile, with its own recovery first
        child.stdin.write("go\n")
        child.stdin.flush()
        assert child.stdout.readline().split() == ["done", str(ROWS)]
    graph = loader.source_ids(loader.file_digest([first]))[1]
    assert _patents_in(store, graph) == ROWS and _patents_in(store, other.graph) == 200

    clear_store(store)
    with _child_mid_ingest(virtuoso_server.store_url, first) as child:
        child.kill()
        child.wait(timeout=60)
    assert store.has_graph(graph)  # the killed child's parts
    assert recover_interrupted(store) == [graph]
    assert not store.has_graph(graph)
