"""``sparql_router()`` builds the SPARQL endpoint for any app; without a query page browsers get the description."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from patentnav.api.problems import install_problem_handlers
from patentnav.api.routes.sparql import sparql_router
from patentnav.settings import Settings

BROWSER = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def _app(store, **options) -> FastAPI:
    app = FastAPI()
    app.state.store, app.state.settings = store, Settings(store="memory://")
    install_problem_handlers(app)
    app.include_router(sparql_router(**options))
    return app


def test_the_router_serves_the_query_page_to_browsers(store):
    with TestClient(_app(store)) as client:
        r = client.get("/sparql", headers=BROWSER)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html") and "Yasgui" in r.text


def test_without_a_query_page_browsers_get_the_service_description(store):
    with TestClient(_app(store, query_page=None)) as client:
        r = client.get("/sparql", headers=BROWSER)
        assert r.status_code == 200 and not r.headers["content-type"].startswith("text/html")
        assert "sparql-service-description" in r.text
        assert client.get("/sparql/ui/yasgui.min.js").status_code == 404  # the files are routes/sparql_ui.py's
