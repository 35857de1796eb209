"""Assemble the patentnav API: SPARQL protocol, entities, search, views (and more routers as they come).

>>> from patentnav.settings import Settings
>>> app = create_app(Settings(store="memory://"))
>>> app.title
'patentnav'
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from patentnav.api.errors import install_error_handlers
from patentnav.api.head import HeadAsGet
from patentnav.api.limits import BodySizeLimit
from patentnav.api.problems import ProblemModel, install_problem_handlers
from patentnav.api.query_pool import close_query_pool, start_query_pool
from patentnav.api.security import install_security_schema
from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.ingest.loader import recover_interrupted
from patentnav.graph.store import PatentStore, open_store
from patentnav.settings import Settings, get_settings

__all__ = ["ROUTERS", "create_app"]

#: One module per resource under api/routes, each exposing ``router``.
ROUTERS: list[str] = [
    "patentnav.api.routes.home",
    "patentnav.api.routes.docs",
    "patentnav.api.routes.sparql",
    "patentnav.api.routes.graph_store",
    "patentnav.api.routes.sparql_ui",
    "patentnav.api.routes.entities",
    "patentnav.api.routes.search",
    "patentnav.api.routes.paths",
    "patentnav.api.routes.analysis",
    "patentnav.api.routes.workspace",
    "patentnav.api.routes.views",
    "patentnav.api.routes.ingest",
    "patentnav.api.routes.policy",
]


def create_app(settings: Settings | None = None, store: PatentStore | None = None) -> FastAPI:
    """Build the app for ``settings``; open (and seed, if empty) the store it names unless one is given."""
    settings = settings or get_settings()
    if store is None:
        store = open_store(settings.store)
        recover_interrupted(store)  # a killed bulk ingest's partial graph never reaches a query
        ensure_seeded(store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        start_query_pool(app.state)  # threads for memory://, worker processes on snapshots for oxigraph://
        try:
            yield
        finally:
            close_query_pool(app.state)

    app = FastAPI(
        lifespan=lifespan,
        title="patentnav",
        version="0.1.0",
        description=(
            "Patent navigation (专利导航) knowledge graph API: SPARQL 1.1 protocol endpoint, entity lookups "
            "with related entities and paths, search, analyses and interactive views. Errors are RFC 9457 "
            "problem documents."
        ),
        responses={"default": {"model": ProblemModel, "description": "Problem details (RFC 9457)"}},
        docs_url=None,  # served by routes/docs.py from the installed package, not a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store
    if settings.cors_origins:
        # Read-only by default, so no credentials: a browser page elsewhere may query, never as the user.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Accept", "Content-Type", "Authorization"],
            expose_headers=["Patentnav-Result-Limit", "Patentnav-Result-Truncated", "Retry-After"],
            allow_credentials=False,
            max_age=600,
        )
    uploads = {"/ingest": settings.max_upload_bytes, "/graph-store": settings.max_upload_bytes}
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, uploads=uploads)
    app.add_middleware(HeadAsGet)  # outermost: HEAD is a GET whose body is not sent
    install_problem_handlers(app)
    install_error_handlers(app)  # the graph layer's errors: one table, api/errors.py
    for name in ROUTERS:
        app.include_router(importlib.import_module(name).router)
    install_security_schema(app, settings)
    return app
