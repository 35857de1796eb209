"""Shared fixtures: stores seeded with the Hunan pilot graph, an API client, the one headless Chromium.

``empty_store`` (and so ``store`` and ``client``) and ``store_url`` are parametrised over the backends:
``memory`` (embedded pyoxigraph) and ``virtuoso`` (Virtuoso open-source over the SPARQL
protocols, started once per session by :mod:`tests.support.virtuoso`). A test that is about
the embedded store itself opts out of the Virtuoso run with ``@pytest.mark.embedded_only``.
Without Virtuoso installed the run fails; ``PATENTNAV_TEST_BACKENDS=memory`` limits a local
run to the embedded store.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.store import PatentStore, open_store
from tests.support.virtuoso import VirtuosoServer, virtuoso_available

warnings.filterwarnings("ignore", category=DeprecationWarning)

BACKENDS = [b for b in os.environ.get("PATENTNAV_TEST_BACKENDS", "memory,virtuoso").split(",") if b]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parents[1] / "test-artifacts"


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Debian's headless Chromium driven by Playwright, one per session (Playwright's sync API allows one).

    Never ``playwright install``: the browser is the system one, launched with background networking off.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "embedded_only: runs on the embedded store only, not on Virtuoso")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Drop the Virtuoso variant of tests marked ``embedded_only``."""
    keep, drop = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_virtuoso = callspec is not None and "virtuoso" in (
            callspec.params.get("empty_store"),
            callspec.params.get("store_url"),
        )
        (drop if on_virtuoso and item.get_closest_marker("embedded_only") else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def virtuoso_server() -> Iterator[VirtuosoServer]:
    """One Virtuoso server for the whole session, on free loopback ports, with a temporary database."""
    if not virtuoso_available():
        pytest.fail(
            "Virtuoso is not installed: apt-get install virtuoso-opensource (or PATENTNAV_TEST_BACKENDS=memory)"
        )
    server = VirtuosoServer().start()
    try:
        yield server
    finally:
        server.stop()


def clear_store(store: PatentStore) -> None:
    """Drop every (non-system) graph, so each test starts from an empty store."""
    for graph in store.named_graphs():
        store.remove_graph(graph)


@pytest.fixture(
    params=[pytest.param(b, marks=[pytest.mark.virtuoso] if b == "virtuoso" else []) for b in BACKENDS],
)
def empty_store(request: pytest.FixtureRequest) -> Iterator[PatentStore]:
    """A fresh, empty store: in memory, or an emptied Virtuoso."""
    if request.param == "memory":
        yield open_store("memory://")
        return
    server: VirtuosoServer = request.getfixturevalue("virtuoso_server")
    store = open_store(server.store_url)
    clear_store(store)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(
    params=[pytest.param(b, marks=[pytest.mark.virtuoso] if b == "virtuoso" else []) for b in BACKENDS],
)
def store_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """The URL of an empty store for commands that open it themselves: on-disk embedded, or Virtuoso."""
    if request.param == "memory":
        return f"oxigraph://{tmp_path / 'store'}"
    server: VirtuosoServer = request.getfixturevalue("virtuoso_server")
    store = open_store(server.store_url)
    clear_store(store)
    store.close()
    return server.store_url


@pytest.fixture
def store(empty_store: PatentStore) -> PatentStore:
    """A store seeded with the ontology and the Hunan pilot graph."""
    ensure_seeded(empty_store)
    return empty_store


@pytest.fixture
def client(store: PatentStore) -> Iterator:
    """A FastAPI test client over the seeded store."""
    from fastapi.testclient import TestClient

    from patentnav.api.main import create_app
    from patentnav.settings import Settings

    with TestClient(create_app(Settings(store="memory://"), store=store)) as c:
        yield c
