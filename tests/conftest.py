"""Shared fixtures: stores seeded with the Hunan pilot graph, an API client, the one headless Chromium.

``empty_store`` (and so ``store`` and ``client``) and ``store_url`` are parametrised over the backends:
``memory`` (embedded pyoxigraph) and ``virtuoso`` (Virtuoso open-source over the SPARQL
protocols, started once per session by :mod:`tests.support.virtuoso`). A test that is about
the embedded store itself opts out of the Virtuoso run with ``@pytest.mark.embedded_only``;
``PATENTNAV_TEST_BACKENDS=memory`` limits a run to the embedded store (tests marked
``virtuoso`` are then skipped).

Two outside programs, looked up once per run:

* **Virtuoso** (``virtuoso-t`` and ``isql-vt`` on ``PATH``, or ``PATENTNAV_TEST_VIRTUOSO`` = the
  ``virtuoso-t`` path, its client beside it) for the tests marked ``virtuoso``: the ``virtuoso``
  variant of the store fixtures and every test that uses ``virtuoso_server``;
* **Chromium** (``chromium``, ``chromium-browser`` or ``google-chrome`` on ``PATH``, or
  ``PATENTNAV_TEST_CHROMIUM`` = its path) for the tests marked ``browser``: ``tests/browser/``,
  ``tests/test_end_to_end.py`` and every test that uses the ``browser`` fixture.

When one is missing, its tests are skipped with the command that installs it, and the run ends
with a count ("42 Virtuoso tests skipped: apt-get install virtuoso-opensource"). With ``CI`` set to
``true`` or ``1`` a missing program fails those tests instead, so CI runs everything. Pointing an
override at a path that does not exist (``PATENTNAV_TEST_CHROMIUM=/nonexistent``) hides an
installed program, to see what a newcomer's run does.
"""

from __future__ import annotations

import functools
import os
import shutil
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.store import PatentStore, open_store
from tests.support.virtuoso import INSTALL_HINT as VIRTUOSO_INSTALL
from tests.support.virtuoso import VirtuosoServer, find_virtuoso

warnings.filterwarnings("ignore", category=DeprecationWarning)

BACKENDS = [b for b in os.environ.get("PATENTNAV_TEST_BACKENDS", "memory,virtuoso").split(",") if b]

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parents[1] / "test-artifacts"


@functools.cache
def find_chromium() -> str | None:
    """Chromium's path: ``$PATENTNAV_TEST_CHROMIUM`` if set (``None`` if it is not a program), else on ``PATH``."""
    override = os.environ.get("PATENTNAV_TEST_CHROMIUM")
    if override:
        path = Path(override).expanduser()
        return str(path) if path.is_file() and os.access(path, os.X_OK) else None
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


@dataclass(frozen=True)
class Program:
    """An outside program some tests need: the marker of those tests, how to find it, how to install it."""

    marker: str
    name: str
    label: str  # as in "17 browser tests skipped"
    found: Callable[[], object]
    where: str
    install: str

    @property
    def missing(self) -> str:
        """The one line a skip (or, on CI, a failure) says."""
        return f"{self.name} not found ({self.where}): {self.install}"


VIRTUOSO = Program(
    "virtuoso",
    "Virtuoso",
    "Virtuoso",
    functools.cache(find_virtuoso),
    "virtuoso-t and isql-vt on PATH, or PATENTNAV_TEST_VIRTUOSO",
    VIRTUOSO_INSTALL,
)
CHROMIUM = Program(
    "browser",
    "Chromium",
    "browser",
    find_chromium,
    "chromium, chromium-browser or google-chrome on PATH, or PATENTNAV_TEST_CHROMIUM",
    "apt-get install chromium fonts-wqy-zenhei",
)
PROGRAMS = (VIRTUOSO, CHROMIUM)
# A test needs a program when it has the program's marker or uses one of these fixtures.
_FIXTURES = {"virtuoso": ("virtuoso_server",), "browser": ("browser",)}
_SKIPPED = pytest.StashKey[Counter]()


def on_ci() -> bool:
    """Whether this run is CI's, where every test must run (``CI`` is ``true`` or ``1``)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1")


def require(program: Program, config: pytest.Config) -> None:
    """Skip the current test when ``program`` is missing (counted for the summary); fail it on CI."""
    if program.found() is not None:
        return
    if on_ci():
        pytest.fail(f"{program.missing} (CI is set: it must be installed)", pytrace=False)
    config.stash[_SKIPPED][program.label] += 1
    pytest.skip(program.missing)


@pytest.fixture(scope="session")
def browser(pytestconfig: pytest.Config) -> Iterator:
    """The system's headless Chromium driven by Playwright, one per session (Playwright's sync API allows one).

    Never ``playwright install``: the browser is the system one, launched with background networking off.
    """
    from playwright.sync_api import sync_playwright

    require(CHROMIUM, pytestconfig)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=find_chromium(), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "embedded_only: runs on the embedded store only, not on Virtuoso")
    config.stash[_SKIPPED] = Counter()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Drop the Virtuoso variant of tests marked ``embedded_only``; mark the tests that use a program's fixture."""
    keep, drop = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_virtuoso = callspec is not None and "virtuoso" in (
            callspec.params.get("empty_store"),
            callspec.params.get("store_url"),
        )
        (drop if on_virtuoso and item.get_closest_marker("embedded_only") else keep).append(item)
        for marker, fixtures in _FIXTURES.items():
            if not item.get_closest_marker(marker) and any(f in item.fixturenames for f in fixtures):
                item.add_marker(marker)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before any fixture: skip (or on CI fail) a test whose program is missing or whose backend is left out."""
    for program in PROGRAMS:
        if item.get_closest_marker(program.marker) is None:
            continue
        if program is VIRTUOSO and "virtuoso" not in BACKENDS:
            pytest.skip("PATENTNAV_TEST_BACKENDS leaves Virtuoso out")
        require(program, item.config)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """Say how many tests were skipped for want of each program, and how to install it."""
    skipped = config.stash.get(_SKIPPED, Counter())
    if not skipped:
        return
    terminalreporter.section("programs not found", sep="-", yellow=True)
    for program in PROGRAMS:
        if n := skipped[program.label]:
            tests = "test" if n == 1 else "tests"
            terminalreporter.write_line(f"{n} {program.label} {tests} skipped: {program.install}")


@pytest.fixture(scope="session")
def virtuoso_server(pytestconfig: pytest.Config) -> Iterator[VirtuosoServer]:
    """One Virtuoso server for the whole session, on free loopback ports, with a temporary database."""
    require(VIRTUOSO, pytestconfig)
    server = VirtuosoServer(install=VIRTUOSO.found()).start()
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
