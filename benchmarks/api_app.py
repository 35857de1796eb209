"""The API over a benchmark store, for uvicorn's ``--factory`` (store URL in ``PATENTNAV_BENCH_STORE``)."""

from __future__ import annotations

import os

from fastapi import FastAPI

from patentnav.api.main import create_app
from patentnav.graph.store import open_store
from patentnav.settings import Settings


def make_app() -> FastAPI:
    """Open the benchmark store (read-only when embedded) and build the app over it."""
    url = os.environ["PATENTNAV_BENCH_STORE"]
    store = open_store(url, read_only=url.startswith("oxigraph://"))
    return create_app(Settings(store=url), store=store)
