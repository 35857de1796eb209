"""The API over a store URL in its own uvicorn process on loopback, for the benchmarks that load it over HTTP.

>>> with served("oxigraph:///tmp/b1m/store") as base:  # doctest: +SKIP
...     httpx.get(base + "/analysis/options").status_code
200
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(store_url: str, *, start_timeout: float = 120.0) -> Iterator[str]:
    """Run ``benchmarks.api_app:make_app`` over ``store_url`` (one uvicorn worker); yield its base URL.

    The server is ready when ``/openapi.json`` answers; it is stopped (SIGTERM, then SIGKILL after 30 s)
    when the block ends.
    """
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "--factory", "benchmarks.api_app:make_app"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    server = subprocess.Popen(command, env={**os.environ, "PATENTNAV_BENCH_STORE": store_url})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                if httpx.get(base + "/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the API server did not start")
            time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
