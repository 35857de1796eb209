"""Shared FastAPI dependencies: the store, the settings and the query pool of the running app.

Each reads what :func:`patentnav.api.main.create_app` put on ``app.state`` (the pool: what the
app's lifespan started, :mod:`patentnav.api.query_pool`). Routes take them as annotated
parameters, e.g. ``def route(store: StoreDep, pool: QueryPoolDep)``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from patentnav.api.query_pool import QueryPool, running_query_pool
from patentnav.graph.store import PatentStore
from patentnav.settings import Settings

__all__ = ["QueryPoolDep", "SettingsDep", "StoreDep", "get_query_pool", "get_settings", "get_store"]


async def get_store(request: Request) -> PatentStore:
    """The store opened when the app started."""
    return request.app.state.store


async def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    return request.app.state.settings


def get_query_pool(request: Request) -> QueryPool:
    """The query pool the app's lifespan started (started on first use by an app run without a lifespan)."""
    return running_query_pool(request.app.state)


StoreDep = Annotated[PatentStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
QueryPoolDep = Annotated[QueryPool, Depends(get_query_pool)]
