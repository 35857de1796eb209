"""A bounded pool that runs SPARQL queries with a timeout that really stops them.

pyoxigraph cannot cancel a running query, so:

* for an on-disk store (``oxigraph:///path``) queries run in worker **processes**, each
  reading an immutable checkpoint of the store (:mod:`patentnav.api.snapshots`) with
  ``Store.read_only`` — never the live store, which pyoxigraph says is undefined beside a
  writer. A worker that overruns the timeout is killed and replaced, and the client gets
  a 503 "Query timed out". After a write, :meth:`ProcessQueryPool.refresh` takes a new
  checkpoint and each worker moves to it before its next query, so it sees the change.
* for an in-memory store (``memory://``, tests and one-off use) other processes cannot
  see the data, so queries run in a bounded pool of **threads** over the same store. On
  timeout the client still gets the 503 at once, but the query finishes in the
  background and keeps its slot until then; docs/sparql.md says so.

An app starts its pool in its lifespan (:func:`start_query_pool`, which keeps it on
``app.state.query_pool``) and stops it there (:func:`close_query_pool`); routes take it with
the ``QueryPoolDep`` dependency (:mod:`patentnav.api.deps`).

A query waits for a free worker up to ``queue_wait`` seconds (default twice the timeout),
a limit of its own: a long queue behind a runaway query is not the query's fault, so a
waiting query is not failed after the execution timeout. Past ``queue_wait`` both pools
refuse with 503 "Server busy".

The module stays whole: its process and thread pools are the two implementations of one :class:`QueryPool`
protocol, sharing its slot, queue-wait and timeout helpers, and the lifespan functions that choose between
them.

>>> from patentnav.graph.store import open_store
>>> pool = open_pool(open_store("memory://"), size=1, timeout=5)
>>> pool.run(QueryJob("ASK {}", accept="text/csv")).body
b'true'
>>> pool.close()
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlparse

from patentnav.api.fair_gate import FairGate, TooManyQueries
from patentnav.api.snapshots import Snapshots, snapshot_root
from patentnav.api.sparql_exec import QueryAnswer, QueryFailure, QueryJob, execute
from patentnav.graph.store import PatentStore, open_store

__all__ = [
    "ProcessQueryPool",
    "QueryPool",
    "ThreadQueryPool",
    "close_query_pool",
    "open_pool",
    "running_query_pool",
    "start_query_pool",
]


class QueryPool(Protocol):
    """What the SPARQL route needs from a pool."""

    timeout: float
    queue_wait: float

    def run(self, job: QueryJob, client: str = "") -> QueryAnswer: ...

    def refresh(self) -> None: ...

    def close(self) -> None: ...


def _timed_out(timeout: float, background: bool = False) -> QueryFailure:
    tail = " (it finishes in the background: in-memory stores cannot stop a query)" if background else ""
    return QueryFailure(
        503, "Query timed out", f"the query ran longer than the {timeout:g} s limit and was stopped{tail}; narrow it"
    )


def _busy(queue_wait: float) -> QueryFailure:
    return QueryFailure(503, "Server busy", f"no query worker became free within {queue_wait:g} s; try again later")


def _queue_wait(timeout: float, queue_wait: float | None) -> float:
    return 2 * timeout if queue_wait is None else queue_wait


def _enter(gate: FairGate, client: str, queue_wait: float) -> None:
    """Take a slot for ``client`` fairly, or raise the 429/503 failure."""
    try:
        if not gate.acquire(client, queue_wait):
            raise _busy(queue_wait)
    except TooManyQueries as exc:
        raise QueryFailure(
            429, "Too many queries", f"this client already has {exc.limit} SPARQL queries running or waiting"
        ) from None


# ------------------------------------------------------------------ processes


def _worker_failed(exc: Exception) -> QueryFailure:
    return QueryFailure(500, "Query failed", f"the query worker failed: {type(exc).__name__}")


def _worker_main(conn: Connection) -> None:
    store, opened = None, None
    conn.send(("ready", None))  # imports done: from now on a query's time is its own
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        snapshot, job = message
        try:
            if snapshot != opened or store is None:
                store, opened = None, None  # let go of the old snapshot before opening the new one
                store, opened = open_store("oxigraph://" + snapshot, read_only=True), snapshot
            conn.send(("ok", execute(store, job)))
        except QueryFailure as exc:
            conn.send(("failed", exc))
        except Exception as exc:
            conn.send(("failed", _worker_failed(exc)))


#: How long a new worker may take to start (spawn a Python, import pyoxigraph) before it counts as broken.
WORKER_START_TIMEOUT = 120.0


class _Worker:
    def __init__(self, context: mp.context.SpawnContext) -> None:
        self.snapshot: str | None = None  # the snapshot this worker has open (or will, for its current job)
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child,), daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self) -> None:
        """Wait for the worker's start-up to end, so that start-up never counts against a query's time limit."""
        if self.ready:
            return
        if not self.conn.poll(WORKER_START_TIMEOUT):
            raise OSError("the query worker did not start")
        self.conn.recv()
        self.ready = True

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                self.process.kill()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)
        self.conn.close()


class ProcessQueryPool:
    """``size`` worker processes reading snapshots of the on-disk ``store`` at ``path``.

    Each query is bounded by ``timeout``; it waits at most ``queue_wait`` seconds (default
    ``2 * timeout``) for a free worker. Workers read :class:`~patentnav.api.snapshots.Snapshots`
    of the store, never the live store.
    """

    def __init__(
        self,
        store: PatentStore,
        path: str,
        size: int,
        timeout: float,
        queue_wait: float | None = None,
        per_client: int = 0,
    ) -> None:
        self.path, self.timeout = path, timeout
        self.queue_wait = _queue_wait(timeout, queue_wait)
        self.gate = FairGate(size, per_client)
        self.snapshots = Snapshots(store, snapshot_root(path))
        self._context = mp.get_context("spawn")  # never fork a threaded server
        self._lock = threading.Lock()  # which worker holds which snapshot, against pruning
        self._workers: list[_Worker] = []
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        for _ in range(size):
            self._idle.put(self._start_worker())

    def _start_worker(self) -> _Worker:
        worker = _Worker(self._context)
        with self._lock:
            self._workers.append(worker)
        return worker

    def _replace(self, worker: _Worker) -> _Worker:
        worker.stop(kill=True)
        with self._lock:
            self._workers.remove(worker)
        self._prune()
        return self._start_worker()

    def _prune(self) -> None:
        with self._lock:
            self.snapshots.prune({w.snapshot for w in self._workers if w.snapshot})

    def run(self, job: QueryJob, client: str = "") -> QueryAnswer:
        """Run ``job`` for ``client`` in a free worker; raise :class:`QueryFailure` on error, timeout or overload."""
        if self._closed:
            raise QueryFailure(503, "Shutting down", "the server is stopping")
        _enter(self.gate, client, self.queue_wait)
        try:
            return self._run(job)
        finally:
            self.gate.release(client)

    def _run(self, job: QueryJob) -> QueryAnswer:
        # The gate hands out as many slots as there are workers, so one is idle now.
        worker = self._idle.get(timeout=self.queue_wait)
        try:
            worker.wait_ready()
            with self._lock:
                moved, worker.snapshot = worker.snapshot != self.snapshots.current, self.snapshots.current
            worker.conn.send((worker.snapshot, job))
            if not worker.conn.poll(self.timeout):
                worker = self._replace(worker)
                raise _timed_out(self.timeout)
            kind, payload = worker.conn.recv()
            if moved:
                self._prune()  # the worker has closed its old snapshot: delete it if nobody else reads it
        except (EOFError, OSError):
            # The worker died (a crash in the engine, out of memory): replace it.
            worker = self._replace(worker)
            raise QueryFailure(
                500, "Query failed", "the query worker stopped while answering; the query was dropped"
            ) from None
        finally:
            self._idle.put(worker)
        if kind == "failed":
            raise payload
        return payload

    def refresh(self) -> None:
        """Checkpoint the store after a committed write; each worker moves to it before its next query."""
        self.snapshots.take()
        self._prune()

    def close(self) -> None:
        """Stop all workers and delete the snapshots."""
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                break
        self.snapshots.remove_all()


# ------------------------------------------------------------------ threads


class ThreadQueryPool:
    """``size`` threads over ``store``; a timeout answers the client but cannot stop the query.

    A query waits at most ``queue_wait`` seconds (default ``2 * timeout``) for a free thread.
    """

    def __init__(
        self, store: PatentStore, size: int, timeout: float, queue_wait: float | None = None, per_client: int = 0
    ) -> None:
        self.store, self.timeout = store, timeout
        self.queue_wait = _queue_wait(timeout, queue_wait)
        self._executor = ThreadPoolExecutor(max_workers=size, thread_name_prefix="sparql")
        self.gate = FairGate(size, per_client)

    def run(self, job: QueryJob, client: str = "") -> QueryAnswer:
        """Run ``job`` for ``client`` in a free thread; raise :class:`QueryFailure` on error, timeout or overload."""
        _enter(self.gate, client, self.queue_wait)
        try:
            future = self._executor.submit(execute, self.store, job)
        except RuntimeError:
            self.gate.release(client)
            raise QueryFailure(503, "Shutting down", "the server is stopping") from None
        # The slot is held until the query really ends, even after the client got its 503.
        future.add_done_callback(lambda _: self.gate.release(client))
        try:
            return future.result(timeout=self.timeout)
        except FutureTimeout:
            raise _timed_out(self.timeout, background=True) from None

    def refresh(self) -> None:
        """Nothing to do: the threads share the live store."""

    def close(self) -> None:
        """Stop accepting queries; running ones finish on their own."""
        self._executor.shutdown(wait=False, cancel_futures=True)


def open_pool(
    store: PatentStore, *, size: int, timeout: float, queue_wait: float | None = None, per_client: int = 0
) -> QueryPool:
    """The pool that fits ``store``: processes for an on-disk store, threads for an in-memory one.

    ``queue_wait`` bounds the wait for a free worker (``None``: twice ``timeout``); ``per_client``
    caps one client's running plus waiting queries (0: no cap). Waiting queries are served
    round-robin across clients (:class:`~patentnav.api.fair_gate.FairGate`).
    """
    parsed = urlparse(store.url)
    if parsed.scheme == "oxigraph":
        path = str(Path(unquote(parsed.netloc + parsed.path)).expanduser())
        return ProcessQueryPool(store, path, size, timeout, queue_wait, per_client)
    return ThreadQueryPool(store, size, timeout, queue_wait, per_client)


# ------------------------------------------------------------------ lifecycle on an app

_STATE_LOCK = threading.Lock()  # one pool per app, even when two requests of a lifespan-less app race for it


def start_query_pool(state: Any) -> QueryPool:
    """Start the pool for ``state.store`` under ``state.settings`` and keep it as ``state.query_pool``.

    The app's lifespan calls this at start-up, and :func:`close_query_pool` at shutdown.

    Parameters
    ----------
    state : object
        An app's ``app.state``, or any object with ``store`` (a :class:`PatentStore`) and
        ``settings`` (:class:`patentnav.settings.Settings`: ``query_workers``, ``query_timeout``,
        ``query_queue_wait``, ``query_per_client``).

    Returns
    -------
    QueryPool
        The new pool, or the one already running on ``state``.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from patentnav.settings import Settings
    >>> state = SimpleNamespace(store=open_store("memory://"), settings=Settings(store="memory://"))
    >>> start_query_pool(state) is state.query_pool is start_query_pool(state)
    True
    >>> close_query_pool(state); state.query_pool is None
    True
    """
    with _STATE_LOCK:
        pool = getattr(state, "query_pool", None)
        if pool is None:
            settings = state.settings
            pool = open_pool(
                state.store,
                size=settings.query_workers,
                timeout=settings.query_timeout,
                queue_wait=settings.query_queue_wait,
                per_client=settings.query_per_client,
            )
            state.query_pool = pool
        return pool


def running_query_pool(state: Any) -> QueryPool:
    """The pool on ``state``; started here when no lifespan started it.

    An app served by uvicorn, or driven by ``with TestClient(app)``, runs its lifespan, so its
    pool is already there; an app driven without one (a bare ``TestClient(app)``) gets its pool
    on first use. Either way :func:`close_query_pool` stops it.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from patentnav.settings import Settings
    >>> state = SimpleNamespace(store=open_store("memory://"), settings=Settings(store="memory://"))
    >>> running_query_pool(state).run(QueryJob("ASK {}", accept="text/csv")).body
    b'true'
    >>> close_query_pool(state)
    """
    pool = getattr(state, "query_pool", None)
    return pool if pool is not None else start_query_pool(state)


def close_query_pool(state: Any) -> None:
    """Stop the pool kept on ``state``, if one was started (worker processes end, snapshots go).

    Safe to call twice: the server's forced exit calls it again after the lifespan's shutdown,
    for a pool a late request may have started.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> close_query_pool(SimpleNamespace())  # nothing started: nothing to do
    """
    with _STATE_LOCK:
        pool = getattr(state, "query_pool", None)
        if pool is not None:
            pool.close()
            state.query_pool = None
