"""``/docs``: the OpenAPI browser (Swagger UI) served from the installed package, never from a CDN."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from swagger_ui_bundle import swagger_ui_path

from patentnav.api.problems import Problem

router = APIRouter(include_in_schema=False)

_ASSETS = {"swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"}


@router.get("/docs", response_class=HTMLResponse)
def docs() -> HTMLResponse:
    """Swagger UI for ``/openapi.json``, with its JS and CSS from this server."""
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="patentnav API",
        swagger_js_url="/docs/assets/swagger-ui-bundle.js",
        swagger_css_url="/docs/assets/swagger-ui.css",
        swagger_favicon_url="/docs/assets/favicon-32x32.png",
    )


@router.get("/docs/assets/{name}")
def docs_asset(name: str) -> FileResponse:
    """One of the few Swagger UI files the page needs."""
    if name not in _ASSETS:
        raise Problem(404, "Not found", f"no documentation asset {name!r}")
    return FileResponse(Path(swagger_ui_path) / name)
