"""A real uvicorn server on a free loopback port, for clients that speak HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from patentnav.api.main import create_app
from patentnav.graph.store import PatentStore
from patentnav.settings import Settings
from tests.support.live_server import live_api


@pytest.fixture
def live_server(store: PatentStore) -> Iterator[str]:
    """Base URL of the API served by uvicorn over the seeded store; stopped after the test."""
    app = create_app(Settings(store="memory://", update_token="live-token"), store=store)
    with live_api(app, lifespan="on") as url:
        yield url
