"""Shared fixtures: stores seeded with the Hunan pilot graph, an API client."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.store import PatentStore, open_store

warnings.filterwarnings("ignore", category=DeprecationWarning)


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
