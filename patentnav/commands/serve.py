"""``patentnav serve``: the API, SPARQL endpoint and views on one port.

On SIGTERM or SIGINT the server stops taking requests, lets running ones finish for
``PATENTNAV_SHUTDOWN_TIMEOUT`` seconds, then drops them, stops the query pool and exits,
even when a request is stuck in code that cannot be interrupted (see :func:`_bounded_server`).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from typing import TYPE_CHECKING, Annotated, Any, NoReturn
from urllib.parse import quote

import typer
from rich.console import Console

from patentnav.commands.common import StoreOption, err, fail, open_cli_store, resolve_store_url

if TYPE_CHECKING:
    import uvicorn
    from fastapi import FastAPI

    from patentnav.graph.store import PatentStore
    from patentnav.settings import Settings

__all__ = ["exposure_warning", "is_loopback", "serve"]

log = logging.getLogger("uvicorn.error")  # uvicorn's own log, so these lines sit among its shutdown lines

#: How long cancelled requests get to end, and idle threads to stop, before the process is ended anyway.
_SETTLE_SECONDS = 2.0


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` keeps the server on this machine (127.0.0.0/8, ::1, localhost).

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, True, False)
    """
    name = host.strip().strip("[]").rstrip(".").lower()
    if name == "localhost":
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False  # a host name: it may resolve to an address other machines reach
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_loopback


def exposure_warning(host: str, port: int, *, update_token: bool, ingest_token: bool) -> str | None:
    """What serving on ``host:port`` opens to other machines, or None when ``host`` is a loopback address.

    Parameters
    ----------
    host, port
        The address and port the server binds.
    update_token, ingest_token
        Whether ``PATENTNAV_UPDATE_TOKEN`` / ``PATENTNAV_INGEST_TOKEN`` are set (they enable writes).

    Examples
    --------
    >>> exposure_warning("127.0.0.1", 8000, update_token=True, ingest_token=True) is None
    True
    >>> print(exposure_warning("0.0.0.0", 8000, update_token=False, ingest_token=False).splitlines()[0])
    warning: --host 0.0.0.0 is not a loopback address: the API is reachable from other machines, over plain HTTP.
    """
    if is_loopback(host):
        return None
    updates = (
        "open to anyone holding PATENTNAV_UPDATE_TOKEN" if update_token else "off (PATENTNAV_UPDATE_TOKEN is not set)"
    )
    ingest = (
        "open to anyone holding PATENTNAV_INGEST_TOKEN" if ingest_token else "off (PATENTNAV_INGEST_TOKEN is not set)"
    )
    return "\n".join(
        [
            f"warning: --host {host} is not a loopback address: the API is reachable from other machines, "
            "over plain HTTP.",
            f"  Reads (SPARQL queries, entities, search, paths, analyses, views): open to anyone who can reach "
            f"port {port}.",
            f"  SPARQL Update and Graph Store writes: {updates}.",
            f"  POST /ingest: {ingest}.",
            "  Tokens and answers cross the network unencrypted: serve on 127.0.0.1 behind a reverse proxy with "
            'TLS (README, "Behind a reverse proxy").',
        ]
    )


def serve(
    store: StoreOption = None,
    host: Annotated[str | None, typer.Option(help="Address to bind (default 127.0.0.1 = this machine only).")] = None,
    port: Annotated[int | None, typer.Option(min=1, max=65535, help="Port to listen on (default 8000).")] = None,
) -> None:
    """Serve the API, the SPARQL endpoint and UI, and the graph views.

    An empty store is seeded with the bundled Hunan pilot graph; a store with data is reused as it is.
    Binding an address other than loopback prints what that exposes.
    """
    from patentnav.api.main import create_app
    from patentnav.settings import get_settings

    settings = get_settings().model_copy(update={"store": resolve_store_url(store)})
    if host:
        settings.host = host
    if port:
        settings.port = port
    s = open_cli_store(settings.store)
    app = create_app(settings, store=s)
    base = f"http://{settings.host}:{settings.port}"
    console = Console(soft_wrap=True)
    console.print(f"patentnav serving store [bold]{settings.store}[/] ({len(s)} triples)")
    # Each URL ends at whitespace (nothing glued to it) and are ASCII, so terminals
    # link them whole and curl can send them as printed.
    console.print(f"  Workspace:     {base}/analysis   (analyses in a browser)", highlight=False)
    console.print(f"  API docs:      {base}/docs", highlight=False)
    console.print(
        f"  SPARQL UI:     {base}/sparql   (query page in a browser, endpoint for SPARQL clients)", highlight=False
    )
    console.print(f"  Overview view: {base}/views/overview", highlight=False)
    console.print(f"  Search:        {base}/search?q={quote('工程机械')}   (q=工程机械)", highlight=False)
    warning = exposure_warning(
        settings.host,
        settings.port,
        update_token=bool(settings.update_token),
        ingest_token=bool(settings.ingest_token),
    )
    if warning:
        err.print(warning, style="yellow", markup=False, highlight=False)
    _run(app, settings, s)


def _run(app: FastAPI, settings: Settings, store: PatentStore) -> None:
    """Run uvicorn until a signal stops it; never wait at exit for a thread that cannot be stopped."""
    import uvicorn

    from patentnav.api.limits import server_options

    answering = _AnswerStopped(app)
    # uvicorn rewrites the peer from X-Forwarded-For/-Proto only for the proxies the app trusts too
    # (none by default), so one setting decides who a client is.
    config = uvicorn.Config(
        answering,
        host=settings.host,
        port=settings.port,
        log_level="info",
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=list(settings.trusted_proxies) or None,
        timeout_graceful_shutdown=settings.shutdown_timeout,  # type: ignore[arg-type]  # any number of seconds
        **server_options(settings.max_query_length),  # uvicorn's own refusals as problem JSON
    )
    server = _bounded_server(config, answering, app, store)
    try:
        server.run()
    except KeyboardInterrupt:
        pass  # SIGINT, re-raised by uvicorn once it has shut down: a normal stop (as uvicorn.run does)
    except OSError as exc:
        fail(f"cannot listen on {settings.host}:{settings.port}: {exc}")
    except SystemExit:
        if server.started:
            raise
        fail(f"cannot listen on {settings.host}:{settings.port} (uvicorn's error above says why)")
    # The interpreter joins every non-daemon thread before it exits: a query still running in the
    # in-memory pool's threads (its client got its 503 long ago) would keep the process alive.
    here = threading.current_thread()
    deadline = time.monotonic() + _SETTLE_SECONDS
    for thread in threading.enumerate():
        if thread is not here and not thread.daemon:
            thread.join(max(0.0, deadline - time.monotonic()))
    busy = [t.name for t in threading.enumerate() if t is not here and not t.daemon and t.is_alive()]
    if busy:
        log.warning("Threads still running (%s): exiting without waiting for them", ", ".join(busy))
        _exit_now(app, store, None)


class _AnswerStopped:
    """ASGI wrapper: a request that the shutdown cancels is answered 503 (not with uvicorn's traceback) and counted.

    Cancelling a request waiting for a thread ends the request, not the thread, which goes on
    (inside pyoxigraph, or waiting for a query worker): :attr:`cancelled` tells the shutdown so.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.stopping = False  # set when the server was told to stop
        self.cancelled = 0

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: dict) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except asyncio.CancelledError:
            if not self.stopping:
                raise
            self.cancelled += 1
            if not started:
                from patentnav.api.limits import send_problem
                from patentnav.api.problems import Problem

                detail = (
                    "the server stopped before this request finished; an update or upload it carried may or "
                    "may not have been applied"
                )
                await send_problem(send, Problem(503, "Server stopping", detail), scope.get("path"))


def _bounded_server(config: uvicorn.Config, answering: _AnswerStopped, app: FastAPI, store: PatentStore) -> Any:
    """A uvicorn server whose shutdown ends the process even when a request's thread cannot be stopped.

    uvicorn waits ``timeout_graceful_shutdown`` for running requests, then cancels them and runs the
    app's lifespan shutdown (which stops the query pool and removes its snapshots). A cancelled
    request's thread runs on (a SPARQL Update or an ingest inside pyoxigraph, a wait for a query
    worker), and the process would wait for it at exit; a second Ctrl+C skips the wait and the
    cancelling altogether. So if a request was cancelled or is still running once the lifespan has
    shut down, the process ends at once (:func:`_exit_now`).
    """
    import uvicorn

    class BoundedServer(uvicorn.Server):
        stop_signal: int | None = None

        def handle_exit(self, sig: int, frame: Any) -> None:
            self.stop_signal = self.stop_signal or sig
            answering.stopping = True
            super().handle_exit(sig, frame)

        async def shutdown(self, sockets: Any = None) -> None:
            await super().shutdown(sockets=sockets)
            running = [task for task in self.server_state.tasks if not task.done()]
            if running:
                await asyncio.wait(running, timeout=_SETTLE_SECONDS)  # cancelled requests answer their 503
            left = sum(not task.done() for task in running) + answering.cancelled
            if left:
                log.warning(
                    "%d request(s) still running in threads that cannot be stopped (pyoxigraph cannot interrupt "
                    "an update, an ingest or a query): exiting without waiting for them",
                    left,
                )
                _exit_now(app, store, self.stop_signal)

    return BoundedServer(config)


def _exit_now(app: FastAPI, store: PatentStore, sig: int | None) -> NoReturn:
    """Clean up what outlives the process (worker processes, snapshots, buffered writes), then end it.

    Ending the process with a thread inside pyoxigraph loses nothing committed: every write is a
    RocksDB transaction behind a write-ahead log, so an update or ingest that had not committed
    leaves no trace, and a bulk ingest cut short (bulk loads are not transactional) leaves its
    graph without the completion mark, which the next start removes (``recover_interrupted``).
    """
    from patentnav.api.query_pool import close_query_pool

    # Again: a request that ended after the lifespan shutdown may have started a new pool.
    close_query_pool(app.state)
    # os._exit skips multiprocessing's exit hook, which would end the daemon query workers; one may
    # be busy with the query its (stuck) request waits for.
    children = multiprocessing.active_children()
    for child in children:
        child.kill()
    for child in children:
        child.join(_SETTLE_SECONDS)
    # The stuck thread may hold the store's write lock; flushing does not take it, but bound it anyway.
    flusher = threading.Thread(target=store.close, name="patentnav-flush", daemon=True)
    flusher.start()
    flusher.join(10)
    log.info("Finished server process [%d]", os.getpid())
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    if sig == signal.SIGTERM:
        # End by the signal, as uvicorn does after a graceful stop (SIGINT ends with status 0 there).
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
    os._exit(0)


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Serve")(serve)
