"""Shared fixtures: stores seeded with the Hunan pilot graph, an API client, the one headless Chromium."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.store import PatentStore, open_store

warnings.filterwarnings("ignore", category=DeprecationWarning)

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


@pytest.fixture
def empty_store() -> PatentStore:
    """A fresh, empty in-memory store."""
    return open_store("memory://")


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
