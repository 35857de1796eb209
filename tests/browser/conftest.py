"""Real headless Chromium (the system's, found by ``tests/conftest.py``) driven by Playwright, and pages to open.

The browser itself is the session fixture ``browser`` of ``tests/conftest.py``, which also skips these
tests (or fails them on CI) when Chromium is not installed. Screenshots go to ``test-artifacts/``
(gitignored) for people to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.store import PatentStore, open_store
from patentnav.ontology import graph_iri
from tests.conftest import ARTIFACTS
from tests.support.live_server import live_api

FIXTURE = Path(__file__).parents[1] / "resources" / "viz_patents.ttl"


@dataclass
class Watched:
    """A page with every console error and every request it made."""

    page: Page
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    """A fresh page in a context of its own, recording its console errors and requests."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    w = Watched(page)
    page.on("console", lambda m: w.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: w.errors.append(str(e)))
    page.on("request", lambda r: w.requests.append(r.url))
    yield w
    context.close()


@pytest.fixture(scope="session")
def view_store() -> PatentStore:
    """The pilot graph plus a few synthetic patents, one with markup in its name."""
    store = open_store("memory://")
    ensure_seeded(store)
    store.load_graph(graph_iri("test-viz"), FIXTURE.read_text("utf-8"))
    return store


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def live_server(view_store: PatentStore) -> Iterator[str]:
    """The API on a free loopback port, serving ``view_store``."""
    from patentnav.api.main import create_app
    from patentnav.settings import Settings

    with live_api(create_app(Settings(store="memory://"), store=view_store)) as url:
        yield url
