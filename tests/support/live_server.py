"""The API served by uvicorn on a free loopback port, for tests that need a real HTTP server.

The server runs on a thread; :func:`live_api` waits on an event, set when uvicorn has started
or when its thread has ended (a failed start), never on a clock.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn


class _Server(uvicorn.Server):
    """A uvicorn server that says when it has started (or given up)."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.settled = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().startup(sockets=sockets)
        finally:
            self.settled.set()

    def run(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            super().run(sockets=sockets)
        finally:
            self.settled.set()


@contextmanager
def live_api(app, **config) -> Iterator[str]:
    """Serve ``app`` on a free 127.0.0.1 port; yield its base URL; stop it afterwards."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = _Server(uvicorn.Config(app, log_level="warning", **config))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        server.settled.wait()
        if not server.started:
            raise RuntimeError("the API server did not start")
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
